/**
 * The Braintree gateway façade: the HTTP protocol the official SDKs speak, over the shared Braintree model.
 *
 * | request (under `/merchants/{merchantId}`) | success |
 * |---|---|
 * | `POST /transactions` (sale or credit) | 201 `<transaction>` |
 * | `POST /transactions/{id}/submit_for_partial_settlement` | 201 `<transaction>` (the child) |
 * | `POST /transactions/{id}/refund` | 201 `<transaction>` (the credit) |
 * | `PUT /transactions/{id}/submit_for_settlement` | 200 |
 * | `PUT /transactions/{id}/void` | 200 |
 * | `GET /transactions/{id}` | 200 |
 * | `PUT /transactions/{id}/settle` / `settlement_confirm` / `settlement_decline` / `settlement_pending` | 200 |
 *
 * Refusals: 422 `<api-error-response>` (validation errors, or a processor decline carrying the transaction); 401
 * (empty body) for missing or wrong Basic credentials, checked first; 404 (empty body) for another merchant id, an
 * unknown transaction or an unknown route; 400 (empty body) for a JSON/XML body that does not parse; 413 past the body
 * limit. `X-ApiVersion`: the SDK always sends 6; a missing header is accepted (lenient, so hand-written requests work),
 * a present one outside 4–6 gets 426 (the SDK's "upgrade required").
 */
import type { BraintreeResult, SaleInput, TestingOperation } from '../../models/braintree/transactions.ts';
import { basicAuthChecker, type BasicAuthCheck } from '../plumbing/auth.ts';
import type { Facade, RequestContext, SimulatorContext } from '../plumbing/context.ts';
import { decodeSegment } from '../plumbing/request.ts';
import { paramsEcho, readParams, transactionParams, isObject } from './request.ts';
import { renderApiErrorResponse, renderTransaction } from './render.ts';

const XML = { 'content-type': 'application/xml; charset=utf-8' } as const;
const TESTING: ReadonlySet<string> = new Set(['settle', 'settlement_confirm', 'settlement_decline', 'settlement_pending']);

/** The prefix of every Braintree gateway path. */
const MERCHANTS_PREFIX = '/merchants/';

/** Builds the Braintree gateway façade. */
export function createBraintreeFacade(sim: SimulatorContext): Facade {
  const authenticate = basicAuthChecker(sim.config.publicKey, sim.config.privateKey);
  return {
    name: 'braintree',
    paths: [MERCHANTS_PREFIX],
    handle: (ctx) => handle(ctx, sim, authenticate),
  };
}

async function handle(ctx: RequestContext, sim: SimulatorContext, authenticate: BasicAuthCheck): Promise<void> {
  const { config } = sim;
  if (authenticate(ctx.req.headers.authorization) !== 'ok') return ctx.send(401);
  const segments = ctx.pathname.split('/').slice(2).map(decodeSegment);
  const [merchantId, collection, id, action, ...rest] = segments;
  if (merchantId !== config.merchantId || collection !== 'transactions' || rest.length > 0 || segments.includes(undefined)) return ctx.send(404);
  const version = ctx.header('x-apiversion');
  if (version !== undefined && !/^[4-6]$/.test(version.trim())) return ctx.send(426);

  const bt = sim.ledger.braintree;
  const method = ctx.method;
  if (id === undefined || id === '') {
    if (method !== 'POST' || ctx.pathname.endsWith('/')) return ctx.send(404);
    const body = await readParams(ctx);
    if (!body.ok) return ctx.send(body.status);
    return respond(ctx, bt.sale(saleInput(transactionParams(body.params))), 201, body.params);
  }
  if (action === undefined) {
    if (method !== 'GET') return ctx.send(404);
    return respond(ctx, bt.find(id), 200, {});
  }
  const body = await readParams(ctx);
  if (!body.ok) return ctx.send(body.status);
  const tx = transactionParams(body.params);
  if (method === 'POST' && action === 'submit_for_partial_settlement') {
    return respond(ctx, bt.submitForPartialSettlement(id, { amount: tx.amount, orderId: tx.order_id, finalCapture: tx.final_capture }), 201, body.params);
  }
  if (method === 'POST' && action === 'refund') return respond(ctx, bt.refund(id, { amount: tx.amount, orderId: tx.order_id }), 201, body.params);
  if (method === 'PUT' && action === 'submit_for_settlement') {
    return respond(ctx, bt.submitForSettlement(id, { amount: tx.amount, orderId: tx.order_id }), 200, body.params);
  }
  if (method === 'PUT' && action === 'void') return respond(ctx, bt.void(id), 200, body.params);
  if (method === 'PUT' && TESTING.has(action)) return respond(ctx, bt.testing(id, action as TestingOperation), 200, body.params);
  ctx.send(404);
}

function respond(ctx: RequestContext, result: BraintreeResult, okStatus: 200 | 201, params: Record<string, unknown>): void {
  if (result.ok) return ctx.send(okStatus, renderTransaction(result.transaction), XML);
  switch (result.kind) {
    case 'not-found':
      return ctx.send(404);
    case 'declined':
      return ctx.send(422, renderApiErrorResponse({ errors: [], params: paramsEcho(params), message: result.message, transaction: result.transaction }), XML);
    case 'validation':
      return ctx.send(422, renderApiErrorResponse({ errors: result.errors, params: paramsEcho(params) }), XML);
  }
}

function saleInput(tx: Record<string, unknown>): SaleInput {
  const card = isObject(tx.credit_card) ? tx.credit_card : undefined;
  const options = isObject(tx.options) ? tx.options : {};
  return {
    amount: tx.amount,
    type: tx.type,
    paymentMethodNonce: tx.payment_method_nonce,
    ...(card
      ? { creditCard: { number: card.number, expirationDate: card.expiration_date, expirationMonth: card.expiration_month, expirationYear: card.expiration_year } }
      : {}),
    merchantAccountId: tx.merchant_account_id,
    orderId: tx.order_id,
    submitForSettlement: options.submit_for_settlement,
  };
}
