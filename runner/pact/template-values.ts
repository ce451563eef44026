/**
 * Where the values of a step's templates come from, for Pact. A value a step takes from an earlier step (a capture)
 * or from the run (`scenario.uid`, `run.id`, the target's `target.*`) differs from one verification to the next, so it
 * becomes a provider-state-injected value (`fromProviderState('${name}', example)`); a scenario's `vars` and its id
 * are constants, written as they are; the profile's credentials (`auth.*`) are never written at all.
 */
import { renderTemplate, scopeOf, type TemplateScope } from '../execute/template.ts';
import { LINK_PATH_SUFFIX } from './naming.ts';

/** The values a step's templates are rendered with, as they were when the step ran. */
export interface StepScope {
  /** What earlier steps captured (unredacted). */
  readonly captures: Readonly<Record<string, unknown>>;
  readonly vars: Readonly<Record<string, unknown>>;
  /** `target.*`, `auth.*`, `run.*`, `scenario.*`. */
  readonly context: Readonly<Record<string, unknown>>;
}

/** Where a template name's value comes from. */
export type NameOrigin = 'constant' | 'injected' | 'credential';

/** A template value that varies per run: written into the pact as `fromProviderState(expression, example)`. */
export class InjectedValue {
  /** The Pact expression, e.g. `/merchants/${target.merchantId}/transactions/${parent}`. */
  readonly expression: string;
  /** The value in the reference run. */
  readonly example: unknown;
  /** The injected names the expression uses. */
  readonly names: readonly string[];
  /** In a response, what a pact checks instead (e.g. the schema's pattern); undefined: the type. */
  readonly fallback?: unknown;
  constructor(expression: string, example: unknown, names: readonly string[], fallback?: unknown) {
    this.expression = expression;
    this.example = example;
    this.names = names;
    if (fallback !== undefined) this.fallback = fallback;
  }

  /** The same value, checked in a response as `fallback` says. */
  checkedAs(fallback: unknown): InjectedValue {
    return new InjectedValue(this.expression, this.example, this.names, fallback);
  }
}

/** A template value built from the profile's credentials: never written into a pact. */
export class CredentialValue {
  /** True when the value is exactly `{{auth.basic}}` (an Authorization header the request filter can supply). */
  readonly basicHeader: boolean;
  constructor(basicHeader: boolean) {
    this.basicHeader = basicHeader;
  }
}

/** The scope the runner renders a step with: captures, then vars, then the context. */
export function templateScope(scope: StepScope): TemplateScope {
  return scopeOf(scope.captures, scope.vars, scope.context);
}

/** Where the value of `name` comes from in `scope`. */
export function originOf(name: string, scope: StepScope): NameOrigin {
  if (scopeOf(scope.captures).lookup(name).found) return 'injected';
  if (scopeOf(scope.vars).lookup(name).found) return 'constant';
  const root = name.split('.')[0];
  if (root === 'auth') return 'credential';
  if (name === 'scenario.id') return 'constant';
  return 'injected';
}

// Marks an injected name inside a rendered string; NUL never occurs in scenario text.
// eslint-disable-next-line no-control-regex
const TOKEN = /\u0000(\d+)\u0000/g;

/**
 * Renders a template value the way the runner does, keeping track of what varies: every string leaf that uses an
 * injected name becomes an {@link InjectedValue} (its expression and the value it had), one that uses credentials a
 * {@link CredentialValue}; everything else is its rendered value. Objects and arrays keep their shape.
 *
 * @throws SettlekitError `SETTLEKIT_E_TEMPLATE` when a name has no value (as the runner would).
 */
export function resolveTemplate(value: unknown, scope: StepScope): unknown {
  if (typeof value === 'string') return resolveString(value, scope);
  if (Array.isArray(value)) return value.map((item) => resolveTemplate(item, scope));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveTemplate(item, scope)]));
  }
  return value;
}

function resolveString(text: string, scope: StepScope): unknown {
  if (!text.includes('{{')) return text;
  const concreteScope = templateScope(scope);
  const concrete = renderTemplate(text, concreteScope);
  const names: string[] = [];
  let credential = false;
  const tokens: TemplateScope = {
    lookup(name) {
      const found = concreteScope.lookup(name);
      if (!found.found) return found;
      const origin = originOf(name, scope);
      if (origin === 'constant') return found;
      if (origin === 'credential') credential = true;
      names.push(name);
      return { found: true, value: `\u0000${names.length - 1}\u0000` };
    },
  };
  const marked = renderTemplate(text, tokens);
  if (credential) return new CredentialValue(/^\{\{\s*auth\.basic\s*\}\}$/.test(text));
  if (names.length === 0) return concrete;
  const expression = String(marked).replace(TOKEN, (_m, i: string) => '${' + names[Number(i)]! + '}');
  return new InjectedValue(expression, concrete, [...new Set(names)]);
}

/** The value a resolved template had in the reference run (injected values replaced by their examples). */
export function concreteOf(value: unknown): unknown {
  if (value instanceof InjectedValue) return value.example;
  if (Array.isArray(value)) return value.map(concreteOf);
  if (value !== null && typeof value === 'object' && !(value instanceof CredentialValue)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, concreteOf(item)]));
  }
  return value;
}

/** True when `value` (a resolved template) holds a credential value anywhere. */
export function holdsCredentials(value: unknown): boolean {
  if (value instanceof CredentialValue) return true;
  if (value instanceof InjectedValue) return false;
  if (Array.isArray(value)) return value.some(holdsCredentials);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsCredentials);
  return false;
}

/** True when `value` (a resolved template) holds an injected or credential value anywhere. */
export function varies(value: unknown): boolean {
  if (value instanceof InjectedValue || value instanceof CredentialValue) return true;
  if (Array.isArray(value)) return value.some(varies);
  if (value !== null && typeof value === 'object') return Object.values(value).some(varies);
  return false;
}

/** The value of an injected name in a scope: a capture or context value, or for `name.path` the path of a link. */
export function injectedValue(name: string, scope: StepScope, baseUrl: string): { readonly found: true; readonly value: unknown } | { readonly found: false } {
  const direct = templateScope(scope).lookup(name);
  if (direct.found) return direct;
  if (!name.endsWith(LINK_PATH_SUFFIX)) return { found: false };
  const link = templateScope(scope).lookup(name.slice(0, -LINK_PATH_SUFFIX.length));
  if (!link.found || typeof link.value !== 'string') return { found: false };
  return { found: true, value: linkPath(link.value, baseUrl) };
}

/**
 * The path of a link relative to the target's base URL (its path prefix removed), as a Pact request path: the
 * verifier sends it to its own provider base URL.
 */
export function linkPath(href: string, baseUrl: string): string {
  const url = new URL(href, `${baseUrl}/`);
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
  return path;
}
