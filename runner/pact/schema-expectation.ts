/**
 * `run` validates every response against its OpenAPI schema; Pact has no JSON-Schema matcher. The closest a pact can
 * say is the schema's required structure: this module turns a response schema into a settlekit expectation over the
 * reference answer — every required property, by type, with the schema's `pattern`, `enum` and `const` — which is
 * merged under the step's own expectation (the step's wins where both speak) and encoded like it. What the schema says
 * beyond that (optional properties, `additionalProperties`, formats, bounds, array items) stays settlekit's alone.
 */
import { isOperatorObject, isPlainObject, typeName } from './expectations.ts';
import { InjectedValue } from './template-values.ts';

/** Follows `$ref`s of the document the schema belongs to. */
export type RefResolver = (node: unknown) => unknown;

/** How deep a schema is followed (recursive schemas stop there). */
const MAX_DEPTH = 12;

/**
 * The expectation a schema sets on `actual` (a value that met the schema in the reference run), or `undefined` when the
 * schema says nothing a pact can check.
 */
export function schemaExpectation(schema: unknown, actual: unknown, resolve: RefResolver, depth = 0): unknown {
  const node = flatten(schema, actual, resolve, depth);
  if (!node || depth > MAX_DEPTH) return undefined;
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return { $oneOf: node.enum };
  const type = typeName(actual);
  if (type === 'null') return null;
  if (type === 'object') {
    const properties = isPlainObject(node.properties) ? node.properties : {};
    const required = Array.isArray(node.required) ? node.required.filter((k): k is string => typeof k === 'string') : [];
    const object = actual as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of required) {
      if (!Object.hasOwn(object, key)) continue;
      out[key] = schemaExpectation(properties[key] ?? {}, object[key], resolve, depth + 1) ?? { $type: typeName(object[key]) };
    }
    return out;
  }
  if (type === 'array') return { $type: 'array' };
  if (type === 'string' && typeof node.pattern === 'string') return { $match: node.pattern };
  return { $type: type === 'integer' && node.type === 'number' ? 'number' : type };
}

/**
 * The schema as one object: `$ref`s followed, `allOf` merged, and of `oneOf`/`anyOf` the branch the value fits (its
 * type, its required keys, its `const`).
 */
function flatten(schema: unknown, actual: unknown, resolve: RefResolver, depth: number): Record<string, unknown> | undefined {
  const node = resolve(schema);
  if (!isPlainObject(node) || depth > MAX_DEPTH) return undefined;
  let out: Record<string, unknown> = { ...node };
  delete out.$ref;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = Array.isArray(node[key]) ? (node[key] as unknown[]) : undefined;
    if (!branches) continue;
    delete out[key];
    const branch = branches.map((b) => flatten(b, actual, resolve, depth + 1)).find((b) => b !== undefined && fits(b, actual));
    if (branch) out = merge(out, branch);
  }
  if (Array.isArray(node.allOf)) {
    delete out.allOf;
    for (const part of node.allOf) {
      const flat = flatten(part, actual, resolve, depth + 1);
      if (flat) out = merge(out, flat);
    }
  }
  return out;
}

/** Whether a value can be an instance of a (flattened) schema, as far as its type, required keys and const tell. */
function fits(schema: Record<string, unknown>, actual: unknown): boolean {
  if ('const' in schema && schema.const !== actual) return false;
  const types = schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type);
  const type = typeName(actual);
  if (types && !types.includes(type) && !(type === 'integer' && types.includes('number'))) return false;
  if (Array.isArray(schema.required) && isPlainObject(actual)) return schema.required.every((k) => typeof k === 'string' && Object.hasOwn(actual, k));
  return true;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a, ...b };
  if (isPlainObject(a.properties) || isPlainObject(b.properties)) out.properties = { ...(isPlainObject(a.properties) ? a.properties : {}), ...(isPlainObject(b.properties) ? b.properties : {}) };
  if (Array.isArray(a.required) || Array.isArray(b.required)) out.required = [...new Set([...(Array.isArray(a.required) ? a.required : []), ...(Array.isArray(b.required) ? b.required : [])])];
  return out;
}

/**
 * The step's expectation with the schema's under it: keys only the schema names are added, the step's own
 * expectation wins wherever it says something (a matcher, a literal, a list).
 */
export function underExpectation(expected: unknown, schema: unknown): unknown {
  if (expected === undefined) return schema;
  // A value from an earlier step cannot be compared in a response: what the schema says of it is checked instead.
  if (expected instanceof InjectedValue && schema !== undefined) return expected.checkedAs(schema);
  if (schema === undefined || isOperatorObject(expected) || !isPlainObject(expected) || !isPlainObject(schema) || isOperatorObject(schema)) return expected;
  const out: Record<string, unknown> = { ...(schema as Record<string, unknown>) };
  for (const [key, value] of Object.entries(expected)) out[key] = underExpectation(value, schema[key]);
  return out;
}
