/**
 * The pure parts of the Pact module: how each settlekit matcher becomes a Pact matcher (and when that is said to be
 * approximate or impossible), typed XML, the OpenAPI schema's required structure, requests with provider-state
 * injection, regex anchoring, the names of provider states, and reading Pact's verifier output.
 */
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../lib/redact.ts';
import type { Step, Suite } from '../../runner/model/scenario.ts';
import { NoteSink } from '../../runner/pact/expectations.ts';
import { encodeJsonBody } from '../../runner/pact/json-body.ts';
import { CREDENTIALS_PLACEHOLDER, readState, stateName, STEP_HEADER } from '../../runner/pact/naming.ts';
import { loadPact } from '../../runner/pact/pact-runtime.ts';
import { alternativesRegex, toPactRegex } from '../../runner/pact/regex.ts';
import { encodeRequest } from '../../runner/pact/request.ts';
import { schemaExpectation, underExpectation } from '../../runner/pact/schema-expectation.ts';
import { InjectedValue, resolveTemplate, type StepScope } from '../../runner/pact/template-values.ts';
import { mismatchAssertions, parseDuration, pointerOf, verdicts } from '../../runner/pact/verifier-output.ts';
import { encodeXmlBody, parseXmlTree } from '../../runner/pact/xml-body.ts';

const pact = await loadPact();
const m = pact.MatchersV3;
const scope: StepScope = {
  captures: { parent: 'p1', settle: 'http://127.0.0.1:4010/api/payments/abc/partialSettlements', settleMethod: 'POST' },
  vars: { total: '100.00' },
  context: { target: { merchantId: 'mid' }, auth: { basic: 'Basic c2VjcmV0OnNlY3JldA==' }, run: { id: 'run-1' }, scenario: { id: 's/x', uid: 'sk1' } },
};

/** Encodes `expected` against `actual` and returns the Pact body and the notes. */
function json(expected: unknown, actual: unknown): { body: unknown; notes: NoteSink['notes'] } {
  const sink = new NoteSink();
  return { body: encodeJsonBody(resolveTemplate(expected, scope), actual, sink, m), notes: sink.notes };
}

describe('settlekit matchers as Pact JSON matchers', () => {
  it('keeps literals literal and encodes each matcher exactly where Pact can', () => {
    const { body, notes } = json(
      { status: 'authorized', id: { $type: 'string' }, href: { $match: '^https?://' }, code: { $oneOf: ['a', 'b'] }, errors: { $contains: { code: '915' } }, text: { $contains: 'ell' }, list: { $eq: [] } },
      { status: 'authorized', id: 'x1', href: 'http://h/p', code: 'b', errors: [{ code: '1' }, { code: '915', x: 1 }], text: 'hello', list: [], extra: 1 },
    );
    expect(body).toEqual({
      status: 'authorized',
      id: m.like('x1'),
      href: m.regex(toPactRegex('^https?://'), 'http://h/p'),
      code: m.regex(String.raw`\A(?:a|b)\z`, 'b'),
      errors: m.arrayContaining({ code: '915' }),
      text: m.includes('ell'),
      list: m.equal([]),
    });
    expect(notes).toEqual([]);
  });

  it('says what Pact checks otherwise: absent keys, negation, ranges, values from earlier steps', () => {
    const { body, notes } = json(
      { gone: { $exists: false }, other: { $ne: 'x' }, amount: { $gt: 5 }, parent: '{{parent}}', count: { $length: 2 } },
      { other: 'y', amount: 10, parent: 'p2', count: ['a', 'b'] },
    );
    expect(body).toEqual({ other: m.like('y'), amount: m.number(10), parent: m.like('p2'), count: { 'pact:matcher:type': 'type', min: 2, max: 2, value: ['a', 'b'] } });
    expect(notes.map((n) => [n.kind, n.where, n.expectation.split(':')[0]])).toEqual([
      ['not-expressible', 'body /gone', '$exists'],
      ['approximated', 'body /other', '$ne'],
      ['approximated', 'body /amount', '$gt'],
      ['approximated', 'body /parent', 'a value from an earlier step (${parent})'],
      ['approximated', 'body /count', '$length'],
    ]);
  });

  it('encodes $all of $contains as one array-contains with every variant', () => {
    const { body, notes } = json({ history: { $all: [{ $contains: { status: 'a' } }, { $contains: { status: 'c' } }] } }, { history: [{ status: 'a' }, { status: 'b' }, { status: 'c' }] });
    expect(body).toEqual({ history: m.arrayContaining({ status: 'a' }, { status: 'c' }) });
    expect(notes).toEqual([]);
  });
});

describe('typed XML bodies', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<transaction>
  <id>t1</id>
  <amount>40.00</amount>
  <count type="integer">2</count>
  <authorized-transaction-id nil="true"/>
  <ids type="array">
    <item>a</item>
    <item>b</item>
  </ids>
  <errors type="array">
    <error><code>1</code></error>
    <error><code>91504</code></error>
  </errors>
</transaction>`;
  const decoded = { transaction: { id: 't1', amount: '40.00', count: 2, 'authorized-transaction-id': null, ids: ['a', 'b'], errors: [{ code: '1' }, { code: '91504' }] } };

  it('writes literals as text with the typing attributes, and $contains at the reference position', () => {
    const sink = new NoteSink();
    const spec = encodeXmlBody(
      { transaction: { amount: '40.00', count: 2, 'authorized-transaction-id': null, ids: ['a', 'b'], errors: { $contains: { code: '91504' } } } },
      decoded,
      parseXmlTree(xml)!,
      sink,
      m,
    );
    expect(spec.name).toBe('transaction');
    const [amount, count, nil, ids, errors] = spec.children;
    expect(amount).toEqual({ name: 'amount', attributes: {}, children: [], text: '40.00' });
    expect(count).toEqual({ name: 'count', attributes: { type: 'integer' }, children: [], text: '2' });
    expect(nil).toEqual({ name: 'authorized-transaction-id', attributes: { nil: 'true' }, children: [] });
    expect(ids?.children.map((c) => c.text)).toEqual(['a', 'b']);
    expect(errors?.attributes).toEqual({ type: 'array' });
    expect(errors?.children).toEqual([
      { name: 'error', attributes: {}, children: [] },
      { name: 'error', attributes: {}, children: [{ name: 'code', attributes: {}, children: [], text: '91504' }] },
    ]);
    expect(sink.notes.map((n) => n.expectation)).toEqual(['a list', '$contains']);
  });

  it('makes the same calls as the JSON encoder for a union $type, a string $length and an $all it cannot join', () => {
    const expected = { transaction: { id: { $type: ['string', 'null'] }, amount: { $length: { $gte: 1, $lte: 10 } }, ids: { $all: [{ $type: 'array' }, { $length: 2 }] } } };
    const sink = new NoteSink();
    const [id, amount, ids] = encodeXmlBody(expected, decoded, parseXmlTree(xml)!, sink, m).children;
    const fromJson = json(expected.transaction, decoded.transaction);
    expect(id).toEqual({ name: 'id', attributes: {}, children: [], text: m.like('t1') });
    expect(amount).toEqual({ name: 'amount', attributes: {}, children: [], text: m.regex(String.raw`\A[\s\S]{1,10}\z`, '40.00') });
    expect(ids).toEqual({ name: 'ids', attributes: { type: 'array' }, children: [] });
    expect(fromJson.body).toEqual({ id: m.like('t1'), amount: m.regex(String.raw`\A[\s\S]{1,10}\z`, '40.00'), ids: m.like(['a', 'b']) });
    const xmlNotes = sink.notes.map((n) => [n.where, n.expectation, n.pact]);
    expect(xmlNotes).toEqual([
      ['body /transaction/id', '$type: ["string","null"]', "type string (the reference answer's): Pact has no union of types"],
      ['body /transaction/ids', '$all: {"$length":2}', 'not checked: the pact encodes the first matcher of $all only'],
    ]);
    expect(fromJson.notes.map((n) => [n.where, n.expectation, n.pact])).toEqual(xmlNotes.map(([where, ...rest]) => [where!.replace('/transaction', ''), ...rest]));
  });
});

describe('the OpenAPI schema under the step', () => {
  const schemas: Record<string, unknown> = {
    Response: { type: 'object', required: ['outcome', 'paymentId', '_links'], properties: { outcome: { enum: ['sentForSettlement'] }, paymentId: { type: 'string', pattern: '^[a-z]+$' }, _links: { $ref: '#/L' }, optional: { type: 'string' } } },
    L: { type: 'object', required: ['self'], properties: { self: { type: 'object', required: ['href'], properties: { href: { type: 'string' } } } } },
    Nullable: { oneOf: [{ type: 'string', pattern: '^t' }, { type: 'null' }] },
  };
  const resolve = (node: unknown): unknown => (node && typeof node === 'object' && '$ref' in node ? schemas[String((node as { $ref: string }).$ref).slice(2)] : node);

  it('becomes an expectation of every required property, by type, pattern and enum', () => {
    const actual = { outcome: 'sentForSettlement', paymentId: 'abc', _links: { self: { href: 'http://x' } }, optional: 'o' };
    expect(schemaExpectation(schemas.Response, actual, resolve)).toEqual({ outcome: { $oneOf: ['sentForSettlement'] }, paymentId: { $match: '^[a-z]+$' }, _links: { self: { href: { $type: 'string' } } } });
    expect(schemaExpectation(schemas.Nullable, null, resolve)).toBeNull();
    expect(schemaExpectation(schemas.Nullable, 't1', resolve)).toEqual({ $match: '^t' });
  });

  it('lies under the step\'s own expectation, which wins where both speak', () => {
    const merged = underExpectation({ outcome: 'sentForSettlement', _links: { $exists: true } }, { outcome: { $oneOf: ['x'] }, paymentId: { $type: 'string' }, _links: { self: {} } });
    expect(merged).toEqual({ outcome: 'sentForSettlement', paymentId: { $type: 'string' }, _links: { $exists: true } });
    const injected = underExpectation(new InjectedValue('${parent}', 'p1', ['parent']), { $match: '^p' });
    expect(injected).toBeInstanceOf(InjectedValue);
    expect((injected as InjectedValue).fallback).toEqual({ $match: '^p' });
  });
});

describe('requests', () => {
  const suite = { id: 's', defaults: { params: { merchantId: '{{target.merchantId}}' }, headers: { Authorization: '{{auth.basic}}', 'Content-Type': 'application/json' } } } as unknown as Suite;
  const step = (fields: Partial<Step>): Step => ({ name: 'n', params: {}, query: {}, headers: {}, expect: {}, capture: {}, rules: [], repeat: 1, position: { file: 'f', line: 1, column: 1 }, action: { kind: 'operation', operation: 'op' }, ...fields });
  const operation = { operationId: 'op', method: 'POST', path: '/merchants/{merchantId}/transactions/{id}/void', pathParams: ['merchantId', 'id'], statuses: ['200'] };

  it('injects captured path parameters and body values, and puts a placeholder for the credentials', () => {
    const encoded = encodeRequest({ scenarioId: 's/x', stepNumber: 2, step: step({ params: { id: '{{parent}}' }, body: { ref: '{{scenario.uid}}-1', total: '{{total}}' } }), suite, operation, scope, baseUrl: 'http://127.0.0.1:4010' }, m);
    if (!encoded.ok) throw new Error(encoded.reason);
    expect(encoded.request.path).toEqual(m.fromProviderState('/merchants/${target.merchantId}/transactions/${parent}/void', '/merchants/mid/transactions/p1/void'));
    expect(encoded.request.body).toEqual({ kind: 'json', value: { ref: m.fromProviderState('${scenario.uid}-1', 'sk1-1'), total: '100.00' } });
    expect(encoded.request.headers).toMatchObject({ Authorization: CREDENTIALS_PLACEHOLDER, [STEP_HEADER]: 's/x#2' });
    expect(encoded.example).toEqual({ method: 'POST', target: '/merchants/mid/transactions/p1/void', headers: { Authorization: CREDENTIALS_PLACEHOLDER, 'Content-Type': 'application/json', [STEP_HEADER]: 's/x#2' }, body: '{"ref":"sk1-1","total":"100.00"}' });
    expect(encoded.injects).toEqual(['target.merchantId', 'parent', 'scenario.uid']);
    expect(JSON.stringify(encoded)).not.toContain('c2VjcmV0');
  });

  it('follows a captured link by its path, and fixes a captured method', () => {
    const encoded = encodeRequest({ scenarioId: 's/x', stepNumber: 3, step: step({ action: { kind: 'follow', href: '{{settle}}', method: '{{settleMethod}}' } }), suite, scope, baseUrl: 'http://127.0.0.1:4010' }, m);
    if (!encoded.ok) throw new Error(encoded.reason);
    expect(encoded.request.path).toEqual(m.fromProviderState('${settle.path}', '/api/payments/abc/partialSettlements'));
    expect(encoded.request.method).toBe('POST');
    expect(encoded.fixed).toEqual(['${settleMethod} is POST']);
  });

  it('refuses what Pact cannot carry, with the reason', () => {
    const refuse = (fields: Partial<Step>, headers?: Record<string, unknown>): string => {
      const encoded = encodeRequest({ scenarioId: 's/x', stepNumber: 1, step: step({ ...fields, ...(headers ? { headers } : {}) }), suite, operation, scope, baseUrl: 'http://h' }, m);
      return encoded.ok ? 'accepted' : encoded.reason;
    };
    expect(refuse({ params: { id: 'x' }, body: '{' })).toMatch(/not valid JSON but is sent as application\/json/);
    expect(refuse({ params: { id: 'x' }, body: '42' })).toMatch(/bare number/);
    expect(refuse({ params: { id: 'x' }, body: { a: 1 } }, { 'Content-Type': null })).toMatch(/without a Content-Type header/);
    expect(refuse({ params: { id: 'x' }, body: 'id={{parent}}' }, { 'Content-Type': 'text/plain' })).toMatch(/raw body holds values from earlier steps/);
    expect(refuse({ params: { id: 'x' }, body: { user: '{{auth.basic}}' } })).toMatch(/credentials/);
    expect(refuse({ params: { id: 'x' }, body: '[{"id":"{{parent}}"}]' })).toBe('accepted');
  });
});

describe('regex anchoring', () => {
  /** What a Pact regex accepts, checked with JavaScript: `\A`/`\z` are string anchors, and the match spans the value. */
  const pactAccepts = (pactRegex: string, value: string): boolean => new RegExp(`^(?:${pactRegex.replaceAll('\\A', '^').replaceAll('\\z', '$')})$`).test(value);

  it.each([
    ['^https?://', ['http://x', 'https://y/z'], ['xhttp://', 'ftp://']],
    ['abc$', ['xxabc'], ['abcx']],
    ['[\\^$]', ['a^b', 'a$'], ['ab']],
    ['\\$\\d', ['cost $5'], ['cost 5']],
    ['^$', [''], ['a']],
  ])('%s accepts what JavaScript finds, and only that', (pattern, yes, no) => {
    for (const value of [...yes, ...no]) expect(pactAccepts(toPactRegex(pattern), value), value).toBe(new RegExp(pattern).test(value));
  });

  it('matches exactly the alternatives of a $oneOf', () => {
    expect(pactAccepts(alternativesRegex(['a.b', 'c']), 'a.b')).toBe(true);
    expect(pactAccepts(alternativesRegex(['a.b', 'c']), 'axb')).toBe(false);
  });
});

describe('provider state names', () => {
  it('read back only settlekit states, consistent with their params', () => {
    const params = { kit: 'settlekit', scenarioId: 's/x', stepNumber: 2, stepName: 'n', replays: ['a'], injects: [] };
    expect(readState(stateName('s/x', 2), params)).toEqual({ ok: true, params });
    expect(readState('a payment exists', {})).toMatchObject({ ok: false, reason: expect.stringMatching(/not a settlekit state/) });
    expect(readState(stateName('s/x', 3), params)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match its params/) });
  });
});

describe("Pact's verifier output", () => {
  it('gives each interaction its verdict, Pact\'s mismatches as assertions (status first), and durations', () => {
    const output = {
      result: false,
      interactionResults: [
        { description: 'a', result: 'OK', duration: '82ms' },
        { description: 'b', result: 'Error', duration: '1.5s' },
      ],
      errors: [
        {
          interaction: 'Verifying a pact between c and p Given s - b',
          mismatch: {
            type: 'mismatches',
            mismatches: [
              { type: 'BodyMismatch', path: "$.transaction['status-history'][0].#text", expected: '"x"', actual: '"y"', mismatch: "Expected 'y' to be equal to 'x'" },
              { type: 'StatusMismatch', expected: 422, actual: 200, mismatch: 'expected 422 but was 200' },
            ],
          },
        },
      ],
    };
    const found = verdicts(output, ['a', 'b', 'c']);
    expect(found.get('a')).toEqual({ result: 'passed', durationMs: 82 });
    expect(found.get('c')).toBeUndefined();
    const b = found.get('b');
    expect(b?.durationMs).toBe(1500);
    if (b?.result !== 'mismatches') throw new Error('expected mismatches');
    expect(mismatchAssertions(b.mismatches, createRedactor())).toEqual([
      { kind: 'status', passed: false, path: '', expected: 422, actual: 200, message: 'Pact: expected 422 but was 200' },
      { kind: 'body', passed: false, path: '/transaction/status-history/0', expected: 'x', actual: 'y', message: "Pact: Expected 'y' to be equal to 'x'" },
    ]);
    expect(pointerOf('$.a.b~c/d')).toBe('/a/b~0c~1d');
    expect(parseDuration('950µs')).toBe(0.95);
  });
});
