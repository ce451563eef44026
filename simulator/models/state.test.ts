/** The simulator's state: one clock and one generic ledger shared by every vendor model, reset all at once. */
import { describe, expect, it } from 'vitest';
import { DAY_MS, VirtualClock } from '../ledger/clock.ts';
import { createSequentialIds } from '../ledger/ids.ts';
import { createLedger, type LedgerOptions } from './state.ts';

const START = Date.UTC(2025, 0, 1);

/** A state with one record in each model: a Braintree sale, a Worldpay payment, a split payment of it. */
function populated(options: Omit<LedgerOptions, 'clock'> = {}) {
  const clock = new VirtualClock(START);
  const ledger = createLedger({ clock, ...options });
  const sale = ledger.braintree.sale({ amount: '10.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
  const payment = ledger.worldpay.authorize({ transactionReference: 'r', entity: 'default', currency: 'GBP', amount: 1000 });
  const split = ledger.splitPayments.create({
    auto: false,
    paymentCommandId: payment.commandId,
    merchantEntity: 'default',
    currency: 'GBP',
    totalAmount: 1000,
    lineItems: [{ itemReference: 'a', partyReference: 'p', amount: 1000 }],
  });
  return { clock, ledger, sale, payment, split };
}

describe('createLedger', () => {
  it('builds every model over the same clock and generic ledger', () => {
    const { clock, ledger, sale, payment, split } = populated();
    expect(ledger.clock).toBe(clock);
    expect(sale.ok && split.ok).toBe(true);
    // Both vendors' authorizations are in the one journal; the split payment's money is the Worldpay payment's.
    expect(ledger.payments.entries().map((e) => [e.kind, e.amount])).toEqual([
      ['authorize', 1000],
      ['authorize', 1000],
    ]);
    if (!split.ok) return;
    const item = split.value.items[0]?.itemId ?? '';
    expect(ledger.splitPayments.fulfillItem(split.value.splitPaymentId, item, { paymentCommandId: payment.commandId, transactionType: 'settle' }).ok).toBe(true);
    expect(ledger.worldpay.settledAmount(payment)).toBe(1000);
  });

  it('reset empties every model and the generic ledger, and keeps the clock', () => {
    const { clock, ledger, sale, payment, split } = populated();
    clock.advance(1000);
    ledger.reset();
    expect(sale.ok && ledger.braintree.find(sale.transaction.id)).toMatchObject({ ok: false, kind: 'not-found' });
    expect(ledger.worldpay.get(payment.paymentId)).toBeUndefined();
    expect(split.ok && ledger.splitPayments.get(split.value.splitPaymentId)).toBeUndefined();
    expect(ledger.payments.entries()).toEqual([]);
    expect(clock.now()).toEqual(new Date(START + 1000));
  });

  it('forwards its options to the models: ids, merchant accounts, the authorization lifetime, the settlement_pending limit', () => {
    const clock = new VirtualClock(START);
    const ledger = createLedger({
      clock,
      ids: createSequentialIds('s'),
      merchantAccounts: [{ id: 'only_ma', processor: 'chase', currency: 'EUR', default: true }],
      authorizationExpiryMs: DAY_MS,
      settlementPendingMaxMs: 2 * DAY_MS,
    });
    const sale = ledger.braintree.sale({ amount: '10.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(sale).toMatchObject({ ok: true, transaction: { merchantAccountId: 'only_ma', currency: 'EUR', authorizationExpiresAt: new Date(START + DAY_MS) } });
    if (!sale.ok) return;
    // One generator serves the generic ledger and the Braintree model.
    expect(sale.transaction.id).toMatch(/^s\d{6}$/);
    expect(ledger.payments.entries()[0]?.authorizationId).toMatch(/^s\d{6}$/);
    expect(ledger.braintree.submitForPartialSettlement(sale.transaction.id, { amount: '4.00' }).ok).toBe(true);
    clock.advance(2 * DAY_MS);
    expect(ledger.braintree.find(sale.transaction.id)).toMatchObject({ ok: true, transaction: { status: 'settlement_pending' } });
    clock.advance(1);
    expect(ledger.braintree.find(sale.transaction.id)).toMatchObject({ ok: true, transaction: { status: 'settled' } });
  });

  it('draws every model\'s ids from a seed: the same ids for the same seed, of the shape of the random ones', () => {
    const ids = (options: Omit<LedgerOptions, 'clock'>) => {
      const { ledger, sale, payment, split } = populated(options);
      return {
        sale: sale.ok ? sale.transaction.id : undefined,
        authorization: ledger.payments.entries()[0]?.authorizationId,
        payment: payment.paymentId,
        command: payment.commandId,
        split: split.ok ? split.value.splitPaymentId : undefined,
        item: split.ok ? split.value.items[0]?.itemId : undefined,
      };
    };
    const seeded = ids({ seed: 'a' });
    expect(ids({ seed: 'a' })).toEqual(seeded);
    expect(seeded).toMatchObject({
      sale: expect.stringMatching(/^[a-z0-9]{8}$/),
      authorization: expect.stringMatching(/^[a-z0-9]{8}$/),
      payment: expect.stringMatching(/^pay[A-Za-z0-9_-]{21}0$/),
      command: expect.stringMatching(/^cmd[A-Za-z0-9_-]{21}0$/),
      split: expect.stringMatching(/^spl[a-z0-9]{21}0$/),
      item: expect.stringMatching(/^itm[a-z0-9]{21}0$/),
    });
    // Another seed, and no seed, draw other ids; each model its own stream (the generic ledger's first id is not the
    // Braintree model's).
    const other = ids({ seed: 'b' });
    const random = ids({});
    for (const key of Object.keys(seeded) as (keyof typeof seeded)[]) {
      expect(other[key], key).not.toBe(seeded[key]);
      expect(random[key], key).not.toBe(seeded[key]);
    }
    expect(seeded.authorization).not.toBe(seeded.sale);
    // A given generator still wins for the generic ledger and the Braintree model.
    expect(ids({ seed: 'a', ids: createSequentialIds('s') })).toMatchObject({ sale: expect.stringMatching(/^s\d{6}$/), authorization: expect.stringMatching(/^s\d{6}$/), payment: seeded.payment, split: seeded.split });
  });
});
