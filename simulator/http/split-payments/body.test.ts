import { describe, expect, it } from 'vitest';
import { checkFields, parseJsonObject, type FieldSpec } from './body.ts';

const FULFILLMENT: Record<string, FieldSpec> = {
  reference: { kind: 'string' },
  paymentCommandId: { kind: 'string', required: true, pattern: /^cmd[A-Za-z0-9_-]{21}0$/ },
  transactionType: { kind: 'string', required: true, enum: ['settle', 'refund'] },
};

describe('parseJsonObject', () => {
  it.each(['', '   \n'])('answers bodyIsEmpty for %j', (raw) => {
    const result = parseJsonObject(raw);
    expect(result.ok ? undefined : result.error).toMatchObject({ status: 400, body: { errorName: 'bodyIsEmpty' } });
  });

  it.each(['{', 'settle', '{"a":1,}'])('answers bodyIsNotJson for %j', (raw) => {
    const result = parseJsonObject(raw);
    expect(result.ok ? undefined : result.error).toMatchObject({ status: 400, body: { errorName: 'bodyIsNotJson' } });
  });

  it.each(['[]', '[{"transactionType":"settle"}]', '42', 'null', '"x"'])('answers bodyDoesNotMatchSchema without validationErrors for %j', (raw) => {
    const result = parseJsonObject(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.body.errorName).toBe('bodyDoesNotMatchSchema');
    expect(result.error.body).not.toHaveProperty('validationErrors');
  });

  it('parses an object', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('drops __proto__, constructor and prototype keys at any depth, as the plumbing parse does for every façade', () => {
    const result = parseJsonObject('{"__proto__":{"polluted":1},"a":{"constructor":1,"b":2},"\\u0070rototype":3,"c":4}');
    expect(result).toEqual({ ok: true, value: { a: { b: 2 }, c: 4 } });
    if (!result.ok) return;
    expect(Object.keys(result.value)).toEqual(['a', 'c']);
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
  });
});

describe('checkFields', () => {
  const errorsOf = (body: Record<string, unknown>, fields: Record<string, FieldSpec> = FULFILLMENT): unknown => {
    const result = checkFields(body, fields);
    return result.ok ? [] : result.error.body.validationErrors;
  };

  it('accepts a valid body', () => {
    expect(errorsOf({ paymentCommandId: 'cmd_-AbcdefghijKLMNOPQRS0', transactionType: 'settle' })).toEqual([]);
  });

  it('names missing and null fields fieldIsNull, empty ones fieldIsEmpty, at their JSONPath', () => {
    expect(errorsOf({ transactionType: null })).toEqual([
      { errorName: 'fieldIsNull', jsonPath: '$.paymentCommandId' },
      { errorName: 'fieldIsNull', jsonPath: '$.transactionType' },
    ]);
    expect(errorsOf({ paymentCommandId: '', transactionType: 'settle', reference: null })).toEqual([
      { errorName: 'fieldIsNull', jsonPath: '$.reference' },
      { errorName: 'fieldIsEmpty', jsonPath: '$.paymentCommandId' },
    ]);
  });

  it('names a failed pattern, an out-of-enum string and a wrong type stringFailedRegexCheck', () => {
    expect(errorsOf({ paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA1', transactionType: 'capture' })).toEqual([
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.paymentCommandId' },
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.transactionType' },
    ]);
    expect(errorsOf({ paymentCommandId: 42, transactionType: 'settle' })).toEqual([{ errorName: 'stringFailedRegexCheck', jsonPath: '$.paymentCommandId' }]);
  });

  it('checks nested objects, arrays and integer bounds', () => {
    const fields: Record<string, FieldSpec> = {
      value: { kind: 'object', required: true, fields: { amount: { kind: 'integer', required: true, minimum: 1, maximum: 100 } } },
      lineItems: { kind: 'array', required: true, minItems: 1, items: { kind: 'object', fields: { amount: { kind: 'integer', required: true, minimum: 1 } } } },
    };
    expect(errorsOf({ value: { amount: 0 }, lineItems: [] }, fields)).toEqual([
      { errorName: 'numberIsTooSmall', jsonPath: '$.value.amount' },
      { errorName: 'fieldIsEmpty', jsonPath: '$.lineItems' },
    ]);
    expect(errorsOf({ value: { amount: 101 }, lineItems: [{ amount: 5 }, { amount: 1.5 }] }, fields)).toEqual([
      { errorName: 'numberIsTooLarge', jsonPath: '$.value.amount' },
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.lineItems[1].amount' },
    ]);
  });

  it('lists every problem in the message', () => {
    const result = checkFields({ transactionType: 'x' }, FULFILLMENT);
    expect(result.ok ? '' : result.error.body.message).toMatch(/\$\.paymentCommandId is missing; \$\.transactionType must be one of "settle", "refund"/);
  });
});
