/**
 * Normalisation helpers the command models build their expectations with. What may legitimately differ between two
 * implementations is left out or loosened: ids become `{{name}}` templates (each side resolves them in its own
 * captures, so the correspondence of ids is the correspondence of capture names), ids nobody captured only need to
 * be strings, lists of ids and of error codes match in any order, timestamps and message texts are never compared.
 */
import type { IdNames } from './model.ts';

/** Every HTTP status: the oracle's step accepts any answer (its answer is the expectation, not a check). */
export const ANY_STATUS: readonly number[] = Object.freeze(Array.from({ length: 500 }, (_, i) => i + 100));

/** `{{name}}`. */
export function template(name: string): string {
  return `{{${name}}}`;
}

/**
 * The names of the oracle side's values: its captures (ids, links) and the id-like strings of its template context
 * (merchant id, merchant account ids). Values that are not strings, and the empty string, have no name.
 */
export function idNames(captures: Readonly<Record<string, unknown>>, context: Readonly<Record<string, unknown>>): IdNames {
  const names = new Map<string, string>();
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      if (value !== '' && !names.has(value)) names.set(value, path);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    }
  };
  // Captures win over context values of the same text: they name this sequence's own records.
  for (const [name, value] of Object.entries(captures)) if (typeof value === 'string' && value !== '') names.set(value, name);
  const target = (context as { target?: { merchantId?: unknown; merchantAccounts?: unknown } }).target;
  if (target) {
    walk(target.merchantId, 'target.merchantId');
    walk(target.merchantAccounts, 'target.merchantAccounts');
  }
  return { nameOf: (value) => (typeof value === 'string' ? names.get(value) : undefined) };
}

/** An id: its template when the oracle side has a name for it, `null` for `null`, else any string. */
export function idRef(value: unknown, ids: IdNames): unknown {
  if (value === null || value === undefined) return null;
  const name = ids.nameOf(value);
  return name ? template(name) : { $type: 'string' };
}

/** A list of ids in any order: as many, and each named one among them. */
export function idList(values: unknown, ids: IdNames): unknown {
  const list = Array.isArray(values) ? values : [];
  const named = list.map((v) => ids.nameOf(v)).filter((n): n is string => n !== undefined);
  if (named.length === 0) return { $length: list.length };
  return { $all: [{ $length: list.length }, ...named.map((name) => ({ $contains: template(name) }))] };
}

/** A list of objects in any order: as many, and one matching each of `items` (each a subset). */
export function unorderedList(items: readonly unknown[]): unknown {
  if (items.length === 0) return { $length: 0 };
  return { $all: [{ $length: items.length }, ...items.map((item) => ({ $contains: item }))] };
}

/** `value` when it is a plain object, else `undefined`. */
export function objectAt(value: unknown, ...path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

/** The listed keys of `source` that are present (not `undefined`). */
export function pick(source: Readonly<Record<string, unknown>> | undefined, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
