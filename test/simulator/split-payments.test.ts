/**
 * The Worldpay Split Payments façade of the reference simulator, over HTTP. Every answer of a /splitPayments request is
 * also validated against specs/worldpay-split-payments-2025-06-25.openapi.yaml, so the simulator and the spec cannot
 * drift apart; money movements are checked on the shared ledger and through the Worldpay Payments API.
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.ts';
import { loadOpenApi } from '../../runner/spec/openapi-index.ts';
import { basic, specCheckedClient, type Reply } from '../helpers/spec-checked-client.ts';
import { useSimulator } from '../helpers/simulator.ts';

const SPEC = fileURLToPath(new URL('../../specs/worldpay-split-payments-2025-06-25.openapi.yaml', import.meta.url));
const spec = loadOpenApi(SPEC);

const running = useSimulator({ resetEach: true });

const callUrl = specCheckedClient({
  spec,
  checkedPrefix: '/splitPayments',
  headers: { authorization: basic('settlekit', 'settlekit'), 'wp-api-version': '2025-06-25', 'content-type': 'application/json', accept: 'application/json' },
});
/** One request to a path of the simulator; `headers` override the defaults, a `null` header is left out. */
const call = (method: string, path: string, body?: unknown, headers: Record<string, string | null> = {}): Promise<Reply> => callUrl(method, `${running.url}${path}`, body, headers);

/** Authorizes `amount` GBP through the Payments API; answers its commandId and self link. */
async function authorize(amount = 1000): Promise<{ commandId: string; self: string }> {
  const reply = await call(
    'POST',
    '/api/payments',
    {
      transactionReference: `ref-${Math.random().toString(36).slice(2)}`,
      merchant: { entity: 'default' },
      instruction: {
        narrative: { line1: 'settlekit' },
        value: { currency: 'GBP', amount },
        paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 } },
      },
    },
    { 'wp-api-version': '2024-06-01' },
  );
  expect(reply.status).toBe(201);
  return { commandId: reply.body.commandId, self: new URL(reply.body._links.self.href).pathname };
}

function splitBody(commandId: string, amounts: readonly number[] = [600, 400], total = 1000, extra: Record<string, unknown> = {}) {
  return {
    reference: 'order 1',
    description: 'two parties',
    fulfillment: { auto: false, paymentCommandId: commandId },
    merchant: { entity: 'default' },
    value: { currency: 'GBP', totalAmount: total },
    lineItems: amounts.map((amount, i) => ({ itemReference: `item-${i + 1}`, partyReference: `party-${i + 1}`, amount })),
    ...extra,
  };
}

interface Split {
  commandId: string;
  self: string;
  id: string;
  items: string[];
}

/** Authorizes 10.00 GBP and splits it 6.00 + 4.00. */
async function split(amounts: readonly number[] = [600, 400]): Promise<Split> {
  const payment = await authorize();
  const reply = await call('POST', '/splitPayments', splitBody(payment.commandId, amounts));
  expect(reply.status).toBe(201);
  return { ...payment, id: reply.body.splitPaymentId, items: reply.body.lineItems.map((i: { itemId: string }) => i.itemId) };
}

const itemPath = (s: Split, index: number) => `/splitPayments/${s.id}/items/${s.items[index]}/fulfillments`;
const fulfill = (s: Split, index: number, transactionType: string, extra: Record<string, unknown> = {}) =>
  call('POST', itemPath(s, index), { paymentCommandId: s.commandId, transactionType, ...extra });
const statesOf = async (s: Split) =>
  (await call('GET', `/splitPayments/${s.id}`)).body.lineItems.map((i: { status: string; settledAmount: number; refundedAmount: number }) => [
    i.status,
    i.settledAmount,
    i.refundedAmount,
  ]);

/** The ledger's view of the split payment's payment: settled and refunded minor units. */
function ledgerOf(s: Split): { settled: number; refunded: number; journal: string[] } {
  const payment = running.sim.ledger.worldpay.findByCommandId(s.commandId);
  const authId = payment?.authorizationId ?? '';
  return {
    settled: running.sim.ledger.payments.capturedAmount(authId),
    refunded: running.sim.ledger.payments.refundedAmount(authId),
    journal: running.sim.ledger.payments.entries(authId).map((e) => `${e.kind}:${e.amount}`),
  };
}

describe('creating a split payment', () => {
  it('answers 201 with a spl…0 id, one itm…0 itemId per line item in order, and a self link', async () => {
    const { commandId } = await authorize();
    const reply = await call('POST', '/splitPayments', splitBody(commandId, [500, 300, 200]));
    expect(reply.status).toBe(201);
    expect(reply.body.splitPaymentId).toMatch(/^spl[a-z0-9]{21}0$/);
    expect(reply.body.lineItems).toEqual([
      { itemId: expect.stringMatching(/^itm[a-z0-9]{21}0$/), itemReference: 'item-1', partyReference: 'party-1', amount: 500 },
      { itemId: expect.stringMatching(/^itm[a-z0-9]{21}0$/), itemReference: 'item-2', partyReference: 'party-2', amount: 300 },
      { itemId: expect.stringMatching(/^itm[a-z0-9]{21}0$/), itemReference: 'item-3', partyReference: 'party-3', amount: 200 },
    ]);
    expect(new Set(reply.body.lineItems.map((i: { itemId: string }) => i.itemId)).size).toBe(3);
    expect(reply.body._links.self.href).toBe(`${running.url}/splitPayments/${reply.body.splitPaymentId}`);
  });

  it('moves no money and answers every item pending on the query', async () => {
    const s = await split();
    const query = await call('GET', `/splitPayments/${s.id}`);
    expect(query.status).toBe(200);
    expect(query.body).toMatchObject({
      splitPaymentId: s.id,
      reference: 'order 1',
      fulfillment: { auto: false, paymentCommandId: s.commandId },
      merchant: { entity: 'default' },
      value: { currency: 'GBP', totalAmount: 1000 },
    });
    expect(await statesOf(s)).toEqual([
      ['pending', 0, 0],
      ['pending', 0, 0],
    ]);
    expect(ledgerOf(s).journal).toEqual(['authorize:1000']);
  });

  it.each([
    ['items add up to less than the total', [500, 400], 1000, 'numberIsTooLarge', '$.value.totalAmount'],
    ['items add up to more than the total', [600, 500], 1000, 'numberIsTooSmall', '$.value.totalAmount'],
    ['the total is above the authorization', [600, 600], 1200, 'numberIsTooLarge', '$.value.totalAmount'],
  ] as const)('refuses a split whose %s', async (_case, amounts, total, errorName, jsonPath) => {
    const { commandId } = await authorize();
    const reply = await call('POST', '/splitPayments', splitBody(commandId, amounts, total));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ errorName: 'bodyDoesNotMatchSchema', validationErrors: [{ errorName, jsonPath }] });
  });

  it('refuses another currency, an unknown or later commandId, a refused payment, and a second split', async () => {
    const { commandId } = await authorize();
    const eur = splitBody(commandId);
    eur.value.currency = 'EUR';
    expect((await call('POST', '/splitPayments', eur)).body.validationErrors).toEqual([{ errorName: 'stringFailedRegexCheck', jsonPath: '$.value.currency' }]);
    const unknown = await call('POST', '/splitPayments', splitBody('cmdAAAAAAAAAAAAAAAAAAAAA0'));
    expect(unknown.status).toBe(400);
    expect(unknown.body).not.toHaveProperty('validationErrors');
    expect((await call('POST', '/splitPayments', splitBody(commandId))).status).toBe(201);
    const again = await call('POST', '/splitPayments', splitBody(commandId));
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/already split/);
  });

  it('refuses a payment with nothing left to settle, and names a payment by its authorization commandId only', async () => {
    const { commandId, self } = await authorize();
    const settled = await call('POST', `${self}/settlements`, undefined, { 'wp-api-version': '2024-06-01', 'content-type': null });
    expect(settled.status).toBe(202);
    expect((await call('POST', '/splitPayments', splitBody(commandId))).status).toBe(400);
    expect((await call('POST', '/splitPayments', splitBody(settled.body.commandId))).status).toBe(400);
  });

  it('checks every field with the documented validation names', async () => {
    const { commandId } = await authorize();
    const reply = await call('POST', '/splitPayments', {
      reference: 'order#1',
      description: 'x'.repeat(51),
      fulfillment: { auto: 'no', paymentCommandId: commandId },
      merchant: { entity: '' },
      value: { currency: 'GBP', totalAmount: 0 },
      lineItems: [{ itemReference: 'a', partyReference: null, amount: 0 }],
    });
    expect(reply.status).toBe(400);
    expect(reply.body.validationErrors).toEqual([
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.reference' },
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.description' },
      { errorName: 'stringFailedRegexCheck', jsonPath: '$.fulfillment.auto' },
      { errorName: 'fieldIsEmpty', jsonPath: '$.merchant.entity' },
      { errorName: 'numberIsTooSmall', jsonPath: '$.value.totalAmount' },
      { errorName: 'fieldIsNull', jsonPath: '$.lineItems[0].partyReference' },
      { errorName: 'numberIsTooSmall', jsonPath: '$.lineItems[0].amount' },
    ]);
    const empty = await call('POST', '/splitPayments', { ...splitBody(commandId), lineItems: [] });
    expect(empty.body.validationErrors).toEqual([{ errorName: 'fieldIsEmpty', jsonPath: '$.lineItems' }]);
  });
});

describe('item fulfillment', () => {
  it('settles one item as a partial settlement of its amount, then refunds it (SP-FF-01, SP-LG-01)', async () => {
    const s = await split();
    const settled = await fulfill(s, 0, 'settle');
    expect(settled).toMatchObject({ status: 201, body: { fulfillment: 'fulfilled' } });
    expect(ledgerOf(s)).toMatchObject({ settled: 600, refunded: 0 });
    expect(await statesOf(s)).toEqual([
      ['settled', 600, 0],
      ['pending', 0, 0],
    ]);
    const payment = await call('GET', s.self, undefined, { 'wp-api-version': '2024-06-01' });
    expect(payment.body.lastEvent).toBe('sentForSettlement');

    const refunded = await fulfill(s, 0, 'refund', { reference: 'return-1', description: 'optional description of fulfillment' });
    expect(refunded).toMatchObject({ status: 201, body: { fulfillment: 'fulfilled' } });
    expect(ledgerOf(s)).toMatchObject({ settled: 600, refunded: 600 });
    expect(await statesOf(s)).toEqual([
      ['refunded', 600, 600],
      ['pending', 0, 0],
    ]);
    expect((await call('GET', s.self, undefined, { 'wp-api-version': '2024-06-01' })).body.lastEvent).toBe('sentForPartialRefund');
  });

  it('fulfills two items independently', async () => {
    const s = await split();
    await fulfill(s, 1, 'settle');
    expect(await statesOf(s)).toEqual([
      ['pending', 0, 0],
      ['settled', 400, 0],
    ]);
    await fulfill(s, 0, 'settle');
    await fulfill(s, 1, 'refund');
    expect(await statesOf(s)).toEqual([
      ['settled', 600, 0],
      ['refunded', 400, 400],
    ]);
    expect(ledgerOf(s).journal).toEqual(['authorize:1000', 'capture:400', 'capture:600', 'close:0', 'refund:400']);
  });

  it('shares the ledger with the Payments API: a split item counts against what can still be settled', async () => {
    const s = await split();
    await fulfill(s, 0, 'settle');
    const payment = await call('GET', s.self, undefined, { 'wp-api-version': '2024-06-01' });
    const settleHref = new URL(payment.body._actions.partiallySettlePayment.href).pathname;
    const tooMuch = await call('POST', settleHref, { reference: 'direct', value: { currency: 'GBP', amount: 401 } }, { 'wp-api-version': '2024-06-01' });
    expect(tooMuch.status).toBe(400);
    // The 4.00 left belongs to item 2; settling it directly makes the item's own settlement fail, and the item stays pending.
    expect((await call('POST', settleHref, { reference: 'direct', value: { currency: 'GBP', amount: 400 } }, { 'wp-api-version': '2024-06-01' })).status).toBe(202);
    const item2 = await fulfill(s, 1, 'settle');
    expect(item2.status).toBe(400);
    expect(item2.body.errorName).toBe('bodyDoesNotMatchSchema');
    expect(await statesOf(s)).toEqual([
      ['settled', 600, 0],
      ['pending', 0, 0],
    ]);
  });

  it('refuses a refund before settle and changes nothing (SP-FF-08)', async () => {
    const s = await split();
    const reply = await fulfill(s, 0, 'refund');
    expect(reply.status).toBe(400);
    expect(reply.body.errorName).toBe('bodyDoesNotMatchSchema');
    expect(reply.body).not.toHaveProperty('validationErrors');
    expect(ledgerOf(s).journal).toEqual(['authorize:1000']);
  });

  it('answers 201 to a repeated fulfillment and moves no money again (SP-FF-10)', async () => {
    const s = await split();
    for (const type of ['settle', 'settle', 'refund', 'refund', 'settle']) expect((await fulfill(s, 0, type)).status).toBe(201);
    expect(ledgerOf(s)).toMatchObject({ settled: 600, refunded: 600, journal: ['authorize:1000', 'capture:600', 'refund:600'] });
  });

  it("refuses another payment's commandId and moves nothing (SP-FF-14)", async () => {
    const s = await split();
    const other = await authorize();
    const reply = await call('POST', itemPath(s, 0), { paymentCommandId: other.commandId, transactionType: 'settle' });
    expect(reply.status).toBe(400);
    expect(reply.body).not.toHaveProperty('validationErrors');
    expect(ledgerOf(s).journal).toEqual(['authorize:1000']);
  });

  it('settling every item settles the whole total and closes the authorization', async () => {
    const s = await split();
    await fulfill(s, 0, 'settle');
    await fulfill(s, 1, 'settle');
    expect(ledgerOf(s).settled).toBe(1000);
    const payment = await call('GET', s.self, undefined, { 'wp-api-version': '2024-06-01' });
    expect(payment.body._actions).not.toHaveProperty('partiallySettlePayment');
  });
});

describe('fulfilling all items at once', () => {
  it('settles the pending items in one settlement, refuses a refund while one is pending, then refunds all', async () => {
    const s = await split();
    await fulfill(s, 0, 'settle');
    const early = await call('POST', `/splitPayments/${s.id}/fulfillments`, { paymentCommandId: s.commandId, transactionType: 'refund' });
    expect(early.status).toBe(400);
    expect(ledgerOf(s).refunded).toBe(0);
    const all = await call('POST', `/splitPayments/${s.id}/fulfillments`, { paymentCommandId: s.commandId, transactionType: 'settle' });
    expect(all).toMatchObject({ status: 201, body: { fulfillment: 'fulfilled' } });
    expect(ledgerOf(s).journal).toEqual(['authorize:1000', 'capture:600', 'capture:400', 'close:0']);
    const refund = await call('POST', `/splitPayments/${s.id}/fulfillments`, { paymentCommandId: s.commandId, transactionType: 'refund' });
    expect(refund.status).toBe(201);
    expect(await statesOf(s)).toEqual([
      ['refunded', 600, 600],
      ['refunded', 400, 400],
    ]);
    expect(ledgerOf(s).refunded).toBe(1000);
  });
});

describe('the documented errors', () => {
  const VALID = (s: Split) => ({ paymentCommandId: s.commandId, transactionType: 'settle' });

  it.each([
    ['an empty body', '', 'bodyIsEmpty'],
    ['whitespace only', '  \n', 'bodyIsEmpty'],
    ['"{"', '{', 'bodyIsNotJson'],
    ['a JSON array', '[{"transactionType":"settle"}]', 'bodyDoesNotMatchSchema'],
  ])('answers %s with 400 %s and moves nothing', async (_case, body, errorName) => {
    const s = await split();
    const reply = await call('POST', itemPath(s, 0), body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ errorName, message: expect.any(String) });
    expect(ledgerOf(s).journal).toEqual(['authorize:1000']);
  });

  it.each([
    ['an empty paymentCommandId', { paymentCommandId: '', transactionType: 'settle' }, 'fieldIsEmpty', '$.paymentCommandId'],
    ['a paymentCommandId ending in 1', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA1', transactionType: 'settle' }, 'stringFailedRegexCheck', '$.paymentCommandId'],
    ['a 24-character paymentCommandId', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAA0', transactionType: 'settle' }, 'stringFailedRegexCheck', '$.paymentCommandId'],
    ['a null transactionType', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA0', transactionType: null }, 'fieldIsNull', '$.transactionType'],
    ['a transactionType outside the enum', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA0', transactionType: 'capture' }, 'stringFailedRegexCheck', '$.transactionType'],
    ['no transactionType', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA0' }, 'fieldIsNull', '$.transactionType'],
    ['a null reference', { paymentCommandId: 'cmdAAAAAAAAAAAAAAAAAAAAA0', transactionType: 'settle', reference: null }, 'fieldIsNull', '$.reference'],
  ])('answers %s with 400 bodyDoesNotMatchSchema at its jsonPath', async (_case, body, errorName, jsonPath) => {
    const s = await split();
    const reply = await call('POST', itemPath(s, 0), body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ errorName: 'bodyDoesNotMatchSchema', message: expect.any(String), validationErrors: [{ errorName, jsonPath }] });
  });

  it.each([
    ['no Authorization', { authorization: null }, 'headerIsMissing'],
    ['a Bearer token', { authorization: 'Bearer x' }, 'headerHasInvalidValue'],
    ['a wrong password', { authorization: basic('settlekit', 'nope') }, 'unauthorizedAccess'],
    ['a wrong user', { authorization: basic('someone', 'settlekit') }, 'unauthorizedAccess'],
  ])('answers %s with 401 %s', async (_case, headers, errorName) => {
    const s = await split();
    const reply = await call('POST', itemPath(s, 0), VALID(s), headers);
    expect(reply).toMatchObject({ status: 401, body: { errorName, message: expect.any(String) } });
    expect(ledgerOf(s).settled).toBe(0);
  });

  it('accepts the credentials the simulator is configured with', async () => {
    const custom = createSimulator({ worldpay: { username: 'merchant', password: 's3cret' } });
    const url = await custom.listen();
    try {
      const reply = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${url}/splitPayments/spl0/items/itm0/fulfillments`, {
          method: 'POST',
          headers: { 'wp-api-version': '2025-06-25', 'content-type': 'application/json', accept: 'application/json', authorization: basic('merchant', 's3cret') },
          agent: false,
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{}');
      });
      expect(reply).toBe(406); // past authentication: the split payment is unknown
    } finally {
      await custom.close();
    }
  });

  it.each([
    ['no WP-Api-Version', { 'wp-api-version': null }, 400, 'headerIsMissing'],
    ['a WP-Api-Version that is not a date', { 'wp-api-version': 'latest' }, 400, 'headerHasInvalidValue'],
    ['another version', { 'wp-api-version': '2024-06-01' }, 406, 'headerHasInvalidValue'],
    ['no Content-Type', { 'content-type': null }, 400, 'headerIsMissing'],
    ['Content-Type text/plain', { 'content-type': 'text/plain' }, 415, 'headerHasInvalidValue'],
    ['version before Content-Type', { 'wp-api-version': '2024-06-01', 'content-type': 'text/plain' }, 406, 'headerHasInvalidValue'],
    ['credentials before version', { authorization: null, 'wp-api-version': '2024-06-01' }, 401, 'headerIsMissing'],
  ])('answers %s with %i %s', async (_case, headers, status, errorName) => {
    const s = await split();
    const reply = await call('POST', itemPath(s, 0), VALID(s), headers);
    expect(reply).toMatchObject({ status, body: { errorName, message: expect.any(String) } });
    expect(ledgerOf(s).settled).toBe(0);
  });

  it('accepts application/json with a charset', async () => {
    const s = await split();
    expect((await call('POST', itemPath(s, 0), VALID(s), { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
  });

  it('answers 406 urlContainsInvalidValue for an unknown split payment, item or route, before looking at the body', async () => {
    const s = await split();
    const other = await split([1000]);
    const paths = [
      `/splitPayments/spl${'0'.repeat(22)}/items/${s.items[0]}/fulfillments`,
      `/splitPayments/${s.id}/items/itm${'0'.repeat(22)}/fulfillments`,
      `/splitPayments/${s.id}/items/${other.items[0]}/fulfillments`,
      `/splitPayments/${s.id}/items/${s.items[0]}`,
      `/splitPayments/${s.id}/refunds`,
    ];
    for (const path of paths) {
      const reply = await call('POST', path, '');
      expect([path, reply.status, reply.body.errorName]).toEqual([path, 406, 'urlContainsInvalidValue']);
    }
    expect((await call('GET', `/splitPayments/spl${'0'.repeat(22)}`)).status).toBe(406);
    expect((await call('DELETE', `/splitPayments/${s.id}`)).status).toBe(406);
    expect(ledgerOf(s).settled).toBe(0);
  });

  it('answers an injected fault with 500 internalErrorOccurred, once', async () => {
    const s = await split();
    const control = await call('POST', '/__settlekit/faults/next-request', { status: 500 }, { authorization: null, 'wp-api-version': null });
    expect(control.status).toBe(200);
    const failed = await fulfill(s, 0, 'settle');
    expect(failed).toMatchObject({ status: 500, body: { errorName: 'internalErrorOccurred', message: expect.any(String) } });
    expect(Object.keys(failed.body).sort()).toEqual(['errorName', 'message']);
    expect(ledgerOf(s).settled).toBe(0);
    expect((await fulfill(s, 0, 'settle')).status).toBe(201);
  });

  it('forgets split payments on reset', async () => {
    const s = await split();
    await call('POST', '/__settlekit/reset', undefined, { authorization: null });
    expect((await call('GET', `/splitPayments/${s.id}`)).status).toBe(406);
  });
});
