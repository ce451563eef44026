/**
 * What the JSON and XML encoders of a step's expectations share: the notes that say where a pact checks less (or
 * other) than settlekit does, and the questions both ask of a settlekit matcher — is this an operator object, which
 * element of a list does a `$contains` find, what bounds does a `$length` set.
 */
import { matchBody } from '../execute/matchers.ts';
import { concreteOf } from './template-values.ts';

/** Where a pact does not check exactly what the scenario checks. */
export interface EncodingNote {
  /** `approximated`: Pact checks something close (stated in `pact`); `not-expressible`: Pact does not check it. */
  readonly kind: 'approximated' | 'not-expressible';
  /** Where in the response: `status`, `header Location`, `body /transaction/status`. */
  readonly where: string;
  /** The settlekit expectation, e.g. `$exists: false`. */
  readonly expectation: string;
  /** What the pact checks instead. */
  readonly pact: string;
}

/** Collects the notes of one interaction. */
export class NoteSink {
  readonly notes: EncodingNote[] = [];

  /** Pact checks something close to the expectation, said in `pact`. */
  approximated(where: string, expectation: string, pact: string): void {
    this.notes.push({ kind: 'approximated', where, expectation, pact });
  }

  /** Pact cannot check the expectation at all. */
  notExpressible(where: string, expectation: string, pact: string): void {
    this.notes.push({ kind: 'not-expressible', where, expectation, pact });
  }
}

/** What a pact says about a value taken from an earlier step, which Pact cannot compare in a response. */
export const INJECTED_IN_RESPONSE = "the schema's check of it (else its type): Pact compares a response with the example, it does not inject provider-state values into responses";

/** An object whose keys all start with `$`: a settlekit matcher. */
export function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

/** A plain object (not a matcher, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** True when `expected` (a resolved expectation) matches `actual` by settlekit's own rules. */
export function settlekitMatches(expected: unknown, actual: unknown): boolean {
  return matchBody(concreteOf(expected), actual).length === 0;
}

/** The index of the first element of `list` that `operand` matches (what a `$contains` found in the reference run). */
export function containedIndex(operand: unknown, list: readonly unknown[]): number {
  return list.findIndex((item) => settlekitMatches(operand, item));
}

/** The bounds a `$length` operand sets: a count, or `$gte/$gt/$lte/$lt` over counts; `undefined` for anything else. */
export function lengthBounds(operand: unknown): { readonly min?: number; readonly max?: number } | undefined {
  if (typeof operand === 'number' && Number.isInteger(operand)) return { min: operand, max: operand };
  if (!isOperatorObject(operand)) return undefined;
  let min: number | undefined;
  let max: number | undefined;
  for (const [op, bound] of Object.entries(operand)) {
    if (typeof bound !== 'number' || !Number.isInteger(bound)) return undefined;
    if (op === '$gte') min = Math.max(min ?? 0, bound);
    else if (op === '$gt') min = Math.max(min ?? 0, bound + 1);
    else if (op === '$lte') max = Math.min(max ?? Infinity, bound);
    else if (op === '$lt') max = Math.min(max ?? Infinity, bound - 1);
    else if (op === '$eq') {
      min = bound;
      max = bound;
    } else return undefined;
  }
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

/** A Pact regex over a string's whole text that holds when its length is within `bounds` (from {@link lengthBounds}). */
export function lengthRegex(bounds: { readonly min?: number; readonly max?: number }): string {
  return `\\A[\\s\\S]{${bounds.min ?? 0},${bounds.max ?? ''}}\\z`;
}

/**
 * The type a `$type` operand encodes: its one name, or for a union the reference answer's type (with a note: Pact has
 * no union of types).
 */
export function encodedTypeName(operand: unknown, actual: unknown, where: string, notes: NoteSink): string {
  const names = Array.isArray(operand) ? (operand as string[]) : [operand as string];
  if (names.length <= 1) return names[0]!;
  notes.approximated(where, describeMatcher('$type', operand), `type ${typeName(actual)} (the reference answer's): Pact has no union of types`);
  return typeName(actual);
}

/** The operands of an `$all` whose parts are all single `$contains` (Pact's array-contains takes them together), else `undefined`. */
export function allContained(parts: readonly unknown[]): unknown[] | undefined {
  if (!parts.every((p) => isOperatorObject(p) && Object.keys(p).length === 1 && '$contains' in p)) return undefined;
  return parts.map((p) => (p as Record<string, unknown>).$contains);
}

/** Notes each part of an `$all` after the first: a pact encodes the first one only. */
export function noteUnencodedParts(parts: readonly unknown[], where: string, notes: NoteSink): void {
  for (const part of parts.slice(1)) notes.approximated(where, `$all: ${JSON.stringify(concreteOf(part))}`, 'not checked: the pact encodes the first matcher of $all only');
}

/** True when `$oneOf` offers only strings, numbers and booleans (and at least one): a pact matches them with one regex. */
export function isScalarAlternatives(options: readonly unknown[]): boolean {
  return options.length > 0 && options.every((o) => ['string', 'number', 'boolean'].includes(typeof o));
}

/** A short form of a matcher for notes: `$exists: false`, `$ne: "abc"`. */
export function describeMatcher(operator: string, operand: unknown): string {
  const text = JSON.stringify(concreteOf(operand)) ?? String(operand);
  return `${operator}: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}

/** The JSON type name of a value, as `$type` spells it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The operators of a matcher object, strongest first: the one a pact encodes when several are given together. */
export const OPERATOR_STRENGTH: readonly string[] = ['$eq', '$oneOf', '$match', '$contains', '$all', '$length', '$type', '$exists', '$gt', '$gte', '$lt', '$lte', '$ne', '$not'];

/** The operators of `matcher` in the order of {@link OPERATOR_STRENGTH}. */
function byStrength(matcher: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(matcher).sort(([a], [b]) => OPERATOR_STRENGTH.indexOf(a) - OPERATOR_STRENGTH.indexOf(b));
}

/**
 * The operator a pact encodes for a matcher object (a Pact value has one matcher: the strongest), with a note for each
 * other operator it does not already imply.
 */
export function encodedOperator(matcher: Readonly<Record<string, unknown>>, where: string, notes: NoteSink): [string, unknown] {
  const [[operator, operand], ...others] = byStrength(matcher) as [[string, unknown], ...[string, unknown][]];
  for (const [other, otherOperand] of others) {
    if (implied(operator, operand, other, otherOperand)) continue;
    notes.approximated(where, describeMatcher(other, otherOperand), `not checked: the pact encodes ${operator} here, and a Pact value has one matcher`);
  }
  return [operator, operand];
}

/** True when encoding `operator` already checks what `other` asks (so leaving `other` out loses nothing). */
function implied(operator: string, operand: unknown, other: string, otherOperand: unknown): boolean {
  if (other === '$exists' && otherOperand === true) return true;
  if (operator === '$eq') return true;
  if (other === '$type' && otherOperand === 'string') return operator === '$match' || (operator === '$contains' && typeof operand === 'string');
  return false;
}
