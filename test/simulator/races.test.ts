/**
 * Races through the real HTTP façades: requests on one payment sent at once never break the ledger. Each case sets a
 * payment up with ordinary sequential requests, then sends a batch of requests together, and checks the invariants on
 * the set of answers, on what the API reports afterwards and on the shared ledger (journal included).
 *
 * Two transports, each a fast-check property over random amounts, random batch sizes and a random interleaving:
 * - loopback: real sockets to `createSimulator().listen(0)`; each request is opened, its body written in two parts and
 *   ended in an order fast-check draws, so requests overlap at every point the server can await;
 * - scheduled: `fc.scheduler()` decides, deterministically and shrinkably, the order in which each request reaches the
 *   simulator's request handler, its body arrives and ends.
 */
import http from 'node:http';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMinorUnits } from '../../lib/money.ts';
import { decodeTypedXml } from '../../lib/typed-xml.ts';
import { createSimulator, type Simulator } from '../../simulator/index.ts';

// ————————————————————————————————————————————————————————————— transports

/** One request as the test sends it. */
interface Wire {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** One answer, decoded (JSON as parsed, typed XML as `{ root: … }`). */
interface Reply {
  readonly status: number;
  readonly text: string;
  readonly body: unknown;
}

/** Sends one request and waits for its answer. */
type Send = (wire: Wire) => Promise<Reply>;

/** Sends a batch together, in an interleaving the transport chooses. */
type Race = (wires: readonly Wire[]) => Promise<Reply[]>;

function decode(status: number, contentType: string | undefined, text: string): Reply {
  let body: unknown;
  if (text !== '' && contentType?.includes('xml')) body = decodeTypedXml(text);
  else if (text !== '' && contentType?.includes('json')) body = JSON.parse(text) as unknown;
  return { status, text, body };
}

/** Opens a request on its own socket; the caller writes the body. */
function openLoopback(base: string, wire: Wire, length: number): { req: http.ClientRequest; reply: Promise<Reply> } {
  let req!: http.ClientRequest;
  const reply = new Promise<Reply>((resolve, reject) => {
    req = http.request(base + wire.path, { method: wire.method, agent: false, headers: { ...wire.headers, 'content-length': String(length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(decode(res.statusCode ?? 0, res.headers['content-type'], Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  return { req, reply };
}

const nextLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Sequential requests over loopback. */
function loopbackSend(base: string): Send {
  return (wire) => {
    const body = Buffer.from(wire.body ?? '', 'utf8');
    const { req, reply } = openLoopback(base, wire, body.length);
    req.end(body);
    return reply;
  };
}

/**
 * A batch over loopback: `events` lists request indices, each three times; the k-th time index i comes up, request i
 * is opened with the first `cuts[i]` part of its body (k = 0), gets the rest (k = 1) or is ended (k = 2).
 */
async function loopbackRace(base: string, wires: readonly Wire[], events: readonly number[], cuts: readonly number[]): Promise<Reply[]> {
  const stage = wires.map(() => 0);
  const open: { req: http.ClientRequest; reply: Promise<Reply>; body: Buffer; cut: number }[] = [];
  for (const i of events) {
    const wire = wires[i] as Wire;
    const step = stage[i] ?? 0;
    stage[i] = step + 1;
    if (step === 0) {
      const body = Buffer.from(wire.body ?? '', 'utf8');
      const cut = Math.floor(body.length * (cuts[i] ?? 0.5));
      const opened = openLoopback(base, wire, body.length);
      open[i] = { ...opened, body, cut };
      if (cut > 0) opened.req.write(body.subarray(0, cut));
      else opened.req.flushHeaders();
    } else if (step === 1) {
      const o = open[i];
      if (o && o.cut < o.body.length) o.req.write(o.body.subarray(o.cut));
    } else open[i]?.req.end();
    await nextLoop();
  }
  return Promise.all(open.map((o) => o.reply));
}

/** A request and a response object the handler accepts, without a socket. */
function mockExchange(wire: Wire): { req: http.IncomingMessage; res: http.ServerResponse; reply: Promise<Reply> } {
  const body = Buffer.from(wire.body ?? '', 'utf8');
  const headers: Record<string, string> = { host: 'simulator.test', 'content-length': String(body.length) };
  for (const [name, value] of Object.entries(wire.headers)) headers[name.toLowerCase()] = value;
  const req = Object.assign(new PassThrough(), { url: wire.path, method: wire.method, headers, socket: { destroy: () => undefined } });
  let res!: http.ServerResponse;
  const reply = new Promise<Reply>((resolve, reject) => {
    let out: Record<string, unknown> = {};
    const fake = {
      statusCode: 200,
      headersSent: false,
      writableEnded: false,
      writeHead(status: number, head: Record<string, unknown> = {}) {
        fake.statusCode = status;
        fake.headersSent = true;
        out = Object.fromEntries(Object.entries(head).map(([k, v]) => [k.toLowerCase(), v]));
        return fake;
      },
      end(data?: string | Buffer) {
        fake.writableEnded = true;
        const text = data === undefined ? '' : Buffer.from(data).toString('utf8');
        resolve(decode(fake.statusCode, out['content-type'] as string | undefined, text));
        return fake;
      },
      destroy() {
        reject(new Error('the handler destroyed the response'));
      },
    };
    res = fake as unknown as http.ServerResponse;
  });
  return { req: req as unknown as http.IncomingMessage, res, reply };
}

/** Sequential requests straight into the handler. */
function handlerSend(sim: Simulator): Send {
  return (wire) => {
    const { req, res, reply } = mockExchange(wire);
    sim.handler(req, res);
    (req as unknown as PassThrough).end(wire.body ?? '');
    return reply;
  };
}

/** A batch whose every step (reach the handler with part of the body, the rest, the end) the scheduler orders. */
async function scheduledRace(sim: Simulator, s: fc.Scheduler, wires: readonly Wire[], cuts: readonly number[]): Promise<Reply[]> {
  const replies = wires.map((wire, i) => {
    const { req, res, reply } = mockExchange(wire);
    const stream = req as unknown as PassThrough;
    const body = Buffer.from(wire.body ?? '', 'utf8');
    const cut = Math.floor(body.length * (cuts[i] ?? 0.5));
    s.scheduleSequence([
      {
        label: `#${i} arrives`,
        builder: async () => {
          sim.handler(req, res);
          if (cut > 0) stream.write(body.subarray(0, cut));
          await nextLoop();
        },
      },
      {
        label: `#${i} rest of body`,
        builder: async () => {
          if (cut < body.length) stream.write(body.subarray(cut));
          await nextLoop();
        },
      },
      {
        label: `#${i} ends`,
        builder: async () => {
          stream.end();
          await nextLoop();
        },
      },
    ]);
    return reply;
  });
  await s.waitIdle();
  return Promise.all(replies);
}

// ————————————————————————————————————————————————————————————— the cases

const BT_AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const WP_AUTH = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
const BT_HEADERS = { authorization: BT_AUTH, 'content-type': 'application/json', 'x-apiversion': '6', accept: 'application/xml' };
const WP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2024-06-01' };
const SP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2025-06-25' };
const BT = '/merchants/integration_merchant_id/transactions';

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const usd = (minor: number): string => formatMinorUnits(minor, 'USD');
const sum = (values: readonly number[]): number => values.reduce((n, v) => n + v, 0);

/** What a race case needs from the test around it. */
interface Harness {
  readonly sim: Simulator;
  readonly send: Send;
  readonly race: Race;
}

/** A case: draw parameters, set the payment up, race, check. */
interface RaceCase<P> {
  readonly name: string;
  readonly params: fc.Arbitrary<P>;
  /** How many requests the race sends (the interleaving is drawn for that many). */
  readonly size: (params: P) => number;
  /** Resolves to whether the server handled the requests in another order than they are listed (when it can tell). */
  readonly run: (h: Harness, params: P) => Promise<boolean>;
}

/** The id of the ledger authorization created by `action` (the only `authorize` entry it adds to the journal). */
async function newAuthorization(sim: Simulator, action: () => Promise<void>): Promise<string> {
  const before = sim.ledger.payments.entries().length;
  await action();
  const created = sim.ledger.payments.entries().slice(before).filter((e) => e.kind === 'authorize');
  expect(created).toHaveLength(1);
  return created[0]?.authorizationId as string;
}

/** The journal of one authorization adds up to the ledger's totals. */
function expectJournalMatches(sim: Simulator, authId: string): void {
  const entries = sim.ledger.payments.entries(authId);
  const total = (kind: string) => sum(entries.filter((e) => e.kind === kind).map((e) => e.amount));
  expect(total('capture') - total('capture-void')).toBe(sim.ledger.payments.capturedAmount(authId));
  expect(total('refund')).toBe(sim.ledger.payments.refundedAmount(authId));
}

/**
 * Amounts for N racing requests against `limit`: either all equal (sized so that a random number of them fit, give or
 * take a cent) or each random, up to about twice the limit in total.
 */
function raceAmounts(limit: number): fc.Arbitrary<{ equal: boolean; amounts: number[] }> {
  const equal = fc
    .record({ n: fc.integer({ min: 2, max: 8 }), slices: fc.integer({ min: 1, max: 9 }), nudge: fc.integer({ min: -1, max: 1 }) })
    .map(({ n, slices, nudge }) => ({ equal: true, amounts: Array<number>(n).fill(Math.max(1, Math.floor(limit / slices) + nudge)) }));
  const mixed = fc.integer({ min: 2, max: 8 }).chain((n) =>
    fc.array(fc.integer({ min: 1, max: Math.max(1, Math.ceil((2 * limit) / n)) }), { minLength: n, maxLength: n }).map((amounts) => ({ equal: false, amounts })),
  );
  return fc.oneof(equal, mixed);
}

/** Checks shared by every "N movements racing for one limit" case. */
function expectFitsLimit(limit: number, race: { equal: boolean; amounts: readonly number[] }, accepted: readonly boolean[]): void {
  const taken = sum(race.amounts.filter((_, i) => accepted[i]));
  expect(taken).toBeLessThanOrEqual(limit);
  // Whatever the order, a refused amount would not fit even in what is left at the end (what is left only shrinks).
  for (const [i, amount] of race.amounts.entries()) if (!accepted[i]) expect(amount).toBeGreaterThan(limit - taken);
  // Equal amounts: exactly as many are accepted as fit.
  if (race.equal) expect(accepted.filter(Boolean)).toHaveLength(Math.min(race.amounts.length, Math.floor(limit / (race.amounts[0] ?? 1))));
}

const btError = (reply: Reply): string[] => {
  const errors = obj(obj(obj(obj(reply.body)['api-error-response']).errors).transaction).errors;
  return Array.isArray(errors) ? errors.map((e) => String(obj(e).code)) : [];
};

async function btSale(send: Send, amount: number, merchantAccount?: string): Promise<Json> {
  const reply = await send({
    method: 'POST',
    path: BT,
    headers: BT_HEADERS,
    body: JSON.stringify({ transaction: { amount: usd(amount), payment_method_nonce: 'fake-valid-visa-nonce', type: 'sale', ...(merchantAccount ? { merchant_account_id: merchantAccount } : {}) } }),
  });
  expect(reply.status).toBe(201);
  return obj(obj(reply.body).transaction);
}

async function btFind(send: Send, id: string): Promise<Json> {
  const reply = await send({ method: 'GET', path: `${BT}/${id}`, headers: BT_HEADERS });
  expect(reply.status).toBe(200);
  return obj(obj(reply.body).transaction);
}

const btSettleWire = (parent: string, amount: number): Wire => ({
  method: 'POST',
  path: `${BT}/${parent}/submit_for_partial_settlement`,
  headers: BT_HEADERS,
  body: JSON.stringify({ transaction: { amount: usd(amount) } }),
});

const btRefundWire = (id: string, amount: number): Wire => ({ method: 'POST', path: `${BT}/${id}/refund`, headers: BT_HEADERS, body: JSON.stringify({ transaction: { amount: usd(amount) } }) });

/** Braintree: N partial settlements of one parent at once. */
const braintreeSettlements: RaceCase<{ authorized: number; race: { equal: boolean; amounts: number[] } }> = {
  name: 'Braintree partial settlements: settled ≤ authorized, exactly as many accepted as fit, the rest 91522 and no trace',
  // Sale amounts from 2000.00 to 3000.00 are the sandbox's processor declines: stay below.
  params: fc.integer({ min: 1, max: 199_999 }).chain((authorized) => raceAmounts(authorized).map((race) => ({ authorized, race }))),
  size: (p) => p.race.amounts.length,
  async run({ sim, send, race }, { authorized, race: plan }) {
    let parent: Json = {};
    const authId = await newAuthorization(sim, async () => {
      parent = await btSale(send, authorized);
    });
    const parentId = String(parent.id);
    const replies = await race(plan.amounts.map((amount) => btSettleWire(parentId, amount)));
    for (const reply of replies) {
      if (reply.status !== 201) {
        expect(reply.status, reply.text).toBe(422);
        expect(btError(reply)).toEqual(['91522']);
      }
    }
    const accepted = replies.map((r) => r.status === 201);
    expectFitsLimit(authorized, plan, accepted);
    const children = replies.filter((r) => r.status === 201).map((r) => obj(obj(r.body).transaction));
    for (const [i, reply] of replies.entries()) if (reply.status === 201) expect(obj(obj(reply.body).transaction).amount).toBe(usd(plan.amounts[i] ?? 0));
    // The API shows exactly the accepted children; the ledger holds exactly their money.
    const found = await btFind(send, parentId);
    expect([...(found['partial-settlement-transaction-ids'] as string[])].sort()).toEqual(children.map((c) => String(c.id)).sort());
    expect(found.status).toBe(children.length > 0 ? 'settlement_pending' : 'authorized');
    const taken = sum(plan.amounts.filter((_, i) => accepted[i]));
    expect(sim.ledger.payments.capturedAmount(authId)).toBe(taken);
    expect(sim.ledger.payments.entries(authId).filter((e) => e.kind === 'capture')).toHaveLength(children.length);
    expectJournalMatches(sim, authId);
    // The parent lists its children in the order the server created them: map them back to request indices.
    const requestOf = new Map(replies.flatMap((r, i) => (r.status === 201 ? [[String(obj(obj(r.body).transaction).id), i] as const] : [])));
    const processed = (found['partial-settlement-transaction-ids'] as string[]).map((id) => requestOf.get(id) ?? -1);
    return processed.some((index, k) => k > 0 && index < (processed[k - 1] ?? -1));
  },
};

/** Braintree: refunds of settled children (and, on Chase, of the parent) at once. */
const braintreeRefunds: RaceCase<{ chase: boolean; children: number[]; refunds: { target: number; amount: number }[] }> = {
  name: 'Braintree refunds: each child refunded ≤ its settled amount, the payment ≤ what was settled, refusals 91521 and no trace',
  params: fc
    .record({ chase: fc.boolean(), children: fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 3 }) })
    .chain(({ chase, children }) => {
      const total = sum(children);
      // Target -1 is the parent (Chase only); amounts sized so that together they usually overshoot.
      const target = chase ? fc.integer({ min: -1, max: children.length - 1 }) : fc.integer({ min: 0, max: children.length - 1 });
      const equal = fc.record({ n: fc.integer({ min: 2, max: 8 }), slices: fc.integer({ min: 1, max: 6 }) }).chain(({ n, slices }) =>
        fc.array(target, { minLength: n, maxLength: n }).map((targets) => targets.map((t) => ({ target: t, amount: Math.max(1, Math.floor((t < 0 ? total : (children[t] ?? 1)) / slices)) }))),
      );
      const mixed = fc.array(fc.record({ target, amount: fc.integer({ min: 1, max: Math.max(1, total) }) }), { minLength: 2, maxLength: 8 });
      return fc.oneof(equal, mixed).map((refunds) => ({ chase, children, refunds }));
    }),
  size: (p) => p.refunds.length,
  async run({ sim, send, race }, { chase, children, refunds }) {
    const total = sum(children);
    let parent: Json = {};
    const authId = await newAuthorization(sim, async () => {
      parent = await btSale(send, total, chase ? 'chase_ma' : undefined);
    });
    const parentId = String(parent.id);
    const childIds: string[] = [];
    for (const amount of children) {
      const child = await send(btSettleWire(parentId, amount));
      expect(child.status).toBe(201);
      const id = String(obj(obj(child.body).transaction).id);
      childIds.push(id);
      expect((await send({ method: 'PUT', path: `${BT}/${id}/settle`, headers: BT_HEADERS })).status).toBe(200);
    }
    // Every child settled for the whole authorized amount: the parent is settled too (BT-PS-10).
    expect((await btFind(send, parentId)).status).toBe('settled');

    const replies = await race(refunds.map((r) => btRefundWire(r.target < 0 ? parentId : (childIds[r.target] as string), r.amount)));
    for (const reply of replies) {
      if (reply.status !== 201) {
        expect(reply.status, reply.text).toBe(422);
        expect(btError(reply)).toEqual(['91521']);
      }
    }
    const ok = replies.map((r) => r.status === 201);
    const refundedOf = (target: number) => sum(refunds.filter((r, i) => ok[i] && r.target === target).map((r) => r.amount));
    const refundedTotal = sum(refunds.filter((_, i) => ok[i]).map((r) => r.amount));
    // No money is returned twice: each child ≤ its settled amount, the payment ≤ its settled (= authorized) amount.
    children.forEach((amount, c) => expect(refundedOf(c)).toBeLessThanOrEqual(amount));
    expect(refundedTotal).toBeLessThanOrEqual(total);
    // A refused refund would not fit in what is left at the end, under its own bound.
    for (const [i, r] of refunds.entries()) {
      if (ok[i]) continue;
      const payloadLeft = total - refundedTotal;
      const left = r.target < 0 ? payloadLeft : Math.min((children[r.target] ?? 0) - refundedOf(r.target), payloadLeft);
      expect(r.amount).toBeGreaterThan(left);
    }
    // Equal refunds of one child, no parent refunds: exactly as many accepted as fit.
    const targets = new Set(refunds.map((r) => r.target));
    const first = refunds[0];
    if (first && targets.size === 1 && first.target >= 0 && refunds.every((r) => r.amount === first.amount)) {
      expect(ok.filter(Boolean)).toHaveLength(Math.min(refunds.length, Math.floor((children[first.target] ?? 0) / first.amount)));
    }
    // The API lists exactly the accepted credits on each refunded transaction.
    const credits = (target: number) => replies.filter((rep, i) => ok[i] && refunds[i]?.target === target).map((rep) => String(obj(obj(rep.body).transaction).id)).sort();
    for (const [c, id] of childIds.entries()) expect([...((await btFind(send, id))['refund-ids'] as string[])].sort()).toEqual(credits(c));
    expect([...((await btFind(send, parentId))['refund-ids'] as string[])].sort()).toEqual(credits(-1));
    expect(sim.ledger.payments.refundedAmount(authId)).toBe(refundedTotal);
    expect(sim.ledger.payments.entries(authId).filter((e) => e.kind === 'refund')).toHaveLength(ok.filter(Boolean).length);
    expectJournalMatches(sim, authId);
    return false;
  },
};

async function wpAuthorize(send: Send, amount: number): Promise<Json> {
  const reply = await send({
    method: 'POST',
    path: '/api/payments',
    headers: WP_HEADERS,
    body: JSON.stringify({
      transactionReference: 'race',
      merchant: { entity: 'default' },
      instruction: {
        narrative: { line1: 'settlekit' },
        value: { currency: 'GBP', amount },
        paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Sherlock Holmes' },
      },
    }),
  });
  expect(reply.status, reply.text).toBe(201);
  return obj(reply.body);
}

const pathOf = (href: unknown): string => new URL(String(href)).pathname;

/** Worldpay Payments: N partial settlements of one payment at once. */
const worldpaySettlements: RaceCase<{ authorized: number; race: { equal: boolean; amounts: number[] } }> = {
  name: 'Worldpay partial settlements: settled ≤ authorized, exactly as many accepted as fit, the rest 400/409 and no trace',
  params: fc.integer({ min: 1, max: 1_000_000 }).chain((authorized) => raceAmounts(authorized).map((race) => ({ authorized, race }))),
  size: (p) => p.race.amounts.length,
  async run({ sim, send, race }, { authorized, race: plan }) {
    let payment: Json = {};
    const authId = await newAuthorization(sim, async () => {
      payment = await wpAuthorize(send, authorized);
    });
    const actions = obj(payment._actions);
    const settlePath = pathOf(obj(actions.partiallySettlePayment).href);
    const replies = await race(
      plan.amounts.map((amount, i) => ({ method: 'POST', path: settlePath, headers: WP_HEADERS, body: JSON.stringify({ reference: `race-${i}`, value: { currency: 'GBP', amount } }) })),
    );
    const accepted = replies.map((r) => r.status === 202);
    const taken = sum(plan.amounts.filter((_, i) => accepted[i]));
    for (const [i, reply] of replies.entries()) {
      if (reply.status === 202) expect(obj(reply.body).outcome).toBe('sentForSettlement');
      else if (reply.status === 400) {
        // Past what is left: numberIsTooLarge at $.value.amount (WP-PS-09).
        expect(obj(reply.body)).toMatchObject({ errorName: 'fieldHasInvalidValue', jsonPath: '$.value.amount' });
        expect(plan.amounts[i]).toBeGreaterThan(authorized - taken);
      } else {
        // Nothing left at all: the payment no longer offers partial settlements (WP-PS-10, WP-LC-11).
        expect(reply.status, reply.text).toBe(409);
        expect(obj(reply.body).errorName).toBe('actionNotAvailable');
        expect(taken).toBe(authorized);
      }
    }
    expectFitsLimit(authorized, plan, accepted);
    const store = sim.ledger.worldpay;
    const stored = store.get(String(payment.paymentId));
    expect(stored?.commands.filter((c) => c.outcome === 'sentForSettlement').map((c) => c.amount).sort((a, b) => a - b)).toEqual(
      plan.amounts.filter((_, i) => accepted[i]).sort((a, b) => a - b),
    );
    expect(sim.ledger.payments.capturedAmount(authId)).toBe(taken);
    const query = await send({ method: 'GET', path: pathOf(obj(obj(payment._links).self).href), headers: WP_HEADERS });
    expect(query.status).toBe(200);
    expect(obj(obj(query.body)._actions).partiallySettlePayment !== undefined).toBe(taken < authorized);
    expectJournalMatches(sim, authId);
    return false;
  },
};

type SplitRequest = { readonly kind: 'settle' | 'refund'; readonly item: number } | { readonly kind: 'settle-all' };

/** Split Payments: fulfillments of the items of one split payment at once. */
const splitFulfillments: RaceCase<{ authorized: number; items: number[]; requests: SplitRequest[] }> = {
  name: 'Split Payments fulfillments: each item settled once, refunded only once settled, the payment moved exactly the items’ money',
  params: fc
    .record({ items: fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 4 }), headroom: fc.nat(50_000) })
    .chain(({ items, headroom }) => {
      const request: fc.Arbitrary<SplitRequest> = fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: items.length - 1 }).map((item) => ({ kind: 'settle' as const, item })) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: items.length - 1 }).map((item) => ({ kind: 'refund' as const, item })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'settle-all' as const }) },
      );
      return fc.array(request, { minLength: 2, maxLength: 8 }).map((requests) => ({ authorized: sum(items) + headroom, items, requests }));
    }),
  size: (p) => p.requests.length,
  async run({ sim, send, race }, { authorized, items, requests }) {
    let payment: Json = {};
    const authId = await newAuthorization(sim, async () => {
      payment = await wpAuthorize(send, authorized);
    });
    const commandId = String(payment.commandId);
    const created = await send({
      method: 'POST',
      path: '/splitPayments',
      headers: SP_HEADERS,
      body: JSON.stringify({
        fulfillment: { auto: false, paymentCommandId: commandId },
        merchant: { entity: 'default' },
        value: { currency: 'GBP', totalAmount: sum(items) },
        lineItems: items.map((amount, i) => ({ itemReference: `item-${i}`, partyReference: `party-${i}`, amount })),
      }),
    });
    expect(created.status, created.text).toBe(201);
    const splitId = String(obj(created.body).splitPaymentId);
    const itemIds = (obj(created.body).lineItems as Json[]).map((item) => String(item.itemId));
    const body = (kind: 'settle' | 'refund') => JSON.stringify({ paymentCommandId: commandId, transactionType: kind });
    const replies = await race(
      requests.map((r) =>
        r.kind === 'settle-all'
          ? { method: 'POST', path: `/splitPayments/${splitId}/fulfillments`, headers: SP_HEADERS, body: body('settle') }
          : { method: 'POST', path: `/splitPayments/${splitId}/items/${itemIds[r.item]}/fulfillments`, headers: SP_HEADERS, body: body(r.kind) },
      ),
    );
    for (const [i, reply] of replies.entries()) {
      const r = requests[i] as SplitRequest;
      if (r.kind !== 'refund') {
        // Settling always fits (the items add up to at most the authorization) and repeats are no-ops (SP-FF-10).
        expect(reply.status, reply.text).toBe(201);
        expect(obj(reply.body).fulfillment).toBe('fulfilled');
      } else if (reply.status !== 201) {
        // A refund that reached the item before its settle: refused, nothing moved (SP-FF-08).
        expect(reply.status, reply.text).toBe(400);
        expect(obj(reply.body).errorName).toBe('bodyDoesNotMatchSchema');
      }
    }
    const query = await send({ method: 'GET', path: `/splitPayments/${splitId}`, headers: SP_HEADERS });
    expect(query.status).toBe(200);
    const state = (obj(query.body).lineItems as Json[]).map((item) => ({ status: String(item.status), settled: Number(item.settledAmount), refunded: Number(item.refundedAmount) }));
    const settleAll = requests.some((r) => r.kind === 'settle-all');
    const refundedOk = new Set(requests.filter((r, i) => r.kind === 'refund' && replies[i]?.status === 201).map((r) => (r as { item: number }).item));
    state.forEach((item, i) => {
      const settleAsked = settleAll || requests.some((r) => r.kind === 'settle' && r.item === i);
      // An item asked to settle is settled (once, for its amount); one never asked stays pending.
      expect(item.status).toBe(!settleAsked ? 'pending' : refundedOk.has(i) ? 'refunded' : 'settled');
      expect(item.settled).toBe(settleAsked ? items[i] : 0);
      expect(item.refunded).toBe(refundedOk.has(i) ? items[i] : 0);
    });
    // The payment moved exactly the items' money: settled items once, refunded items once.
    const settled = sum(state.map((item) => item.settled));
    const refunded = sum(state.map((item) => item.refunded));
    expect(sim.ledger.payments.capturedAmount(authId)).toBe(settled);
    expect(sim.ledger.payments.refundedAmount(authId)).toBe(refunded);
    expect(settled).toBeLessThanOrEqual(authorized);
    expectJournalMatches(sim, authId);
    return false;
  },
};

const CASES = [braintreeSettlements, braintreeRefunds, worldpaySettlements, splitFulfillments] as RaceCase<unknown>[];

// ————————————————————————————————————————————————————————————— the properties

describe('races over loopback (createSimulator().listen(0))', () => {
  let sim: Simulator;
  let base: string;
  beforeAll(async () => {
    sim = createSimulator();
    base = await sim.listen(0);
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, raceCase) => {
    const send = loopbackSend(base);
    let reordered = 0;
    await fc.assert(
      fc.asyncProperty(
        raceCase.params.chain((params) => {
          const n = raceCase.size(params);
          const events = Array.from({ length: n }, (_, i) => [i, i, i]).flat();
          return fc.record({
            params: fc.constant(params),
            events: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
            cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
          });
        }),
        async ({ params, events, cuts }) => {
          if (await raceCase.run({ sim, send, race: (wires) => loopbackRace(base, wires, events, cuts) }, params)) reordered++;
        },
      ),
      { numRuns: 15 },
    );
    // The interleavings are real: the server did not simply handle the requests in the order they were listed.
    if (raceCase === braintreeSettlements) expect(reordered).toBeGreaterThan(0);
  });
});

describe('races scheduled by fc.scheduler() through the request handler', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, raceCase) => {
    let reordered = 0;
    await fc.assert(
      fc.asyncProperty(
        raceCase.params.chain((params) => {
          const n = raceCase.size(params);
          return fc.record({ params: fc.constant(params), cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }) });
        }),
        fc.scheduler(),
        async ({ params, cuts }, s) => {
          const sim = createSimulator();
          if (await raceCase.run({ sim, send: handlerSend(sim), race: (wires) => scheduledRace(sim, s, wires, cuts) }, params)) reordered++;
        },
      ),
      { numRuns: 30 },
    );
    if (raceCase === braintreeSettlements) expect(reordered).toBeGreaterThan(0);
  });
});
