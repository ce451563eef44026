/**
 * The client side of the simulator load test, run in its own process so that the simulator's process measures only
 * the simulator: sends exactly `--requests` requests over `--connections` keep-alive connections (undici) to `--url`,
 * and prints one JSON line with the throughput and every answer that was not the expected one.
 *
 *   node --import tsx bench/load-client.ts --url http://127.0.0.1:4010 [--requests 5000] [--connections 4]
 *     [--mix mixed|clock]
 *
 * `mixed` (the default) cycles through flows of all three APIs — Braintree sale, partial settlements (one over the
 * authorization), find, testing settle, refund, an unknown id; Worldpay authorize, partial settlements (one over),
 * query, partial refund; Split Payments authorize, split, fulfill twice, query; a wrong credential, a malformed body, a
 * test control — each request with the status it must get. `clock` only reads the virtual clock: the baseline.
 * Exit code 1 when any request failed (a transport error or an unexpected status).
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    requests: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '4' },
    mix: { type: 'string', default: 'mixed' },
  },
});
if (!values.url) throw new Error('load-client: --url is required');
const total = Number(values.requests);
const connections = Number(values.connections);
if (!Number.isSafeInteger(total) || total < 1 || !Number.isSafeInteger(connections) || connections < 1) throw new Error('load-client: --requests and --connections must be positive integers');

const pool = new Pool(values.url, { connections, pipelining: 1 });
const BT_AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const WP_AUTH = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
const BT = '/merchants/integration_merchant_id/transactions';
const BT_HEADERS = { authorization: BT_AUTH, 'content-type': 'application/json', 'x-apiversion': '6', accept: 'application/xml' };
const WP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2024-06-01' };
const SP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2025-06-25' };

/** Requests left to send; every request takes one, so exactly `total` are sent whatever the flows. */
let budget = total;
const byStatus: Record<string, number> = {};
const failures: { method: string; path: string; expected: readonly number[]; got: number | string }[] = [];
let failed = 0;

class BudgetSpent extends Error {}

/** Sends one request if the budget allows; records it; answers the body text (or '' after a failure). */
async function call(method: 'GET' | 'POST' | 'PUT', path: string, headers: Record<string, string>, expected: readonly number[], body?: string): Promise<string> {
  if (budget <= 0) throw new BudgetSpent();
  budget -= 1;
  try {
    const res = await pool.request({ method, path, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.body.text();
    byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
    if (expected.includes(res.statusCode)) return text;
    failed += 1;
    if (failures.length < 20) failures.push({ method, path, expected, got: res.statusCode });
  } catch (error) {
    failed += 1;
    byStatus.error = (byStatus.error ?? 0) + 1;
    if (failures.length < 20) failures.push({ method, path, expected, got: error instanceof Error ? error.message : String(error) });
  }
  return '';
}

const xmlId = (text: string): string => /<id>([^<]+)<\/id>/.exec(text)?.[1] ?? 'missing';
const parse = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const hrefPath = (body: Record<string, unknown>, group: '_actions' | '_links', name: string): string => {
  const href = ((body[group] as Record<string, { href?: string }> | undefined)?.[name]?.href) ?? 'http://x/missing';
  return new URL(href).pathname;
};
const authorizeBody = (n: number) =>
  JSON.stringify({
    transactionReference: `load-${n}`,
    merchant: { entity: 'default' },
    instruction: {
      narrative: { line1: 'settlekit' },
      value: { currency: 'GBP', amount: 1000 },
      paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Load Test' },
    },
  });

async function braintreeFlow(): Promise<void> {
  const parent = xmlId(await call('POST', BT, BT_HEADERS, [201], JSON.stringify({ transaction: { amount: '100.00', payment_method_nonce: 'fake-valid-visa-nonce', type: 'sale' } })));
  const child = xmlId(await call('POST', `${BT}/${parent}/submit_for_partial_settlement`, BT_HEADERS, [201], JSON.stringify({ transaction: { amount: '30.00' } })));
  await call('POST', `${BT}/${parent}/submit_for_partial_settlement`, BT_HEADERS, [422], JSON.stringify({ transaction: { amount: '80.00' } }));
  await call('GET', `${BT}/${parent}`, BT_HEADERS, [200]);
  await call('PUT', `${BT}/${child}/settle`, BT_HEADERS, [200]);
  await call('POST', `${BT}/${child}/refund`, BT_HEADERS, [201], JSON.stringify({ transaction: { amount: '10.00' } }));
  await call('GET', `${BT}/nosuchtx`, BT_HEADERS, [404]);
}

async function worldpayFlow(n: number): Promise<void> {
  const payment = parse(await call('POST', '/api/payments', WP_HEADERS, [201], authorizeBody(n)));
  const settle = hrefPath(payment, '_actions', 'partiallySettlePayment');
  const settled = parse(await call('POST', settle, WP_HEADERS, [202], JSON.stringify({ reference: `load-${n}-1`, value: { currency: 'GBP', amount: 400 } })));
  await call('POST', settle, WP_HEADERS, [400], JSON.stringify({ reference: `load-${n}-2`, value: { currency: 'GBP', amount: 700 } }));
  await call('GET', hrefPath(payment, '_links', 'self'), WP_HEADERS, [200]);
  await call('POST', hrefPath(settled, '_actions', 'partiallyRefundPayment'), WP_HEADERS, [202], JSON.stringify({ reference: `load-${n}-r`, value: { currency: 'GBP', amount: 100 } }));
}

async function splitFlow(n: number): Promise<void> {
  const payment = parse(await call('POST', '/api/payments', WP_HEADERS, [201], authorizeBody(n)));
  const commandId = String(payment.commandId);
  const split = parse(
    await call(
      'POST',
      '/splitPayments',
      SP_HEADERS,
      [201],
      JSON.stringify({
        fulfillment: { auto: false, paymentCommandId: commandId },
        merchant: { entity: 'default' },
        value: { currency: 'GBP', totalAmount: 1000 },
        lineItems: [
          { itemReference: 'a', partyReference: 'p1', amount: 600 },
          { itemReference: 'b', partyReference: 'p2', amount: 400 },
        ],
      }),
    ),
  );
  const splitId = String(split.splitPaymentId);
  const itemId = String((split.lineItems as { itemId?: string }[] | undefined)?.[0]?.itemId);
  const fulfill = JSON.stringify({ paymentCommandId: commandId, transactionType: 'settle' });
  await call('POST', `/splitPayments/${splitId}/items/${itemId}/fulfillments`, SP_HEADERS, [201], fulfill);
  await call('POST', `/splitPayments/${splitId}/items/${itemId}/fulfillments`, SP_HEADERS, [201], fulfill);
  await call('GET', `/splitPayments/${splitId}`, SP_HEADERS, [200]);
}

async function edgeFlow(): Promise<void> {
  await call('GET', `${BT}/anything`, { ...BT_HEADERS, authorization: `Basic ${Buffer.from('integration_public_key:wrong').toString('base64')}` }, [401]);
  await call('POST', '/api/payments', WP_HEADERS, [400], '{"transactionReference": ');
  await call('GET', '/__settlekit/clock', {}, [200]);
}

let flows = 0;
async function worker(): Promise<void> {
  try {
    for (;;) {
      if (values.mix === 'clock') {
        await call('GET', '/__settlekit/clock', {}, [200]);
        continue;
      }
      const n = flows++;
      switch (n % 4) {
        case 0:
          await braintreeFlow();
          break;
        case 1:
          await worldpayFlow(n);
          break;
        case 2:
          await splitFlow(n);
          break;
        default:
          await edgeFlow();
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: connections }, () => worker()));
const ms = performance.now() - started;
await pool.close();
process.stdout.write(`${JSON.stringify({ mix: values.mix, requests: total, connections, ms, rps: (total * 1000) / ms, byStatus, failed, failures })}\n`);
process.exitCode = failed > 0 ? 1 : 0;
