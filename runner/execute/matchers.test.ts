import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonPointer } from '../../lib/json-pointer.ts';
import { MATCHER_OPERATORS, matchBody, matchHeaders } from './matchers.ts';

const transaction = {
  transaction: {
    id: 'p1',
    status: 'settlement_pending',
    amount: '100.00',
    'partial-settlement-transaction-ids': ['c1', 'c2'],
    'authorized-transaction-id': null,
    'refund-ids': [],
    retries: 2,
    'credit-card': { 'card-type': 'Visa', bin: '411111', 'last-4': '1111' },
  },
};

const paths = (failures: { path: string }[]): string[] => failures.map((f) => f.path);
const messages = (failures: { message: string }[]): string[] => failures.map((f) => f.message);

describe('matchBody: plain values', () => {
  it('passes on a subset of an object', () => {
    expect(matchBody({ transaction: { status: 'settlement_pending' } }, transaction)).toEqual([]);
    expect(matchBody({}, transaction)).toEqual([]);
  });

  it('reports a changed scalar with its pointer, expected and actual', () => {
    expect(matchBody({ transaction: { status: 'authorized' } }, { transaction: { status: 'voided' } })).toEqual([
      { path: '/transaction/status', expected: 'authorized', actual: 'voided', message: 'expected "authorized", got "voided"' },
    ]);
  });

  it('reports a missing key', () => {
    expect(matchBody({ transaction: { status: 'authorized' } }, { transaction: {} })).toEqual([
      { path: '/transaction/status', expected: 'authorized', actual: undefined, message: 'missing key "status"' },
    ]);
  });

  it('reports every failure, not just the first', () => {
    const failures = matchBody({ transaction: { status: 'authorized', amount: '6.00', id: 'p1' } }, transaction);
    expect(paths(failures)).toEqual(['/transaction/status', '/transaction/amount']);
  });

  it('is strict on scalars: numbers never equal numeric strings', () => {
    expect(messages(matchBody({ n: 6 }, { n: '6' }))).toEqual(['expected 6, got "6"']);
    expect(messages(matchBody({ n: '6.00' }, { n: 6 }))).toEqual(['expected "6.00", got 6']);
    expect(messages(matchBody({ b: true }, { b: 'true' }))).toEqual(['expected true, got "true"']);
    expect(messages(matchBody({ z: null }, { z: 0 }))).toEqual(['expected null, got 0']);
    expect(matchBody({ z: null }, { z: null })).toEqual([]);
  });

  it('treats an expected null as a value, not as absence', () => {
    expect(messages(matchBody({ z: null }, {}))).toEqual(['missing key "z"']);
  });

  it('reports type mismatches for containers', () => {
    expect(messages(matchBody({ a: { b: 1 } }, { a: 'x' }))).toEqual(['expected an object, got "x"']);
    expect(messages(matchBody({ a: { b: 1 } }, { a: [1] }))).toEqual(['expected an object, got an array of length 1']);
    expect(messages(matchBody({ a: [1] }, { a: { 0: 1 } }))).toEqual(['expected an array of length 1, got an object']);
    expect(messages(matchBody({ a: 'x' }, { a: { b: 1 } }))).toEqual(['expected "x", got an object']);
  });

  it('matches arrays element by element with the same length', () => {
    expect(matchBody({ ids: ['c1', 'c2'] }, { ids: ['c1', 'c2'] })).toEqual([]);
    expect(matchBody({ ids: [{ code: '1' }] }, { ids: [{ code: '1', extra: true }] })).toEqual([]);
    expect(matchBody({ ids: ['c1', 'c2'] }, { ids: ['c1', 'c2', 'c3'] })).toEqual([
      { path: '/ids', expected: ['c1', 'c2'], actual: ['c1', 'c2', 'c3'], message: 'expected an array of length 2, got length 3' },
    ]);
    expect(paths(matchBody({ ids: ['c1', 'c2'] }, { ids: ['c2', 'c1'] }))).toEqual(['/ids/0', '/ids/1']);
  });

  it('escapes keys in pointers', () => {
    expect(paths(matchBody({ 'a/b': { 'c~d': 1 } }, { 'a/b': { 'c~d': 2 } }))).toEqual(['/a~1b/c~0d']);
  });

  it('treats an undefined actual as no body', () => {
    expect(matchBody({ a: 1 }, undefined)).toEqual([{ path: '', expected: { a: 1 }, actual: undefined, message: 'expected a value, got nothing' }]);
    expect(matchBody({ $exists: false }, undefined)).toEqual([]);
  });

  it('never reads inherited properties of the actual object', () => {
    expect(messages(matchBody({ constructor: { $exists: true } }, {}))).toEqual(['missing key "constructor"']);
  });

  it('reports an object mixing operators and keys', () => {
    expect(messages(matchBody({ a: { $length: 1, b: 2 } }, { a: { b: 2 } }))).toEqual([
      'cannot mix operators ($length) with keys (b); use $eq to match literal "$" keys',
    ]);
  });

  it('truncates long values in messages', () => {
    const [failure] = matchBody('a'.repeat(500), 'b');
    expect(failure?.message.length).toBeLessThan(120);
    expect(failure?.expected).toBe('a'.repeat(500));
  });
});

describe('matchBody: operators', () => {
  it('exports every operator name', () => {
    expect([...MATCHER_OPERATORS].sort()).toEqual(
      ['$all', '$contains', '$eq', '$exists', '$gt', '$gte', '$length', '$lt', '$lte', '$match', '$ne', '$not', '$oneOf', '$type'].sort(),
    );
  });

  it('reports an unknown operator', () => {
    expect(matchBody({ a: { $regex: 'x' } }, { a: 'x' })).toEqual([
      { path: '/a', expected: { $regex: 'x' }, actual: 'x', message: expect.stringContaining('unknown operator "$regex"') as unknown },
    ]);
    expect(messages(matchBody({ a: { $toString: 1 } }, { a: 'x' }))[0]).toContain('unknown operator "$toString"');
  });

  it('requires every operator of one matcher to pass', () => {
    expect(matchBody({ n: { $gte: 1, $lte: 5 } }, { n: 3 })).toEqual([]);
    expect(messages(matchBody({ n: { $gte: 1, $lte: 5 } }, { n: 6 }))).toEqual(['expected a value <= 5, got 6']);
  });

  describe('$contains', () => {
    const errors = { errors: [{ code: '91522', attribute: 'amount' }, { code: '81531' }] };

    it('passes when some element matches (as a subset, with nested operators)', () => {
      expect(matchBody({ errors: { $contains: { code: '91522' } } }, errors)).toEqual([]);
      expect(matchBody({ errors: { $contains: { code: { $match: '^815' } } } }, errors)).toEqual([]);
      expect(matchBody({ n: { $contains: { $gt: 5 } } }, { n: [1, 7] })).toEqual([]);
      expect(matchBody({ n: { $contains: 'c2' } }, { n: ['c1', 'c2'] })).toEqual([]);
    });

    it('fails when no element matches, naming the closest one', () => {
      const [failure] = matchBody({ errors: { $contains: { code: '91521', attribute: 'amount' } } }, errors);
      expect(failure?.path).toBe('/errors');
      expect(failure?.message).toBe(
        'expected an array containing {"code":"91521","attribute":"amount"}, got none of its 2 elements matches; closest, element 0: expected "91521", got "91522"',
      );
      expect(messages(matchBody({ a: { $contains: 1 } }, { a: [] }))).toEqual(['expected an array containing 1, got an empty array']);
    });

    it('is a substring test on strings', () => {
      expect(matchBody({ m: { $contains: 'too large' } }, { m: 'Settlement amount is too large.' })).toEqual([]);
      expect(messages(matchBody({ m: { $contains: 'too small' } }, { m: 'too large' }))).toEqual(['expected a string containing "too small", got "too large"']);
      expect(messages(matchBody({ m: { $contains: 5 } }, { m: '15' }))).toEqual(['$contains on a string needs a string, got 5']);
    });

    it('fails on other types and on absent keys', () => {
      expect(messages(matchBody({ a: { $contains: 1 } }, { a: 1 }))).toEqual(['expected an array or a string containing 1, got 1']);
      expect(messages(matchBody({ a: { $contains: 1 } }, {}))).toEqual(['missing key "a"']);
    });
  });

  describe('$length', () => {
    it('counts array elements, string characters and object keys', () => {
      expect(matchBody({ ids: { $length: 2 } }, { ids: ['c1', 'c2'] })).toEqual([]);
      expect(matchBody({ s: { $length: 3 } }, { s: 'abc' })).toEqual([]);
      expect(matchBody({ s: { $length: 2 } }, { s: 'a😀' })).toEqual([]);
      expect(matchBody({ o: { $length: 1 } }, { o: { k: 1 } })).toEqual([]);
      expect(matchBody({ e: { $length: 0 } }, { e: [] })).toEqual([]);
    });

    it('fails with a human message per kind', () => {
      expect(matchBody({ ids: { $length: 2 } }, { ids: ['a', 'b', 'c'] })).toEqual([
        { path: '/ids', expected: 2, actual: 3, message: 'expected an array of length 2, got length 3' },
      ]);
      expect(messages(matchBody({ s: { $length: 2 } }, { s: 'abc' }))).toEqual(['expected a string of length 2, got length 3']);
      expect(messages(matchBody({ o: { $length: 2 } }, { o: {} }))).toEqual(['expected an object with 2 keys, got 0']);
      expect(messages(matchBody({ n: { $length: 2 } }, { n: 12 }))).toEqual(['expected an array, string or object with a length, got 12']);
      expect(messages(matchBody({ n: { $length: 2 } }, {}))).toEqual(['missing key "n"']);
    });

    it('accepts a nested matcher', () => {
      expect(matchBody({ ids: { $length: { $gte: 1 } } }, { ids: ['x'] })).toEqual([]);
      expect(messages(matchBody({ ids: { $length: { $gte: 1 } } }, { ids: [] }))).toEqual(['length: expected a value >= 1, got 0']);
      expect(matchBody({ ids: { $length: { $oneOf: [1, 2] } } }, { ids: ['x', 'y'] })).toEqual([]);
    });

    it('rejects an invalid operand', () => {
      expect(messages(matchBody({ a: { $length: -1 } }, { a: [] }))[0]).toContain('invalid $length');
      expect(messages(matchBody({ a: { $length: '2' } }, { a: [1, 2] }))[0]).toContain('invalid $length');
    });
  });

  describe('$match', () => {
    it('tests a regex (unanchored) against strings', () => {
      expect(matchBody({ id: { $match: '^[a-z0-9]+$' } }, { id: 'p1' })).toEqual([]);
      expect(matchBody({ href: { $match: 'payments/' } }, { href: 'https://x/api/payments/abc' })).toEqual([]);
      expect(matchBody({ id: { $match: '^[a-z]+$' } }, { id: 'p1' })).toEqual([
        { path: '/id', expected: '^[a-z]+$', actual: 'p1', message: 'expected a string matching /^[a-z]+$/, got "p1"' },
      ]);
    });

    it('does not match non-strings', () => {
      expect(messages(matchBody({ n: { $match: '^1$' } }, { n: 1 }))).toEqual(['expected a string matching /^1$/, got 1']);
      expect(messages(matchBody({ n: { $match: 'x' } }, {}))).toEqual(['missing key "n"']);
    });

    it('reports an invalid pattern instead of throwing', () => {
      expect(messages(matchBody({ a: { $match: '(' } }, { a: 'x' }))[0]).toMatch(/^invalid regular expression \/\(\/: /);
      expect(messages(matchBody({ a: { $match: 5 } }, { a: '5' }))[0]).toContain('invalid $match');
    });

    it('gives the same answer when a pattern is reused (compiled once, no lastIndex state)', () => {
      for (let i = 0; i < 3; i += 1) expect(matchBody({ a: { $match: 'b' } }, { a: 'abc' })).toEqual([]);
    });
  });

  describe('$exists', () => {
    it('true: passes when present (even null), fails when absent', () => {
      expect(matchBody({ a: { $exists: true } }, { a: null })).toEqual([]);
      expect(matchBody({ a: { $exists: true } }, {})).toEqual([{ path: '/a', expected: { $exists: true }, actual: undefined, message: 'missing key "a"' }]);
    });

    it('false: passes when absent, fails when present', () => {
      expect(matchBody({ foo: { $exists: false } }, { bar: 1 })).toEqual([]);
      expect(matchBody({ foo: { $exists: false } }, { foo: 'x' })).toEqual([
        { path: '/foo', expected: { $exists: false }, actual: 'x', message: 'expected key "foo" to be absent, got "x"' },
      ]);
      expect(messages(matchBody({ foo: { $exists: false } }, { foo: null }))).toEqual(['expected key "foo" to be absent, got null']);
    });

    it('rejects a non-boolean operand', () => {
      expect(messages(matchBody({ a: { $exists: 'yes' } }, { a: 1 }))[0]).toContain('invalid $exists');
    });
  });

  describe('$type', () => {
    const cases: [string, unknown, unknown][] = [
      ['string', 'x', 1],
      ['number', 1.5, '1.5'],
      ['integer', 2, 2.5],
      ['boolean', false, 'false'],
      ['array', [], {}],
      ['object', {}, []],
      ['null', null, 'null'],
    ];
    for (const [type, good, bad] of cases) {
      it(`${type}: passes on ${JSON.stringify(good)}, fails on ${JSON.stringify(bad)}`, () => {
        expect(matchBody({ v: { $type: type } }, { v: good })).toEqual([]);
        expect(matchBody({ v: { $type: type } }, { v: bad })).toHaveLength(1);
      });
    }

    it('counts integers as numbers and accepts a list of types', () => {
      expect(matchBody({ v: { $type: 'number' } }, { v: 3 })).toEqual([]);
      expect(matchBody({ v: { $type: ['string', 'null'] } }, { v: null })).toEqual([]);
      expect(messages(matchBody({ v: { $type: ['string', 'null'] } }, { v: 5 }))).toEqual(['expected a string or null, got 5']);
      expect(messages(matchBody({ v: { $type: 'integer' } }, { v: 6.5 }))).toEqual(['expected an integer, got 6.5']);
    });

    it('reports an unknown type name and an absent key', () => {
      expect(messages(matchBody({ v: { $type: 'decimal' } }, { v: 1 }))[0]).toContain('invalid $type "decimal"');
      expect(messages(matchBody({ v: { $type: 'null' } }, {}))).toEqual(['missing key "v"']);
    });
  });

  describe('$eq', () => {
    it('requires deep equality (not a subset), in any key order', () => {
      expect(matchBody({ a: { $eq: { x: 1, y: [1, { z: 2 }] } } }, { a: { y: [1, { z: 2 }], x: 1 } })).toEqual([]);
      expect(matchBody({ a: { $eq: { x: 1 } } }, { a: { x: 1, y: 2 } })).toEqual([
        { path: '/a/y', expected: undefined, actual: 2, message: 'not equal: unexpected key "y"' },
      ]);
      expect(messages(matchBody({ a: { $eq: { x: 1, y: 2 } } }, { a: { x: 1 } }))).toEqual(['not equal: missing key "y"']);
      expect(matchBody({ a: { $eq: [1, 2] } }, { a: [1, 3] })).toEqual([
        { path: '/a/1', expected: 2, actual: 3, message: 'not equal: expected 2, got 3' },
      ]);
      expect(messages(matchBody({ a: { $eq: [1] } }, { a: [1, 1] }))).toEqual(['not equal: expected an array of length 1, got length 2']);
    });

    it('is strict and treats $ keys in its operand literally', () => {
      expect(messages(matchBody({ a: { $eq: 1 } }, { a: '1' }))).toEqual(['not equal: expected 1, got "1"']);
      expect(matchBody({ a: { $eq: { $ref: '#/x' } } }, { a: { $ref: '#/x' } })).toEqual([]);
      expect(messages(matchBody({ a: { $eq: null } }, {}))).toEqual(['missing key "a"']);
    });
  });

  describe('$ne', () => {
    it('passes when not deep-equal (or absent), fails when equal', () => {
      expect(matchBody({ s: { $ne: 'voided' } }, { s: 'settled' })).toEqual([]);
      expect(matchBody({ s: { $ne: { a: 1 } } }, { s: { a: 1, b: 2 } })).toEqual([]);
      expect(matchBody({ s: { $ne: 'voided' } }, {})).toEqual([]);
      expect(matchBody({ s: { $ne: 'voided' } }, { s: 'voided' })).toEqual([
        { path: '/s', expected: { $ne: 'voided' }, actual: 'voided', message: 'expected anything but "voided"' },
      ]);
      expect(matchBody({ s: { $ne: 6 } }, { s: '6' })).toEqual([]);
    });
  });

  describe('$oneOf', () => {
    it('passes when any value or matcher matches', () => {
      expect(matchBody({ s: { $oneOf: ['settling', 'settled'] } }, { s: 'settled' })).toEqual([]);
      expect(matchBody({ s: { $oneOf: [{ $match: '^sett' }, null] } }, { s: null })).toEqual([]);
      expect(matchBody({ s: { $oneOf: ['x', { $exists: false }] } }, {})).toEqual([]);
    });

    it('fails when none matches', () => {
      expect(matchBody({ s: { $oneOf: ['settling', 'settled'] } }, { s: 'voided' })).toEqual([
        { path: '/s', expected: ['settling', 'settled'], actual: 'voided', message: 'expected one of ["settling","settled"], got "voided"' },
      ]);
      expect(messages(matchBody({ s: { $oneOf: [201] } }, { s: '201' }))).toEqual(['expected one of [201], got "201"']);
      expect(messages(matchBody({ s: { $oneOf: ['a'] } }, {}))).toEqual(['expected one of ["a"], got nothing']);
    });

    it('rejects an empty or non-list operand', () => {
      expect(messages(matchBody({ s: { $oneOf: [] } }, { s: 1 }))[0]).toContain('invalid $oneOf');
      expect(messages(matchBody({ s: { $oneOf: 'a' } }, { s: 'a' }))[0]).toContain('invalid $oneOf');
    });
  });

  describe('$gt $gte $lt $lte', () => {
    it('compare numbers', () => {
      expect(matchBody({ n: { $gt: 1, $gte: 2, $lt: 3, $lte: 2 } }, { n: 2 })).toEqual([]);
      expect(messages(matchBody({ n: { $gt: 2 } }, { n: 2 }))).toEqual(['expected a value > 2, got 2']);
      expect(messages(matchBody({ n: { $gte: 3 } }, { n: 2 }))).toEqual(['expected a value >= 3, got 2']);
      expect(messages(matchBody({ n: { $lt: 2 } }, { n: 2 }))).toEqual(['expected a value < 2, got 2']);
      expect(messages(matchBody({ n: { $lte: 1 } }, { n: 2 }))).toEqual(['expected a value <= 1, got 2']);
    });

    it('compare decimal strings exactly, against numbers or strings', () => {
      expect(matchBody({ a: { $gte: '6.00', $lte: 6 } }, { a: '6' })).toEqual([]);
      expect(matchBody({ a: { $gt: '100.00' } }, { a: '100.01' })).toEqual([]);
      expect(messages(matchBody({ a: { $lte: '100.00' } }, { a: '100.01' }))).toEqual(['expected a value <= "100.00", got "100.01"']);
      expect(matchBody({ a: { $lt: '-0.5' } }, { a: -1 })).toEqual([]);
      expect(matchBody({ a: { $gte: 0.1 } }, { a: '0.10' })).toEqual([]);
      expect(matchBody({ a: { $lte: 0.3 } }, { a: '0.30' })).toEqual([]);
      expect(matchBody({ a: { $gt: '1e3' } }, { a: '1000.0001' })).toEqual([]);
    });

    it('never uses floats: differences beyond double precision still count', () => {
      expect(messages(matchBody({ a: { $lte: '9007199254740993' } }, { a: '9007199254740994' }))).toHaveLength(1);
      expect(messages(matchBody({ a: { $gt: '0.10000000000000000001' } }, { a: '0.1' }))).toHaveLength(1);
      expect(matchBody({ a: { $gt: '0.1' } }, { a: '0.10000000000000000001' })).toEqual([]);
    });

    it('fail on non-numeric actual values and absent keys', () => {
      expect(messages(matchBody({ a: { $gt: 1 } }, { a: 'abc' }))).toEqual(['expected a number or decimal string > 1, got "abc"']);
      expect(messages(matchBody({ a: { $gt: 1 } }, { a: null }))).toEqual(['expected a number or decimal string > 1, got null']);
      expect(messages(matchBody({ a: { $gt: 1 } }, { a: ' 2' }))).toHaveLength(1);
      expect(messages(matchBody({ a: { $gt: 1 } }, { a: '1e999999999' }))).toHaveLength(1);
      expect(messages(matchBody({ a: { $gt: 1 } }, {}))).toEqual(['missing key "a"']);
    });

    it('reject an invalid bound', () => {
      expect(messages(matchBody({ a: { $gt: 'x' } }, { a: 1 }))[0]).toContain('invalid $gt');
      expect(messages(matchBody({ a: { $lte: true } }, { a: 1 }))[0]).toContain('invalid $lte');
    });

    it('agree with BigInt ordering on integers (property)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.nat(6), (a, b, scale) => {
          const text = (n: bigint): string => {
            const sign = n < 0n ? '-' : '';
            const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
            return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
          };
          expect(matchBody({ $gt: text(b) }, text(a)).length === 0).toBe(a > b);
          expect(matchBody({ $lte: text(b) }, text(a)).length === 0).toBe(a <= b);
        }),
      );
    });
  });

  describe('$not', () => {
    it('passes when the inner matcher fails, fails when it passes', () => {
      expect(matchBody({ s: { $not: { $match: '^void' } } }, { s: 'settled' })).toEqual([]);
      expect(matchBody({ s: { $not: 'voided' } }, { s: 'settled' })).toEqual([]);
      expect(matchBody({ s: { $not: { $oneOf: ['a', 'b'] } } }, { s: 'a' })).toEqual([
        { path: '/s', expected: { $not: { $oneOf: ['a', 'b'] } }, actual: 'a', message: 'expected not to match {"$oneOf":["a","b"]}, got "a"' },
      ]);
      expect(matchBody({ s: { $not: { $exists: true } } }, {})).toEqual([]);
      expect(messages(matchBody({ s: { $not: { $exists: true } } }, { s: 1 }))).toHaveLength(1);
    });
  });

  describe('$all', () => {
    it('passes when every matcher passes, and reports each failing one', () => {
      expect(matchBody({ s: { $all: [{ $type: 'string' }, { $match: '^p' }, { $length: 2 }] } }, { s: 'p1' })).toEqual([]);
      expect(messages(matchBody({ s: { $all: [{ $type: 'string' }, { $match: '^q' }, { $length: 3 }] } }, { s: 'p1' }))).toEqual([
        'expected a string matching /^q/, got "p1"',
        'expected a string of length 3, got length 2',
      ]);
      expect(matchBody({ s: { $all: [] } }, { s: 1 })).toEqual([]);
      expect(messages(matchBody({ s: { $all: { $type: 'string' } } }, { s: 1 }))[0]).toContain('invalid $all');
    });
  });

  it('works at the root', () => {
    expect(matchBody({ $type: 'object' }, transaction)).toEqual([]);
    expect(matchBody({ $length: 3 }, [1, 2, 3])).toEqual([]);
    expect(matchBody({ $type: 'array' }, transaction)).toEqual([{ path: '', expected: 'array', actual: transaction, message: 'expected an array, got an object' }]);
  });
});

describe('matchBody: properties', () => {
  // JSON values whose objects have no key starting with `$` (those would be operators).
  const plainJson = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string().filter((k) => !k.startsWith('$')), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('matchBody(x, x) is always empty', () => {
    fc.assert(fc.property(plainJson, (x) => void expect(matchBody(x, structuredClone(x))).toEqual([])));
  });

  it('any subset obtained by dropping object keys matches', () => {
    const prune = (value: unknown, keep: () => boolean): unknown => {
      if (Array.isArray(value)) return value.map((item) => prune(item, keep));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).filter(() => keep()).map(([k, v]) => [k, prune(v, keep)]));
      }
      return value;
    };
    fc.assert(
      fc.property(plainJson, fc.array(fc.boolean(), { minLength: 1 }), (x, bits) => {
        let i = 0;
        const keep = (): boolean => bits[i++ % bits.length] as boolean;
        expect(matchBody(prune(x, keep), x)).toEqual([]);
      }),
    );
  });

  it('a changed leaf is reported at its pointer', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((k) => !k.startsWith('$')), { minLength: 1, maxLength: 4 }), fc.string(), (keys, leaf) => {
        const build = (value: unknown): unknown => keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
        const failures = matchBody(build(leaf), build(`${leaf}!`));
        expect(paths(failures)).toEqual([jsonPointer(keys)]);
      }),
    );
  });
});

describe('matchHeaders', () => {
  const headers = { 'content-type': 'application/xml; charset=utf-8', 'x-apiversion': '6', location: '/t/1' };

  it('compares names case-insensitively and values with matchers', () => {
    expect(matchHeaders({ 'Content-Type': { $match: '^application/xml' }, Location: '/t/1' }, headers)).toEqual([]);
    expect(matchHeaders({ 'CONTENT-TYPE': 'application/json' }, headers)).toEqual([
      { path: 'CONTENT-TYPE', expected: 'application/json', actual: 'application/xml; charset=utf-8', message: 'expected "application/json", got "application/xml; charset=utf-8"' },
    ]);
  });

  it('compares numbers and booleans written in the expectation as strings', () => {
    expect(matchHeaders({ 'X-ApiVersion': 6 }, headers)).toEqual([]);
    expect(matchHeaders({ 'X-ApiVersion': { $oneOf: [5, 6] } }, headers)).toEqual([]);
    expect(matchHeaders({ 'X-ApiVersion': { $gte: 6, $length: 1 } }, headers)).toEqual([]);
    expect(messages(matchHeaders({ 'X-ApiVersion': 7 }, headers))).toEqual(['expected "7", got "6"']);
  });

  it('null means the header must be absent', () => {
    expect(matchHeaders({ 'Set-Cookie': null }, headers)).toEqual([]);
    expect(matchHeaders({ Location: null }, headers)).toEqual([
      { path: 'Location', expected: null, actual: '/t/1', message: 'expected header "Location" to be absent, got "/t/1"' },
    ]);
  });

  it('reports missing headers, and supports $exists', () => {
    expect(matchHeaders({ 'Retry-After': '5' }, headers)).toEqual([
      { path: 'Retry-After', expected: '5', actual: undefined, message: 'missing header "Retry-After"' },
    ]);
    expect(matchHeaders({ 'Retry-After': { $exists: false } }, headers)).toEqual([]);
    expect(messages(matchHeaders({ location: { $exists: false } }, headers))).toEqual(['expected header "location" to be absent, got "/t/1"']);
    expect(messages(matchHeaders({ 'Retry-After': { $exists: true } }, headers))).toEqual(['missing header "Retry-After"']);
  });
});
