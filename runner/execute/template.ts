/**
 * `{{name}}` templating of step parts (bodies, params, headers, expectations). Pure: values are deep-walked and a new
 * value is returned (or the input itself, when it holds no template); the input is never mutated.
 *
 * Grammar: `{{ name }}` where `name` is a dotted path of segments made of letters, digits, `_` and `-` (the first
 * segment starts with a letter or `_`), e.g. `{{parent}}`, `{{ target.merchantAccounts.chase }}`, `{{ids.0}}`. Braces
 * around anything else (`{{not a name}}`, `{{"a":1}}`) are not a template and are kept verbatim, so raw bodies of
 * negative tests can contain braces freely. There is no escape syntax.
 */
import { SettlekitError } from '../../lib/errors.ts';
import { setOwn } from '../../lib/own-property.ts';

/** Where template names are looked up. */
export interface TemplateScope {
  /** The value of a dotted name, or `found: false`. A `null` value is found; `undefined` is not. */
  lookup(name: string): { readonly found: true; readonly value: unknown } | { readonly found: false };
}

const NAME = String.raw`[A-Za-z_][\w-]*(?:\.[\w-]+)*`;
/** Any template occurrence inside a string; group 1 is the name. */
const TEMPLATE_GLOBAL = new RegExp(String.raw`\{\{\s*(${NAME})\s*\}\}`, 'g');
/** A string that is exactly one template (keeps the value's type). */
const TEMPLATE_WHOLE = new RegExp(String.raw`^\{\{\s*(${NAME})\s*\}\}$`);

const NOT_FOUND = { found: false } as const;

/**
 * A scope over layers, searched in order (captures, then vars, then the context): the first layer that has the name
 * wins. In a layer, a key spelled exactly like the whole name (`'target.merchantId'`) is used first; otherwise the
 * dotted name is walked through nested objects (and arrays, for numeric segments). Only own properties count, so
 * names like `constructor` or `__proto__` never reach the prototype.
 */
export function scopeOf(...layers: Readonly<Record<string, unknown>>[]): TemplateScope {
  return {
    lookup(name) {
      for (const layer of layers) {
        const value = resolve(layer, name);
        if (value !== undefined) return { found: true, value };
      }
      return NOT_FOUND;
    },
  };
}

function resolve(layer: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(layer, name)) return layer[name];
  let current: unknown = layer;
  for (const segment of name.split('.')) {
    if (Array.isArray(current)) {
      if (!/^(?:0|[1-9]\d*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Renders every string inside `value` (object values and array elements, recursively; object keys are left alone).
 * A string that is exactly one `{{name}}` becomes the value itself, keeping its type (a number stays a number, an
 * object is copied); inside a longer string the value's string form is interpolated (objects and arrays as JSON).
 *
 * @throws SettlekitError `SETTLEKIT_E_TEMPLATE` (`no value for {{name}}`) when a name is not in the scope.
 */
export function renderTemplate(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  // A part of a scenario without any template (most bodies and expectations) renders to itself: nothing to copy.
  if (typeof value === 'object' && value !== null && (value as Marked)[TEMPLATE_FREE] === true) return value;
  if (Array.isArray(value)) return value.map((item) => renderTemplate(item, scope));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, renderTemplate(value[key], scope));
    return out;
  }
  return value;
}


function renderString(text: string, scope: TemplateScope): unknown {
  // Fast path: most strings hold no template at all.
  if (!text.includes('{{')) return text;
  const whole = TEMPLATE_WHOLE.exec(text);
  if (whole) return copy(valueOf(whole[1] as string, scope));
  return text.replace(TEMPLATE_GLOBAL, (_match, name: string) => stringForm(valueOf(name, scope)));
}

function valueOf(name: string, scope: TemplateScope): unknown {
  const result = scope.lookup(name);
  if (!result.found) throw new SettlekitError('SETTLEKIT_E_TEMPLATE', `no value for {{${name}}}`);
  return result.value;
}

/** The text a value becomes inside a longer string. */
function stringForm(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Copies arrays and plain objects so the rendered value never aliases a capture or var. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, copy(value[key]));
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Every template name referenced anywhere inside `value` (same walk as {@link renderTemplate}), each once, in order
 * of first appearance. Used at load time to find captures used before they are defined.
 */
export function templateNames(value: unknown): string[] {
  const names = new Set<string>();
  collect(value, names);
  return [...names];
}

/**
 * Whether `value` holds a template anywhere inside: the mark {@link templateNames} left at load when there is one (no
 * walk), else the walk (which marks it).
 */
export function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'object' && value !== null) {
    const mark = (value as Marked)[TEMPLATE_FREE];
    if (mark !== undefined) return !mark;
  }
  return collect(value, new Set());
}

/** {@link templateNames} of several parts at once (the list itself is not a part, so it is not marked). */
export function templateNamesIn(parts: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const part of parts) collect(part, names);
  return [...names];
}

/**
 * Marks objects and arrays known to hold no template anywhere inside, which {@link renderTemplate} returns as they are.
 * Set as a side effect of {@link templateNames}, which the loader calls on every step: the walk is done once, at load,
 * not on every run of the step. (Scenario parts are never mutated after loading.)
 *
 * The mark is a non-enumerable symbol property of the part itself — invisible to JSON, `Object.keys`, spreads and
 * deep equality — rather than an entry of a WeakMap: a WeakMap of every object of every loaded step is a table of
 * ephemerons each young-generation collection walks, which measured doubled the wall time of loading 200 files.
 */
const TEMPLATE_FREE: unique symbol = Symbol('settlekit.templateFree');

/** A part of a scenario, maybe marked by {@link collect}. */
interface Marked {
  [TEMPLATE_FREE]?: boolean;
}

/** Adds the template names inside `value` to `names`; returns whether there was any. */
function collect(value: unknown, names: Set<string>): boolean {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return false;
    let found = false;
    // exec over the shared global pattern (matchAll would clone it for every string); nothing runs between the
    // calls that uses it, and a failed exec leaves lastIndex at 0 again.
    TEMPLATE_GLOBAL.lastIndex = 0;
    for (let match = TEMPLATE_GLOBAL.exec(value); match !== null; match = TEMPLATE_GLOBAL.exec(value)) {
      names.add(match[1] as string);
      found = true;
    }
    return found;
  }
  let items: readonly unknown[];
  if (Array.isArray(value)) items = value;
  else if (isPlainObject(value)) items = Object.values(value);
  else return false;
  let found = false;
  for (const item of items) if (collect(item, names)) found = true;
  if ((value as Marked)[TEMPLATE_FREE] === undefined && Object.isExtensible(value)) {
    Object.defineProperty(value, TEMPLATE_FREE, { value: !found, enumerable: false, writable: false, configurable: false });
  }
  return found;
}
