/**
 * Body and header matchers: the expected value is a subset of the actual one, with `$` operators (see
 * docs/ARCHITECTURE.md). Pure functions returning every failure found, each with a JSON pointer, so a report can show
 * all that is wrong with a response at once.
 *
 * Semantics in brief:
 * - objects match when every listed key matches (extra actual keys are fine); a key whose value is `undefined` counts
 *   as absent;
 * - arrays match element by element and must have the same length;
 * - scalars compare with strict equality: `6` never equals `"6"` or `"6.00"` (use `$gte`/`$lte` to compare a number
 *   with a decimal string);
 * - an object whose keys all start with `$` is a matcher; several operators in one matcher must all pass; an object
 *   mixing `$` keys with other keys is reported as a mistake (to match a literal `$key`, use `$eq`);
 * - on an absent key, `$exists: false`, `$ne` and `$not` (of anything that needs a value) pass; every other operator
 *   reports the key as missing.
 */
import { jsonPointer } from '../../lib/json-pointer.ts';

/** One mismatch between expected and actual. */
export interface MatchFailure {
  /** A JSON pointer into the actual body (`''` = the root), or a header name for {@link matchHeaders}. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** A short human sentence: `expected "authorized", got "voided"`. */
  readonly message: string;
}

/** Every operator a matcher object may use. */
export const MATCHER_OPERATORS: readonly string[] = Object.freeze([
  '$contains',
  '$length',
  '$match',
  '$exists',
  '$type',
  '$eq',
  '$ne',
  '$oneOf',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$not',
  '$all',
]);

/** The type names `$type` accepts. */
const TYPE_NAMES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;
type TypeName = (typeof TYPE_NAMES)[number];

/** Marks a key that is not in the actual object (distinct from a `null` value). */
const ABSENT: unique symbol = Symbol('absent');
type Actual = unknown;

type Path = readonly (string | number)[];

/** How failures name the place they are about: bodies say `key "status"`, headers `header "Location"`. */
interface Context {
  readonly place: (path: Path) => string | undefined;
  readonly pointer: (path: Path) => string;
}

const BODY: Context = {
  place: (path) => (path.length === 0 ? undefined : `key ${JSON.stringify(String(path[path.length - 1]))}`),
  pointer: (path) => jsonPointer(path),
};

/**
 * Matches a decoded body against an expected subset with matchers. Returns every failure; an empty list means the
 * body matches. `actual` `undefined` stands for "no body".
 */
export function matchBody(expected: unknown, actual: unknown): MatchFailure[] {
  const out: MatchFailure[] = [];
  match(expected, actual === undefined ? ABSENT : actual, [], out, BODY);
  return out;
}

/**
 * Matches response headers. Names compare case-insensitively; an expected `null` means the header must be absent;
 * any other value is matched with the body matchers against the header's string value (numbers and booleans written
 * in the expectation, like `X-ApiVersion: 6`, are compared as their string form). Failure paths are the header name
 * as written in the expectation.
 */
export function matchHeaders(expected: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, string>>): MatchFailure[] {
  const received = new Map<string, string>();
  for (const [name, value] of Object.entries(actual)) received.set(name.toLowerCase(), value);
  const out: MatchFailure[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = received.get(name.toLowerCase());
    const context: Context = { place: () => `header ${JSON.stringify(name)}`, pointer: () => name };
    if (want === null) {
      if (got !== undefined) fail(out, context, [], null, got, `expected header ${JSON.stringify(name)} to be absent, got ${describe(got)}`);
      continue;
    }
    match(headerExpectation(want), got ?? ABSENT, [], out, context);
  }
  return out;
}

/** Operators whose operand is not a header value (counts, numbers, regexes, flags, type names). */
const NON_VALUE_OPERANDS = new Set(['$length', '$gt', '$gte', '$lt', '$lte', '$exists', '$type', '$match']);

function headerExpectation(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(headerExpectation);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, NON_VALUE_OPERANDS.has(key) ? item : headerExpectation(item)]),
    );
  }
  return value;
}

function match(expected: unknown, actual: Actual, path: Path, out: MatchFailure[], context: Context): void {
  if (isPlainObject(expected)) {
    const keys = Object.keys(expected);
    const operators = keys.filter((key) => key.startsWith('$'));
    if (operators.length > 0 && operators.length === keys.length) {
      matchOperators(expected, actual, path, out, context);
      return;
    }
    if (operators.length > 0) {
      const plain = keys.filter((key) => !key.startsWith('$'));
      fail(out, context, path, expected, actual, `cannot mix operators (${operators.join(', ')}) with keys (${plain.join(', ')}); use $eq to match literal "$" keys`);
      return;
    }
    if (actual === ABSENT) return missing(out, context, path, expected);
    if (!isPlainObject(actual)) return fail(out, context, path, expected, actual, `expected an object, got ${describe(actual)}`);
    for (const key of keys) {
      const value = Object.hasOwn(actual, key) && actual[key] !== undefined ? actual[key] : ABSENT;
      match(expected[key], value, [...path, key], out, context);
    }
    return;
  }
  if (actual === ABSENT) return missing(out, context, path, expected);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return fail(out, context, path, expected, actual, `expected an array of length ${expected.length}, got ${describe(actual)}`);
    if (actual.length !== expected.length) {
      return fail(out, context, path, expected, actual, `expected an array of length ${expected.length}, got length ${actual.length}`);
    }
    expected.forEach((item, index) => match(item, actual[index], [...path, index], out, context));
    return;
  }
  if (expected !== actual) fail(out, context, path, expected, actual, `expected ${show(expected)}, got ${describe(actual)}`);
}

type Operator = (operand: unknown, actual: Actual, path: Path, out: MatchFailure[], context: Context) => void;

function matchOperators(matcher: Record<string, unknown>, actual: Actual, path: Path, out: MatchFailure[], context: Context): void {
  for (const [name, operand] of Object.entries(matcher)) {
    const operator = Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
    if (!operator) {
      fail(out, context, path, matcher, actual, `unknown operator "${name}" (one of ${MATCHER_OPERATORS.join(', ')})`);
      continue;
    }
    operator(operand, actual, path, out, context);
  }
}

/** Runs a matcher on the side, for operators that only need to know whether it passed. */
function attempt(expected: unknown, actual: Actual, path: Path, context: Context): MatchFailure[] {
  const out: MatchFailure[] = [];
  match(expected, actual, path, out, context);
  return out;
}

const COMPARISONS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

const OPERATORS: Record<string, Operator> = {
  $contains(operand, actual, path, out, context) {
    if (actual === ABSENT) return missing(out, context, path, { $contains: operand });
    if (typeof actual === 'string') {
      if (typeof operand !== 'string') {
        return fail(out, context, path, operand, actual, `$contains on a string needs a string, got ${show(operand)}`);
      }
      if (!actual.includes(operand)) fail(out, context, path, operand, actual, `expected a string containing ${show(operand)}, got ${describe(actual)}`);
      return;
    }
    if (!Array.isArray(actual)) {
      return fail(out, context, path, operand, actual, `expected an array or a string containing ${show(operand)}, got ${describe(actual)}`);
    }
    let closest: { index: number; failures: MatchFailure[] } | undefined;
    for (let index = 0; index < actual.length; index += 1) {
      const failures = attempt(operand, actual[index], [...path, index], context);
      if (failures.length === 0) return;
      if (!closest || failures.length < closest.failures.length) closest = { index, failures };
    }
    const hint = closest ? `; closest, element ${closest.index}: ${closest.failures[0]?.message ?? ''}` : '';
    const got = actual.length === 0 ? 'an empty array' : `none of its ${actual.length} elements matches${hint}`;
    fail(out, context, path, operand, actual, `expected an array containing ${show(operand)}, got ${got}`);
  },

  $length(operand, actual, path, out, context) {
    const isCount = typeof operand === 'number' && Number.isInteger(operand) && operand >= 0;
    if (!isCount && !isPlainObject(operand)) {
      return fail(out, context, path, operand, actual, `invalid $length ${show(operand)}: use a count or a matcher`);
    }
    if (actual === ABSENT) return missing(out, context, path, { $length: operand });
    const measured = lengthOf(actual);
    if (!measured) return fail(out, context, path, operand, actual, `expected an array, string or object with a length, got ${describe(actual)}`);
    if (isCount) {
      if (measured.length === operand) return;
      const message =
        measured.kind === 'object'
          ? `expected an object with ${operand} keys, got ${measured.length}`
          : `expected ${measured.kind === 'array' ? 'an array' : 'a string'} of length ${operand}, got length ${measured.length}`;
      return fail(out, context, path, operand, measured.length, message);
    }
    for (const failure of attempt(operand, measured.length, path, context)) out.push({ ...failure, message: `length: ${failure.message}` });
  },

  $match(operand, actual, path, out, context) {
    if (typeof operand !== 'string') return fail(out, context, path, operand, actual, `invalid $match ${show(operand)}: use a regular expression string`);
    const regex = compile(operand);
    if (regex instanceof Error) return fail(out, context, path, operand, actual, `invalid regular expression /${operand}/: ${regex.message}`);
    if (actual === ABSENT) return missing(out, context, path, { $match: operand });
    if (typeof actual !== 'string' || !regex.test(actual)) {
      fail(out, context, path, operand, actual, `expected a string matching /${operand}/, got ${describe(actual)}`);
    }
  },

  $exists(operand, actual, path, out, context) {
    if (typeof operand !== 'boolean') return fail(out, context, path, operand, actual, `invalid $exists ${show(operand)}: use true or false`);
    if (operand && actual === ABSENT) return missing(out, context, path, { $exists: true });
    if (!operand && actual !== ABSENT) {
      const place = context.place(path);
      fail(out, context, path, { $exists: false }, actual, `expected ${place ? `${place} to be absent` : 'nothing'}, got ${describe(actual)}`);
    }
  },

  $type(operand, actual, path, out, context) {
    const names = Array.isArray(operand) ? operand : [operand];
    const unknown = names.filter((name) => !(TYPE_NAMES as readonly unknown[]).includes(name));
    if (names.length === 0 || unknown.length > 0) {
      return fail(out, context, path, operand, actual, `invalid $type ${show(operand)}: use ${TYPE_NAMES.join(', ')}`);
    }
    if (actual === ABSENT) return missing(out, context, path, { $type: operand });
    if (!(names as TypeName[]).some((name) => hasType(actual, name))) {
      fail(out, context, path, operand, actual, `expected ${(names as TypeName[]).map(typeLabel).join(' or ')}, got ${describe(actual)}`);
    }
  },

  $eq(operand, actual, path, out, context) {
    if (actual === ABSENT) return missing(out, context, path, { $eq: operand });
    const difference = firstDifference(operand, actual, []);
    if (difference) {
      const where = [...path, ...difference.path];
      fail(out, context, where, difference.expected, difference.actual, `not equal: ${difference.message}`);
    }
  },

  $ne(operand, actual, path, out, context) {
    if (actual !== ABSENT && !firstDifference(operand, actual, [])) {
      fail(out, context, path, { $ne: operand }, actual, `expected anything but ${show(operand)}`);
    }
  },

  $oneOf(operand, actual, path, out, context) {
    if (!Array.isArray(operand) || operand.length === 0) {
      return fail(out, context, path, operand, actual, `invalid $oneOf ${show(operand)}: use a non-empty list`);
    }
    if (operand.some((option) => attempt(option, actual, path, context).length === 0)) return;
    fail(out, context, path, operand, actual, `expected one of ${show(operand)}, got ${describe(actual)}`);
  },

  $gt: comparison('$gt'),
  $gte: comparison('$gte'),
  $lt: comparison('$lt'),
  $lte: comparison('$lte'),

  $not(operand, actual, path, out, context) {
    if (attempt(operand, actual, path, context).length === 0) {
      fail(out, context, path, { $not: operand }, actual, `expected not to match ${show(operand)}, got ${describe(actual)}`);
    }
  },

  $all(operand, actual, path, out, context) {
    if (!Array.isArray(operand)) return fail(out, context, path, operand, actual, `invalid $all ${show(operand)}: use a list of matchers`);
    for (const item of operand) match(item, actual, path, out, context);
  },
};

function comparison(name: keyof typeof COMPARISONS): Operator {
  const symbol = COMPARISONS[name];
  return (operand, actual, path, out, context) => {
    const bound = parseDecimal(operand);
    if (!bound) return fail(out, context, path, operand, actual, `invalid ${name} ${show(operand)}: use a number or a decimal string`);
    if (actual === ABSENT) return missing(out, context, path, { [name]: operand });
    const value = parseDecimal(actual);
    if (!value) return fail(out, context, path, operand, actual, `expected a number or decimal string ${symbol} ${show(operand)}, got ${describe(actual)}`);
    const order = compareDecimals(value, bound);
    const passed = name === '$gt' ? order > 0 : name === '$gte' ? order >= 0 : name === '$lt' ? order < 0 : order <= 0;
    if (!passed) fail(out, context, path, operand, actual, `expected a value ${symbol} ${show(operand)}, got ${describe(actual)}`);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function fail(out: MatchFailure[], context: Context, path: Path, expected: unknown, actual: Actual, message: string): void {
  out.push({ path: context.pointer(path), expected, actual: actual === ABSENT ? undefined : actual, message });
}

function missing(out: MatchFailure[], context: Context, path: Path, expected: unknown): void {
  const place = context.place(path);
  fail(out, context, path, expected, ABSENT, place ? `missing ${place}` : 'expected a value, got nothing');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JSON text of an expected value, cut short for messages. */
function show(value: unknown): string {
  if (value === ABSENT) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** An actual value, for messages: scalars as JSON, containers by their size. */
function describe(value: Actual): string {
  if (value === ABSENT) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of length ${value.length}`;
  if (isPlainObject(value)) return 'an object';
  return show(value);
}

function lengthOf(value: unknown): { kind: 'array' | 'string' | 'object'; length: number } | undefined {
  if (Array.isArray(value)) return { kind: 'array', length: value.length };
  // Code points, as JSON Schema's maxLength counts them, so an emoji is one character.
  if (typeof value === 'string') return { kind: 'string', length: [...value].length };
  if (isPlainObject(value)) return { kind: 'object', length: Object.keys(value).length };
  return undefined;
}

function hasType(value: unknown, name: TypeName): boolean {
  switch (name) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === name;
  }
}

function typeLabel(name: TypeName): string {
  return name === 'null' ? 'null' : `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

const regexCache = new Map<string, RegExp | Error>();

/** Compiles a `$match` pattern once (matchers run on every step of every scenario). */
function compile(pattern: string): RegExp | Error {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern);
    } catch (error) {
      regex = error instanceof Error ? error : new Error(String(error));
    }
    if (regexCache.size >= 1000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

interface Difference {
  readonly path: (string | number)[];
  readonly expected: unknown;
  readonly actual: unknown;
  readonly message: string;
}

/** The first place two values differ under deep, strict, key-order-insensitive equality; `undefined` when equal. */
function firstDifference(expected: unknown, actual: unknown, path: (string | number)[]): Difference | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return { path, expected, actual, message: `expected an array of length ${expected.length}, got length ${actual.length}` };
    }
    for (let index = 0; index < expected.length; index += 1) {
      const difference = firstDifference(expected[index], actual[index], [...path, index]);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of Object.keys(expected)) {
      if (!Object.hasOwn(actual, key)) return { path: [...path, key], expected: expected[key], actual: undefined, message: `missing key ${JSON.stringify(key)}` };
      const difference = firstDifference(expected[key], actual[key], [...path, key]);
      if (difference) return difference;
    }
    for (const key of Object.keys(actual)) {
      if (!Object.hasOwn(expected, key)) return { path: [...path, key], expected: undefined, actual: actual[key], message: `unexpected key ${JSON.stringify(key)}` };
    }
    return undefined;
  }
  if (expected === actual) return undefined;
  return { path, expected, actual, message: `expected ${show(expected)}, got ${describe(actual)}` };
}

// ---------------------------------------------------------------------------------------------------------------
// Exact decimals: `$gt` and friends compare numbers and decimal strings ("6.00") without floating point.

interface Decimal {
  /** value = units × 10^-scale */
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
/** Bounds that keep BigInt work small whatever a target sends. */
const MAX_DIGITS = 400;
const MAX_EXPONENT = 400;

function parseDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // The shortest round-trip form: 0.1 is the decimal 0.1, not the binary float behind it.
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return undefined;
  }
  if (text.length > MAX_DIGITS + 16) return undefined;
  const parts = DECIMAL.exec(text);
  if (!parts) return undefined;
  const [, sign, whole = '', fraction = '', exponentText] = parts;
  const digits = whole + fraction;
  if (digits === '') return undefined;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  let units = BigInt(digits);
  if (sign === '-') units = -units;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.units * 10n ** BigInt(scale - a.scale);
  const right = b.units * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}
