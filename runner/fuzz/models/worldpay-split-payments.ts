/**
 * The Worldpay Split Payments command model: a Card Payments authorization (through POST /api/payments, as the suite
 * does), split payments over it (one to four line items; totals equal to, below and above what the items and the
 * authorization allow), and fulfillments across items and transaction types — settle and refund of one item, of all
 * items at once, repeated, before their time, with another payment's commandId or a malformed body — and queries. The
 * state is what the oracle's answers told: the authorizations, the split payments and each item's status.
 */
import fc from 'fast-check';
import { pickRecent, raceCount, recentPick } from '../amounts.ts';
import type { AspectTable, CommandModel, CompiledCommand, Expectation, FuzzCommand, Observed } from '../model.ts';
import { idRef, objectAt, template } from '../normalise.ts';
import { compileBy, operationStep, stepOf } from '../steps.ts';
import { authorizationBody, errorExpectation } from './worldpay-payments.ts';

type ItemStatus = 'pending' | 'settled' | 'refunded';
type Total = 'exact' | 'below-authorization' | 'items-over' | 'items-under' | 'over-authorization';
type Fault = 'none' | 'foreign-command' | 'type-outside-enum' | 'command-pattern';

interface Authorization {
  readonly name: string;
  readonly amount: number;
  readonly currency: string;
}

interface Item {
  readonly name: string;
  readonly amount: number;
  status: ItemStatus;
}

interface Split {
  readonly name: string;
  readonly authorization: Authorization;
  readonly items: Item[];
}

/** What the oracle's answers told so far. */
export interface SplitPaymentsState {
  readonly authorizations: Authorization[];
  readonly splits: Split[];
  next: number;
}

type Meta =
  | { readonly kind: 'authorize'; readonly authorization: Authorization }
  | { readonly kind: 'create'; readonly split: Split }
  | { readonly kind: 'item'; readonly split: Split; readonly item: Item; readonly type: 'settle' | 'refund' }
  | { readonly kind: 'all'; readonly split: Split; readonly type: 'settle' | 'refund' }
  | { readonly kind: 'query'; readonly split: Split };

/** The rules each compared aspect of each operation checks, by the situation the oracle's answer shows. */
export const SPLIT_PAYMENTS_ASPECTS: AspectTable = {
  'payments.authorize': { 'command-id': { '*': ['SP-FF-09'] }, '*': { '*': [] } },
  'splitPayments.create': { '*': { accepted: ['SP-CR-01'], '*': ['SP-CR-02'] } },
  'splitPayments.fulfillItem': {
    '*': {
      settle: ['SP-FF-01', 'SP-FF-02'],
      refund: ['SP-FF-01', 'SP-FF-02'],
      repeat: ['SP-FF-10'],
      'not-settled': ['SP-FF-08'],
      'wrong-command': ['SP-FF-14'],
      invalid: ['SP-FF-02', 'SP-FF-03'],
      pattern: ['SP-FF-09', 'SP-FF-03'],
      'not-found': ['SP-FF-05'],
      '*': [],
    },
  },
  'splitPayments.fulfillAll': { '*': { '*': ['SP-CR-03'] } },
  'splitPayments.query': { '*': { '*': ['SP-QY-01'] } },
};

/** The Worldpay Split Payments command model. */
export const splitPaymentsModel: CommandModel<SplitPaymentsState> = {
  suite: 'worldpay-split-payments',
  aspects: SPLIT_PAYMENTS_ASPECTS,

  aspectOf(pointer) {
    if (pointer.startsWith('/errorName') || pointer.startsWith('/validationErrors')) return 'error-name';
    if (/^\/lineItems\/\d+\/(status|settledAmount|refundedAmount)/.test(pointer)) return 'item-state';
    if (pointer.startsWith('/lineItems')) return 'items';
    if (pointer.startsWith('/fulfillment')) return 'fulfillment';
    if (pointer.startsWith('/commandId')) return 'command-id';
    return 'body';
  },

  opening: () => fc.tuple(authorize, create('exact')).map(([a, c]) => [a, c]),

  command(env) {
    return fc.oneof(
      { weight: 1, arbitrary: authorize },
      { weight: 2, arbitrary: create() },
      {
        weight: 10,
        arbitrary: fc.record({
          op: fc.constant('fulfillItem'),
          pick: recentPick,
          item: fc.nat(3),
          // Mostly an item the fulfillment moves on (a pending one to settle, a settled one to refund).
          moving: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          type: fc.oneof({ weight: 3, arbitrary: fc.constant('settle') }, { weight: 2, arbitrary: fc.constant('refund') }),
          fault: fc.oneof(
            { weight: 20, arbitrary: fc.constant<Fault>('none') },
            { weight: 1, arbitrary: fc.constantFrom<Fault>('foreign-command', 'type-outside-enum', 'command-pattern') },
          ),
          reference: fc.boolean(),
          race: raceCount(env.race),
        }),
      },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('fulfillAll'), pick: recentPick, type: fc.constantFrom('settle', 'refund') }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('query'), pick: fc.nat(10) }) },
    );
  },

  initial: () => ({ authorizations: [], splits: [], next: 1 }),

  compile: compileBy<SplitPaymentsState>({
    authorize: compileAuthorize,
    create: compileCreate,
    fulfillItem: compileFulfillItem,
    fulfillAll: compileFulfillAll,
    query: compileQuery,
  }),

  observe(compiled, observed, state) {
    const meta = compiled.meta as Meta;
    const ok = observed.status >= 200 && observed.status < 300;
    if (!ok) return;
    switch (meta.kind) {
      case 'authorize':
        if (observed.captures[meta.authorization.name] !== undefined) state.authorizations.push(meta.authorization);
        break;
      case 'create':
        if (observed.captures[meta.split.name] !== undefined) state.splits.push(meta.split);
        break;
      case 'item':
        meta.item.status = next(meta.item.status, meta.type);
        break;
      case 'all':
        for (const item of meta.split.items) item.status = next(item.status, meta.type);
        break;
      case 'query': {
        const items = objectAt(observed.body)?.lineItems;
        if (Array.isArray(items)) {
          items.forEach((line, i) => {
            const item = meta.split.items[i];
            const status = (line as { status?: unknown }).status;
            if (item && (status === 'pending' || status === 'settled' || status === 'refunded')) item.status = status;
          });
        }
        break;
      }
    }
  },

  expectation(compiled, observed, ids): Expectation {
    const { status, body } = observed;
    const view = objectAt(body);
    const meta = compiled.meta as Meta;
    if (status >= 200 && status < 300 && view) {
      switch (meta.kind) {
        case 'authorize':
          return { status, body: { outcome: view.outcome, commandId: { $match: '^cmd[A-Za-z0-9_-]{21}0$' } } };
        case 'create':
          return { status, body: { splitPaymentId: { $type: 'string' }, lineItems: lines(view.lineItems).map((line) => ({ itemId: { $type: 'string' }, amount: line.amount, itemReference: line.itemReference, partyReference: line.partyReference })) } };
        case 'query':
          return {
            status,
            body: {
              value: objectAt(view, 'value'),
              lineItems: lines(view.lineItems).map((line) => ({ itemId: idRef(line.itemId, ids), amount: line.amount, status: line.status, settledAmount: line.settledAmount, refundedAmount: line.refundedAmount })),
            },
          };
        default:
          return { status, body: { fulfillment: { $type: 'string' } } };
      }
    }
    return errorExpectation(status, view);
  },

  closing(state) {
    return state.splits.slice(-2).map((split) => ({ op: 'query', name: split.name }));
  },
};

const authorize: fc.Arbitrary<FuzzCommand> = fc.record({
  op: fc.constant('authorize'),
  amount: fc.oneof({ weight: 3, arbitrary: fc.constant(1000) }, { weight: 2, arbitrary: fc.integer({ min: 4, max: 100_000 }) }),
});

function create(total?: Total): fc.Arbitrary<FuzzCommand> {
  return fc.record({
    op: fc.constant('create'),
    pick: total ? fc.constant(0) : recentPick,
    parts: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
    total: total
      ? fc.constant(total)
      : fc.oneof(
          { weight: 6, arbitrary: fc.constant<Total>('exact') },
          { weight: 2, arbitrary: fc.constant<Total>('below-authorization') },
          { weight: 1, arbitrary: fc.constantFrom<Total>('items-over', 'items-under', 'over-authorization') },
        ),
  });
}

function compileAuthorize(command: FuzzCommand, state: SplitPaymentsState): CompiledCommand {
  const name = `cmd${state.next++}`;
  const amount = command.amount as number;
  const authorization: Authorization = { name, amount, currency: 'GBP' };
  return {
    step: stepOf({
      name: `authorize ${amount} GBP minor units through the Card Payments API (${name})`,
      action: { kind: 'request', method: 'POST', path: '/api/payments' },
      headers: { 'WP-Api-Version': '2024-06-01' },
      body: authorizationBody(name, { currency: 'GBP', amount }),
    }),
    captures: { [name]: ['$.commandId'] },
    operation: 'payments.authorize',
    requires: [],
    situation: (observed) => (observed.status === 201 ? 'accepted' : 'refused'),
    meta: { kind: 'authorize', authorization } satisfies Meta,
  };
}

function compileCreate(command: FuzzCommand, state: SplitPaymentsState): CompiledCommand | undefined {
  // A payment is split once: mostly split one that is not split yet (a second split is refused, SP-CR-02).
  const unsplit = state.authorizations.filter((a) => !state.splits.some((s) => s.authorization === a));
  const authorization = pickRecent(unsplit.length > 0 ? unsplit : state.authorizations, command.pick as number);
  if (!authorization) return undefined;
  const kind = command.total as Total;
  const base = kind === 'below-authorization' ? Math.max(1, Math.floor((authorization.amount * 3) / 5)) : kind === 'over-authorization' ? authorization.amount + 1 : authorization.amount;
  const amounts = share(base, command.parts as number[]);
  const last = amounts.length - 1;
  if (kind === 'items-over') amounts[last] = (amounts[last] as number) + 1;
  if (kind === 'items-under' && (amounts[last] as number) > 1) amounts[last] = (amounts[last] as number) - 1;
  const name = `split${state.next++}`;
  const split: Split = { name, authorization, items: amounts.map((amount, i) => ({ name: `${name}_item${i + 1}`, amount, status: 'pending' })) };
  const described = kind === 'exact' ? '' : ` (${kind.replaceAll('-', ' ')})`;
  return {
    step: operationStep(`split ${authorization.name} into ${amounts.join(' + ')} of a ${base} total${described} (${name})`, 'splitPayments.create', {
      body: {
        reference: `{{scenario.uid}}-${name}`,
        description: 'settlekit fuzz',
        fulfillment: { auto: false, paymentCommandId: template(authorization.name) },
        merchant: { entity: 'default' },
        value: { currency: authorization.currency, totalAmount: base },
        lineItems: amounts.map((amount, i) => ({ itemReference: `item-${i + 1}`, partyReference: `party-${(i % 2) + 1}`, amount })),
      },
    }),
    captures: { [name]: ['$.splitPaymentId'], ...Object.fromEntries(split.items.map((item, i) => [item.name, [`$.lineItems[${i}].itemId`]])) },
    operation: 'splitPayments.create',
    requires: [],
    situation: (observed) => (observed.status === 201 ? 'accepted' : kind),
    meta: { kind: 'create', split } satisfies Meta,
  };
}

function compileFulfillItem(command: FuzzCommand, state: SplitPaymentsState): CompiledCommand | undefined {
  const split = pickRecent(state.splits, command.pick as number);
  if (!split) return undefined;
  const type = command.type as 'settle' | 'refund';
  const moving = split.items.filter((i) => i.status === (type === 'settle' ? 'pending' : 'settled'));
  const items = command.moving === true && moving.length > 0 ? moving : split.items;
  const item = items[(command.item as number) % items.length] as Item;
  const fault = command.fault as Fault;
  const foreign = state.authorizations.find((a) => a !== split.authorization);
  if (fault === 'foreign-command' && !foreign) return undefined;
  const before = item.status;
  const body: Record<string, unknown> = {
    paymentCommandId: fault === 'foreign-command' ? template((foreign as Authorization).name) : fault === 'command-pattern' ? 'cmd-not-a-command-id' : template(split.authorization.name),
    transactionType: fault === 'type-outside-enum' ? 'capture' : type,
    ...(command.reference === true ? { reference: `{{scenario.uid}}-f${state.next++}`, description: 'optional description of fulfillment' } : {}),
  };
  const repeat = (command.race as number | undefined) ?? 1;
  const what = fault === 'none' ? '' : ` (${fault.replaceAll('-', ' ')})`;
  return {
    step: operationStep(`${repeat > 1 ? `${repeat} times at once, ` : ''}${type} ${item.name} (${item.amount}, ${before})${what}`, 'splitPayments.fulfillItem', {
      params: { splitPaymentId: template(split.name), itemId: template(item.name) },
      body,
      repeat,
    }),
    captures: {},
    operation: 'splitPayments.fulfillItem',
    requires: [],
    situation: (observed) => {
      if (observed.status === 201) return (type === 'settle' && before === 'pending') || (type === 'refund' && before === 'settled') ? type : 'repeat';
      if (observed.status === 406) return 'not-found';
      const errors = objectAt(observed.body)?.validationErrors;
      if (Array.isArray(errors) && errors.length > 0) return fault === 'command-pattern' ? 'pattern' : 'invalid';
      if (fault === 'foreign-command') return 'wrong-command';
      return type === 'refund' && before === 'pending' ? 'not-settled' : 'refused';
    },
    meta: { kind: 'item', split, item, type } satisfies Meta,
  };
}

function compileFulfillAll(command: FuzzCommand, state: SplitPaymentsState): CompiledCommand | undefined {
  const split = pickRecent(state.splits, command.pick as number);
  if (!split) return undefined;
  const type = command.type as 'settle' | 'refund';
  return {
    step: operationStep(`${type} every item of ${split.name} at once`, 'splitPayments.fulfillAll', {
      params: { splitPaymentId: template(split.name) },
      body: { paymentCommandId: template(split.authorization.name), transactionType: type },
    }),
    captures: {},
    operation: 'splitPayments.fulfillAll',
    requires: [],
    situation: (observed: Observed) => (observed.status === 201 ? type : 'refused'),
    meta: { kind: 'all', split, type } satisfies Meta,
  };
}

function compileQuery(command: FuzzCommand, state: SplitPaymentsState): CompiledCommand | undefined {
  const split = command.name ? state.splits.find((s) => s.name === command.name) : pickRecent(state.splits, command.pick as number);
  if (!split) return undefined;
  return {
    step: operationStep(`query ${split.name}`, 'splitPayments.query', { params: { splitPaymentId: template(split.name) } }),
    captures: {},
    operation: 'splitPayments.query',
    requires: [],
    situation: () => 'query',
    meta: { kind: 'query', split } satisfies Meta,
  };
}

/** `total` shared by `weights` into whole minor units, each at least 1 (fewer items when the total is too small). */
function share(total: number, weights: readonly number[]): number[] {
  const used = weights.slice(0, Math.max(1, Math.min(weights.length, total)));
  const sum = used.reduce((a, b) => a + b, 0);
  // One minor unit each, then the rest in proportion; what rounding leaves goes to the last item.
  const spare = Math.max(0, total - used.length);
  const amounts = used.map((w) => 1 + Math.floor((spare * w) / sum));
  amounts[amounts.length - 1] = (amounts[amounts.length - 1] as number) + (total - amounts.reduce((a, b) => a + b, 0));
  return amounts;
}

function next(status: ItemStatus, type: 'settle' | 'refund'): ItemStatus {
  if (type === 'settle') return status === 'pending' ? 'settled' : status;
  return status === 'settled' ? 'refunded' : status;
}

function lines(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object') : [];
}
