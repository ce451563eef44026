/**
 * Request bodies of the Split Payments façade: parsing (bodyIsEmpty, bodyIsNotJson) and a small declarative field
 * check that reports problems with the document's five validation error names only. Where the document has no exact
 * name the choices are SP-FF-11's: a missing required field is `fieldIsNull`; a value of the wrong type, a string
 * outside its enum, failing its pattern or over its length is `stringFailedRegexCheck`.
 */
import { decodeUtf8, parseJson } from '../plumbing/body.ts';
import { badRequest, type ErrorAnswer, type ValidationError } from './errors.ts';

/** A field's expected shape. */
export type FieldSpec =
  | {
      readonly kind: 'string';
      readonly required?: boolean;
      /** `""` is refused with fieldIsEmpty (default: true when required). */
      readonly nonEmpty?: boolean;
      readonly pattern?: RegExp;
      readonly enum?: readonly string[];
      readonly maxLength?: number;
    }
  | { readonly kind: 'integer'; readonly required?: boolean; readonly minimum?: number; readonly maximum?: number }
  | { readonly kind: 'boolean'; readonly required?: boolean }
  | { readonly kind: 'object'; readonly required?: boolean; readonly fields: Readonly<Record<string, FieldSpec>> }
  | { readonly kind: 'array'; readonly required?: boolean; readonly minItems?: number; readonly items: FieldSpec };

/** The outcome of parsing or checking a body. */
export type BodyResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorAnswer };

const SCHEMA_MESSAGE = 'The json body provided does not match the expected schema';

/**
 * Parses a request body that must be a JSON object: empty (or only whitespace) → bodyIsEmpty; not JSON (bytes that
 * are not valid UTF-8 included) → bodyIsNotJson; JSON that is not an object (an array, a number, null) →
 * bodyDoesNotMatchSchema without validationErrors, since no field name applies (SP-FF-11).
 */
export function parseJsonObject(body: string | Uint8Array): BodyResult<Record<string, unknown>> {
  const raw = typeof body === 'string' ? body : decodeUtf8(body);
  if (raw === undefined) return fail(badRequest('bodyIsNotJson', 'The body is not valid UTF-8 JSON: send a JSON object.'));
  if (raw.trim() === '') return fail(badRequest('bodyIsEmpty', 'The body is empty: send a JSON object.'));
  // The plumbing's parse, as every façade's: it drops `__proto__`, `constructor` and `prototype` keys, so no key of a
  // body can reach a prototype chain, whatever the code after this ever does with the object.
  const result = parseJson(raw);
  if (!result.ok) return fail(badRequest('bodyIsNotJson', 'The body is not valid JSON: send a JSON object.'));
  const parsed = result.value;
  if (!isPlainObject(parsed)) {
    const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
    return fail(badRequest('bodyDoesNotMatchSchema', `${SCHEMA_MESSAGE}: the body is ${kind}, send a JSON object.`));
  }
  return { ok: true, value: parsed };
}

/**
 * Checks an object against field specs; on failure answers 400 bodyDoesNotMatchSchema with every problem in
 * `validationErrors` (document order of the specs) and a message listing them.
 */
export function checkFields(body: Record<string, unknown>, fields: Readonly<Record<string, FieldSpec>>): BodyResult<Record<string, unknown>> {
  const problems: Problem[] = [];
  checkObjectFields(body, fields, '$', problems);
  if (problems.length === 0) return { ok: true, value: body };
  return fail(schemaError(problems));
}

/** A field problem: its validation error and why, for the message. */
export interface Problem extends ValidationError {
  readonly why: string;
}

/** The 400 bodyDoesNotMatchSchema answer for a list of field problems. */
export function schemaError(problems: readonly Problem[]): ErrorAnswer {
  const message = `${SCHEMA_MESSAGE}: ${problems.map((p) => `${p.jsonPath} ${p.why}`).join('; ')}.`;
  return badRequest(
    'bodyDoesNotMatchSchema',
    message,
    problems.map(({ errorName, jsonPath }) => ({ errorName, jsonPath })),
  );
}

/** The 400 bodyDoesNotMatchSchema answer for a problem that is not about one malformed field (no validationErrors). */
export function schemaMismatch(why: string): ErrorAnswer {
  return badRequest('bodyDoesNotMatchSchema', `${SCHEMA_MESSAGE}: ${why}`);
}

function checkObjectFields(object: Record<string, unknown>, fields: Readonly<Record<string, FieldSpec>>, path: string, out: Problem[]): void {
  for (const [name, spec] of Object.entries(fields)) {
    const fieldPath = `${path}.${name}`;
    if (!Object.hasOwn(object, name) || object[name] === undefined) {
      // No fieldIsMissing in the document's enum: an absent required field reads as null (SP-FF-11).
      if (spec.required) out.push({ errorName: 'fieldIsNull', jsonPath: fieldPath, why: 'is missing' });
      continue;
    }
    checkValue(object[name], spec, fieldPath, out);
  }
}

function checkValue(value: unknown, spec: FieldSpec, path: string, out: Problem[]): void {
  if (value === null) {
    out.push({ errorName: 'fieldIsNull', jsonPath: path, why: 'is null' });
    return;
  }
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') return wrongType(path, 'a string', out);
      if (value === '' && (spec.nonEmpty ?? spec.required ?? false)) {
        out.push({ errorName: 'fieldIsEmpty', jsonPath: path, why: 'is empty' });
        return;
      }
      if (spec.enum && !spec.enum.includes(value)) {
        out.push({ errorName: 'stringFailedRegexCheck', jsonPath: path, why: `must be one of ${spec.enum.map((e) => `"${e}"`).join(', ')}` });
        return;
      }
      if (spec.maxLength !== undefined && [...value].length > spec.maxLength) {
        out.push({ errorName: 'stringFailedRegexCheck', jsonPath: path, why: `must be at most ${spec.maxLength} characters` });
        return;
      }
      if (spec.pattern && !spec.pattern.test(value)) {
        out.push({ errorName: 'stringFailedRegexCheck', jsonPath: path, why: `must match ${spec.pattern.source}` });
      }
      return;
    }
    case 'integer': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return wrongType(path, 'an integer (minor units)', out);
      if (spec.minimum !== undefined && value < spec.minimum) {
        out.push({ errorName: 'numberIsTooSmall', jsonPath: path, why: `must be at least ${spec.minimum}` });
      } else if (spec.maximum !== undefined && value > spec.maximum) {
        out.push({ errorName: 'numberIsTooLarge', jsonPath: path, why: `must be at most ${spec.maximum}` });
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(path, 'a boolean', out);
      return;
    case 'object':
      if (!isPlainObject(value)) return wrongType(path, 'an object', out);
      checkObjectFields(value, spec.fields, path, out);
      return;
    case 'array':
      if (!Array.isArray(value)) return wrongType(path, 'an array', out);
      if (value.length < (spec.minItems ?? 0)) {
        out.push({ errorName: 'fieldIsEmpty', jsonPath: path, why: `must have at least ${spec.minItems} item(s)` });
        return;
      }
      value.forEach((item, index) => checkValue(item, spec.items, `${path}[${index}]`, out));
      return;
  }
}

// The document's enum has no type-mismatch name; stringFailedRegexCheck is the closest (SP-FF-11).
function wrongType(path: string, expected: string, out: Problem[]): void {
  out.push({ errorName: 'stringFailedRegexCheck', jsonPath: path, why: `must be ${expected}` });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail<T>(error: ErrorAnswer): BodyResult<T> {
  return { ok: false, error };
}
