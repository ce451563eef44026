/**
 * A step's expected JSON body as a Pact body with matching rules. The expected body is a subset of the actual one
 * with settlekit matchers; the examples come from the answer of the reference run, which met the expectation. Pact's
 * JSON matching already takes extra keys in objects and compares arrays by length and element, as settlekit does, so
 * literal values stay literal (equality) and each settlekit matcher becomes the Pact matcher closest to it — every
 * place where that is not exact is a note.
 */
import { jsonPointer } from '../../lib/json-pointer.ts';
import type { Pact } from './pact-runtime.ts';
import {
  allContained,
  containedIndex,
  describeMatcher,
  encodedOperator,
  encodedTypeName,
  INJECTED_IN_RESPONSE,
  isOperatorObject,
  isPlainObject,
  isScalarAlternatives,
  lengthBounds,
  lengthRegex,
  type NoteSink,
  noteUnencodedParts,
  settlekitMatches,
  typeName,
} from './expectations.ts';
import { alternativesRegex, toPactRegex } from './regex.ts';
import { concreteOf, CredentialValue, InjectedValue, varies } from './template-values.ts';

type Matchers = Pact['MatchersV3'];
type Path = readonly (string | number)[];

/** A decimal number as a string, as settlekit's `$gt…` compare them. */
const DECIMAL_STRING = String.raw`\A-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\z`;

/** Encodes the expected body `expected` (a resolved template) against the reference answer `actual`. */
export function encodeJsonBody(expected: unknown, actual: unknown, notes: NoteSink, matchers: Matchers): unknown {
  return new JsonEncoder(notes, matchers).encode(expected, actual, []);
}

class JsonEncoder {
  constructor(
    private readonly notes: NoteSink,
    private readonly m: Matchers,
  ) {}

  encode(expected: unknown, actual: unknown, path: Path): unknown {
    const where = `body ${jsonPointer(path) || '/'}`;
    if (expected instanceof InjectedValue) {
      this.notes.approximated(where, `a value from an earlier step (${expected.expression})`, INJECTED_IN_RESPONSE);
      return expected.fallback === undefined ? this.typeOf(actual) : this.encode(expected.fallback, actual, path);
    }
    if (expected instanceof CredentialValue) {
      this.notes.notExpressible(where, 'a value built from the credentials', 'not in the pact: settlekit never writes credentials into a pact');
      return this.typeOf(actual);
    }
    if (isOperatorObject(expected)) return this.operators(expected, actual, path);
    if (isPlainObject(expected)) {
      const out: Record<string, unknown> = {};
      const object = isPlainObject(actual) ? actual : {};
      for (const [key, item] of Object.entries(expected)) {
        if (!Object.hasOwn(object, key) || object[key] === undefined) {
          this.absent(item, [...path, key]);
          continue;
        }
        out[key] = this.encode(item, object[key], [...path, key]);
      }
      return out;
    }
    if (Array.isArray(expected)) {
      const list = Array.isArray(actual) ? actual : [];
      return expected.map((item, i) => this.encode(item, list[i], [...path, i]));
    }
    return expected;
  }

  /** A key the expectation lets be absent (and the reference answer left out). */
  private absent(expected: unknown, path: Path): void {
    const where = `body ${jsonPointer(path)}`;
    const operator = isOperatorObject(expected) ? Object.keys(expected)[0]! : 'value';
    const pact =
      operator === '$exists'
        ? 'not checked: Pact cannot require a key to be absent'
        : 'not checked: the key is absent in the reference answer, and Pact cannot say "absent or different"';
    this.notes.notExpressible(where, isOperatorObject(expected) ? describeMatcher(operator, expected[operator]) : 'a key', pact);
  }

  private operators(matcher: Record<string, unknown>, actual: unknown, path: Path): unknown {
    const [operator, operand] = encodedOperator(matcher, `body ${jsonPointer(path) || '/'}`, this.notes);
    return this.operator(operator, operand, actual, path);
  }

  private operator(operator: string, operand: unknown, actual: unknown, path: Path): unknown {
    const where = `body ${jsonPointer(path) || '/'}`;
    const m = this.m;
    switch (operator) {
      case '$type':
        return this.typeMatcher(encodedTypeName(operand, actual, where, this.notes), actual);
      case '$match':
        return m.regex(toPactRegex(String(operand)), String(actual));
      case '$contains': {
        if (typeof actual === 'string') return m.includes(String(concreteOf(operand)));
        const list = Array.isArray(actual) ? actual : [];
        const index = containedIndex(operand, list);
        return m.arrayContaining(this.encode(operand, list[index], [...path, index]));
      }
      case '$all': {
        const parts = Array.isArray(operand) ? operand : [];
        const contained = allContained(parts);
        if (contained && Array.isArray(actual)) {
          // Pact's array-contains takes several variants: exactly "contains each of these".
          return m.arrayContaining(...contained.map((item) => {
            const index = containedIndex(item, actual);
            return this.encode(item, actual[index], [...path, index]);
          }));
        }
        noteUnencodedParts(parts, where, this.notes);
        return parts.length > 0 ? this.encode(parts[0], actual, path) : this.typeOf(actual);
      }
      case '$length':
        return this.length(operand, actual, path);
      case '$exists':
        this.notes.approximated(where, describeMatcher(operator, operand), `type ${typeName(actual)}: Pact has no "present, any value" matcher`);
        return this.typeOf(actual);
      case '$eq':
        if (varies(operand)) {
          this.notes.approximated(where, describeMatcher(operator, operand), INJECTED_IN_RESPONSE);
          return this.typeOf(actual);
        }
        return m.equal(operand);
      case '$oneOf': {
        const options = Array.isArray(operand) ? operand : [];
        if (isScalarAlternatives(options)) {
          if (options.some((o) => typeof o !== 'string')) this.notes.approximated(where, describeMatcher(operator, operand), 'a regex over the values: a number also matches as a string');
          return this.regex(alternativesRegex(options as (string | number | boolean)[]), actual);
        }
        const chosen = options.find((o) => settlekitMatches(o, actual));
        this.notes.approximated(where, describeMatcher(operator, operand), 'the alternative the reference answer took: Pact has no "one of these matchers"');
        return this.encode(chosen, actual, path);
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const decimal = typeof actual === 'string';
        this.notes.approximated(where, describeMatcher(operator, operand), `${decimal ? 'a decimal string' : 'a number'}, the bound not checked: Pact has no number-range matcher`);
        return decimal ? m.regex(DECIMAL_STRING, actual) : m.number(actual as number);
      }
      case '$ne':
      case '$not':
      default:
        this.notes.approximated(where, describeMatcher(operator, operand), `type ${typeName(actual)}: Pact has no negation`);
        return this.typeOf(actual);
    }
  }

  private length(operand: unknown, actual: unknown, path: Path): unknown {
    const where = `body ${jsonPointer(path) || '/'}`;
    const bounds = lengthBounds(operand);
    if (typeof actual === 'string' && bounds) {
      return this.m.regex(lengthRegex(bounds), actual);
    }
    if (Array.isArray(actual) && bounds) {
      this.notes.approximated(where, describeMatcher('$length', operand), "the length, and each element's type as in the reference answer");
      return { 'pact:matcher:type': 'type', ...(bounds.min !== undefined ? { min: bounds.min } : {}), ...(bounds.max !== undefined ? { max: bounds.max } : {}), value: actual };
    }
    this.notes.approximated(where, describeMatcher('$length', operand), `type ${typeName(actual)}: Pact counts array elements only, within bounds`);
    return this.typeOf(actual);
  }

  /** A regex matcher with the reference answer's value as example, keeping a number a number (Pact matches a regex
   * against a number's text). */
  private regex(pattern: string, actual: unknown): unknown {
    return typeof actual === 'string' ? this.m.regex(pattern, actual) : { 'pact:matcher:type': 'regex', regex: pattern, value: actual };
  }

  /** The Pact type matcher of a `$type` name, with the reference answer's value as example. */
  private typeMatcher(name: string, actual: unknown): unknown {
    const m = this.m;
    switch (name) {
      case 'integer':
        return m.integer(actual as number);
      case 'number':
        return m.number(actual as number);
      case 'boolean':
        return m.boolean(actual as boolean);
      case 'null':
        return m.nullValue();
      case 'array':
        // A type matcher on an array checks each element against the example's elements: only a uniform example keeps
        // it to "an array".
        return m.like(Array.isArray(actual) && new Set(actual.map(typeName)).size <= 1 ? actual : []);
      case 'object':
        return m.like({});
      default:
        return m.like(actual);
    }
  }

  private typeOf(actual: unknown): unknown {
    return this.typeMatcher(typeName(actual), actual);
  }
}
