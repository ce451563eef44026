/**
 * Deliberately broken targets for the fuzzer's tests: the reference simulator behind a lax proxy that adds one
 * realistic ledger bug, each one the bundled suites do not catch (their tests show `settlekit run` passes them) and
 * `settlekit fuzz` does. One request at a time each is correct everywhere else.
 *
 * - Braintree, {@link startSettledChildrenForgotten}: the over-amount check adds up only the children still
 *   submitted for settlement — once a child is settled, its amount is forgotten and the parent can be settled again.
 * - Braintree, {@link startSmallSettlementRace}: partial settlements are checked under a lock, except small ones (at
 *   most a tenth of the authorization: the last shipment, typically), which check, wait, then act — a check-then-act
 *   race on the last settlement.
 * - Worldpay Payments, {@link startRefundsShrinkSettlement}: a partial refund is taken off what is left to settle, so
 *   a further partial settlement of what is really left is refused.
 * - Worldpay Split Payments, {@link startRefundAgainstLatestSettlement}: an item's refund is checked against the
 *   payment's latest settlement instead of the item's own, so refunding an item settled before a smaller one is refused.
 */
import { decodeTypedXml } from '../../lib/typed-xml.ts';
import { tryParseMinorUnits } from '../../lib/money.ts';
import { createSimulator, renderApiErrorResponse, type MerchantAccount, type Simulator } from '../../simulator/index.ts';
import { startLaxProxy, type LaxTransform, type ProxyRequest, type ProxyResponse } from './lax-proxy.ts';

/** A running broken target. */
export interface BrokenTarget {
  readonly url: string;
  close(): Promise<void>;
}

async function behindProxy(sim: Simulator, transform: (simUrl: string) => LaxTransform): Promise<BrokenTarget> {
  const simUrl = await sim.listen(0);
  const proxy = await startLaxProxy(simUrl, transform(simUrl));
  return {
    url: proxy.url,
    async close() {
      await proxy.close();
      await sim.close();
    },
  };
}

function json(status: number, value: unknown): ProxyResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(value), 'utf8') };
}

function parse(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Serialises async work per key (what a real ledger's row lock does). */
function keyedLock(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    tails.set(key, run.catch(() => undefined));
    return run;
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Braintree: a target with its own over-amount check, in front of a simulator that lets settlements go twice over the
// authorization (settlement adjustment), so the target's check is the only one that counts.

const ADJUSTABLE: readonly MerchantAccount[] = [
  { id: 'first_data_ma', processor: 'first-data', default: true, settlementAdjustmentPercent: 100 },
  { id: 'chase_ma', processor: 'chase', settlementAdjustmentPercent: 100 },
];

const SETTLEMENT = /^\/merchants\/[^/]+\/transactions\/([^/]+)\/submit_for_partial_settlement$/;
const INACTIVE = new Set(['voided', 'settlement_declined', 'failed', 'processor_declined', 'gateway_rejected']);

interface Transaction {
  readonly status: string;
  readonly amount: number;
  readonly parent: string | null;
  readonly children: readonly string[];
  readonly cardType: string;
  readonly expiresAt: number | null;
}

function braintreeCheck(options: { counts: (child: Transaction) => boolean; unlockedUpTo?: number }): (sim: Simulator) => (simUrl: string) => LaxTransform {
  return (sim) => (simUrl) => {
    const lock = keyedLock();
    const find = async (request: ProxyRequest, id: string): Promise<Transaction | undefined> => {
      const base = request.path.slice(0, request.path.indexOf('/transactions/'));
      const answer = await fetch(`${simUrl}${base}/transactions/${encodeURIComponent(id)}`, {
        headers: { authorization: request.headers.authorization ?? '', accept: 'application/xml', 'x-apiversion': '6' },
      });
      if (answer.status !== 200) return undefined;
      const tx = decodeTypedXml(await answer.text()).transaction as Record<string, unknown>;
      const amount = tryParseMinorUnits(tx.amount, String(tx['currency-iso-code'] ?? 'USD'));
      // The card network is under credit-card, or under the wallet element (apple-pay, android-pay-card).
      const cardTypes = ['credit-card', 'apple-pay', 'android-pay-card'].map((key) => (tx[key] as Record<string, unknown> | undefined)?.['card-type']);
      const expires = tx['authorization-expires-at'];
      return {
        status: String(tx.status),
        amount: amount.ok ? amount.minor : 0,
        parent: typeof tx['authorized-transaction-id'] === 'string' ? tx['authorized-transaction-id'] : null,
        children: Array.isArray(tx['partial-settlement-transaction-ids']) ? (tx['partial-settlement-transaction-ids'] as string[]) : [],
        cardType: cardTypes.filter((t): t is string => typeof t === 'string').join(' '),
        expiresAt: typeof expires === 'string' ? Date.parse(expires) : null,
      };
    };
    return {
      async intercept(request, forward) {
        const parentId = request.method === 'POST' ? SETTLEMENT.exec(request.path)?.[1] : undefined;
        if (parentId === undefined) return undefined;
        const decide = async (wait: boolean): Promise<ProxyResponse> => {
          const parent = await find(request, decodeURIComponent(parentId));
          const amountText = (parse(request.body)?.transaction as { amount?: unknown } | undefined)?.amount;
          const amount = tryParseMinorUnits(amountText, 'USD');
          // Everything the gateway refuses for another reason, it refuses the same way: only the amount check is ours.
          const ours =
            parent !== undefined &&
            parent.parent === null &&
            (parent.status === 'authorized' || parent.status === 'settlement_pending') &&
            (parent.expiresAt === null || parent.expiresAt > sim.clock.now().getTime()) &&
            !/American Express|Discover/.test(parent.cardType) &&
            amount.ok &&
            amount.minor > 0;
          if (!ours) return forward(request);
          const children = (await Promise.all(parent.children.map((id) => find(request, id)))).filter((c): c is Transaction => c !== undefined);
          const counted = children.filter((child) => !INACTIVE.has(child.status) && options.counts(child)).reduce((sum, child) => sum + child.amount, 0);
          const fits = counted + amount.minor <= parent.amount;
          // …something slow between the check and the act (a call to another service)…
          if (wait) await new Promise((resolve) => setTimeout(resolve, 60));
          if (fits) return forward(request);
          return {
            status: 422,
            headers: { 'content-type': 'application/xml; charset=utf-8' },
            body: Buffer.from(
              renderApiErrorResponse({ errors: [{ code: '91522', attribute: 'amount', message: 'Settlement amount is too large.', path: ['transaction'] }], params: { transaction: { amount: String(amountText) } } }),
              'utf8',
            ),
          };
        };
        if (options.unlockedUpTo !== undefined) {
          const parent = await find(request, decodeURIComponent(parentId));
          const amount = tryParseMinorUnits((parse(request.body)?.transaction as { amount?: unknown } | undefined)?.amount, 'USD');
          // The bug: a small settlement (the last shipment, typically) is not worth the lock — check, wait, act.
          if (parent && amount.ok && amount.minor * 100 <= parent.amount * options.unlockedUpTo) return decide(true);
        }
        return lock(parentId, () => decide(false));
      },
    };
  };
}

/** Braintree: the over-amount check forgets a child once it is settled (it adds up only the unsettled children). */
export function startSettledChildrenForgotten(): Promise<BrokenTarget> {
  const sim = createSimulator({ merchantAccounts: ADJUSTABLE });
  return behindProxy(sim, braintreeCheck({ counts: (child) => child.status !== 'settled' })(sim));
}

/** Braintree: partial settlements of at most 10% of the authorization check, wait and act without a lock. */
export function startSmallSettlementRace(): Promise<BrokenTarget> {
  const sim = createSimulator({ merchantAccounts: ADJUSTABLE });
  return behindProxy(sim, braintreeCheck({ counts: () => true, unlockedUpTo: 10 })(sim));
}

// ---------------------------------------------------------------------------------------------------------------------
// Worldpay Payments: one "available" balance per payment, and the partial refunds are taken off it too.

const PAYMENT_ACTION = /^\/api\/payments\/([^/]+)\/(partialSettlements|partialRefunds|settlements)$/;

/** Worldpay Payments: partial refunds are taken off what is left to settle. */
export function startRefundsShrinkSettlement(): Promise<BrokenTarget> {
  return behindProxy(createSimulator(), (simUrl) => {
    const payments = new Map<string, { authorized: number; settled: number; refunded: number }>();
    const valueOf = (request: ProxyRequest): { amount?: unknown; currency?: unknown } | undefined => parse(request.body)?.value as { amount?: unknown } | undefined;
    return {
      async intercept(request) {
        const match = request.method === 'POST' ? PAYMENT_ACTION.exec(request.path) : null;
        if (!match || match[2] !== 'partialSettlements') return undefined;
        const payment = payments.get(match[1] as string);
        const amount = valueOf(request)?.amount;
        if (!payment || payment.refunded === 0 || typeof amount !== 'number' || !Number.isInteger(amount)) return undefined;
        const query = await fetch(`${simUrl}/api/payments/${match[1]}`, { headers: { authorization: request.headers.authorization ?? '', 'wp-api-version': '2024-06-01', accept: 'application/json' } });
        const view = (await query.json()) as { _actions?: Record<string, unknown> };
        const open = query.status === 200 && view._actions?.partiallySettlePayment !== undefined;
        const reallyLeft = payment.authorized - payment.settled;
        // The bug: what is left to settle is the authorization less what was settled *and* what was refunded.
        const left = reallyLeft - payment.refunded;
        if (!open || amount > reallyLeft || amount <= left) return undefined;
        const error = { errorName: 'numberIsTooLarge', message: `$.value.amount must be at most ${left}`, jsonPath: '$.value.amount' };
        return json(400, { errorName: 'fieldHasInvalidValue', message: error.message, jsonPath: '$.value.amount', validationErrors: [error] });
      },
      response(response, request) {
        if (request.method !== 'POST' || response.status < 200 || response.status >= 300) return undefined;
        const body = parse(response.body);
        if (request.path === '/api/payments' && body?.outcome === 'authorized') {
          const href = (body._links as { self?: { href?: string } } | undefined)?.self?.href ?? '';
          const amount = ((parse(request.body)?.instruction as { value?: { amount?: unknown } } | undefined)?.value?.amount as number | undefined) ?? 0;
          payments.set(href.slice(href.lastIndexOf('/') + 1), { authorized: amount, settled: 0, refunded: 0 });
          return undefined;
        }
        const match = PAYMENT_ACTION.exec(request.path);
        const payment = match ? payments.get(match[1] as string) : undefined;
        if (!match || !payment) return undefined;
        const amount = Number(valueOf(request)?.amount ?? 0);
        if (match[2] === 'partialSettlements') payment.settled += amount;
        else if (match[2] === 'partialRefunds') payment.refunded += amount;
        else payment.settled = payment.authorized;
        return undefined;
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Worldpay Split Payments: the target keeps only the latest settlement of each split payment, and checks an item's
// refund against it.

const FULFILL_ALL = /^\/splitPayments\/([^/]+)\/fulfillments$/;
const FULFILL_ITEM = /^\/splitPayments\/([^/]+)\/items\/([^/]+)\/fulfillments$/;

interface SplitRecord {
  readonly authorization: string;
  readonly command: unknown;
  readonly items: Map<string, { readonly amount: number; status: 'pending' | 'settled' | 'refunded' }>;
  latest?: number;
}

/** Worldpay Split Payments: an item's refund is refused when it is larger than the split payment's latest settlement. */
export function startRefundAgainstLatestSettlement(): Promise<BrokenTarget> {
  return behindProxy(createSimulator(), () => {
    // The target's own view of its split payments, kept from the requests it accepted.
    const splits = new Map<string, SplitRecord>();
    const valid = (request: ProxyRequest, split: SplitRecord, body: Record<string, unknown>): boolean =>
      request.headers.authorization === split.authorization &&
      request.headers['wp-api-version'] === '2025-06-25' &&
      request.headers['content-type']?.startsWith('application/json') === true &&
      body.paymentCommandId === split.command &&
      (body.reference === undefined || typeof body.reference === 'string') &&
      (body.description === undefined || typeof body.description === 'string');
    return {
      intercept(request) {
        const one = request.method === 'POST' ? FULFILL_ITEM.exec(request.path) : null;
        const split = one ? splits.get(decodeURIComponent(one[1] as string)) : undefined;
        const body = parse(request.body);
        if (!one || !split || !body || body.transactionType !== 'refund' || !valid(request, split, body)) return undefined;
        const item = split.items.get(decodeURIComponent(one[2] as string));
        // The bug: the refund is checked against the latest settlement, not the one the item went out with.
        if (item?.status !== 'settled' || split.latest === undefined || item.amount <= split.latest) return undefined;
        return json(400, { errorName: 'bodyDoesNotMatchSchema', message: `the payment refused the movement: ${item.amount} is more than the ${split.latest} settled` });
      },
      response(response, request) {
        if (request.method !== 'POST' || response.status !== 201) return undefined;
        const body = parse(request.body);
        if (request.path === '/splitPayments') {
          const created = parse(response.body) as { splitPaymentId?: string; lineItems?: { itemId: string; amount: number }[] } | undefined;
          if (created?.splitPaymentId) {
            splits.set(created.splitPaymentId, {
              authorization: request.headers.authorization ?? '',
              command: (body?.fulfillment as { paymentCommandId?: unknown } | undefined)?.paymentCommandId,
              items: new Map((created.lineItems ?? []).map((line) => [line.itemId, { amount: line.amount, status: 'pending' as const }])),
            });
          }
          return undefined;
        }
        const all = FULFILL_ALL.exec(request.path);
        const one = FULFILL_ITEM.exec(request.path);
        const split = splits.get(decodeURIComponent(((all ?? one)?.[1] ?? '') as string));
        if (!split) return undefined;
        const items = one ? [split.items.get(decodeURIComponent(one[2] as string))].filter((i) => i !== undefined) : [...split.items.values()];
        if (body?.transactionType === 'settle') {
          const pending = items.filter((item) => item.status === 'pending');
          if (pending.length > 0) split.latest = pending.reduce((sum, item) => sum + item.amount, 0);
          for (const item of pending) item.status = 'settled';
        } else if (body?.transactionType === 'refund') {
          for (const item of items) if (item.status === 'settled') item.status = 'refunded';
        }
        return undefined;
      },
    };
  });
}
