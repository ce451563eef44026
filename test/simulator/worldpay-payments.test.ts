/**
 * The Worldpay Payments façade of the reference simulator, over HTTP: every response is also validated against
 * specs/worldpay-payments-2024-06-01.openapi.yaml, so the simulator and the spec cannot drift apart.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../simulator/index.ts';
import { loadOpenApi } from '../../runner/spec/openapi-index.ts';
import { basic, specCheckedClient, type Reply } from '../helpers/spec-checked-client.ts';
import { useSimulator } from '../helpers/simulator.ts';

const SPEC = fileURLToPath(new URL('../../specs/worldpay-payments-2024-06-01.openapi.yaml', import.meta.url));
const spec = loadOpenApi(SPEC);

const running = useSimulator({ resetEach: true });

const call = specCheckedClient({
  spec,
  checkedPrefix: '/api/payments',
  headers: { authorization: basic('settlekit', 'settlekit'), 'wp-api-version': '2024-06-01', 'content-type': 'application/json', accept: 'application/json' },
});

function authorizeBody(overrides: { amount?: number; currency?: string; cardHolderName?: string } = {}) {
  return {
    transactionReference: `ref-${Math.random().toString(36).slice(2)}`,
    merchant: { entity: 'default' },
    instruction: {
      narrative: { line1: 'settlekit' },
      value: { currency: overrides.currency ?? 'GBP', amount: overrides.amount ?? 1000 },
      paymentInstrument: {
        type: 'plain',
        cardNumber: '4000000000002701',
        expiryDate: { month: 12, year: 2035 },
        cardHolderName: overrides.cardHolderName ?? 'Sherlock Holmes',
      },
    },
  };
}

async function authorize(overrides: Parameters<typeof authorizeBody>[0] = {}): Promise<Reply> {
  const reply = await call('POST', `${running.url}/api/payments`, authorizeBody(overrides));
  expect(reply.status).toBe(201);
  return reply;
}

const settleBody = (amount: number, extra: Record<string, unknown> = {}) => ({ reference: 'ship', value: { currency: 'GBP', amount }, ...extra });

describe('authorize and query', () => {
  it('authorizes with ids of the documented shapes, a self link and the four pre-settlement actions', async () => {
    const { body } = await authorize();
    expect(body.outcome).toBe('authorized');
    expect(body.paymentId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(body.commandId).toMatch(/^cmd[A-Za-z0-9_-]{21}0$/);
    expect(Object.keys(body._actions).sort()).toEqual(['cancelPayment', 'partiallySettlePayment', 'reversePayment', 'settlePayment']);
    expect(body._actions.partiallySettlePayment).toEqual({ href: `${body._links.self.href}/partialSettlements`, method: 'POST' });
    expect(body._links.self.href.startsWith(`${running.url}/api/payments/`)).toBe(true);
  });

  it('builds absolute hrefs from the Host header', async () => {
    const reply = await call('POST', `${running.url}/api/payments`, authorizeBody(), { host: 'payments.example.test:8443' });
    expect(reply.body._links.self.href).toMatch(/^http:\/\/payments\.example\.test:8443\/api\/payments\/[A-Za-z0-9_-]+$/);
    expect(reply.body._actions.cancelPayment.href).toMatch(/^http:\/\/payments\.example\.test:8443\/.*\/cancellations$/);
  });

  it('refuses the card holder REFUSED with 201 outcome refused and nothing to do', async () => {
    const { body } = await authorize({ cardHolderName: 'REFUSED' });
    expect(body).toMatchObject({ outcome: 'refused', refusalDescription: 'Refused' });
    expect(body._actions).toBeUndefined();
    const query = await call('GET', body._links.self.href);
    expect(query.body).toMatchObject({ lastEvent: 'refused', _actions: {} });
  });

  it('answers the last event and the current actions on the self link', async () => {
    const { body } = await authorize();
    const query = await call('GET', body._links.self.href);
    expect(query.status).toBe(200);
    expect(query.body.lastEvent).toBe('authorized');
    expect(query.body._actions).toEqual(body._actions);
  });

  it('reports authorization body problems at their jsonPath', async () => {
    const bad = authorizeBody();
    (bad.instruction.paymentInstrument as Record<string, unknown>).cardNumber = '4000000000002702';
    (bad.instruction.value as Record<string, unknown>).amount = '10.00';
    delete (bad as Partial<typeof bad>).merchant;
    const reply = await call('POST', `${running.url}/api/payments`, bad);
    expect(reply.status).toBe(400);
    expect(reply.body.validationErrors.map((e: { jsonPath: string; errorName: string }) => [e.errorName, e.jsonPath])).toEqual([
      ['fieldIsMissing', '$.merchant'],
      ['fieldMustBeInteger', '$.instruction.value.amount'],
      ['fieldHasInvalidValue', '$.instruction.paymentInstrument.cardNumber'],
    ]);
  });
});

describe('partial settlement', () => {
  it('settles three shipments by following partiallySettlePayment, 1/3, 2/3, 3/3', async () => {
    const auth = await authorize();
    let href: string = auth.body._actions.partiallySettlePayment.href;
    const amounts = [300, 300, 400];
    const answers: Reply[] = [];
    for (const [i, amount] of amounts.entries()) {
      const reply = await call('POST', href, settleBody(amount, { sequence: { number: i + 1, total: 3 } }));
      expect(reply.status).toBe(202);
      expect(reply.body).toMatchObject({ outcome: 'sentForSettlement', paymentId: auth.body.paymentId, _links: auth.body._links });
      answers.push(reply);
      href = reply.body._actions.partiallySettlePayment?.href;
    }
    expect(Object.keys(answers[0]?.body._actions).sort()).toEqual(['cancelPayment', 'partiallyRefundPayment', 'partiallySettlePayment', 'refundPayment', 'reversePayment']);
    for (const action of Object.values(answers[1]?.body._actions as Record<string, { href: string; method: string }>)) {
      expect(action.href).toMatch(/^http:\/\//);
      expect(action.method).toBe('POST');
    }
    expect(Object.keys(answers[2]?.body._actions).sort()).toEqual(['partiallyRefundPayment', 'refundPayment', 'reversePayment']);
    const payment = running.sim.ledger.worldpay.get(auth.body.paymentId);
    expect(payment && running.sim.ledger.worldpay.settledAmount(payment)).toBe(1000);
  });

  const cases: [string, unknown, string, string][] = [
    ['reference missing', { value: { currency: 'GBP', amount: 250 } }, 'fieldIsMissing', '$.reference'],
    ['value missing', { reference: 'r' }, 'fieldIsMissing', '$.value'],
    ['currency missing', { reference: 'r', value: { amount: 250 } }, 'fieldIsMissing', '$.value.currency'],
    ['amount missing', { reference: 'r', value: { currency: 'GBP' } }, 'fieldIsMissing', '$.value.amount'],
    ['reference a number', { reference: 1, value: { currency: 'GBP', amount: 250 } }, 'fieldMustBeString', '$.reference'],
    ['value a string', { reference: 'r', value: '2.50' }, 'fieldMustBeObject', '$.value'],
    ['currency a number', { reference: 'r', value: { currency: 826, amount: 250 } }, 'fieldMustBeString', '$.value.currency'],
    ['currency two letters', { reference: 'r', value: { currency: 'GB', amount: 250 } }, 'fieldHasInvalidValue', '$.value.currency'],
    ['amount a string', { reference: 'r', value: { currency: 'GBP', amount: '250' } }, 'fieldMustBeInteger', '$.value.amount'],
    ['amount a decimal', { reference: 'r', value: { currency: 'GBP', amount: 2.5 } }, 'fieldMustBeInteger', '$.value.amount'],
    ['amount zero', { reference: 'r', value: { currency: 'GBP', amount: 0 } }, 'numberIsTooSmall', '$.value.amount'],
    ['amount null', { reference: 'r', value: { currency: 'GBP', amount: null } }, 'fieldIsNull', '$.value.amount'],
    ['acceptPartialAmount a string', { reference: 'r', value: { currency: 'GBP', amount: 1, acceptPartialAmount: 'yes' } }, 'fieldMustBeBoolean', '$.value.acceptPartialAmount'],
    ['sequence without number', { reference: 'r', sequence: { total: 3 }, value: { currency: 'GBP', amount: 250 } }, 'fieldIsMissing', '$.sequence.number'],
    ['sequence without total', { reference: 'r', sequence: { number: 1 }, value: { currency: 'GBP', amount: 250 } }, 'fieldIsMissing', '$.sequence.total'],
    ['sequence number a string', { reference: 'r', sequence: { number: '1', total: 3 }, value: { currency: 'GBP', amount: 250 } }, 'fieldMustBeInteger', '$.sequence.number'],
    ['sequence a number', { reference: 'r', sequence: 1, value: { currency: 'GBP', amount: 250 } }, 'fieldMustBeObject', '$.sequence'],
    ['sequence 4 of 3', { reference: 'r', sequence: { number: 4, total: 3 }, value: { currency: 'GBP', amount: 250 } }, 'numberIsTooLarge', '$.sequence.number'],
    ['a JSON array', [1, 2], 'fieldMustBeObject', '$'],
  ];
  it.each(cases)('refuses a body with %s: 400 at its jsonPath, nothing settled', async (_label, body, errorName, jsonPath) => {
    const auth = await authorize();
    const reply = await call('POST', auth.body._actions.partiallySettlePayment.href, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ errorName: 'bodyDoesNotMatchSchema', jsonPath });
    expect(reply.body.message).toEqual(expect.any(String));
    expect(reply.body.validationErrors).toEqual([{ errorName, jsonPath, message: expect.any(String) }]);
    const payment = running.sim.ledger.worldpay.get(auth.body.paymentId);
    expect(payment && running.sim.ledger.worldpay.settledAmount(payment)).toBe(0);
  });

  it('reports every problem of a body, in document order', async () => {
    const auth = await authorize();
    const reply = await call('POST', auth.body._actions.partiallySettlePayment.href, {});
    expect(reply.body.validationErrors.map((e: { jsonPath: string }) => e.jsonPath)).toEqual(['$.reference', '$.value']);
  });

  it('answers bodyIsEmpty, bodyIsNotJson and 415 for unusable bodies', async () => {
    const auth = await authorize();
    const href = auth.body._actions.partiallySettlePayment.href;
    expect((await call('POST', href)).body).toMatchObject({ errorName: 'bodyIsEmpty', jsonPath: '$' });
    const notJson = await call('POST', href, '{"reference": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errorName).toBe('bodyIsNotJson');
    const text = await call('POST', href, JSON.stringify(settleBody(250)), { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ errorName: 'headerHasInvalidValue', message: expect.any(String) });
    const charset = await call('POST', href, settleBody(250), { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(202);
  });

  it('refuses a settlement past the authorized amount and changes nothing (WP-PS-09)', async () => {
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(600));
    const href = first.body._actions.partiallySettlePayment.href;
    const over = await call('POST', href, settleBody(401));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ errorName: 'fieldHasInvalidValue', jsonPath: '$.value.amount', validationErrors: [{ errorName: 'numberIsTooLarge', jsonPath: '$.value.amount' }] });
    expect(over.body.validationErrors[0].message).toContain('4.00 GBP');
    const query = await call('GET', auth.body._links.self.href);
    expect(query.body._actions.partiallySettlePayment).toBeDefined();
    const exact = await call('POST', href, settleBody(400));
    expect(exact.status).toBe(202);
    expect(exact.body._actions.partiallySettlePayment).toBeUndefined();
  });

  it('closes the payment on sequence number == total and releases the remainder (WP-PS-10)', async () => {
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(300, { sequence: { number: 1, total: 2 } }));
    const last = await call('POST', first.body._actions.partiallySettlePayment.href, settleBody(300, { sequence: { number: 2, total: 2 } }));
    expect(last.status).toBe(202);
    expect(Object.keys(last.body._actions).sort()).toEqual(['partiallyRefundPayment', 'refundPayment', 'reversePayment']);
    const store = running.sim.ledger.worldpay;
    const payment = store.get(auth.body.paymentId);
    expect(payment && running.sim.ledger.payments.getAuthorization(payment.authorizationId as string)?.state).toBe('closed');
    const again = await call('POST', first.body._actions.partiallySettlePayment.href, settleBody(100));
    expect(again.status).toBe(409);
    expect(again.body.errorName).toBe('actionNotAvailable');
  });

  it('refuses another currency than the authorization one (WP-PS-12)', async () => {
    const auth = await authorize();
    const reply = await call('POST', auth.body._actions.partiallySettlePayment.href, { reference: 'r', value: { currency: 'EUR', amount: 100 } });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ errorName: 'fieldHasInvalidValue', jsonPath: '$.value.currency' });
  });

  it('keeps minor units with the currency exponent (JPY has none)', async () => {
    const auth = await authorize({ currency: 'JPY', amount: 1000 });
    const over = await call('POST', auth.body._actions.partiallySettlePayment.href, { reference: 'r', value: { currency: 'JPY', amount: 1001 } });
    expect(over.body.validationErrors[0].message).toContain('1000 JPY');
  });
});

describe('headers and credentials', () => {
  it('answers 406 headerIsMissing / headerHasInvalidValue naming WP-Api-Version, before anything changes', async () => {
    const auth = await authorize();
    const href = auth.body._actions.partiallySettlePayment.href;
    const missing = await call('POST', href, settleBody(250), { 'wp-api-version': null });
    expect(missing.status).toBe(406);
    expect(missing.body).toEqual({ errorName: 'headerIsMissing', message: expect.any(String), headerName: 'WP-Api-Version' });
    const wrong = await call('POST', href, settleBody(250), { 'wp-api-version': '2023-06-01' });
    expect(wrong.status).toBe(406);
    expect(wrong.body).toMatchObject({ errorName: 'headerHasInvalidValue', headerName: 'WP-Api-Version' });
    const onAuthorize = await call('POST', `${running.url}/api/payments`, authorizeBody(), { 'wp-api-version': null });
    expect(onAuthorize.status).toBe(406);
    const query = await call('GET', auth.body._links.self.href);
    expect(query.body.lastEvent).toBe('authorized');
  });

  it('answers 401 accessDenied for missing, wrong and non-Basic credentials', async () => {
    const auth = await authorize();
    const href = auth.body._actions.partiallySettlePayment.href;
    for (const authorization of [null, basic('settlekit', 'wrong'), basic('someone', 'settlekit'), 'Bearer abc']) {
      const reply = await call('POST', href, settleBody(250), { authorization });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ errorName: 'accessDenied', message: expect.any(String) });
      expect(reply.headers['www-authenticate']).toMatch(/^Basic /);
    }
    const query = await call('GET', auth.body._links.self.href);
    expect(query.body.lastEvent).toBe('authorized');
  });

  it('uses the credentials given in the simulator options', async () => {
    const other = createSimulator({ worldpay: { username: 'merchant', password: 's3cret' } });
    const url = await other.listen();
    try {
      expect((await call('POST', `${url}/api/payments`, authorizeBody())).status).toBe(401);
      expect((await call('POST', `${url}/api/payments`, authorizeBody(), { authorization: basic('merchant', 's3cret') })).status).toBe(201);
    } finally {
      await other.close();
    }
  });
});

describe('links', () => {
  it('answers 404 urlContainsInvalidValue for made-up, altered and foreign linkData', async () => {
    const auth = await authorize();
    const self: string = auth.body._links.self.href;
    for (const url of [`${running.url}/api/payments/bm90LWEtcGF5bWVudA`, `${self}x`, `${self.slice(0, -2)}AA`]) {
      const reply = await call('GET', url);
      expect(reply.status).toBe(404);
      expect(reply.body.errorName).toBe('urlContainsInvalidValue');
    }
    const other = createSimulator();
    const url = await other.listen();
    try {
      const foreign = await call('GET', self.replace(running.url, url));
      expect(foreign.status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('answers 404 for an unknown action and 405 for another method', async () => {
    const auth = await authorize();
    expect((await call('POST', `${auth.body._links.self.href}/captures`, settleBody(1))).status).toBe(404);
    const wrongMethod = await call('GET', auth.body._actions.partiallySettlePayment.href);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('forgets payments on reset', async () => {
    const auth = await authorize();
    await call('POST', `${running.url}/__settlekit/reset`);
    expect((await call('GET', auth.body._links.self.href)).status).toBe(404);
  });

  it('renders an injected fault as internalErrorOccurred', async () => {
    const fault = await call('POST', `${running.url}/__settlekit/faults/next-request`, { status: 500 });
    expect(fault.status).toBe(200);
    const reply = await call('POST', `${running.url}/api/payments`, authorizeBody());
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ errorName: 'internalErrorOccurred', message: expect.any(String) });
  });
});

describe('lifecycle', () => {
  it('cancels before any settlement: sentForCancellation, nothing left, settlement refused', async () => {
    const auth = await authorize();
    const cancel = await call('POST', auth.body._actions.cancelPayment.href);
    expect(cancel.status).toBe(202);
    expect(cancel.body).toMatchObject({ outcome: 'sentForCancellation', _actions: {} });
    expect(Object.keys(cancel.body._actions)).toEqual([]);
    const store = running.sim.ledger.worldpay;
    const payment = store.get(auth.body.paymentId);
    expect(payment && running.sim.ledger.payments.getAuthorization(payment.authorizationId as string)?.state).toBe('voided');
    const settle = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(100));
    expect(settle.status).toBe(409);
  });

  it('cancels the unsettled rest after a partial settlement; the settled part stays refundable', async () => {
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(300));
    const cancel = await call('POST', first.body._actions.cancelPayment.href);
    expect(cancel.status).toBe(202);
    expect(Object.keys(cancel.body._actions).sort()).toEqual(['partiallyRefundPayment', 'refundPayment', 'reversePayment']);
  });

  it('refunds part, refuses a partial refund past what is left, then refunds the rest', async () => {
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(300));
    const second = await call('POST', first.body._actions.partiallySettlePayment.href, settleBody(200));
    const partial = await call('POST', second.body._actions.partiallyRefundPayment.href, { reference: 'r1', value: { currency: 'GBP', amount: 250 } });
    expect(partial.status).toBe(202);
    expect(partial.body.outcome).toBe('sentForPartialRefund');
    const over = await call('POST', partial.body._actions.partiallyRefundPayment.href, { reference: 'r2', value: { currency: 'GBP', amount: 251 } });
    expect(over.status).toBe(400);
    expect(over.body.validationErrors[0]).toMatchObject({ errorName: 'numberIsTooLarge', jsonPath: '$.value.amount' });
    const refund = await call('POST', partial.body._actions.refundPayment.href);
    expect(refund.status).toBe(202);
    expect(refund.body).toMatchObject({ outcome: 'sentForRefund', _actions: {} });
    expect(running.sim.ledger.payments.refundedAmount(running.sim.ledger.worldpay.get(auth.body.paymentId)?.authorizationId as string)).toBe(500);
    expect((await call('POST', partial.body._actions.refundPayment.href)).status).toBe(409);
    expect((await call('GET', auth.body._links.self.href)).body.lastEvent).toBe('sentForRefund');
  });

  it('settles in full, after which no partial settlement is offered', async () => {
    const auth = await authorize();
    const settle = await call('POST', auth.body._actions.settlePayment.href);
    expect(settle.status).toBe(202);
    expect(settle.body.outcome).toBe('sentForSettlement');
    expect(settle.body._actions.partiallySettlePayment).toBeUndefined();
    expect((await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(1))).status).toBe(409);
  });

  it('reverses before settlement (cancel) and after (refund and release)', async () => {
    const fresh = await authorize();
    const reversed = await call('POST', fresh.body._actions.reversePayment.href);
    expect(reversed.body).toMatchObject({ outcome: 'sentForReversal', _actions: {} });
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(300));
    const reverse = await call('POST', first.body._actions.reversePayment.href);
    expect(reverse.status).toBe(202);
    expect(Object.keys(reverse.body._actions)).toEqual([]);
    const authId = running.sim.ledger.worldpay.get(auth.body.paymentId)?.authorizationId as string;
    expect(running.sim.ledger.payments.refundedAmount(authId)).toBe(300);
    expect(running.sim.ledger.payments.getAuthorization(authId)?.state).toBe('closed');
  });

  it('finds a payment by any of its commandIds (for the Split Payments façade)', async () => {
    const auth = await authorize();
    const first = await call('POST', auth.body._actions.partiallySettlePayment.href, settleBody(300));
    const store = running.sim.ledger.worldpay;
    expect(store.findByCommandId(auth.body.commandId)?.paymentId).toBe(auth.body.paymentId);
    expect(store.findByCommandId(first.body.commandId)?.paymentId).toBe(auth.body.paymentId);
    expect(store.findByCommandId('cmdnotacommandnotacommand0')).toBeUndefined();
  });
});
