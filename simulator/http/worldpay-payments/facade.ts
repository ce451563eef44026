/**
 * The Worldpay Payments API 2024-06-01 façade of the reference simulator: card authorizations and their management
 * (query, settle, partial settlement, partial refund, refund, cancel, reverse) under `/api/payments`, over the shared
 * ledger through {@link WorldpayPaymentStore}. The behaviour is described in
 * specs/worldpay-payments-2024-06-01.openapi.yaml, including the "undocumented: settlekit's reference behaviour"
 * choices.
 *
 * Checks run in this order, each answering in the API's error shape: credentials (401 `accessDenied`), then
 * `WP-Api-Version` (406 `headerIsMissing` / `headerHasInvalidValue` with `headerName`), then the URL (404
 * `urlContainsInvalidValue` for an unknown path or a linkData this simulator did not mint; 405 for another method),
 * then — for operations with a body — an empty body (400 `bodyIsEmpty`), the `Content-Type` (415), JSON (400
 * `bodyIsNotJson`) and the schema (400 `bodyDoesNotMatchSchema`), and last the payment's state (409
 * `actionNotAvailable`) and amounts (400 `fieldHasInvalidValue`).
 */
import { formatMinorUnits } from '../../../lib/money.ts';
import type { ActionName, CommandError, CommandResult, WorldpayPayment, WorldpayPaymentStore } from '../../models/worldpay-payments/payments.ts';
import { basicAuthChecker, type BasicAuthCheck } from '../plumbing/auth.ts';
import { decodeUtf8, parseJson } from '../plumbing/body.ts';
import type { Facade, RequestContext, SimulatorContext } from '../plumbing/context.ts';
import type { Fault } from '../plumbing/faults.ts';
import { originOf } from '../plumbing/origin.ts';
import {
  accessDenied,
  actionNotAvailable,
  faultAnswer,
  invalidValue,
  methodNotAllowed,
  schemaMismatch,
  unreadableBody,
  unsupportedMediaType,
  urlContainsInvalidValue,
  versionNotAcceptable,
  type ErrorAnswer,
  type ValidationError,
} from './errors.ts';
import { ACTION_SEGMENTS, actionsOf, LinkCodec, linksOf, PAYMENTS_PATH, seededLinkKey } from './links.ts';
import { AUTHORIZE_FIELDS, PARTIAL_REFUND_FIELDS, PARTIAL_SETTLEMENT_FIELDS, validateBody, type FieldSpec } from './validation.ts';

/** The one version this façade serves. */
export const WORLDPAY_PAYMENTS_VERSION = '2024-06-01';

/** Options of {@link createWorldpayPaymentsFacade} beyond the simulator's. */
export interface WorldpayPaymentsFacadeOptions {
  /** The linkData signing key (default: derived from the simulator's seed when it has one, else random per façade). */
  readonly linkKey?: Buffer;
}

type Answer = { readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> };

const SEGMENT_ACTIONS = new Map<string, ActionName>(Object.entries(ACTION_SEGMENTS).map(([action, segment]) => [segment, action as ActionName]));

/** Creates the Worldpay Payments façade over a simulator's shared context. */
export function createWorldpayPaymentsFacade(sim: SimulatorContext, options: WorldpayPaymentsFacadeOptions = {}): Facade {
  const store = sim.ledger.worldpay;
  const links = new LinkCodec(options.linkKey ?? (sim.config.seed === undefined ? undefined : seededLinkKey(sim.config.seed)));
  const authenticate = basicAuthChecker(sim.config.worldpay.username, sim.config.worldpay.password);

  return {
    name: 'worldpay-payments',
    paths: [PAYMENTS_PATH],
    async handle(ctx) {
      const answer = await route(ctx, authenticate, store, links);
      ctx.sendJson(answer.status, answer.body, answer.headers);
    },
    renderFault(ctx: RequestContext, fault: Fault) {
      const answer = faultAnswer(fault.status);
      ctx.sendJson(fault.status, answer.body, answer.headers ?? {});
    },
    reset() {
      // The payments are gone with the ledger: so are the tokens remembered for them.
      links.forget();
    },
  };
}

async function route(ctx: RequestContext, authenticate: BasicAuthCheck, store: WorldpayPaymentStore, links: LinkCodec): Promise<Answer> {
  if (authenticate(ctx.req.headers.authorization) !== 'ok') return accessDenied();
  const version = ctx.header('wp-api-version');
  if (version === undefined || version.trim() === '') {
    return versionNotAcceptable('headerIsMissing', `The 'WP-Api-Version' header is missing: send WP-Api-Version: ${WORLDPAY_PAYMENTS_VERSION}.`);
  }
  if (version.trim() !== WORLDPAY_PAYMENTS_VERSION) {
    return versionNotAcceptable('headerHasInvalidValue', `The 'WP-Api-Version' header must be ${WORLDPAY_PAYMENTS_VERSION}; ${JSON.stringify(version)} is not supported.`);
  }

  const origin = originOf(ctx.header('host'));
  const segments = ctx.pathname.slice(PAYMENTS_PATH.length).split('/').filter((s, i) => i > 0 || s !== '');
  // `/api/payments` → []; `/api/payments/{linkData}` → [linkData]; `/api/payments/{linkData}/{action}` → [linkData, action].
  if (segments.length === 0) {
    if (ctx.method !== 'POST') return methodNotAllowed('POST');
    return authorize(ctx, store, links, origin);
  }
  if (segments.length > 2 || segments.some((s) => s === '')) return urlContainsInvalidValue('No such URL under /api/payments.');
  const [linkData = '', segment] = segments;
  const action = segment === undefined ? undefined : SEGMENT_ACTIONS.get(segment);
  if (segment !== undefined && action === undefined) return urlContainsInvalidValue(`No such action: ${segment}.`);
  if (ctx.method !== (action ? 'POST' : 'GET')) return methodNotAllowed(action ? 'POST' : 'GET');
  const paymentId = links.decode(linkData);
  const payment = paymentId === undefined ? undefined : store.get(paymentId);
  if (!payment) return urlContainsInvalidValue();
  const view = (p: WorldpayPayment) => paymentView(store, links, origin, p);

  switch (action) {
    case undefined:
      return { status: 200, body: { lastEvent: payment.lastEvent, ...view(payment) } };
    case 'partiallySettlePayment': {
      const body = await readJsonBody(ctx, PARTIAL_SETTLEMENT_FIELDS);
      if (!body.ok) return body.error;
      const input = body.value as { reference: string; sequence?: { number: number; total: number }; value: { currency: string; amount: number } };
      return commandAnswer(store.partiallySettle(payment.paymentId, {
        reference: input.reference,
        currency: input.value.currency,
        amount: input.value.amount,
        ...(input.sequence ? { sequence: input.sequence } : {}),
      }), view, payment.currency);
    }
    case 'partiallyRefundPayment': {
      const body = await readJsonBody(ctx, PARTIAL_REFUND_FIELDS);
      if (!body.ok) return body.error;
      const input = body.value as { reference: string; value: { currency: string; amount: number } };
      return commandAnswer(store.partiallyRefund(payment.paymentId, { reference: input.reference, currency: input.value.currency, amount: input.value.amount }), view, payment.currency);
    }
    case 'settlePayment':
      return commandAnswer(store.settle(payment.paymentId), view, payment.currency);
    case 'refundPayment':
      return commandAnswer(store.refund(payment.paymentId), view, payment.currency);
    case 'cancelPayment':
      return commandAnswer(store.cancel(payment.paymentId), view, payment.currency);
    case 'reversePayment':
      return commandAnswer(store.reverse(payment.paymentId), view, payment.currency);
  }
}

async function authorize(ctx: RequestContext, store: WorldpayPaymentStore, links: LinkCodec, origin: string): Promise<Answer> {
  const body = await readJsonBody(ctx, AUTHORIZE_FIELDS);
  if (!body.ok) return body.error;
  const input = body.value as {
    transactionReference: string;
    merchant: { entity: string };
    instruction: { value: { currency: string; amount: number }; paymentInstrument: { cardHolderName?: string } };
  };
  const payment = store.authorize({
    transactionReference: input.transactionReference,
    entity: input.merchant.entity,
    currency: input.instruction.value.currency,
    amount: input.instruction.value.amount,
    ...(input.instruction.paymentInstrument.cardHolderName === undefined ? {} : { cardHolderName: input.instruction.paymentInstrument.cardHolderName }),
  });
  const { _links, _actions } = paymentView(store, links, origin, payment);
  if (payment.lastEvent === 'refused') {
    return {
      status: 201,
      body: { outcome: 'refused', refusalCode: '5', refusalDescription: 'Refused', paymentId: payment.paymentId, commandId: payment.commandId, _links },
    };
  }
  return {
    status: 201,
    body: { outcome: 'authorized', paymentId: payment.paymentId, commandId: payment.commandId, transactionReference: payment.transactionReference, _links, _actions },
  };
}

function paymentView(store: WorldpayPaymentStore, links: LinkCodec, origin: string, payment: WorldpayPayment) {
  const linkData = links.encode(payment.paymentId);
  return { _links: linksOf(origin, linkData), _actions: actionsOf(origin, linkData, store.actions(payment)) };
}

function commandAnswer(result: CommandResult, view: (p: WorldpayPayment) => ReturnType<typeof paymentView>, currency: string): Answer {
  if (!result.ok) return commandError(result.error, currency);
  return { status: 202, body: { outcome: result.command.outcome, paymentId: result.payment.paymentId, commandId: result.command.commandId, ...view(result.payment) } };
}

function commandError(error: CommandError, currency: string): ErrorAnswer {
  switch (error.code) {
    case 'not-available':
      return actionNotAvailable(error.message);
    case 'currency-mismatch':
      return invalidValue({ errorName: 'fieldHasInvalidValue', jsonPath: '$.value.currency', message: `$.value.currency must be the payment's currency: ${error.message}` });
    case 'amount-too-large':
      return invalidValue({
        errorName: 'numberIsTooLarge',
        jsonPath: '$.value.amount',
        message: `$.value.amount must be at most ${error.limit} (${formatMinorUnits(error.limit, currency)} ${currency}): ${error.message}`,
      });
  }
}

type BodyResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: ErrorAnswer };

/** Reads and checks a JSON body: empty → bodyIsEmpty; not JSON media type → 415; not JSON → bodyIsNotJson; schema. */
async function readJsonBody(ctx: RequestContext, fields: Readonly<Record<string, FieldSpec>>): Promise<BodyResult> {
  const bytes = await ctx.readBody();
  // Decoded once: bytes that are not UTF-8 are never blank (they decode to U+FFFD), and parseJson refuses them.
  const text = decodeUtf8(bytes);
  if (text !== undefined && text.trim() === '') return { ok: false, error: unreadableBody('bodyIsEmpty', 'The request body is empty: send a JSON object.') };
  if (!isJsonMediaType(ctx.header('content-type'))) return { ok: false, error: unsupportedMediaType() };
  const parsed = parseJson(text ?? bytes);
  if (!parsed.ok) return { ok: false, error: unreadableBody('bodyIsNotJson', `The request body is not valid JSON: ${parsed.message}`) };
  const problems: ValidationError[] = validateBody(parsed.value, fields);
  const sequence = (parsed.value as { sequence?: { number?: unknown; total?: unknown } } | null)?.sequence;
  if (fields === PARTIAL_SETTLEMENT_FIELDS && problems.length === 0 && sequence && (sequence.number as number) > (sequence.total as number)) {
    problems.push({ errorName: 'numberIsTooLarge', jsonPath: '$.sequence.number', message: '$.sequence.number must not be above $.sequence.total' });
  }
  return problems.length > 0 ? { ok: false, error: schemaMismatch(problems) } : { ok: true, value: parsed.value };
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
}
