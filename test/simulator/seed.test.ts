/**
 * `createSimulator({ seed })`: a reproducible simulator. Two simulators with the same seed answer the same requests
 * byte for byte — Braintree ids and timestamps, Worldpay payment and command ids, link tokens, split payment and item
 * ids — and their clocks start at SEEDED_START_TIME; another seed draws other ids; `startTime` still wins.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, SEEDED_START_TIME, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';

const BRAINTREE = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const WORLDPAY = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** One request with a fixed Host (the simulators listen on different ports; their links are built from Host). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(`${url}${path}`, { method, headers: { host: 'sim.example', ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A Braintree sale settled in part, a Worldpay payment split and settled in part: every answer's text. */
async function session(options: SimulatorOptions): Promise<string[]> {
  const sim = createSimulator(options);
  started.push(sim);
  const url = await sim.listen(0, '127.0.0.1');
  const bt = { authorization: BRAINTREE, 'x-apiversion': '6', accept: 'application/xml' };
  const wp = { authorization: WORLDPAY, 'wp-api-version': '2024-06-01' };
  const answers: { status: number; text: string }[] = [];
  const sale = await send(url, 'POST', '/merchants/integration_merchant_id/transactions', bt, { transaction: { type: 'sale', amount: '10.00', payment_method_nonce: 'fake-valid-visa-nonce' } });
  answers.push(sale);
  const saleId = /<id>([a-z0-9]+)<\/id>/.exec(sale.text)?.[1];
  answers.push(await send(url, 'POST', `/merchants/integration_merchant_id/transactions/${saleId}/submit_for_partial_settlement`, bt, { transaction: { amount: '4.00' } }));
  const payment = await send(url, 'POST', '/api/payments', wp, {
    transactionReference: 'order-1',
    merchant: { entity: 'default' },
    instruction: { narrative: { line1: 'settlekit' }, value: { currency: 'GBP', amount: 1000 }, paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Sherlock Holmes' } },
  });
  answers.push(payment);
  const authorized = JSON.parse(payment.text) as { commandId: string; _actions: { partiallySettlePayment: { href: string } } };
  answers.push(await send(url, 'POST', '/splitPayments', { ...wp, 'wp-api-version': '2025-06-25' }, {
    fulfillment: { auto: false, paymentCommandId: authorized.commandId },
    merchant: { entity: 'default' },
    value: { currency: 'GBP', totalAmount: 1000 },
    lineItems: [{ itemReference: 'item-1', partyReference: 'party-1', amount: 1000 }],
  }));
  answers.push(await send(url, 'POST', new URL(authorized._actions.partiallySettlePayment.href).pathname, wp, { reference: 'ship-1', value: { currency: 'GBP', amount: 400 } }));
  for (const answer of answers) expect(answer.status, answer.text).toBeLessThan(300);
  return answers.map((a) => a.text);
}

describe('createSimulator({ seed })', () => {
  it('answers the same requests with the same bytes, starting its clock at SEEDED_START_TIME', async () => {
    const [a, b] = [await session({ seed: 'checkout tests' }), await session({ seed: 'checkout tests' })];
    expect(b).toEqual(a);
    expect(a[0]).toMatch(new RegExp(`<created-at[^>]*>${new Date(SEEDED_START_TIME).toISOString().replace('.000', '')}</created-at>`));
    // The answers hold the ids and links that would differ between unseeded simulators.
    expect(a[2]).toMatch(/"paymentId":"pay[A-Za-z0-9_-]{21}0"/);
    expect(a[2]).toContain('"href":"http://sim.example/api/payments/');
    expect(a[3]).toMatch(/"splitPaymentId":"spl[a-z0-9]{21}0"/);
  });

  it('draws other ids and link tokens from another seed, or without one; startTime still sets the clock', async () => {
    const seeded = await session({ seed: 'checkout tests' });
    const others = [await session({ seed: 'other tests' }), await session({})];
    for (const other of others) for (const i of seeded.keys()) expect(other[i], `answer ${i + 1}`).not.toBe(seeded[i]);
    const [timed] = await session({ seed: 'checkout tests', startTime: Date.UTC(2030, 5, 1) });
    expect(timed).toMatch(/<created-at[^>]*>2030-06-01T00:00:00Z<\/created-at>/);
    // The ids are the seed's all the same.
    const idOf = (xml: string | undefined) => /<id>([a-z0-9]{8})<\/id>/.exec(xml ?? '')?.[1];
    expect(idOf(timed)).toBe(idOf(seeded[0]));
    expect(idOf(timed)).toBeDefined();
  });
});
