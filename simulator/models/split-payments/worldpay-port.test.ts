/** The split-payment book's port over the Worldpay Payments model, without HTTP. */
import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../ledger/clock.ts';
import { PaymentLedger } from '../../ledger/payment-ledger.ts';
import { WorldpayPaymentStore, type WorldpayPayment } from '../worldpay-payments/payments.ts';
import type { PaymentPort } from './split-payment-book.ts';
import { paymentPortOver } from './worldpay-port.ts';

describe('paymentPortOver', () => {
  let store: WorldpayPaymentStore;
  let port: PaymentPort;
  let payment: WorldpayPayment;

  beforeEach(() => {
    const clock = new VirtualClock(0);
    store = new WorldpayPaymentStore({ clock, payments: new PaymentLedger({ clock }) });
    port = paymentPortOver(store);
    payment = store.authorize({ transactionReference: 'ref', entity: 'default', currency: 'GBP', amount: 1000 });
  });

  it('finds a payment by its authorization commandId, with what it can still settle', () => {
    expect(port.find(payment.commandId)).toEqual({ currency: 'GBP', amount: 1000 });
    expect(port.find('cmdunknown')).toBeUndefined();
  });

  it('moves money as partial settlements and partial refunds of the payment', () => {
    const settled = port.settle(payment.commandId, 600, 'split-1');
    expect(settled.ok).toBe(true);
    expect(payment.lastEvent).toBe('sentForSettlement');
    expect(store.settledAmount(payment)).toBe(600);
    expect(port.find(payment.commandId)).toEqual({ currency: 'GBP', amount: 400 });
    expect(port.refund(payment.commandId, settled.ok ? settled.value : '', 200, 'split-1')).toEqual({ ok: true, value: undefined });
    expect(payment.lastEvent).toBe('sentForPartialRefund');
    expect(store.refundableAmount(payment)).toBe(400);
  });

  it('does not name a payment by the commandId of a later command', () => {
    const settled = port.settle(payment.commandId, 100, 'split-1');
    if (!settled.ok) throw new Error(settled.message);
    expect(port.find(settled.value)).toBeUndefined();
    expect(port.settle(settled.value, 1, 'x')).toEqual({ ok: false, message: 'the payment is no longer available' });
  });

  it("reports a refused movement with the model's reason, and a fully settled payment as not found", () => {
    expect(port.settle(payment.commandId, 1001, 'x')).toEqual({ ok: false, message: '1001 is more than the 1000 left to settle' });
    expect(port.settle(payment.commandId, 1000, 'x').ok).toBe(true);
    expect(port.find(payment.commandId)).toBeUndefined();
  });
});
