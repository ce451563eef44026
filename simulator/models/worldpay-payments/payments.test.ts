/** The Worldpay Payments model on its own: a store straight over a generic ledger, no server, no HTTP. */
import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../ledger/clock.ts';
import { createSequentialIds } from '../../ledger/ids.ts';
import { PaymentLedger } from '../../ledger/payment-ledger.ts';
import { REFUSED_CARD_HOLDER, WorldpayPaymentStore, type CommandResult, type WorldpayPayment } from './payments.ts';

const START = Date.UTC(2025, 0, 1);

describe('WorldpayPaymentStore', () => {
  let clock: VirtualClock;
  let ledger: PaymentLedger;
  let store: WorldpayPaymentStore;

  beforeEach(() => {
    clock = new VirtualClock(START);
    ledger = new PaymentLedger({ clock, ids: createSequentialIds('auth') });
    store = new WorldpayPaymentStore({ clock, payments: ledger, ids: createSequentialIds('x'.repeat(15)) });
  });

  const authorize = (amount = 1000, cardHolderName?: string): WorldpayPayment =>
    store.authorize({ transactionReference: 'ref-1', entity: 'default', currency: 'GBP', amount, ...(cardHolderName === undefined ? {} : { cardHolderName }) });
  const ok = (result: CommandResult) => {
    if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
    return result;
  };
  const settle = (payment: WorldpayPayment, amount: number, sequence?: { number: number; total: number }) =>
    store.partiallySettle(payment.paymentId, { reference: `ship-${amount}`, currency: 'GBP', amount, ...(sequence ? { sequence } : {}) });
  const authorization = (payment: WorldpayPayment) => ledger.getAuthorization(payment.authorizationId as string);

  it('authorizes through the generic ledger, with pay…0 and cmd…0 ids of 25 characters', () => {
    const payment = authorize(1000);
    expect(payment.paymentId).toMatch(/^pay[A-Za-z0-9_-]{21}0$/);
    expect(payment.commandId).toMatch(/^cmd[A-Za-z0-9_-]{21}0$/);
    expect(payment).toMatchObject({ lastEvent: 'authorized', currency: 'GBP', amount: 1000, commands: [{ outcome: 'authorized', amount: 1000, at: new Date(START) }] });
    expect(authorization(payment)).toMatchObject({ amount: 1000, currency: 'GBP', state: 'open' });
    expect(store.get(payment.paymentId)).toBe(payment);
    expect(store.actions(payment)).toEqual(['settlePayment', 'partiallySettlePayment', 'cancelPayment', 'reversePayment']);
  });

  it('draws ids from a random source by default', () => {
    const random = new WorldpayPaymentStore({ clock, payments: ledger });
    const a = random.authorize({ transactionReference: 'a', entity: 'default', currency: 'GBP', amount: 1 });
    const b = random.authorize({ transactionReference: 'b', entity: 'default', currency: 'GBP', amount: 1 });
    expect(a.paymentId).toMatch(/^pay[A-Za-z0-9_-]{21}0$/);
    expect(a.paymentId).not.toBe(b.paymentId);
    expect(a.commandId).not.toBe(b.commandId);
  });

  it('refuses the card holder REFUSED without holding money, and offers it nothing', () => {
    const payment = authorize(1000, REFUSED_CARD_HOLDER);
    expect(payment.lastEvent).toBe('refused');
    expect(payment.authorizationId).toBeUndefined();
    expect(ledger.entries()).toEqual([]);
    expect(store.actions(payment)).toEqual([]);
    expect(store.partiallySettle(payment.paymentId, { reference: 'r', currency: 'GBP', amount: 1 })).toMatchObject({ ok: false, error: { code: 'not-available' } });
  });

  it('settles in parts, each a capture, and finds the payment by any of its commandIds', () => {
    const payment = authorize(1000);
    const first = ok(settle(payment, 400));
    expect(first.command).toMatchObject({ outcome: 'sentForSettlement', amount: 400, reference: 'ship-400' });
    expect(ledger.getCapture(first.command.captureId as string)).toMatchObject({ amount: 400, state: 'live' });
    expect(store.settledAmount(payment)).toBe(400);
    expect(store.unsettledAmount(payment)).toBe(600);
    expect(store.refundableAmount(payment)).toBe(400);
    expect(store.actions(payment)).toEqual(['refundPayment', 'partiallyRefundPayment', 'partiallySettlePayment', 'cancelPayment', 'reversePayment']);
    expect(store.findByCommandId(first.command.commandId)).toBe(payment);
    expect(store.findByCommandId(payment.commandId)).toBe(payment);
    expect(store.findByCommandId('cmdnope')).toBeUndefined();
  });

  it('refuses a partial settlement past the unsettled amount and changes nothing (WP-PS-09)', () => {
    const payment = authorize(1000);
    ok(settle(payment, 600));
    const journal = ledger.entries().length;
    expect(settle(payment, 401)).toEqual({ ok: false, error: { code: 'amount-too-large', limit: 400, message: '401 is more than the 400 left to settle' } });
    expect(ledger.entries()).toHaveLength(journal);
    expect(payment.commands).toHaveLength(2);
    expect(store.unsettledAmount(payment)).toBe(400);
  });

  it('refuses another currency', () => {
    const payment = authorize(1000);
    expect(store.partiallySettle(payment.paymentId, { reference: 'r', currency: 'EUR', amount: 1 })).toMatchObject({ ok: false, error: { code: 'currency-mismatch' } });
    ok(settle(payment, 10));
    expect(store.partiallyRefund(payment.paymentId, { reference: 'r', currency: 'EUR', amount: 1 })).toMatchObject({ ok: false, error: { code: 'currency-mismatch' } });
    expect(store.settledAmount(payment)).toBe(10);
    expect(ledger.refundedAmount(payment.authorizationId as string)).toBe(0);
  });

  it('closes the authorization on the settlement numbered total of total, releasing the rest (WP-PS-10)', () => {
    const payment = authorize(1000);
    ok(settle(payment, 300, { number: 1, total: 2 }));
    expect(authorization(payment)?.state).toBe('open');
    ok(settle(payment, 300, { number: 2, total: 2 }));
    expect(authorization(payment)?.state).toBe('closed');
    expect(store.unsettledAmount(payment)).toBe(0);
    expect(store.actions(payment)).toEqual(['refundPayment', 'partiallyRefundPayment', 'reversePayment']);
    expect(ledger.entries().at(-1)).toMatchObject({ kind: 'close', amount: 400 });
  });

  it('closes the authorization when a settlement leaves nothing to settle', () => {
    const payment = authorize(1000);
    ok(settle(payment, 1000));
    expect(authorization(payment)?.state).toBe('closed');
    expect(settle(payment, 1)).toMatchObject({ ok: false, error: { code: 'not-available' } });
  });

  it('settles the whole amount at once only while nothing is settled', () => {
    const whole = authorize(1000);
    expect(ok(store.settle(whole.paymentId)).command).toMatchObject({ outcome: 'sentForSettlement', amount: 1000 });
    expect(authorization(whole)?.state).toBe('closed');
    const partly = authorize(1000);
    ok(settle(partly, 1));
    expect(store.settle(partly.paymentId)).toMatchObject({ ok: false, error: { code: 'not-available', message: expect.stringContaining('settlePayment is not available') } });
  });

  it('refunds in parts up to what is settled and not yet refunded', () => {
    const payment = authorize(1000);
    ok(settle(payment, 500));
    expect(ok(store.partiallyRefund(payment.paymentId, { reference: 'r1', currency: 'GBP', amount: 200 })).command).toMatchObject({ outcome: 'sentForPartialRefund', amount: 200 });
    expect(store.partiallyRefund(payment.paymentId, { reference: 'r2', currency: 'GBP', amount: 301 })).toMatchObject({ ok: false, error: { code: 'amount-too-large', limit: 300 } });
    expect(ledger.refundedAmount(payment.authorizationId as string)).toBe(200);
    expect(payment.lastEvent).toBe('sentForPartialRefund');
  });

  it('a full refund returns what is left to refund and releases the unsettled remainder', () => {
    const payment = authorize(1000);
    ok(settle(payment, 500));
    ok(store.partiallyRefund(payment.paymentId, { reference: 'r1', currency: 'GBP', amount: 100 }));
    expect(ok(store.refund(payment.paymentId)).command).toMatchObject({ outcome: 'sentForRefund', amount: 400 });
    expect(ledger.refundedAmount(payment.authorizationId as string)).toBe(500);
    expect(authorization(payment)?.state).toBe('closed');
    expect(store.actions(payment)).toEqual([]);
  });

  it('cancels: voids before any settlement, releases only the unsettled remainder after', () => {
    const untouched = authorize(1000);
    expect(ok(store.cancel(untouched.paymentId)).command).toMatchObject({ outcome: 'sentForCancellation', amount: 1000 });
    expect(authorization(untouched)?.state).toBe('voided');
    const partly = authorize(1000);
    ok(settle(partly, 300));
    expect(ok(store.cancel(partly.paymentId)).command).toMatchObject({ outcome: 'sentForCancellation', amount: 700 });
    expect(authorization(partly)?.state).toBe('closed');
    expect(store.settledAmount(partly)).toBe(300);
    expect(store.actions(partly)).toEqual(['refundPayment', 'partiallyRefundPayment', 'reversePayment']);
  });

  it('reverses: a cancellation when nothing is settled, else a refund of what is settled', () => {
    const untouched = authorize(1000);
    expect(ok(store.reverse(untouched.paymentId)).command).toMatchObject({ outcome: 'sentForReversal', amount: 1000 });
    expect(authorization(untouched)?.state).toBe('voided');
    const partly = authorize(1000);
    ok(settle(partly, 300));
    expect(ok(store.reverse(partly.paymentId)).command).toMatchObject({ outcome: 'sentForReversal', amount: 300 });
    expect(ledger.refundedAmount(partly.authorizationId as string)).toBe(300);
    expect(authorization(partly)?.state).toBe('closed');
  });

  it('refuses any command on an unknown payment', () => {
    for (const result of [store.settle('paynope'), store.refund('paynope'), store.cancel('paynope'), store.reverse('paynope')]) {
      expect(result).toEqual({ ok: false, error: { code: 'not-available', message: 'No payment paynope' } });
    }
  });

  it('stamps commands with the virtual clock', () => {
    const payment = authorize(1000);
    clock.advance(60_000);
    expect(ok(settle(payment, 1)).command.at).toEqual(new Date(START + 60_000));
  });

  it('forgets a payment whose authorization the ledger no longer holds, and every payment on reset', () => {
    const payment = authorize(1000);
    ledger.reset();
    expect(store.get(payment.paymentId)).toBeUndefined();
    const again = authorize(1000);
    store.reset();
    expect(store.get(again.paymentId)).toBeUndefined();
    expect(store.findByCommandId(again.commandId)).toBeUndefined();
  });
});
