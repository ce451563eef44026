/**
 * Mixed partial-settlement traffic for the simulator throughput benchmark, as a list of prepared requests autocannon
 * replays: payments are created first over the simulator's own HTTP API, so every request of the list names an id the
 * simulator knows and must answer with a 2xx. One cycle of the list is, for each prepared set of ids:
 *
 * | request | answer |
 * |---|---|
 * | Braintree sale | 201 |
 * | Braintree partial settlement of a prepared parent (0.01) | 201 |
 * | Braintree find of that parent | 200 |
 * | Worldpay authorize | 201 |
 * | Worldpay partial settlement of a prepared payment (1 minor unit) | 202 |
 * | Worldpay query of that payment | 200 |
 * | Split Payments fulfillment (settle) of a prepared line item | 201 |
 *
 * Prepared authorizations are large (1,000,000.00), so the partial settlements never run out. A line item is settled
 * the first time its fulfillment is replayed; replays after that are the documented no-op (SP-FF-10), still a full
 * request through authentication, validation and the split payment's book.
 */
import type { AutocannonRequest } from 'autocannon';

const BT_AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const WP_AUTH = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
/** The Braintree transactions collection of the simulator's default merchant. */
export const BT_PATH = '/merchants/integration_merchant_id/transactions';
/** Headers of a Braintree request (JSON in, XML out, as the Node SDK sends them). */
export const BT_HEADERS: Readonly<Record<string, string>> = { authorization: BT_AUTH, 'content-type': 'application/json', 'x-apiversion': '6', accept: 'application/xml' };
/** Headers of a Worldpay Payments request. */
export const WP_HEADERS: Readonly<Record<string, string>> = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2024-06-01' };
/** Headers of a Split Payments request. */
export const SP_HEADERS: Readonly<Record<string, string>> = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2025-06-25' };

/** A Braintree sale body for `amount` (a decimal string). */
export const saleBody = (amount: string): string => JSON.stringify({ transaction: { amount, payment_method_nonce: 'fake-valid-visa-nonce', type: 'sale' } });

/** A Worldpay authorization body for `amount` minor units of GBP. */
export const authorizeBody = (reference: string, amount: number): string =>
  JSON.stringify({
    transactionReference: reference,
    merchant: { entity: 'default' },
    instruction: {
      narrative: { line1: 'settlekit' },
      value: { currency: 'GBP', amount },
      paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Load Test' },
    },
  });

/** A Worldpay partial settlement body of `amount` minor units of GBP. */
export const partialSettlementBody = (reference: string, amount: number): string => JSON.stringify({ reference, value: { currency: 'GBP', amount } });

/** A request the preparation sends; fails unless the answer has status `expected`. */
export async function send(base: string, method: string, path: string, headers: Readonly<Record<string, string>>, body: string | undefined, expected: number): Promise<string> {
  const init = { method, headers, ...(body === undefined ? {} : { body }) };
  // A long preparation step (thousands of records made in-process) can let a kept-alive socket time out on the
  // server while the client still holds it: its next request is reset before being read, so sending it again is safe.
  const answer = await fetch(`${base}${path}`, init).catch(() => fetch(`${base}${path}`, init));
  const text = await answer.text();
  if (answer.status !== expected) throw new Error(`preparing the load: ${method} ${path} answered ${answer.status}, expected ${expected}: ${text.slice(0, 300)}`);
  return text;
}

/** A prepared Braintree sale (authorized, able to take many partial settlements). */
export async function prepareBraintreeParent(base: string): Promise<string> {
  const xml = await send(base, 'POST', BT_PATH, BT_HEADERS, saleBody('1000000.00'), 201);
  const id = /<id>([^<]+)<\/id>/.exec(xml)?.[1];
  if (!id) throw new Error('preparing the load: the sale answered no <id>');
  return id;
}

/** A prepared Worldpay payment: its id, the authorization's commandId, and the paths of its self link and partial settlement action. */
export interface PreparedPayment {
  readonly paymentId: string;
  readonly commandId: string;
  readonly selfPath: string;
  readonly settlePath: string;
}

/** Authorizes a Worldpay payment of `amount` minor units. */
export async function prepareWorldpayPayment(base: string, reference: string, amount = 100_000_000): Promise<PreparedPayment> {
  const body = JSON.parse(await send(base, 'POST', '/api/payments', WP_HEADERS, authorizeBody(reference, amount), 201)) as {
    paymentId: string;
    commandId: string;
    _links: { self: { href: string } };
    _actions: { partiallySettlePayment: { href: string } };
  };
  return {
    paymentId: body.paymentId,
    commandId: body.commandId,
    selfPath: new URL(body._links.self.href).pathname,
    settlePath: new URL(body._actions.partiallySettlePayment.href).pathname,
  };
}

/** A split payment of `items` line items of 1 minor unit each over a fresh payment; answers the fulfillment requests of its items. */
export async function prepareSplitPayment(base: string, reference: string, items: number): Promise<AutocannonRequest[]> {
  const payment = await prepareWorldpayPayment(base, reference, items);
  const split = JSON.parse(
    await send(
      base,
      'POST',
      '/splitPayments',
      SP_HEADERS,
      JSON.stringify({
        fulfillment: { auto: false, paymentCommandId: payment.commandId },
        merchant: { entity: 'default' },
        value: { currency: 'GBP', totalAmount: items },
        lineItems: Array.from({ length: items }, (_, i) => ({ itemReference: `item-${i}`, partyReference: `party-${i % 7}`, amount: 1 })),
      }),
      201,
    ),
  ) as { splitPaymentId: string; lineItems: { itemId: string }[] };
  const fulfill = JSON.stringify({ paymentCommandId: payment.commandId, transactionType: 'settle' });
  return split.lineItems.map(({ itemId }) => ({ method: 'POST', path: `/splitPayments/${split.splitPaymentId}/items/${itemId}/fulfillments`, headers: SP_HEADERS, body: fulfill }));
}

/** Prepares `sets` sets of ids on the simulator at `base` and answers the request list of the mixed traffic. */
export async function prepareMixedTraffic(base: string, sets: number): Promise<AutocannonRequest[]> {
  const list: AutocannonRequest[] = [];
  for (let i = 0; i < sets; i++) {
    const parent = await prepareBraintreeParent(base);
    const payment = await prepareWorldpayPayment(base, `mixed-${i}`);
    const [fulfillment] = await prepareSplitPayment(base, `mixed-split-${i}`, 2);
    list.push(
      { method: 'POST', path: BT_PATH, headers: BT_HEADERS, body: saleBody('10.00') },
      { method: 'POST', path: `${BT_PATH}/${parent}/submit_for_partial_settlement`, headers: BT_HEADERS, body: JSON.stringify({ transaction: { amount: '0.01' } }) },
      { method: 'GET', path: `${BT_PATH}/${parent}`, headers: BT_HEADERS },
      { method: 'POST', path: '/api/payments', headers: WP_HEADERS, body: authorizeBody(`mixed-new-${i}`, 1000) },
      { method: 'POST', path: payment.settlePath, headers: WP_HEADERS, body: partialSettlementBody(`mixed-${i}-ship`, 1) },
      { method: 'GET', path: payment.selfPath, headers: WP_HEADERS },
      fulfillment as AutocannonRequest,
    );
  }
  return list;
}
