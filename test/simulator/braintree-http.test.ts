/**
 * The Braintree façade over raw HTTP on loopback: authentication, routing, status codes, the typed-XML shapes, and
 * each partial-settlement rule as the wire shows it.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTypedXml } from '../../lib/typed-xml.ts';
import { loadOpenApi } from '../../runner/spec/openapi-index.ts';
import { createSimulator, type Simulator } from '../../simulator/index.ts';

const AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const BASE = '/merchants/integration_merchant_id';

let sim: Simulator;
let url: string;

beforeAll(async () => {
  sim = createSimulator({ startTime: Date.UTC(2025, 0, 1) });
  url = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

interface Answer {
  status: number;
  text: string;
  contentType: string | null;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- decoded XML, probed by tests
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string | null> = {}): Promise<Answer> {
  const merged: Record<string, string | null> = { Authorization: AUTH, 'X-ApiVersion': '6', Accept: 'application/xml', 'Content-Type': 'application/json', ...headers };
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) if (v !== null) sent[k] = v;
  const response = await fetch(url + path, {
    method,
    headers: sent,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type');
  return { status: response.status, text, contentType, body: text && contentType?.includes('xml') ? decodeTypedXml(text) : {} };
}

const sale = (transaction: Record<string, unknown>) => call('POST', `${BASE}/transactions`, { transaction: { type: 'sale', payment_method_nonce: 'fake-valid-visa-nonce', ...transaction } });
const partial = (id: string, amount: unknown) => call('POST', `${BASE}/transactions/${id}/submit_for_partial_settlement`, { transaction: { amount } });
const find = (id: string) => call('GET', `${BASE}/transactions/${id}`);
const put = (id: string, action: string, body?: unknown) => call('PUT', `${BASE}/transactions/${id}/${action}`, body);
const refund = (id: string, amount?: string) => call('POST', `${BASE}/transactions/${id}/refund`, { transaction: amount === undefined ? {} : { amount } });

async function authorized(amount = '100.00', extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await sale({ amount, ...extra });
  expect(answer.status).toBe(201);
  return answer.body.transaction.id as string;
}

async function child(parent: string, amount: string): Promise<string> {
  const answer = await partial(parent, amount);
  expect(answer.status).toBe(201);
  return answer.body.transaction.id as string;
}

function errorCodes(answer: Answer): string[] {
  expect(answer.status).toBe(422);
  return (answer.body['api-error-response'].errors.transaction.errors as { code: string }[]).map((e) => e.code);
}

describe('authentication and routing', () => {
  it('401 with an empty body without credentials, with wrong ones, or with a malformed header', async () => {
    const id = await authorized();
    for (const authorization of [null, `Basic ${Buffer.from('integration_public_key:wrong').toString('base64')}`, `Basic ${Buffer.from('wrong:integration_private_key').toString('base64')}`, 'Basic !!!', 'Bearer x']) {
      const answer = await call('GET', `${BASE}/transactions/${id}`, undefined, { Authorization: authorization });
      expect(answer.status).toBe(401);
      expect(answer.text).toBe('');
    }
    // Credentials are checked before anything else: an unknown id is still 401.
    expect((await call('POST', `${BASE}/transactions/nope/submit_for_partial_settlement`, { transaction: { amount: '1.00' } }, { Authorization: null })).status).toBe(401);
  });

  it('404 with an empty body for an unknown transaction, another merchant, or an unknown route', async () => {
    for (const answer of [
      await find('settlekitmissing0'),
      await partial('settlekitmissing0', '10.00'),
      await put('settlekitmissing0', 'void'),
      await refund('settlekitmissing0', '1.00'),
      await put('settlekitmissing0', 'settle'),
      await call('GET', '/merchants/other_merchant/transactions/x'),
      await call('GET', `${BASE}/customers/x`),
      await call('DELETE', `${BASE}/transactions/x`),
      await call('POST', `${BASE}/transactions/x/unknown_action`, {}),
      await call('GET', `${BASE}/transactions/%E0%A4%A`),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.text).toBe('');
    }
  });

  it('accepts a missing X-ApiVersion (lenient) but answers 426 to an unsupported one', async () => {
    const id = await authorized();
    expect((await call('GET', `${BASE}/transactions/${id}`, undefined, { 'X-ApiVersion': null })).status).toBe(200);
    expect((await call('GET', `${BASE}/transactions/${id}`, undefined, { 'X-ApiVersion': '3' })).status).toBe(426);
  });

  it('400 for a JSON body that does not parse; bodies of other types are ignored (then validation applies)', async () => {
    const broken = await call('POST', `${BASE}/transactions`, '{"transaction": ');
    expect(broken.status).toBe(400);
    const plain = await call('POST', `${BASE}/transactions`, 'not json', { 'Content-Type': 'text/plain' });
    expect(errorCodes(plain)).toEqual(['91524', '81502', '91508']);
  });

  it('__proto__ and constructor keys in a body are harmless', async () => {
    const answer = await call('POST', `${BASE}/transactions`, '{"transaction":{"__proto__":{"amount":"5.00"},"constructor":{"x":1},"amount":"7.00","type":"sale","payment_method_nonce":"fake-valid-visa-nonce"}}');
    expect(answer.status).toBe(201);
    expect(answer.body.transaction.amount).toBe('7.00');
    expect(({} as Record<string, unknown>).amount).toBeUndefined();
  });

  it('accepts XML bodies with dashed keys (the Ruby SDK)', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><transaction><amount>12.00</amount><type>sale</type><payment-method-nonce>fake-valid-mastercard-nonce</payment-method-nonce><options><submit-for-settlement type="boolean">true</submit-for-settlement></options></transaction>';
    const answer = await call('POST', `${BASE}/transactions`, xml, { 'Content-Type': 'application/xml' });
    expect(answer.status).toBe(201);
    expect(answer.body.transaction).toMatchObject({ amount: '12.00', status: 'submitted_for_settlement', 'credit-card': { 'card-type': 'MasterCard' } });
    expect((await call('POST', `${BASE}/transactions`, '<transaction><amount>', { 'Content-Type': 'application/xml' })).status).toBe(400);
    expect((await call('POST', `${BASE}/transactions`, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><transaction>&e;</transaction>', { 'Content-Type': 'application/xml' })).status).toBe(400);
  });

  it('413 past the body limit', async () => {
    const answer = await call('POST', `${BASE}/transactions`, JSON.stringify({ transaction: { amount: '1.00', pad: 'x'.repeat(1024 * 1024) } }));
    expect(answer.status).toBe(413);
  });
});

describe('response shapes', () => {
  it('a sale is 201 application/xml with the gateway element names and types', async () => {
    const answer = await sale({ amount: '10.00', order_id: 'order-7' });
    expect(answer.status).toBe(201);
    expect(answer.contentType).toMatch(/^application\/xml/);
    expect(answer.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<transaction>')).toBe(true);
    for (const fragment of [
      '<status>authorized</status>',
      '<type>sale</type>',
      '<amount>10.00</amount>',
      '<currency-iso-code>USD</currency-iso-code>',
      '<merchant-account-id>first_data_ma</merchant-account-id>',
      '<order-id>order-7</order-id>',
      '<created-at type="datetime">2025-01-01T00:00:00Z</created-at>',
      '<refund-ids type="array"/>',
      '<refunded-transaction-id nil="true"/>',
      '<partial-settlement-transaction-ids type="array"/>',
      '<authorized-transaction-id nil="true"/>',
      '<payment-instrument-type>credit_card</payment-instrument-type>',
      '<processor-response-code>1000</processor-response-code>',
      '<processor-response-text>Approved</processor-response-text>',
      '<status-history type="array">',
      '<status-event>',
      '<transaction-source>api</transaction-source>',
    ]) {
      expect(answer.text).toContain(fragment);
    }
    const tx = answer.body.transaction;
    expect(tx.id).toMatch(/^[a-z0-9]{8}$/);
    expect(tx['credit-card']).toMatchObject({ 'card-type': 'Visa', bin: '401288', 'last-4': '1881', token: null });
    expect(tx['status-history']).toEqual([{ timestamp: '2025-01-01T00:00:00Z', status: 'authorized', amount: '10.00', user: null, 'transaction-source': 'api' }]);
  });

  it('wallets carry their own element (paypal, venmo-account, apple-pay, android-pay-card) and nil card fields', async () => {
    const cases: [string, string, string][] = [
      ['fake-paypal-one-time-nonce', 'paypal_account', 'paypal'],
      ['fake-venmo-account-nonce', 'venmo_account', 'venmo-account'],
      ['fake-apple-pay-visa-nonce', 'apple_pay_card', 'apple-pay'],
      ['fake-android-pay-visa-nonce', 'android_pay_card', 'android-pay-card'],
    ];
    for (const [nonce, type, element] of cases) {
      const tx = (await sale({ amount: '10.00', payment_method_nonce: nonce })).body.transaction;
      expect(tx['payment-instrument-type']).toBe(type);
      expect(tx[element]).toBeTypeOf('object');
      expect(tx['credit-card']['card-type']).toBeNull();
    }
  });

  it('422 <api-error-response> exactly as DOMAIN.md shows', async () => {
    const parent = await authorized('100.00');
    await child(parent, '60.00');
    const answer = await partial(parent, '40.01');
    expect(answer.status).toBe(422);
    expect(answer.contentType).toMatch(/^application\/xml/);
    expect(answer.text.replace(/\n\s*/g, '')).toContain(
      '<api-error-response><errors><errors type="array"/><transaction><errors type="array"><error><code>91522</code><attribute type="symbol">amount</attribute><message>Settlement amount is too large.</message></error></errors></transaction></errors><params><transaction><amount>40.01</amount></transaction></params><message>Settlement amount is too large.</message></api-error-response>',
    );
    expect(answer.body).toEqual({
      'api-error-response': {
        errors: { errors: [], transaction: { errors: [{ code: '91522', attribute: 'amount', message: 'Settlement amount is too large.' }] } },
        params: { transaction: { amount: '40.01' } },
        message: 'Settlement amount is too large.',
      },
    });
  });

  it('a processor decline is 422 carrying the declined transaction and no validation error', async () => {
    const answer = await sale({ amount: '2000.00', credit_card: { number: '4111111111111111', expiration_date: '05/2030', cvv: '123' } });
    expect(answer.status).toBe(422);
    const body = answer.body['api-error-response'];
    expect(body.errors).toEqual({ errors: [], transaction: { errors: [] } });
    expect(body.message).toBe('Do Not Honor');
    expect(body.transaction).toMatchObject({ status: 'processor_declined', amount: '2000.00', 'processor-response-code': '2000', 'partial-settlement-transaction-ids': [] });
    expect(body.params.transaction['credit-card']).toEqual({ 'expiration-date': '05/2030' }); // number and cvv filtered
    expect(answer.text).not.toContain('4111111111111111');
    expect((await find(body.transaction.id)).body.transaction.status).toBe('processor_declined');
  });

  it('3000.00 fails', async () => {
    const answer = await sale({ amount: '3000.00' });
    expect(answer.body['api-error-response'].transaction.status).toBe('failed');
  });
});

describe('the rules over the wire', () => {
  it('BT-PS-01/04/08/LK-01: two children, linked both ways; the parent is settlement_pending', async () => {
    const parent = await authorized('100.00', { merchant_account_id: 'chase_ma' });
    const first = await partial(parent, '60.00');
    expect(first.status).toBe(201);
    expect(first.body.transaction).toMatchObject({ type: 'sale', status: 'submitted_for_settlement', amount: '60.00', 'merchant-account-id': 'chase_ma', 'authorized-transaction-id': parent });
    const second = await child(parent, '40.00');
    const found = await find(parent);
    expect(found.status).toBe(200);
    expect(found.body.transaction).toMatchObject({ status: 'settlement_pending', 'partial-settlement-transaction-ids': [first.body.transaction.id, second] });
  });

  it('BT-PS-03: 0 and negative amounts are 81531 on amount', async () => {
    const parent = await authorized();
    for (const amount of ['0.00', '-1.00', 0]) {
      const answer = await partial(parent, amount);
      expect(answer.body['api-error-response'].errors.transaction.errors).toEqual([{ code: '81531', attribute: 'amount', message: 'Amount must be greater than zero.' }]);
    }
    expect((await find(parent)).body.transaction.status).toBe('authorized');
  });

  it('BT-PS-07: Amex and Discover are 915102', async () => {
    for (const extra of [{ payment_method_nonce: 'fake-valid-amex-nonce' }, { payment_method_nonce: undefined, credit_card: { number: '6011000991300009', expiration_date: '12/2030' } }]) {
      const parent = await authorized('50.00', extra);
      expect(errorCodes(await partial(parent, '10.00'))).toEqual(['915102']);
    }
  });

  it('BT-PS-15: a partial settlement on a child is 915103', async () => {
    const parent = await authorized();
    const c = await child(parent, '10.00');
    expect(errorCodes(await partial(c, '1.00'))).toEqual(['915103']);
  });

  it('BT-PS-02: submitted_for_settlement and voided parents are 91507', async () => {
    const submitted = await authorized();
    expect((await put(submitted, 'submit_for_settlement', { transaction: { amount: '100.00' } })).status).toBe(200);
    expect(errorCodes(await partial(submitted, '10.00'))).toEqual(['91507']);
    const voided = await authorized();
    expect((await put(voided, 'void')).body.transaction.status).toBe('voided');
    expect(errorCodes(await partial(voided, '10.00'))).toEqual(['91507']);
  });

  it('BT-PS-09/10/13: children settle through settling; the parent settles at the full amount; then 91507', async () => {
    const parent = await authorized('100.00');
    const a = await child(parent, '60.00');
    const b = await child(parent, '40.00');
    const settled = await put(a, 'settle');
    expect(settled.status).toBe(200);
    expect(settled.body.transaction.status).toBe('settled');
    expect((await find(parent)).body.transaction.status).toBe('settlement_pending');
    await put(b, 'settle');
    const found = (await find(parent)).body.transaction;
    expect(found.status).toBe('settled');
    expect((found['status-history'] as { status: string }[]).map((e) => e.status)).toEqual(['authorized', 'settlement_pending', 'settled']);
    expect((await find(a)).body.transaction['status-history'].map((e: { status: string }) => e.status)).toEqual(['authorized', 'submitted_for_settlement', 'settling', 'settled']);
    expect(errorCodes(await partial(parent, '0.01'))).toEqual(['91507']);
  });

  it('BT-PS-11: expired authorization + a settled child → settled (expire-authorization control)', async () => {
    const parent = await authorized('100.00');
    await put(await child(parent, '30.00'), 'settle');
    expect((await find(parent)).body.transaction.status).toBe('settlement_pending');
    const control = await fetch(`${url}/__settlekit/transactions/${parent}/expire-authorization`, { method: 'POST' });
    expect(control.status).toBe(200);
    expect((await find(parent)).body.transaction.status).toBe('settled');
  });

  it('BT-PS-12/14: settlement_pending until more than 30 days have passed on the virtual clock', async () => {
    // A fresh simulator: advancing the clock must not disturb the other tests' transactions.
    const own = createSimulator({ startTime: Date.UTC(2025, 0, 1), authorizationExpiryMs: 90 * 86_400_000 });
    const base = await own.listen();
    try {
      const headers = { Authorization: AUTH, 'X-ApiVersion': '6', 'Content-Type': 'application/json' };
      const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
      const get = async (id: string) => decodeTypedXml(await (await fetch(`${base}${BASE}/transactions/${id}`, { headers })).text()).transaction as Record<string, unknown>;
      const sold = decodeTypedXml(await (await post(`${BASE}/transactions`, { transaction: { amount: '100.00', type: 'sale', payment_method_nonce: 'fake-valid-visa-nonce' } })).text());
      const id = (sold.transaction as { id: string }).id;
      await post(`${BASE}/transactions/${id}/submit_for_partial_settlement`, { transaction: { amount: '10.00' } });
      await post('/__settlekit/clock/advance', { days: 29 });
      expect((await get(id)).status).toBe('settlement_pending');
      await post('/__settlekit/clock/advance', { days: 2 });
      expect((await get(id)).status).toBe('settled');
    } finally {
      await own.close();
    }
  });

  it('BT-VD-01: void of a settlement_pending parent is 91504 and nothing changes; an authorized parent voids', async () => {
    const parent = await authorized();
    await child(parent, '10.00');
    const before = (await find(parent)).text;
    const answer = await put(parent, 'void');
    expect(answer.body['api-error-response'].errors.transaction.errors).toEqual([
      { code: '91504', attribute: 'base', message: 'Transaction can only be voided if status is authorized, submitted_for_settlement, or - for PayPal - settlement_pending.' },
    ]);
    expect((await find(parent)).text).toBe(before);
    const plain = await authorized();
    const voided = await put(plain, 'void');
    expect(voided.status).toBe(200);
    expect(voided.body.transaction.status).toBe('voided');
  });

  it('BT-RF-01..05: refund rules', async () => {
    // First Data (default account): parent refused, children allowed.
    const fd = await authorized('100.00');
    const fdChild = await child(fd, '100.00');
    expect(errorCodes(await refund(fdChild, '1.00'))).toEqual(['91506']); // submitted_for_settlement
    await put(fdChild, 'settle');
    expect(errorCodes(await refund(fd, '1.00'))).toEqual(['91547']);
    expect(errorCodes(await refund(fdChild, '100.01'))).toEqual(['91521']);
    const created = await refund(fdChild, '60.00');
    expect(created.status).toBe(201);
    expect(created.body.transaction).toMatchObject({ type: 'credit', amount: '60.00', 'refunded-transaction-id': fdChild });
    expect((await find(fdChild)).body.transaction['refund-ids']).toEqual([created.body.transaction.id]);
    expect(errorCodes(await refund(fdChild, '40.01'))).toEqual(['91521']);

    // Chase: the settled parent can be refunded up to the authorized amount.
    const chase = await authorized('100.00', { merchant_account_id: 'chase_ma' });
    const chaseChild = await child(chase, '100.00');
    expect(errorCodes(await refund(chase, '1.00'))).toEqual(['91506']); // settlement_pending
    await put(chaseChild, 'settle');
    expect(errorCodes(await refund(chase, '100.01'))).toEqual(['91521']);
    expect((await refund(chase, '100.00')).status).toBe(201);

    // PayPal children are settling: 91574.
    const pp = await authorized('10.00', { payment_method_nonce: 'fake-paypal-one-time-nonce' });
    const ppChild = (await partial(pp, '5.00')).body.transaction;
    expect(ppChild.status).toBe('settling');
    expect(errorCodes(await refund(ppChild.id, '1.00'))).toEqual(['91574']);
  });

  it('testing operations: settlement_confirm / settlement_pending / settlement_decline are 200; an invalid one is 91575', async () => {
    const parent = await authorized('100.00');
    const a = await child(parent, '10.00');
    const b = await child(parent, '10.00');
    const c = await child(parent, '10.00');
    expect((await put(a, 'settlement_confirm')).body.transaction.status).toBe('settlement_confirmed');
    expect((await put(b, 'settlement_pending')).body.transaction.status).toBe('settlement_pending');
    expect((await put(c, 'settlement_decline')).body.transaction.status).toBe('settlement_declined');
    expect(errorCodes(await put(parent, 'settle'))).toEqual(['91575']);
  });
});

describe('amounts in the currency of the merchant account, against the gateway spec', () => {
  // DOMAIN.md: "currency exponents from ISO 4217 (JPY 0, BHD/KWD/JOD/OMR/TND 3, most others 2)"; the gateway writes
  // amounts as decimal strings in the currency's exponent, which the spec's Amount must accept.
  const spec = loadOpenApi(fileURLToPath(new URL('../../specs/braintree-gateway.openapi.yaml', import.meta.url)));
  let other: Simulator;
  let otherUrl: string;
  beforeAll(async () => {
    other = createSimulator({
      startTime: Date.UTC(2025, 0, 1),
      merchantAccounts: [
        { id: 'usd_ma', processor: 'first-data', default: true },
        { id: 'jpy_ma', processor: 'first-data', currency: 'JPY' },
        { id: 'kwd_ma', processor: 'chase', currency: 'KWD' },
      ],
    });
    otherUrl = await other.listen(0);
  });
  afterAll(async () => {
    await other.close();
  });

  it.each([
    ['jpy_ma', '1000', '400'],
    ['kwd_ma', '10.000', '4.000'],
    ['usd_ma', '10.00', '4.00'],
  ])('a sale and a partial settlement on %s (%s) answer amounts the spec accepts', async (account, amount, part) => {
    const send = async (path: string, body: unknown, operationId: string) => {
      const response = await fetch(otherUrl + BASE + path, {
        method: 'POST',
        headers: { Authorization: AUTH, 'X-ApiVersion': '6', Accept: 'application/xml', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const decoded = decodeTypedXml(await response.text()) as { transaction: { id: string; amount: string } };
      expect(response.status).toBe(201);
      expect(spec.validateResponse(operationId, response.status, response.headers.get('content-type') ?? undefined, decoded)).toMatchObject({ kind: 'valid' });
      return decoded.transaction;
    };
    const parent = await send('/transactions', { transaction: { type: 'sale', amount, merchant_account_id: account, payment_method_nonce: 'fake-valid-visa-nonce' } }, 'transaction.sale');
    expect(parent.amount).toBe(amount);
    const child = await send(`/transactions/${parent.id}/submit_for_partial_settlement`, { transaction: { amount: part } }, 'transaction.submitForPartialSettlement');
    expect(child.amount).toBe(part);
  });
});
