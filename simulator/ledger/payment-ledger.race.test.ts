/**
 * Races on one authorization, at the level of the generic ledger: several clients each hold a list of operations
 * (captures, capture voids, refunds of a capture or of the authorization, void/expire/close), and fast-check picks
 * how they interleave. Whatever the interleaving, the ledger keeps its invariants after every single operation, a
 * refused operation leaves no trace, and the journal always adds up to the totals the ledger reports.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { createSequentialIds } from './ids.ts';
import { PaymentLedger, type LedgerResult, type RefundBound } from './payment-ledger.ts';

type Op =
  | { readonly kind: 'capture'; readonly amount: number }
  | { readonly kind: 'void-capture'; readonly pick: number }
  | { readonly kind: 'refund-capture'; readonly pick: number; readonly amount: number }
  | { readonly kind: 'refund-authorization'; readonly amount: number }
  | { readonly kind: 'void' | 'expire' | 'close' };

const amountArb = fc.integer({ min: 1, max: 5_000 });

function opArb(lifecycle: boolean): fc.Arbitrary<Op> {
  const ops: fc.Arbitrary<Op>[] = [
    amountArb.map((amount) => ({ kind: 'capture' as const, amount })),
    fc.nat(20).map((pick) => ({ kind: 'void-capture' as const, pick })),
    fc.record({ pick: fc.nat(20), amount: amountArb }).map((o) => ({ kind: 'refund-capture' as const, ...o })),
    amountArb.map((amount) => ({ kind: 'refund-authorization' as const, amount })),
  ];
  if (lifecycle) ops.push(fc.constantFrom<Op>({ kind: 'void' }, { kind: 'expire' }, { kind: 'close' }));
  return fc.oneof(...ops);
}

/**
 * Clients (each an ordered list of operations) and an interleaving: `order[i]` names the client whose next operation
 * runs i-th (indices past a client's list are skipped), so every merge of the clients' lists can be drawn.
 */
function clientsArb(lifecycle: boolean) {
  return fc
    .record({
      authorized: fc.integer({ min: 1, max: 20_000 }),
      allowance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 })),
      clients: fc.array(fc.array(opArb(lifecycle), { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 6 }),
    })
    .chain((base) => {
      const total = base.clients.reduce((n, ops) => n + ops.length, 0);
      return fc.record({
        authorized: fc.constant(base.authorized),
        allowance: fc.constant(base.allowance),
        clients: fc.constant(base.clients),
        order: fc.shuffledSubarray(
          base.clients.flatMap((ops, client) => ops.map(() => client)),
          { minLength: total, maxLength: total },
        ),
      });
    });
}

/** Everything observable about one authorization, to compare before and after a refused operation. */
function snapshot(ledger: PaymentLedger, authId: string) {
  const auth = ledger.getAuthorization(authId);
  return {
    state: auth?.state,
    captured: ledger.capturedAmount(authId),
    refunded: ledger.refundedAmount(authId),
    captures: auth?.captureIds.map((id) => {
      const c = ledger.getCapture(id);
      return { id, state: c?.state, refunded: ledger.captureRefundedAmount(id) };
    }),
    refunds: [...(auth?.refundIds ?? [])],
    journal: ledger.entries(authId).length,
  };
}

// node:assert inside the properties: thousands of checks per property, and vitest's expect is much slower.
/** The invariants every state must satisfy, whatever happened before. */
function checkInvariants(ledger: PaymentLedger, authId: string, bounds: ReadonlySet<RefundBound>): void {
  const auth = ledger.getAuthorization(authId);
  if (!auth) throw new Error('authorization vanished');
  const captured = ledger.capturedAmount(authId);
  const refunded = ledger.refundedAmount(authId);
  // Settled never exceeds authorized (plus the settlement-adjustment allowance).
  assert.ok(captured <= auth.amount + auth.overCaptureAllowance, `captured ${captured} > authorized ${auth.amount} + ${auth.overCaptureAllowance}`);
  // Refunds of each capture never exceed that capture.
  for (const id of auth.captureIds) {
    const capture = ledger.getCapture(id);
    assert.ok(ledger.captureRefundedAmount(id) <= (capture?.amount ?? 0), `capture ${id} refunded past its amount`);
  }
  // Refunds never exceed what their bound allows: the captured sum when only that bound was used.
  if (!bounds.has('authorized')) assert.ok(refunded <= captured, `refunded ${refunded} > captured ${captured}`);
  else assert.ok(refunded <= Math.max(captured, auth.amount), `refunded ${refunded} > max(captured ${captured}, authorized ${auth.amount})`);
  // The journal adds up to the reported totals.
  const entries = ledger.entries(authId);
  const sum = (kind: string) => entries.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
  assert.equal(sum('capture') - sum('capture-void'), captured);
  assert.equal(sum('refund'), refunded);
  assert.deepEqual(entries.filter((e) => e.kind === 'capture').map((e) => e.recordId), auth.captureIds);
  entries.forEach((e, i) => i > 0 && assert.ok(e.seq > (entries[i - 1]?.seq ?? 0), 'journal out of order'));
}

function run(ledger: PaymentLedger, authId: string, op: Op, accepted: string[], bound: RefundBound): LedgerResult<unknown> {
  switch (op.kind) {
    case 'capture': {
      const result = ledger.capture(authId, op.amount);
      if (result.ok) accepted.push(result.value.id);
      return result;
    }
    case 'void-capture':
      return ledger.voidCapture(accepted[op.pick % Math.max(1, accepted.length)] ?? 'none');
    case 'refund-capture':
      return ledger.refundCapture(accepted[op.pick % Math.max(1, accepted.length)] ?? 'none', op.amount);
    case 'refund-authorization':
      return ledger.refundAuthorization(authId, op.amount, bound);
    case 'void':
      return ledger.void(authId);
    case 'expire':
      return ledger.expire(authId);
    case 'close':
      return ledger.close(authId);
  }
}

describe('PaymentLedger under interleaved clients', () => {
  it.each<[string, RefundBound, boolean]>([
    ['captures, voids and refunds (refunds bounded by the captured sum)', 'captured', false],
    ['captures, voids and refunds (refunds bounded by the authorized amount, Chase)', 'authorized', false],
    ['with void, expire and close racing too', 'captured', true],
  ])('%s: every interleaving keeps the invariants, and a refusal changes nothing', (_name, bound, lifecycle) => {
    fc.assert(
      fc.property(clientsArb(lifecycle), ({ authorized, allowance, clients, order }) => {
        const ledger = new PaymentLedger({ clock: new VirtualClock(Date.UTC(2025, 0, 1)), ids: createSequentialIds('r') });
        const auth = ledger.authorize({ currency: 'USD', amount: authorized, overCaptureAllowance: allowance });
        if (!auth.ok) throw new Error(auth.error.message);
        const authId = auth.value.id;
        const next = clients.map(() => 0);
        const accepted: string[] = [];
        const bounds = new Set<RefundBound>([bound]);
        for (const client of order) {
          const op = clients[client]?.[next[client] ?? 0];
          next[client] = (next[client] ?? 0) + 1;
          if (!op) continue;
          const before = snapshot(ledger, authId);
          const stateBefore = ledger.getAuthorization(authId)?.state;
          const result = run(ledger, authId, op, accepted, bound);
          if (!result.ok) assert.deepEqual(snapshot(ledger, authId), before, `refused ${op.kind} changed the ledger`);
          else {
            // An accepted operation writes exactly one journal entry.
            assert.equal(ledger.entries(authId).length, before.journal + 1);
            if (op.kind === 'capture') assert.equal(stateBefore, 'open');
          }
          checkInvariants(ledger, authId, bounds);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('N equal captures racing for one authorization: exactly min(N, ⌊authorized / amount⌋) are accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 40 }), (authorized, amount, n) => {
        const ledger = new PaymentLedger({ clock: new VirtualClock(0), ids: createSequentialIds('e') });
        const auth = ledger.authorize({ currency: 'USD', amount: authorized });
        if (!auth.ok) throw new Error(auth.error.message);
        const results = Array.from({ length: n }, () => ledger.capture(auth.value.id, amount));
        const fit = Math.min(n, Math.floor(authorized / amount));
        expect(results.filter((r) => r.ok)).toHaveLength(fit);
        // The accepted ones are a prefix: once one is refused, nothing after it fits either.
        expect(results.slice(0, fit).every((r) => r.ok)).toBe(true);
        expect(results.slice(fit).every((r) => !r.ok && r.error.code === 'over-capture')).toBe(true);
        expect(ledger.capturedAmount(auth.value.id)).toBe(fit * amount);
      }),
      { numRuns: 300 },
    );
  });
});
