/**
 * The Braintree `<transaction>` has one layout (simulator/http/braintree/render.ts, `TRANSACTION_LAYOUT`), written in
 * two forms: directly as text (`renderTransaction`, the success answer) and as the element object the generic
 * typed-XML encoder writes (`transactionElement`, inside a 422 `<api-error-response>`). The two must give the very
 * same text for every kind of transaction — each instrument, each state, children, refunds, declines, and text that
 * needs escaping.
 */
import { describe, expect, it } from 'vitest';
import { encodeTypedXml } from '../../lib/typed-xml.ts';
import { createSimulator, renderTransaction, transactionElement } from '../../simulator/index.ts';
import type { BraintreeResult, BraintreeTransaction } from '../../simulator/models/braintree/transactions.ts';

const NONCES = [
  'fake-valid-visa-nonce',
  'fake-valid-mastercard-nonce',
  'fake-valid-amex-nonce',
  'fake-paypal-one-time-nonce',
  'fake-venmo-account-nonce',
  'fake-apple-pay-visa-nonce',
  'fake-android-pay-mastercard-nonce',
];

/** Every transaction a varied history leaves in a fresh simulator's Braintree ledger, as found afterwards. */
function varietyOfTransactions(): BraintreeTransaction[] {
  const bt = createSimulator({ startTime: Date.UTC(2026, 0, 15, 9, 30) }).ledger.braintree;
  const ids = new Set<string>();
  const keep = (result: BraintreeResult): BraintreeTransaction | undefined => {
    const tx = result.ok || result.kind === 'declined' ? result.transaction : undefined;
    if (tx) ids.add(tx.id);
    return tx;
  };
  for (const nonce of NONCES) {
    const parent = keep(bt.sale({ amount: '100.00', type: 'sale', paymentMethodNonce: nonce, orderId: `order <${nonce}> & "more"` }));
    if (!parent) continue;
    const child = keep(bt.submitForPartialSettlement(parent.id, { amount: '30.00', orderId: 'ship-1' }));
    keep(bt.submitForPartialSettlement(parent.id, { amount: '20.00' }));
    if (child) {
      keep(bt.testing(child.id, 'settle'));
      keep(bt.refund(child.id, { amount: '5.00' }));
    }
  }
  // A plain sale submitted for settlement, one settled and refunded in full, one voided, declines, a card number.
  const submitted = keep(bt.sale({ amount: '12.34', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce', submitForSettlement: true }));
  if (submitted) {
    keep(bt.testing(submitted.id, 'settle'));
    keep(bt.refund(submitted.id, {}));
  }
  const voided = keep(bt.sale({ amount: '1.00', type: 'sale', paymentMethodNonce: 'fake-valid-nonce' }));
  if (voided) keep(bt.void(voided.id));
  keep(bt.sale({ amount: '2000.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }));
  keep(bt.sale({ amount: '2046.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }));
  keep(bt.sale({ amount: '7.00', type: 'sale', creditCard: { number: '4111111111111111', expirationDate: '12/2030' } }));
  return [...ids].map((id) => {
    const found = bt.find(id);
    if (!found.ok) throw new Error(`transaction ${id} not found`);
    return found.transaction;
  });
}

describe('renderTransaction', () => {
  const transactions = varietyOfTransactions();

  it('covers the instruments, states and relations it must write', () => {
    expect(new Set(transactions.map((tx) => tx.instrument.type))).toEqual(new Set(['credit_card', 'paypal_account', 'venmo_account', 'apple_pay_card', 'android_pay_card']));
    const statuses = new Set(transactions.map((tx) => tx.status));
    for (const status of ['authorized', 'settled', 'submitted_for_settlement', 'voided', 'processor_declined']) expect(statuses).toContain(status);
    expect(transactions.some((tx) => tx.partialSettlementTransactionIds.length > 1)).toBe(true);
    expect(transactions.some((tx) => tx.refundIds.length > 0 && tx.type === 'sale')).toBe(true);
    expect(transactions.some((tx) => tx.type === 'credit' && tx.refundedTransactionId !== null)).toBe(true);
  });

  it('writes exactly what the typed-XML encoder writes for the transaction element', () => {
    for (const tx of transactions) expect(renderTransaction(tx)).toBe(encodeTypedXml('transaction', transactionElement(tx)));
  });
});
