/**
 * The Worldpay Split Payments API 2025-06-25 façade (specs/worldpay-split-payments-2025-06-25.openapi.yaml):
 *
 * | request | operationId |
 * |---|---|
 * | `POST /splitPayments` | splitPayments.create |
 * | `GET /splitPayments/{splitPaymentId}` | splitPayments.query |
 * | `POST /splitPayments/{splitPaymentId}/fulfillments` | splitPayments.fulfillAll |
 * | `POST /splitPayments/{splitPaymentId}/items/{itemId}/fulfillments` | splitPayments.fulfillItem |
 *
 * Checks run in a fixed order, each answering the source document's error shapes: credentials (401), WP-Api-Version
 * (400/406), the URL path — route, split payment, item (406) —, Content-Type (400/415), the body (400), then the
 * split payment's own rules, which live in the split-payment book (simulator/models/split-payments/): this module
 * only translates the wire to and from it.
 */
import type { SplitPaymentBook, BookError, CreateInput, FulfillInput, SplitPayment } from '../../models/split-payments/split-payment-book.ts';
import type { Facade, RequestContext, SimulatorContext } from '../plumbing/context.ts';
import type { Fault } from '../plumbing/faults.ts';
import { originOf } from '../plumbing/origin.ts';
import { decodeSegment } from '../plumbing/request.ts';
import { checkFields, parseJsonObject, schemaError, schemaMismatch, type FieldSpec, type Problem } from './body.ts';
import { internalError, notAcceptable, type ErrorAnswer } from './errors.ts';
import { authorizationCheck, checkContentType, checkVersion } from './headers.ts';

/** The path every route of this façade lives under. */
export const SPLIT_PAYMENTS_PATH = '/splitPayments';

/** `paymentCommandId`: the 25-character commandId of a Card Payments command (SP-FF-09). */
export const PAYMENT_COMMAND_ID_PATTERN = /^cmd[A-Za-z0-9_-]{21}0$/;

/** Largest amount (minor units) a split payment or line item may carry. */
export const MAX_AMOUNT = 2_147_483_647;

const REFERENCE_PATTERN = /^[a-zA-Z0-9 ,./-]*$/;

const FULFILLMENT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  reference: { kind: 'string' },
  description: { kind: 'string' },
  paymentCommandId: { kind: 'string', required: true, pattern: PAYMENT_COMMAND_ID_PATTERN },
  transactionType: { kind: 'string', required: true, enum: ['settle', 'refund'] },
};

const SPLIT_PAYMENT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  reference: { kind: 'string', maxLength: 50, pattern: REFERENCE_PATTERN },
  description: { kind: 'string', maxLength: 50, pattern: REFERENCE_PATTERN },
  fulfillment: {
    kind: 'object',
    required: true,
    fields: { auto: { kind: 'boolean', required: true }, paymentCommandId: FULFILLMENT_FIELDS.paymentCommandId as FieldSpec },
  },
  merchant: { kind: 'object', required: true, fields: { entity: { kind: 'string', required: true } } },
  value: {
    kind: 'object',
    required: true,
    fields: {
      currency: { kind: 'string', required: true, pattern: /^[A-Z]{3}$/ },
      totalAmount: { kind: 'integer', required: true, minimum: 1, maximum: MAX_AMOUNT },
    },
  },
  lineItems: {
    kind: 'array',
    required: true,
    minItems: 1,
    items: {
      kind: 'object',
      fields: {
        itemReference: { kind: 'string', required: true },
        partyReference: { kind: 'string', required: true },
        amount: { kind: 'integer', required: true, minimum: 1, maximum: MAX_AMOUNT },
      },
    },
  },
};

/** Builds the Split Payments façade over the simulator's split-payment book (registered in server.ts). */
export function createSplitPaymentsFacade(sim: SimulatorContext): Facade {
  const checkAuthorization = authorizationCheck(sim.config.worldpay);
  return {
    name: 'worldpay-split-payments',
    paths: [SPLIT_PAYMENTS_PATH],
    handle: (ctx) => handle(ctx, sim.ledger.splitPayments, checkAuthorization),
    renderFault: (ctx, fault) => renderFault(ctx, fault),
  };
}

type Route =
  | { readonly kind: 'create' }
  | { readonly kind: 'query'; readonly splitPaymentId: string }
  | { readonly kind: 'fulfillAll'; readonly splitPaymentId: string }
  | { readonly kind: 'fulfillItem'; readonly splitPaymentId: string; readonly itemId: string };

async function handle(ctx: RequestContext, book: SplitPaymentBook, checkAuthorization: (header: string | undefined) => ErrorAnswer | undefined): Promise<void> {
  const { req } = ctx;
  const early = checkAuthorization(req.headers.authorization) ?? checkVersion(ctx.header('wp-api-version'));
  if (early) return answer(ctx, early);

  const route = routeOf(ctx.method, ctx.pathname);
  if (!route) return answer(ctx, notAcceptable('urlContainsInvalidValue', `The URL path is misconfigured: no ${ctx.method} ${ctx.pathname}.`));
  const split = route.kind === 'create' ? undefined : book.get(route.splitPaymentId);
  if (route.kind !== 'create' && !split) {
    return answer(ctx, notAcceptable('urlContainsInvalidValue', 'The URL path is misconfigured: no split payment has this splitPaymentId.'));
  }
  if (route.kind === 'fulfillItem' && !book.item(route.splitPaymentId, route.itemId)) {
    return answer(ctx, notAcceptable('urlContainsInvalidValue', 'The URL path is misconfigured: the split payment has no line item with this itemId.'));
  }
  if (route.kind === 'query' && split) return ctx.sendJson(200, querySplitPayment(split, ctx));

  const contentType = checkContentType(ctx.header('content-type'));
  if (contentType) return answer(ctx, contentType);
  const parsed = parseJsonObject(await ctx.readBody());
  if (!parsed.ok) return answer(ctx, parsed.error);

  if (route.kind === 'create') {
    const checked = checkFields(parsed.value, SPLIT_PAYMENT_FIELDS);
    if (!checked.ok) return answer(ctx, checked.error);
    const created = book.create(toCreateInput(parsed.value));
    if (!created.ok) return answer(ctx, bookErrorAnswer(created.error));
    return ctx.sendJson(201, createdBody(created.value, ctx));
  }
  const checked = checkFields(parsed.value, FULFILLMENT_FIELDS);
  if (!checked.ok) return answer(ctx, checked.error);
  const input: FulfillInput = {
    paymentCommandId: parsed.value.paymentCommandId as string,
    transactionType: parsed.value.transactionType as FulfillInput['transactionType'],
    ...(typeof parsed.value.reference === 'string' && parsed.value.reference !== '' ? { reference: parsed.value.reference } : {}),
  };
  const result = route.kind === 'fulfillItem' ? book.fulfillItem(route.splitPaymentId, route.itemId, input) : book.fulfillAll(route.splitPaymentId, input);
  if (!result.ok) return answer(ctx, bookErrorAnswer(result.error));
  ctx.sendJson(201, { fulfillment: 'fulfilled' });
}

function routeOf(method: string, pathname: string): Route | undefined {
  const rest = pathname.slice(SPLIT_PAYMENTS_PATH.length);
  if (rest === '' || rest === '/') return method === 'POST' ? { kind: 'create' } : undefined;
  const segments = rest.slice(1).split('/').map(decodeSegment);
  if (segments.some((segment) => !segment)) return undefined;
  const [splitPaymentId = '', second, itemId = '', fourth] = segments as string[];
  if (segments.length === 1 && method === 'GET') return { kind: 'query', splitPaymentId };
  if (segments.length === 2 && second === 'fulfillments' && method === 'POST') return { kind: 'fulfillAll', splitPaymentId };
  if (segments.length === 4 && second === 'items' && fourth === 'fulfillments' && method === 'POST') {
    return { kind: 'fulfillItem', splitPaymentId, itemId };
  }
  return undefined;
}

function toCreateInput(body: Record<string, unknown>): CreateInput {
  // The shape was checked by SPLIT_PAYMENT_FIELDS; these casts only name it.
  const fulfillment = body.fulfillment as { auto: boolean; paymentCommandId: string };
  const value = body.value as { currency: string; totalAmount: number };
  const lineItems = body.lineItems as { itemReference: string; partyReference: string; amount: number }[];
  return {
    ...(typeof body.reference === 'string' ? { reference: body.reference } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    auto: fulfillment.auto,
    paymentCommandId: fulfillment.paymentCommandId,
    merchantEntity: (body.merchant as { entity: string }).entity,
    currency: value.currency,
    totalAmount: value.totalAmount,
    lineItems: lineItems.map(({ itemReference, partyReference, amount }) => ({ itemReference, partyReference, amount })),
  };
}

function bookErrorAnswer(error: BookError): ErrorAnswer {
  const problem = (errorName: Problem['errorName'], jsonPath: string, why: string): ErrorAnswer => schemaError([{ errorName, jsonPath, why }]);
  switch (error.code) {
    case 'unknown-payment':
      return schemaMismatch('$.fulfillment.paymentCommandId names no authorized payment that can be split.');
    case 'already-split':
      return schemaMismatch('the payment $.fulfillment.paymentCommandId names is already split.');
    case 'currency-mismatch':
      return problem('stringFailedRegexCheck', '$.value.currency', "must be the payment's currency");
    case 'total-over-authorization':
      return problem('numberIsTooLarge', '$.value.totalAmount', 'is more than the payment has left to settle');
    case 'items-over-total':
      return problem('numberIsTooSmall', '$.value.totalAmount', `is less than the line items add up to (${error.itemsTotal})`);
    case 'items-under-total':
      return problem('numberIsTooLarge', '$.value.totalAmount', `is more than the line items add up to (${error.itemsTotal})`);
    case 'unknown-split-payment':
      return notAcceptable('urlContainsInvalidValue', 'The URL path is misconfigured: no split payment has this splitPaymentId.');
    case 'unknown-item':
      return notAcceptable('urlContainsInvalidValue', 'The URL path is misconfigured: the split payment has no line item with this itemId.');
    case 'wrong-command':
      return schemaMismatch("$.paymentCommandId is not the commandId of this split payment's payment.");
    case 'not-settled':
      return schemaMismatch(`a refund needs the line item(s) settled first; not settled: ${error.itemIds.join(', ')}.`);
    case 'payment-refused':
      return schemaMismatch(`the payment refused the movement: ${error.message}`);
  }
}

function createdBody(split: SplitPayment, ctx: RequestContext): unknown {
  return {
    splitPaymentId: split.splitPaymentId,
    lineItems: split.items.map(({ itemId, itemReference, partyReference, amount }) => ({ itemId, itemReference, partyReference, amount })),
    _links: { self: { href: selfHref(split, ctx) } },
  };
}

function querySplitPayment(split: SplitPayment, ctx: RequestContext): unknown {
  return {
    splitPaymentId: split.splitPaymentId,
    ...(split.reference === undefined ? {} : { reference: split.reference }),
    ...(split.description === undefined ? {} : { description: split.description }),
    fulfillment: { auto: split.auto, paymentCommandId: split.paymentCommandId },
    merchant: { entity: split.merchantEntity },
    value: { currency: split.currency, totalAmount: split.totalAmount },
    lineItems: split.items.map(({ itemId, itemReference, partyReference, amount, status }) => ({
      itemId,
      itemReference,
      partyReference,
      amount,
      status,
      settledAmount: status === 'pending' ? 0 : amount,
      refundedAmount: status === 'refunded' ? amount : 0,
    })),
    _links: { self: { href: selfHref(split, ctx) } },
  };
}

function selfHref(split: SplitPayment, ctx: RequestContext): string {
  // Built from Host, so a client (or a proxy in front) gets a link back to where it sent the request.
  return `${originOf(ctx.header('host'))}${SPLIT_PAYMENTS_PATH}/${encodeURIComponent(split.splitPaymentId)}`;
}

// An injected fault is an internal failure whatever its status: answer the document's 500 shape.
function renderFault(ctx: RequestContext, fault: Fault): void {
  ctx.sendJson(fault.status, internalError().body);
}

function answer(ctx: RequestContext, error: ErrorAnswer): void {
  ctx.sendJson(error.status, error.body);
}
