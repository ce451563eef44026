import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { createIdGenerator, createSequentialIds } from './ids.ts';
import { PaymentLedger, type LedgerResult } from './payment-ledger.ts';

function setup() {
  const clock = new VirtualClock(Date.UTC(2025, 0, 1));
  const ledger = new PaymentLedger({ clock, ids: createSequentialIds('p') });
  return { clock, ledger };
}

function value<T>(result: LedgerResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('VirtualClock', () => {
  it('only moves when advanced', () => {
    const clock = new VirtualClock(Date.UTC(2025, 0, 1));
    expect(clock.now().toISOString()).toBe('2025-01-01T00:00:00.000Z');
    clock.advance(86_400_000);
    expect(clock.now().toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(clock.nowMs()).toBe(Date.UTC(2025, 0, 2));
  });

  it('refuses going backwards or fractional steps', () => {
    const clock = new VirtualClock(0);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(1.5)).toThrow(RangeError);
    expect(() => new VirtualClock(Number.NaN)).toThrow(RangeError);
  });
});

describe('ids', () => {
  it('random ids are 8 characters of [a-z0-9] and do not repeat in practice', () => {
    const next = createIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = next();
      expect(id).toMatch(/^[a-z0-9]{8}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });

  it('draws from any alphabet, every character about as often as the others', () => {
    const next = createIdGenerator(21, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
    const counts = new Map<string, number>();
    // 2,000 ids × 21 characters: many passes over the shared pool of random bytes.
    for (let i = 0; i < 2000; i++) {
      const id = next();
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
      for (const c of id) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(64);
    // 42,000 draws over 64 characters: 656 expected each; a biased or stuck source lands far outside this band.
    for (const n of counts.values()) expect(n).toBeGreaterThan(500);
    for (const n of counts.values()) expect(n).toBeLessThan(820);
    const digits = createIdGenerator(12, '0123456789');
    expect(digits()).toMatch(/^[0-9]{12}$/);
    expect(() => createIdGenerator(8, 'a')).toThrow(RangeError);
  });
});

describe('PaymentLedger', () => {
  it('captures up to the authorized amount, cumulatively, and no further', () => {
    const { ledger } = setup();
    const auth = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    value(ledger.capture(auth.id, 600));
    value(ledger.capture(auth.id, 400));
    expect(ledger.capturedAmount(auth.id)).toBe(1000);
    const over = ledger.capture(auth.id, 1);
    expect(over).toMatchObject({ ok: false, error: { code: 'over-capture' } });
    expect(ledger.getAuthorization(auth.id)?.captureIds).toHaveLength(2);
  });

  it('allows an over-capture allowance (settlement adjustment)', () => {
    const { ledger } = setup();
    const auth = value(ledger.authorize({ currency: 'USD', amount: 1000, overCaptureAllowance: 150 }));
    value(ledger.capture(auth.id, 1150));
    expect(ledger.capture(auth.id, 1)).toMatchObject({ ok: false, error: { code: 'over-capture' } });
  });

  it('refuses non-positive and non-integer amounts', () => {
    const { ledger } = setup();
    expect(ledger.authorize({ currency: 'USD', amount: 0 })).toMatchObject({ ok: false, error: { code: 'amount-not-positive' } });
    expect(ledger.authorize({ currency: 'USD', amount: 1.5 })).toMatchObject({ ok: false, error: { code: 'amount-not-integer' } });
    const auth = value(ledger.authorize({ currency: 'USD', amount: 100 }));
    expect(ledger.capture(auth.id, -1)).toMatchObject({ ok: false, error: { code: 'amount-not-positive' } });
    expect(ledger.capture('nope', 1)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('bounds refunds of a capture by the capture, cumulatively', () => {
    const { ledger } = setup();
    const auth = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    const capture = value(ledger.capture(auth.id, 600));
    value(ledger.refundCapture(capture.id, 400));
    value(ledger.refundCapture(capture.id, 200));
    expect(ledger.refundCapture(capture.id, 1)).toMatchObject({ ok: false, error: { code: 'over-refund' } });
    expect(ledger.captureRefundedAmount(capture.id)).toBe(600);
  });

  it('bounds refunds of an authorization by captured or authorized amount, counting capture refunds', () => {
    const { ledger } = setup();
    const auth = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    const capture = value(ledger.capture(auth.id, 300));
    expect(ledger.refundableAmount(auth.id, 'captured')).toBe(300);
    expect(ledger.refundableAmount(auth.id, 'authorized')).toBe(1000);
    value(ledger.refundCapture(capture.id, 100));
    expect(ledger.refundAuthorization(auth.id, 201, 'captured')).toMatchObject({ ok: false, error: { code: 'over-refund' } });
    value(ledger.refundAuthorization(auth.id, 800, 'authorized'));
    expect(ledger.refundAuthorization(auth.id, 200, 'authorized')).toMatchObject({ ok: false, error: { code: 'over-refund' } });
    expect(ledger.refundedAmount(auth.id)).toBe(900);
  });

  it('voids only an open authorization without live captures', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    const c = value(ledger.capture(a.id, 100));
    expect(ledger.void(a.id)).toMatchObject({ ok: false, error: { code: 'has-captures' } });
    value(ledger.voidCapture(c.id));
    expect(ledger.capturedAmount(a.id)).toBe(0);
    expect(ledger.voidCapture(c.id)).toMatchObject({ ok: false, error: { code: 'capture-not-live' } });
    expect(value(ledger.void(a.id)).state).toBe('voided');
    expect(ledger.void(a.id)).toMatchObject({ ok: false, error: { code: 'authorization-not-open' } });
    expect(ledger.capture(a.id, 1)).toMatchObject({ ok: false, error: { code: 'authorization-not-open' } });
  });

  it('refuses to void a refunded capture', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    const c = value(ledger.capture(a.id, 100));
    value(ledger.refundCapture(c.id, 10));
    expect(ledger.voidCapture(c.id)).toMatchObject({ ok: false, error: { code: 'capture-refunded' } });
  });

  it('stops captures after expiry or close', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    value(ledger.expire(a.id));
    expect(ledger.capture(a.id, 1)).toMatchObject({ ok: false, error: { code: 'authorization-not-open' } });
    const b = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    value(ledger.close(b.id));
    expect(ledger.capture(b.id, 1)).toMatchObject({ ok: false, error: { code: 'authorization-not-open' } });
  });

  it('journals every movement in order, with the clock time', () => {
    const { ledger, clock } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    clock.advance(1000);
    const c = value(ledger.capture(a.id, 600));
    const r = value(ledger.refundCapture(c.id, 50));
    const other = value(ledger.authorize({ currency: 'EUR', amount: 5 }));
    expect(ledger.entries(a.id).map((e) => [e.seq, e.kind, e.amount, e.recordId ?? null])).toEqual([
      [1, 'authorize', 1000, null],
      [2, 'capture', 600, c.id],
      [3, 'refund', 50, r.id],
    ]);
    expect(ledger.entries(a.id)[1]?.at.toISOString()).toBe('2025-01-01T00:00:01.000Z');
    expect(ledger.entries()).toHaveLength(4);
    expect(ledger.entries(other.id)[0]).toMatchObject({ kind: 'authorize', currency: 'EUR' });
  });

  it('a refused operation changes nothing', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 100 }));
    const before = ledger.entries().length;
    ledger.capture(a.id, 101);
    ledger.refundAuthorization(a.id, 1);
    expect(ledger.entries()).toHaveLength(before);
    expect(ledger.capturedAmount(a.id)).toBe(0);
  });

  it('keeps its totals equal to its records through captures, voids and refunds of both kinds', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 1000 }));
    const c1 = value(ledger.capture(a.id, 300));
    const c2 = value(ledger.capture(a.id, 200));
    const c3 = value(ledger.capture(a.id, 100));
    value(ledger.voidCapture(c3.id));
    value(ledger.refundCapture(c1.id, 50));
    value(ledger.refundCapture(c1.id, 25));
    value(ledger.refundAuthorization(a.id, 100));
    // Recomputed from the records, independently of the running totals.
    const live = a.captureIds.map((id) => ledger.getCapture(id)).filter((c) => c?.state === 'live');
    const refundsOf = (ids: readonly string[]) => ids.reduce((n, id) => n + (ledger.getRefund(id)?.amount ?? 0), 0);
    expect(ledger.capturedAmount(a.id)).toBe(live.reduce((n, c) => n + (c?.amount ?? 0), 0));
    expect(ledger.capturedAmount(a.id)).toBe(500);
    expect(ledger.captureRefundedAmount(c1.id)).toBe(refundsOf(c1.refundIds));
    expect(ledger.captureRefundedAmount(c2.id)).toBe(0);
    expect(ledger.refundedAmount(a.id)).toBe(refundsOf(a.refundIds) + refundsOf(c1.refundIds) + refundsOf(c2.refundIds));
    expect(ledger.refundedAmount(a.id)).toBe(175);
    expect(ledger.refundableAmount(a.id)).toBe(325);
    expect(ledger.refundableAmount(a.id, 'authorized')).toBe(825);
    // Bounds use the totals: c2 cannot be voided while the authorization's refunds need it.
    expect(ledger.refundAuthorization(a.id, 326).ok).toBe(false);
    value(ledger.refundAuthorization(a.id, 325));
    expect(ledger.voidCapture(c2.id)).toMatchObject({ ok: false, error: { code: 'capture-refunded' } });
    expect(ledger.capturedAmount('nope')).toBe(0);
    expect(ledger.refundedAmount('nope')).toBe(0);
    expect(ledger.captureRefundedAmount('nope')).toBe(0);
  });

  it('reset forgets everything, totals included', () => {
    const { ledger } = setup();
    const a = value(ledger.authorize({ currency: 'USD', amount: 100 }));
    const c = value(ledger.capture(a.id, 60));
    value(ledger.refundCapture(c.id, 10));
    ledger.reset();
    expect(ledger.getAuthorization(a.id)).toBeUndefined();
    expect(ledger.entries()).toEqual([]);
    expect([ledger.capturedAmount(a.id), ledger.refundedAmount(a.id), ledger.captureRefundedAmount(c.id)]).toEqual([0, 0, 0]);
  });
});
