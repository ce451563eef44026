/**
 * Request-body checks of the Worldpay Payments façade: a small declarative field checker that reports every problem
 * at the JSONPath of its field, with settlekit's validation error names (see errors.ts), and the specs of the bodies
 * the API accepts. Fields a spec does not list are ignored.
 */
import { isCurrencyCode } from '../../../lib/money.ts';
import { luhnValid } from '../../models/braintree/instruments.ts';
import type { ValidationError, ValidationErrorName } from './errors.ts';

/** A field's expected shape. */
export type FieldSpec =
  | { readonly kind: 'string'; readonly required?: boolean; readonly check?: (value: string) => string | undefined }
  | { readonly kind: 'integer'; readonly required?: boolean; readonly minimum?: number; readonly maximum?: number }
  | { readonly kind: 'boolean'; readonly required?: boolean }
  | { readonly kind: 'object'; readonly required?: boolean; readonly fields: Readonly<Record<string, FieldSpec>> };

const TYPE_ERROR: Readonly<Record<FieldSpec['kind'], ValidationErrorName>> = {
  string: 'fieldMustBeString',
  integer: 'fieldMustBeInteger',
  boolean: 'fieldMustBeBoolean',
  object: 'fieldMustBeObject',
};

const ARTICLE: Readonly<Record<FieldSpec['kind'], string>> = { string: 'a string', integer: 'an integer', boolean: 'a boolean', object: 'an object' };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(errorName: ValidationErrorName, jsonPath: string, message: string): ValidationError {
  return { errorName, message: `${jsonPath} ${message}`, jsonPath };
}

/** Checks one present value against its spec, appending problems in document order. */
function checkValue(value: unknown, spec: FieldSpec, jsonPath: string, out: ValidationError[]): void {
  if (value === null) {
    out.push(problem('fieldIsNull', jsonPath, `must not be null: it must be ${ARTICLE[spec.kind]}`));
    return;
  }
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') {
        out.push(problem('fieldMustBeString', jsonPath, 'must be a string'));
        return;
      }
      const invalid = spec.check?.(value);
      if (invalid) out.push(problem('fieldHasInvalidValue', jsonPath, invalid));
      return;
    }
    case 'integer': {
      // "250" and 2.5 are both refused: amounts are integers of minor units, never strings or decimals.
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        out.push(problem('fieldMustBeInteger', jsonPath, 'must be an integer'));
        return;
      }
      const maximum = Math.min(spec.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      if (spec.minimum !== undefined && value < spec.minimum) out.push(problem('numberIsTooSmall', jsonPath, `must be at least ${spec.minimum}`));
      else if (value > maximum) out.push(problem('numberIsTooLarge', jsonPath, `must be at most ${maximum}`));
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') out.push(problem('fieldMustBeBoolean', jsonPath, 'must be a boolean'));
      return;
    case 'object': {
      if (!isPlainObject(value)) {
        out.push(problem(TYPE_ERROR.object, jsonPath, 'must be an object'));
        return;
      }
      checkFields(value, spec.fields, jsonPath, out);
    }
  }
}

/** The entries of each field list, listed once (the lists are module constants): no arrays made per request. */
const ENTRIES = new WeakMap<Readonly<Record<string, FieldSpec>>, readonly (readonly [string, FieldSpec])[]>();

/** Checks the fields of an object: missing required ones, then each present one, in the spec's order. */
function checkFields(value: Record<string, unknown>, fields: Readonly<Record<string, FieldSpec>>, jsonPath: string, out: ValidationError[]): void {
  let entries = ENTRIES.get(fields);
  if (entries === undefined) {
    entries = Object.entries(fields);
    ENTRIES.set(fields, entries);
  }
  for (const [name, spec] of entries) {
    const path = `${jsonPath}.${name}`;
    if (!Object.hasOwn(value, name) || value[name] === undefined) {
      if (spec.required) out.push(problem('fieldIsMissing', path, 'is missing'));
      continue;
    }
    checkValue(value[name], spec, path, out);
  }
}

/** Every problem of `body` against an object spec (a body that is not an object is one problem at `$`). */
export function validateBody(body: unknown, fields: Readonly<Record<string, FieldSpec>>): ValidationError[] {
  const out: ValidationError[] = [];
  if (!isPlainObject(body)) {
    out.push(problem('fieldMustBeObject', '$', 'must be a JSON object'));
    return out;
  }
  checkFields(body, fields, '$', out);
  return out;
}

const currency: FieldSpec = {
  kind: 'string',
  required: true,
  check: (v) => (isCurrencyCode(v) ? undefined : 'must be a three-letter upper-case ISO 4217 currency code'),
};

/** `value` of a partial settlement or partial refund: an amount of at least 1 minor unit (WP-PS-11). */
const settlementValue: FieldSpec = {
  kind: 'object',
  required: true,
  fields: { currency, amount: { kind: 'integer', required: true, minimum: 1 }, acceptPartialAmount: { kind: 'boolean' } },
};

/** The body of `POST …/partialSettlements` (the seed's request fields). */
export const PARTIAL_SETTLEMENT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  reference: { kind: 'string', required: true },
  sequence: {
    kind: 'object',
    fields: { number: { kind: 'integer', required: true, minimum: 1 }, total: { kind: 'integer', required: true, minimum: 1 } },
  },
  value: settlementValue,
};

/** The body of `POST …/partialRefunds`. */
export const PARTIAL_REFUND_FIELDS: Readonly<Record<string, FieldSpec>> = {
  reference: { kind: 'string', required: true },
  value: settlementValue,
};

const nonEmpty = (max: number) => (v: string) => (v.length === 0 ? 'must not be empty' : v.length > max ? `must be at most ${max} characters` : undefined);

/** The body of `POST /api/payments`: a card payment with a plain card instrument. */
export const AUTHORIZE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  transactionReference: { kind: 'string', required: true, check: nonEmpty(64) },
  merchant: { kind: 'object', required: true, fields: { entity: { kind: 'string', required: true, check: nonEmpty(32) } } },
  instruction: {
    kind: 'object',
    required: true,
    fields: {
      method: { kind: 'string', check: (v) => (v === 'card' ? undefined : 'must be "card"') },
      narrative: { kind: 'object', required: true, fields: { line1: { kind: 'string', required: true, check: nonEmpty(24) }, line2: { kind: 'string', check: nonEmpty(24) } } },
      value: { kind: 'object', required: true, fields: { currency, amount: { kind: 'integer', required: true, minimum: 1 }, acceptPartialAmount: { kind: 'boolean' } } },
      paymentInstrument: {
        kind: 'object',
        required: true,
        fields: {
          type: { kind: 'string', required: true, check: (v) => (v === 'plain' ? undefined : 'must be "plain"') },
          cardNumber: { kind: 'string', required: true, check: (v) => (luhnValid(v) ? undefined : 'must be 12 to 19 digits that pass the Luhn check') },
          expiryDate: {
            kind: 'object',
            required: true,
            fields: { month: { kind: 'integer', required: true, minimum: 1, maximum: 12 }, year: { kind: 'integer', required: true, minimum: 2000, maximum: 9999 } },
          },
          cardHolderName: { kind: 'string', check: nonEmpty(255) },
          cvc: { kind: 'string', check: (v) => (/^[0-9]{3,4}$/.test(v) ? undefined : 'must be 3 or 4 digits') },
        },
      },
    },
  },
};
