/**
 * The Worldpay Payments command model: authorizations (including the test value that refuses one) and every
 * lifecycle action — partial settlement (with and without `sequence`, in another currency, with malformed bodies),
 * partial refund, settlement, refund, cancellation, reversal and query — each sent by following the `_actions` (or
 * `_links.self`) link the service handed out, as the suite asks. The state is what the oracle's answers told: each
 * payment's amount, what was settled and refunded, and which actions it offers.
 */
import fc from 'fast-check';
import { amountEdge, describeEdge, pickRecent, raceCount, recentPick, resolveEdge, type AmountEdge } from '../amounts.ts';
import type { AspectTable, CommandModel, CompiledCommand, Expectation, FuzzCommand, FuzzEnv, Observed } from '../model.ts';
import { objectAt, template, unorderedList } from '../normalise.ts';
import { compileBy, followStep, operationStep } from '../steps.ts';

/** Every action a payment may offer, by its `_actions` key, with the operation following it validates against. */
export const WORLDPAY_ACTIONS = {
  partiallySettlePayment: 'payments.partiallySettle',
  partiallyRefundPayment: 'payments.partiallyRefund',
  settlePayment: 'payments.settle',
  refundPayment: 'payments.refund',
  cancelPayment: 'payments.cancel',
  reversePayment: 'payments.reverse',
} as const;

type Action = keyof typeof WORLDPAY_ACTIONS;
const ACTIONS = Object.keys(WORLDPAY_ACTIONS) as Action[];

/** Try test cards (Visa, Mastercard, American Express). */
const CARDS: readonly string[] = ['4000000000002701', '5200000000002235', '340000000002708'];

type Malformed = 'none' | 'amount-as-string' | 'amount-as-decimal' | 'no-reference' | 'sequence-without-total';
type Sequence = 'none' | 'next' | 'last' | 'above-total';

/** One payment, as the oracle described it last. */
interface Payment {
  readonly name: string;
  readonly amount: number;
  readonly currency: string;
  settled: number;
  refunded: number;
  /** The actions its latest answer offered. */
  actions: Set<string>;
  /** The actions a link was ever captured for (a stale link is still worth following: it must be refused). */
  readonly links: Set<string>;
  sequenceNext: number;
  sequenceTotal?: number;
}

/** What the oracle's answers told so far. */
export interface WorldpayPaymentsState {
  readonly payments: Payment[];
  next: number;
}

interface Meta {
  readonly payment?: Payment;
  /** An authorization's payment name and currency. */
  readonly name?: string;
  readonly currency?: string;
  readonly action?: Action | 'authorize' | 'query';
  readonly amount?: number;
  readonly last?: boolean;
  readonly sequenced?: boolean;
}

/** The rules each compared aspect of each operation checks, by the situation the oracle's answer shows. */
export const WORLDPAY_PAYMENTS_ASPECTS: AspectTable = {
  'payments.authorize': { '*': { authorized: ['WP-LC-04'], refused: ['WP-LC-05'], '*': [] } },
  'payments.partiallySettle': {
    '*': {
      accepted: ['WP-PS-01', 'WP-PS-03'],
      'accepted-used-up': ['WP-PS-01', 'WP-PS-03'],
      'accepted-last': ['WP-PS-01', 'WP-PS-03'],
      invalid: ['WP-PS-04'],
      'invalid-sequence': ['WP-PS-05'],
      'over-amount': ['WP-PS-09'],
      'bad-amount': ['WP-PS-11'],
      currency: ['WP-PS-12'],
      'sequence-above-total': ['WP-PS-10'],
      'not-available': ['WP-LC-11'],
      'not-found': ['WP-LC-09'],
      '*': [],
    },
    // The document lists the five actions of an answer that leaves part unsettled; what is offered once nothing is
    // left, or after the last of a sequence, is the reference simulator's choice.
    'action:*': { accepted: ['WP-PS-02'], 'accepted-used-up': ['WP-PS-08'], 'accepted-last': ['WP-PS-10'] },
    actions: { accepted: ['WP-PS-02'], 'accepted-used-up': ['WP-PS-08'], 'accepted-last': ['WP-PS-10'] },
  },
  'payments.partiallyRefund': {
    '*': { accepted: ['WP-LC-02'], 'over-amount': ['WP-LC-02'], 'bad-amount': ['WP-LC-02'], invalid: ['WP-LC-02'], currency: ['WP-LC-02'], 'not-available': ['WP-LC-11'], '*': [] },
  },
  'payments.settle': { '*': { accepted: ['WP-LC-07'], 'not-available': ['WP-LC-11'], '*': [] } },
  'payments.refund': { '*': { accepted: ['WP-LC-03'], 'not-available': ['WP-LC-11'], '*': [] } },
  'payments.cancel': { '*': { accepted: ['WP-LC-01'], 'not-available': ['WP-LC-11'], '*': [] } },
  'payments.reverse': { '*': { accepted: ['WP-LC-08'], 'not-available': ['WP-LC-11'], '*': [] } },
  'payments.query': { '*': { '*': ['WP-LC-06'] } },
  '*': { '*': { 'not-found': ['WP-LC-09'] } },
};

/** The Worldpay Payments command model. */
export const worldpayPaymentsModel: CommandModel<WorldpayPaymentsState> = {
  suite: 'worldpay-payments',
  aspects: WORLDPAY_PAYMENTS_ASPECTS,

  aspectOf(pointer) {
    const action = /^\/_actions\/([^/]+)/.exec(pointer)?.[1];
    if (action) return `action:${action}`;
    if (pointer === '/_actions') return 'actions';
    if (pointer === '/outcome' || pointer === '/lastEvent') return 'event';
    if (pointer.startsWith('/errorName') || pointer.startsWith('/validationErrors')) return 'error-name';
    return 'body';
  },

  opening(env) {
    // Mostly settled in part right away, so refunds have something to work on; shrinking can drop that settlement.
    return fc.tuple(authorize(false), fc.option(partiallySettle(env), { freq: 3, nil: undefined })).map(([first, settle]) => (settle ? [first, settle] : [first]));
  },

  command(env) {
    return fc.oneof(
      { weight: 2, arbitrary: authorize(true) },
      { weight: 10, arbitrary: partiallySettle(env) },
      { weight: 6, arbitrary: fc.record({ op: fc.constant('partiallyRefund'), pick: recentPick, amount: amountEdge(), stale, race: raceCount(env.race) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('action'), action: fc.constantFrom<Action>('settlePayment', 'refundPayment', 'cancelPayment', 'reversePayment'), pick: recentPick, stale }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('query'), pick: fc.nat(20) }) },
    );
  },

  initial: () => ({ payments: [], next: 1 }),

  compile: compileBy<WorldpayPaymentsState>({
    authorize: compileAuthorize,
    partiallySettle: compilePartiallySettle,
    partiallyRefund: compilePartiallyRefund,
    action: compileAction,
    query: compileQuery,
  }),

  observe(compiled, observed, state) {
    const meta = compiled.meta as Meta;
    const ok = observed.status >= 200 && observed.status < 300;
    let payment = meta.payment;
    if (meta.action === 'authorize') {
      if (observed.status !== 201 || objectAt(observed.body)?.outcome !== 'authorized' || !meta.name) return;
      payment = { name: meta.name, amount: meta.amount ?? 0, currency: meta.currency ?? 'GBP', settled: 0, refunded: 0, actions: new Set(), links: new Set(), sequenceNext: 1 };
      state.payments.push(payment);
    }
    if (!payment || !ok) return;
    const actions = objectAt(observed.body, '_actions');
    payment.actions = new Set(Object.keys(actions ?? {}));
    // A link can be followed once it was captured (a race's answers capture nothing).
    for (const action of payment.actions) if (observed.captures[`${payment.name}_${action}`] !== undefined) payment.links.add(action);
    switch (meta.action) {
      case 'partiallySettlePayment':
        payment.settled += meta.amount ?? 0;
        if (meta.sequenced) payment.sequenceNext += 1;
        break;
      case 'partiallyRefundPayment':
        payment.refunded += meta.amount ?? 0;
        break;
      case 'settlePayment':
        payment.settled = payment.amount;
        break;
      case 'refundPayment':
      case 'reversePayment':
        payment.refunded = payment.settled;
        break;
      default:
        break;
    }
  },

  expectation(compiled, observed): Expectation {
    const { status, body } = observed;
    const view = objectAt(body);
    if (status >= 200 && status < 300 && view) {
      const authorized = (compiled.meta as Meta).action === 'authorize';
      return {
        status,
        body: {
          ...(view.outcome !== undefined ? { outcome: view.outcome } : {}),
          ...(view.lastEvent !== undefined ? { lastEvent: view.lastEvent } : {}),
          ...(authorized && view.outcome === 'authorized' ? { paymentId: { $type: 'string' }, commandId: { $type: 'string' } } : {}),
          _actions: actionsView(objectAt(view, '_actions')),
        },
      };
    }
    return errorExpectation(status, view);
  },

  closing(state) {
    return state.payments.slice(-2).map((payment) => ({ op: 'query', name: payment.name }));
  },
};

/**
 * The body of a Card Payments authorization (`POST /api/payments`) of payment `name` on a plain test card (by default
 * the first, for Sherlock Holmes). The Split Payments model authorizes its payments with it too.
 */
export function authorizationBody(
  name: string,
  value: { readonly currency: string; readonly amount: number },
  card: { readonly cardNumber: string; readonly cardHolderName: string } = { cardNumber: CARDS[0] as string, cardHolderName: 'Sherlock Holmes' },
): Record<string, unknown> {
  return {
    transactionReference: `{{scenario.uid}}-${name}`,
    merchant: { entity: 'default' },
    instruction: {
      narrative: { line1: 'settlekit' },
      value: { currency: value.currency, amount: value.amount },
      paymentInstrument: { type: 'plain', cardNumber: card.cardNumber, expiryDate: { month: 12, year: 2035 }, cardHolderName: card.cardHolderName },
    },
  };
}

/**
 * The expectation of a Worldpay answer that is not a success: its `errorName` and, in any order, the `jsonPath` of each
 * validation error (messages are never compared); just the status when the body names no error. Both Worldpay models
 * use it.
 */
export function errorExpectation(status: number, view: Record<string, unknown> | undefined): Expectation {
  if (view && typeof view.errorName === 'string') {
    const errors = Array.isArray(view.validationErrors) ? (view.validationErrors as { jsonPath?: unknown }[]) : [];
    return { status, body: { errorName: view.errorName, ...(errors.length > 0 ? { validationErrors: unorderedList(errors.map((e) => ({ jsonPath: e.jsonPath }))) } : {}) } };
  }
  return { status };
}

function partiallySettle(env: FuzzEnv): fc.Arbitrary<FuzzCommand> {
  return fc.record({
    op: fc.constant('partiallySettle'),
    pick: recentPick,
    amount: amountEdge(),
    sequence: fc.oneof(
      { weight: 6, arbitrary: fc.constant<Sequence>('none') },
      { weight: 3, arbitrary: fc.constant<Sequence>('next') },
      { weight: 1, arbitrary: fc.constant<Sequence>('last') },
      { weight: 1, arbitrary: fc.constant<Sequence>('above-total') },
    ),
    otherCurrency: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    malformed: fc.oneof(
      { weight: 20, arbitrary: fc.constant<Malformed>('none') },
      { weight: 1, arbitrary: fc.constantFrom<Malformed>('amount-as-string', 'amount-as-decimal', 'no-reference', 'sequence-without-total') },
    ),
    stale,
    race: raceCount(env.race),
  });
}

/** Mostly act on payments that offer the action now; sometimes follow a link the payment no longer offers. */
const stale: fc.Arbitrary<boolean> = fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

function authorize(later: boolean): fc.Arbitrary<FuzzCommand> {
  return fc.record({
    op: fc.constant('authorize'),
    amount: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1000, 250) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 100_000 }) }),
    currency: fc.constantFrom('GBP', 'EUR', 'USD'),
    card: fc.nat(CARDS.length - 1),
    // The test value that refuses an authorization: never the first payment, which every sequence needs.
    refused: later ? fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
  });
}

function compileAuthorize(command: FuzzCommand, state: WorldpayPaymentsState): CompiledCommand {
  const name = `pay${state.next++}`;
  const amount = command.amount as number;
  const currency = command.currency as string;
  const refused = command.refused === true;
  return {
    step: operationStep(`authorize ${amount} ${currency} minor units${refused ? ' for the card holder REFUSED' : ''} (${name})`, 'payments.authorize', {
      body: authorizationBody(name, { currency, amount }, { cardNumber: CARDS[command.card as number] as string, cardHolderName: refused ? 'REFUSED' : 'Sherlock Holmes' }),
    }),
    captures: linkCaptures(name),
    operation: 'payments.authorize',
    requires: [],
    situation: (observed) => (observed.status === 201 ? String((observed.body as { outcome?: unknown } | undefined)?.outcome ?? 'authorized') : 'invalid'),
    meta: { action: 'authorize', name, amount, currency } satisfies Meta,
  };
}

function compilePartiallySettle(command: FuzzCommand, state: WorldpayPaymentsState): CompiledCommand | undefined {
  const payment = withLink(state, command, 'partiallySettlePayment');
  if (!payment) return undefined;
  const edge = command.amount as AmountEdge;
  const left = payment.amount - payment.settled;
  const amount = resolveEdge(edge, left);
  const malformed = command.malformed as Malformed;
  const sequence = sequenceOf(command.sequence as Sequence, payment);
  const currency = command.otherCurrency === true ? (payment.currency === 'GBP' ? 'EUR' : 'GBP') : payment.currency;
  const reference = `{{scenario.uid}}-${payment.name}-s${state.next++}`;
  // A malformed body on purpose: the amount as a string, or as a JSON number with a fraction (never money arithmetic).
  const value: Record<string, unknown> = { currency, amount: malformed === 'amount-as-string' ? String(amount) : malformed === 'amount-as-decimal' ? amount + 0.5 : amount };
  const body: Record<string, unknown> = {
    ...(malformed === 'no-reference' ? {} : { reference }),
    ...(sequence ? { sequence: malformed === 'sequence-without-total' ? { number: sequence.number } : sequence } : malformed === 'sequence-without-total' ? { sequence: { number: 1 } } : {}),
    value,
  };
  const repeat = (command.race as number | undefined) ?? 1;
  const what = malformed !== 'none' ? ` (malformed: ${malformed.replaceAll('-', ' ')})` : sequence ? ` (shipment ${sequence.number} of ${sequence.total})` : '';
  return {
    step: followStep(
      `${repeat > 1 ? `${repeat} partial settlements at once of` : 'partially settle'} ${payment.name} for ${amount} ${currency} minor units (${describeEdge(edge)})${what}`,
      template(`${payment.name}_partiallySettlePayment`),
      'POST',
      'payments.partiallySettle',
      { body, repeat },
    ),
    captures: repeat > 1 ? {} : linkCaptures(payment.name),
    operation: 'payments.partiallySettle',
    requires: [],
    situation: (observed) => {
      if (observed.status === 202) {
        if (sequence && sequence.number === sequence.total) return 'accepted-last';
        return objectAt(observed.body, '_actions', 'partiallySettlePayment') ? 'accepted' : 'accepted-used-up';
      }
      return refusalSituation(observed);
    },
    meta: { payment, action: 'partiallySettlePayment', amount, sequenced: sequence !== undefined && malformed === 'none' } satisfies Meta,
  };
}

function compilePartiallyRefund(command: FuzzCommand, state: WorldpayPaymentsState): CompiledCommand | undefined {
  const payment = withLink(state, command, 'partiallyRefundPayment');
  if (!payment) return undefined;
  const edge = command.amount as AmountEdge;
  const amount = resolveEdge(edge, payment.settled - payment.refunded);
  const repeat = (command.race as number | undefined) ?? 1;
  return {
    step: followStep(
      `${repeat > 1 ? `${repeat} partial refunds at once of` : 'partially refund'} ${payment.name} for ${amount} ${payment.currency} minor units (${describeEdge(edge)})`,
      template(`${payment.name}_partiallyRefundPayment`),
      'POST',
      'payments.partiallyRefund',
      { body: { reference: `{{scenario.uid}}-${payment.name}-r${state.next++}`, value: { currency: payment.currency, amount } }, repeat },
    ),
    captures: repeat > 1 ? {} : linkCaptures(payment.name),
    operation: 'payments.partiallyRefund',
    requires: [],
    situation: (observed) => (observed.status === 202 ? 'accepted' : refusalSituation(observed)),
    meta: { payment, action: 'partiallyRefundPayment', amount } satisfies Meta,
  };
}

function compileAction(command: FuzzCommand, state: WorldpayPaymentsState): CompiledCommand | undefined {
  const action = command.action as Action;
  const payment = withLink(state, command, action);
  if (!payment) return undefined;
  const operation = WORLDPAY_ACTIONS[action];
  const verb = { settlePayment: 'settle', refundPayment: 'refund', cancelPayment: 'cancel', reversePayment: 'reverse' }[action as 'settlePayment'];
  return {
    step: followStep(`${verb} ${payment.name}`, template(`${payment.name}_${action}`), 'POST', operation),
    captures: linkCaptures(payment.name),
    operation,
    requires: [],
    situation: (observed) => (observed.status === 202 ? 'accepted' : refusalSituation(observed)),
    meta: { payment, action } satisfies Meta,
  };
}

function compileQuery(command: FuzzCommand, state: WorldpayPaymentsState): CompiledCommand | undefined {
  const payment = command.name ? state.payments.find((p) => p.name === command.name) : pickRecent(state.payments, command.pick as number);
  if (!payment) return undefined;
  return {
    step: followStep(`query ${payment.name}`, template(`${payment.name}_self`), 'GET', 'payments.query'),
    captures: linkCaptures(payment.name),
    operation: 'payments.query',
    requires: [],
    situation: (observed) => (observed.status === 200 ? 'accepted' : refusalSituation(observed)),
    meta: { payment, action: 'query' } satisfies Meta,
  };
}

/** Captures of every link an answer about a payment may carry. */
function linkCaptures(name: string): Record<string, readonly string[]> {
  return {
    [`${name}_self`]: ['$._links.self.href'],
    ...Object.fromEntries(ACTIONS.map((action) => [`${name}_${action}`, [`$._actions.${action}.href`]])),
  };
}

/** A payment offering `action` now (or, for a `stale` command, one a link for it was ever captured for). */
function withLink(state: WorldpayPaymentsState, command: FuzzCommand, action: Action): Payment | undefined {
  const linked = state.payments.filter((p) => p.links.has(action));
  const offering = linked.filter((p) => p.actions.has(action));
  const candidates = command.stale === true || offering.length === 0 ? linked : offering;
  return pickRecent(candidates, command.pick as number);
}

function sequenceOf(kind: Sequence, payment: Payment): { number: number; total: number } | undefined {
  const total = payment.sequenceTotal ?? payment.sequenceNext + 2;
  switch (kind) {
    case 'none':
      return undefined;
    case 'next':
      payment.sequenceTotal = total;
      return { number: Math.min(payment.sequenceNext, total), total };
    case 'last':
      return { number: payment.sequenceNext, total: payment.sequenceNext };
    case 'above-total':
      return { number: total + 1, total };
  }
}

/** What `_actions` must hold: each action the oracle offers, with its method, and none of the others. */
function actionsView(actions: Record<string, unknown> | undefined): Record<string, unknown> | { $exists: false } {
  if (!actions) return { $exists: false };
  const view: Record<string, unknown> = {};
  for (const action of ACTIONS) {
    const offered = objectAt(actions, action);
    view[action] = offered ? { href: { $type: 'string' }, method: offered.method } : { $exists: false };
  }
  return view;
}

/** The situation of a refusal, from the oracle's error name and validation errors. */
function refusalSituation(observed: Observed): string {
  if (observed.status === 404) return 'not-found';
  if (observed.status === 409) return 'not-available';
  const body = objectAt(observed.body);
  const errors = (Array.isArray(body?.validationErrors) ? body.validationErrors : []) as { errorName?: unknown; jsonPath?: unknown }[];
  const has = (errorName: string, jsonPath: string): boolean => errors.some((e) => e.errorName === errorName && e.jsonPath === jsonPath);
  if (has('numberIsTooLarge', '$.value.amount')) return 'over-amount';
  if (has('numberIsTooSmall', '$.value.amount')) return 'bad-amount';
  if (has('numberIsTooLarge', '$.sequence.number')) return 'sequence-above-total';
  if (body?.errorName === 'fieldHasInvalidValue' && errors.some((e) => e.jsonPath === '$.value.currency')) return 'currency';
  if (errors.some((e) => typeof e.jsonPath === 'string' && e.jsonPath.startsWith('$.sequence'))) return 'invalid-sequence';
  return observed.status === 400 ? 'invalid' : 'refused';
}
