import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractCapture, isValidCaptureExpression } from './capture.ts';

const body = {
  transaction: {
    id: 'p1',
    amount: '100.00',
    'partial-settlement-transaction-ids': ['c1', 'c2'],
    'authorized-transaction-id': null,
    'refund-ids': [],
    retries: 0,
    voided: false,
    'a.b': 'dotted',
  },
  _actions: { partiallySettlePayment: { href: 'http://x/api/payments/abc/partialSettlements', method: 'POST' } },
  errors: [{ code: '91522' }, { code: '81531' }],
};
const response = { status: 201, headers: { 'content-type': 'application/xml', Location: '/transactions/p1' }, body };

describe('extractCapture', () => {
  it('reads the status', () => {
    expect(extractCapture('status', response)).toEqual({ found: true, value: 201 });
  });

  it('reads a header case-insensitively', () => {
    expect(extractCapture('header:location', response)).toEqual({ found: true, value: '/transactions/p1' });
    expect(extractCapture('header: Content-Type', response)).toEqual({ found: true, value: 'application/xml' });
    expect(extractCapture('header:Retry-After', response)).toEqual({ found: false, reason: 'no header "Retry-After" in the response' });
  });

  it('reads plain JSONPaths as the value itself', () => {
    expect(extractCapture('$.transaction.id', response)).toEqual({ found: true, value: 'p1' });
    expect(extractCapture('$._actions.partiallySettlePayment.href', response)).toEqual({
      found: true,
      value: 'http://x/api/payments/abc/partialSettlements',
    });
    expect(extractCapture('$.transaction.partial-settlement-transaction-ids', response)).toEqual({ found: true, value: ['c1', 'c2'] });
    expect(extractCapture("$.transaction['partial-settlement-transaction-ids'][1]", response)).toEqual({ found: true, value: 'c2' });
    expect(extractCapture("$.transaction['a.b']", response)).toEqual({ found: true, value: 'dotted' });
    expect(extractCapture('$.errors[0].code', response)).toEqual({ found: true, value: '91522' });
    expect(extractCapture('$.transaction.refund-ids', response)).toEqual({ found: true, value: [] });
  });

  it('finds falsy values: null, 0, false', () => {
    expect(extractCapture('$.transaction.authorized-transaction-id', response)).toEqual({ found: true, value: null });
    expect(extractCapture('$.transaction.retries', response)).toEqual({ found: true, value: 0 });
    expect(extractCapture('$.transaction.voided', response)).toEqual({ found: true, value: false });
  });

  it('returns every match as an array for wildcards, descent, unions and slices, even when there is one', () => {
    expect(extractCapture('$.errors[*].code', response)).toEqual({ found: true, value: ['91522', '81531'] });
    expect(extractCapture('$..code', response)).toEqual({ found: true, value: ['91522', '81531'] });
    expect(extractCapture('$.errors[0:1]', response)).toEqual({ found: true, value: [{ code: '91522' }] });
    expect(extractCapture('$.errors[0,1].code', response)).toEqual({ found: true, value: ['91522', '81531'] });
    expect(extractCapture('$..partial-settlement-transaction-ids', response)).toEqual({ found: true, value: [['c1', 'c2']] });
    expect(extractCapture('$._actions.*.method', response)).toEqual({ found: true, value: ['POST'] });
  });

  it('is not found when the path matches nothing', () => {
    expect(extractCapture('$.transaction.missing', response)).toEqual({ found: false, reason: '"$.transaction.missing" matched nothing in the body' });
    expect(extractCapture('$.errors[5]', response)).toMatchObject({ found: false });
    expect(extractCapture('$..nothing', response)).toMatchObject({ found: false });
    expect(extractCapture('$.transaction.constructor', response)).toMatchObject({ found: false });
  });

  it('reads .length of arrays and strings (a jsonpath-plus feature)', () => {
    expect(extractCapture('$.transaction.partial-settlement-transaction-ids.length', response)).toEqual({ found: true, value: 2 });
    expect(extractCapture('$.transaction.id.length', response)).toEqual({ found: true, value: 2 });
  });

  it('handles bodies that are absent or falsy', () => {
    expect(extractCapture('$.a', { status: 204, headers: {}, body: undefined })).toEqual({
      found: false,
      reason: 'the response has no decoded body to read "$.a" from',
    });
    expect(extractCapture('$', { status: 200, headers: {}, body: 0 })).toEqual({ found: true, value: 0 });
    expect(extractCapture('$', { status: 200, headers: {}, body: null })).toEqual({ found: true, value: null });
    expect(extractCapture('$.a', { status: 200, headers: {}, body: null })).toMatchObject({ found: false });
    expect(extractCapture('$.a', { status: 200, headers: {}, body: 'text' })).toMatchObject({ found: false });
    expect(extractCapture('$[0]', { status: 200, headers: {}, body: [7] })).toEqual({ found: true, value: 7 });
  });

  it('refuses invalid expressions without evaluating them', () => {
    for (const expression of ['$.errors[?(@.code=="91522")]', '$.errors[(@.length-1)]', 'transaction.id', '$.[', 'header:']) {
      const result = extractCapture(expression, response);
      expect(result.found).toBe(false);
      expect(result.found ? '' : result.reason).toContain('invalid capture expression');
    }
  });

  it('never throws (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `$${s}`), fc.string().map((s) => `$.${s}`)), fc.jsonValue(), (expression, json) => {
        const result = extractCapture(expression, { status: 200, headers: {}, body: json });
        expect(typeof result.found).toBe('boolean');
        if (result.found) expect(isValidCaptureExpression(expression)).toBe(true);
      }),
    );
  });
});

describe('isValidCaptureExpression', () => {
  it('accepts status, header:Name and the JSONPath subset', () => {
    for (const expression of [
      'status',
      'header:Location',
      'header: X-Request-Id',
      '$',
      '$.transaction.id',
      '$.transaction.partial-settlement-transaction-ids[0]',
      "$['transaction']['id']",
      '$["a b"]',
      "$['a:b']",
      '$..code',
      '$..[0]',
      "$..['code']",
      '$.errors[*]',
      '$.*',
      '$.errors[0,2]',
      '$.errors[1:]',
      '$.errors[-1:]',
      '$.errors[::2]',
    ]) {
      expect(isValidCaptureExpression(expression), expression).toBe(true);
    }
  });

  it('refuses everything else, including what jsonpath-plus would read oddly', () => {
    for (const expression of [
      '',
      'Status',
      'header:',
      'header:Bad Name',
      'headers:Location',
      'body',
      'transaction.id',
      '$transaction',
      '$.',
      '$..',
      '$.[',
      '$.a[',
      '$.a]',
      '$.a b',
      '$[a]',
      '$[-1]',
      "$['*']",
      "$['a,b']",
      "$['a;b']",
      "$['$']",
      "$['..']",
      "$['a'b']",
      '$.errors[?(@.code)]',
      '$.errors[(@.length-1)]',
      '$.id~',
      '$.id^',
      '$..@string()',
      '$.a`b',
    ]) {
      expect(isValidCaptureExpression(expression), expression).toBe(false);
    }
  });
});
