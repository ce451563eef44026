import { describe, expect, it } from 'vitest';
import { DAY_MS, VirtualClock } from '../../ledger/clock.ts';
import { createSequentialIds } from '../../ledger/ids.ts';
import { PaymentLedger } from '../../ledger/payment-ledger.ts';
import { BraintreeLedger, type BraintreeResult, type BraintreeTransaction, type ExpireAuthorizationResult, type MerchantAccount, type SaleInput } from './transactions.ts';

const START = Date.UTC(2025, 0, 1);

function setup(options: { merchantAccounts?: readonly MerchantAccount[]; authorizationExpiryMs?: number } = {}) {
  const clock = new VirtualClock(START);
  // The model straight over a generic ledger: no server, no HTTP.
  const ids = createSequentialIds('t');
  const payments = new PaymentLedger({ clock, ids });
  const bt = new BraintreeLedger({ clock, payments, ids, ...options });
  const ledger = { payments };
  const ok = (result: BraintreeResult | ExpireAuthorizationResult): BraintreeTransaction => {
    if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
    return result.transaction;
  };
  const sale = (amount = '100.00', extra: Partial<SaleInput> = {}): BraintreeTransaction =>
    ok(bt.sale({ amount, type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce', ...extra }));
  const child = (parentId: string, amount: string): BraintreeTransaction => ok(bt.submitForPartialSettlement(parentId, { amount }));
  const find = (id: string): BraintreeTransaction => ok(bt.find(id));
  const settle = (id: string): BraintreeTransaction => ok(bt.testing(id, 'settle'));
  return { clock, ledger, bt, ok, sale, child, find, settle };
}

function codes(result: BraintreeResult): string[] {
  if (result.ok || result.kind !== 'validation') throw new Error(`expected validation errors, got ${JSON.stringify(result)}`);
  return result.errors.map((e) => e.code);
}

describe('sale', () => {
  it.each([
    ['fake-valid-visa-nonce', 'credit_card', 'Visa'],
    ['fake-valid-mastercard-nonce', 'credit_card', 'MasterCard'],
    ['fake-valid-amex-nonce', 'credit_card', 'American Express'],
    ['fake-valid-discover-nonce', 'credit_card', 'Discover'],
    ['fake-paypal-one-time-nonce', 'paypal_account', null],
    ['fake-venmo-account-nonce', 'venmo_account', null],
    ['fake-apple-pay-visa-nonce', 'apple_pay_card', 'Apple Pay - Visa'],
    ['fake-apple-pay-amex-nonce', 'apple_pay_card', 'Apple Pay - American Express'],
    ['fake-android-pay-visa-nonce', 'android_pay_card', 'Visa'],
    ['fake-android-pay-discover-nonce', 'android_pay_card', 'Discover'],
  ])('authorizes %s as %s (%s)', (nonce, type, cardType) => {
    const { sale } = setup();
    const tx = sale('10.00', { paymentMethodNonce: nonce });
    expect(tx).toMatchObject({ status: 'authorized', type: 'sale', amount: 1000, currency: 'USD', merchantAccountId: 'first_data_ma' });
    expect(tx.instrument.type).toBe(type);
    expect(tx.instrument.cardType).toBe(cardType);
    expect(tx.statusHistory.map((e) => e.status)).toEqual(['authorized']);
    expect(tx.authorizationExpiresAt?.getTime()).toBe(START + 7 * DAY_MS);
  });

  it.each([
    ['4111111111111111', 'Visa', '411111', '1111'],
    ['5555555555554444', 'MasterCard', '555555', '4444'],
    ['378282246310005', 'American Express', '378282', '0005'],
    ['371449635398431', 'American Express', '371449', '8431'],
    ['6011111111111117', 'Discover', '601111', '1117'],
    ['6011000991300009', 'Discover', '601100', '0009'],
  ])('authorizes card %s as %s', (number, brand, bin, last4) => {
    const { bt, ok } = setup();
    const tx = ok(bt.sale({ amount: '10.00', type: 'sale', creditCard: { number, expirationDate: '05/2030' } }));
    expect(tx.instrument).toMatchObject({ type: 'credit_card', cardType: brand, bin, last4, expirationMonth: '05', expirationYear: '2030' });
  });

  it('submits for settlement with options.submit_for_settlement (PayPal straight to settling)', () => {
    const { sale } = setup();
    expect(sale('10.00', { submitForSettlement: true }).status).toBe('submitted_for_settlement');
    const paypal = sale('10.00', { submitForSettlement: true, paymentMethodNonce: 'fake-paypal-one-time-nonce' });
    expect(paypal.statusHistory.map((e) => e.status)).toEqual(['authorized', 'settling']);
  });

  it('declines 2000.00–2999.99 with that processor code, fails 3000.00, as the sandbox', () => {
    const { bt, find } = setup();
    const declined = bt.sale({ amount: '2000.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(declined).toMatchObject({ ok: false, kind: 'declined', message: 'Do Not Honor' });
    if (declined.ok || declined.kind !== 'declined') throw new Error('unreachable');
    expect(declined.transaction).toMatchObject({ status: 'processor_declined', processorResponseCode: '2000', processorResponseText: 'Do Not Honor' });
    expect(find(declined.transaction.id).status).toBe('processor_declined');
    const top = bt.sale({ amount: '2999.99', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(top).toMatchObject({ ok: false, kind: 'declined', transaction: { processorResponseCode: '2999' } });
    expect(bt.sale({ amount: '3000.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' })).toMatchObject({
      ok: false,
      kind: 'declined',
      transaction: { status: 'failed', processorResponseCode: '3000' },
    });
    expect(bt.sale({ amount: '1999.99', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' })).toMatchObject({ ok: true });
    expect(bt.sale({ amount: '3000.01', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' })).toMatchObject({ ok: true });
  });

  it.each<[string, SaleInput, string[]]>([
    ['no amount', { type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['81502']],
    ['bad amount', { amount: '1e3', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['81503']],
    ['three decimals', { amount: '1.001', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['81503']],
    ['zero', { amount: '0.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['81531']],
    ['huge', { amount: '99999999999999999.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['81528']],
    ['no type', { amount: '1.00', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['91524']],
    ['bad type', { amount: '1.00', type: 'auth', paymentMethodNonce: 'fake-valid-visa-nonce' }, ['91523']],
    ['unknown nonce', { amount: '1.00', type: 'sale', paymentMethodNonce: 'fake-nope' }, ['91565']],
    ['no method', { amount: '1.00', type: 'sale' }, ['91508']],
    ['bad card', { amount: '1.00', type: 'sale', creditCard: { number: '4111111111111112' } }, ['81715']],
    ['card without number', { amount: '1.00', type: 'sale', creditCard: {} }, ['81714']],
    ['unknown account', { amount: '1.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce', merchantAccountId: 'nope' }, ['91513']],
    ['long order id', { amount: '1.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce', orderId: 'x'.repeat(256) }, ['91501']],
    ['several at once', { type: 'nope' }, ['91523', '81502', '91508']],
  ])('refuses a sale with %s', (_name, input, expected) => {
    const { bt, ledger } = setup();
    expect(codes(bt.sale(input))).toEqual(expected);
    expect(ledger.payments.entries()).toEqual([]);
    expect(bt.all()).toEqual([]);
  });

  it('errors on the card sit under transaction/credit-card', () => {
    const { bt } = setup();
    const result = bt.sale({ amount: '1.00', type: 'sale', creditCard: { number: '1234' } });
    expect(result).toMatchObject({ ok: false, errors: [{ code: '81715', attribute: 'number', path: ['transaction', 'credit-card'] }] });
  });

  it('creates a standalone credit', () => {
    const { bt, ok } = setup();
    expect(ok(bt.sale({ amount: '5.00', type: 'credit', paymentMethodNonce: 'fake-valid-visa-nonce' }))).toMatchObject({ type: 'credit', status: 'submitted_for_settlement' });
  });
});

describe('submitForPartialSettlement', () => {
  it('BT-PS-01/BT-LK-01: a child with the parent details and the requested amount, linked both ways', () => {
    const { bt, ok, sale, find } = setup();
    const parent = sale('100.00', { merchantAccountId: 'chase_ma', orderId: 'order-1', paymentMethodNonce: 'fake-valid-mastercard-nonce' });
    const child = ok(bt.submitForPartialSettlement(parent.id, { amount: '40.00', orderId: 'ship-1' }));
    expect(child).toMatchObject({
      type: 'sale',
      status: 'submitted_for_settlement',
      amount: 4000,
      currency: 'USD',
      merchantAccountId: 'chase_ma',
      orderId: 'ship-1',
      authorizedTransactionId: parent.id,
      partialSettlementTransactionIds: [],
    });
    expect(child.instrument).toEqual(parent.instrument);
    expect(child.id).not.toBe(parent.id);
    expect(find(parent.id).partialSettlementTransactionIds).toEqual([child.id]);
    const second = ok(bt.submitForPartialSettlement(parent.id, { amount: '1.00' }));
    expect(second.orderId).toBe('order-1'); // no order id given: the parent's
  });

  it('BT-PS-08: the parent is settlement_pending once a child exists', () => {
    const { sale, child, find, clock } = setup();
    const parent = sale();
    clock.advance(60_000);
    child(parent.id, '10.00');
    const after = find(parent.id);
    expect(after.status).toBe('settlement_pending');
    expect(after.settlementPendingSince?.getTime()).toBe(START + 60_000);
    expect(after.statusHistory.map((e) => [e.status, e.timestamp.getTime()])).toEqual([
      ['authorized', START],
      ['settlement_pending', START + 60_000],
    ]);
  });

  it('BT-PS-04: several children while the cumulative amount stays ≤ authorized (equal allowed)', () => {
    const { sale, child, find } = setup();
    const parent = sale('100.00');
    child(parent.id, '60.00');
    child(parent.id, '30.00');
    child(parent.id, '10.00');
    expect(find(parent.id).partialSettlementTransactionIds).toHaveLength(3);
  });

  it('BT-PS-05: a single or cumulative over-amount is refused with 91522 and nothing changes', () => {
    const { bt, ledger, sale, child, find } = setup();
    const single = sale('100.00');
    expect(codes(bt.submitForPartialSettlement(single.id, { amount: '100.01' }))).toEqual(['91522']);
    expect(find(single.id)).toMatchObject({ status: 'authorized', partialSettlementTransactionIds: [] });

    const parent = sale('100.00');
    child(parent.id, '60.00');
    const before = find(parent.id);
    const journal = ledger.payments.entries().length;
    const result = bt.submitForPartialSettlement(parent.id, { amount: '40.01' });
    expect(result).toMatchObject({ ok: false, errors: [{ code: '91522', attribute: 'amount', message: 'Settlement amount is too large.' }] });
    expect(find(parent.id)).toEqual(before);
    expect(ledger.payments.entries()).toHaveLength(journal);
    expect(bt.all()).toHaveLength(3);
  });

  it('BT-PS-05 exception: a merchant account with settlement adjustment may settle past the authorization', () => {
    const { bt, ok, sale } = setup({ merchantAccounts: [{ id: 'adj', processor: 'first-data', settlementAdjustmentPercent: 15, default: true }] });
    const parent = sale('100.00');
    ok(bt.submitForPartialSettlement(parent.id, { amount: '110.00' }));
    ok(bt.submitForPartialSettlement(parent.id, { amount: '5.00' }));
    expect(codes(bt.submitForPartialSettlement(parent.id, { amount: '0.01' }))).toEqual(['91522']);
  });

  it.each([
    ['0', '81531'],
    ['0.00', '81531'],
    ['-5.00', '81531'],
    ['abc', '81503'],
    ['1.234', '81503'],
    ['', '81502'],
  ])('BT-PS-03: amount %j is refused with %s', (amount, code) => {
    const { bt, sale, find } = setup();
    const parent = sale();
    expect(codes(bt.submitForPartialSettlement(parent.id, { amount }))).toEqual([code]);
    expect(find(parent.id).status).toBe('authorized');
  });

  it('BT-PS-03: the smallest positive amount is accepted', () => {
    const { bt, ok, sale } = setup();
    expect(ok(bt.submitForPartialSettlement(sale().id, { amount: '0.01' })).amount).toBe(1);
  });

  it.each(['fake-paypal-one-time-nonce', 'fake-venmo-account-nonce', 'fake-apple-pay-visa-nonce', 'fake-android-pay-visa-nonce', 'fake-valid-mastercard-nonce'])(
    'BT-PS-06: %s can be partially settled',
    (nonce) => {
      const { sale, child } = setup();
      expect(child(sale('50.00', { paymentMethodNonce: nonce }).id, '20.00').instrument.nonce).toBe(nonce);
    },
  );

  it.each<[string, Partial<SaleInput>]>([
    ['Amex card', { paymentMethodNonce: undefined, creditCard: { number: '378282246310005' } }],
    ['Amex card 2', { paymentMethodNonce: undefined, creditCard: { number: '371449635398431' } }],
    ['Discover card', { paymentMethodNonce: undefined, creditCard: { number: '6011111111111117' } }],
    ['Discover card 2', { paymentMethodNonce: undefined, creditCard: { number: '6011000991300009' } }],
    ['Amex nonce', { paymentMethodNonce: 'fake-valid-amex-nonce' }],
    ['Discover nonce', { paymentMethodNonce: 'fake-valid-discover-nonce' }],
    ['Apple Pay Amex', { paymentMethodNonce: 'fake-apple-pay-amex-nonce' }],
    ['Google Pay Discover', { paymentMethodNonce: 'fake-android-pay-discover-nonce' }],
  ])('BT-PS-07: %s is refused with 915102 and nothing changes', (_name, extra) => {
    const { bt, sale, find } = setup();
    const parent = sale('50.00', extra);
    expect(codes(bt.submitForPartialSettlement(parent.id, { amount: '10.00' }))).toEqual(['915102']);
    expect(find(parent.id)).toMatchObject({ status: 'authorized', partialSettlementTransactionIds: [] });
  });

  it('BT-PS-15: a partial settlement against a child is refused with 915103', () => {
    const { bt, sale, child, find } = setup();
    const parent = sale();
    const c = child(parent.id, '10.00');
    expect(bt.submitForPartialSettlement(c.id, { amount: '1.00' })).toMatchObject({ ok: false, errors: [{ code: '915103', attribute: 'base' }] });
    expect(find(parent.id).partialSettlementTransactionIds).toEqual([c.id]);
  });

  it('BT-PS-02: only authorized or settlement_pending parents; any other status is 91507', () => {
    const { bt, ok, sale, child, clock } = setup();
    const voided = sale();
    ok(bt.void(voided.id));
    const submitted = sale('10.00', { submitForSettlement: true });
    const declined = bt.sale({ amount: '2001.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    if (declined.ok || declined.kind !== 'declined') throw new Error('expected a decline');
    const expired = sale();
    clock.advance(7 * DAY_MS);
    for (const id of [voided.id, submitted.id, declined.transaction.id, expired.id]) {
      expect(codes(bt.submitForPartialSettlement(id, { amount: '1.00' }))).toEqual(['91507']);
    }
    const credit = ok(bt.sale({ amount: '1.00', type: 'credit', paymentMethodNonce: 'fake-valid-visa-nonce' }));
    expect(codes(bt.submitForPartialSettlement(credit.id, { amount: '1.00' }))).toEqual(['91507']);
    const pending = sale();
    child(pending.id, '1.00');
    expect(bt.submitForPartialSettlement(pending.id, { amount: '1.00' }).ok).toBe(true);
  });

  it('unknown transaction → not-found', () => {
    const { bt } = setup();
    expect(bt.submitForPartialSettlement('nope', { amount: '1.00' })).toMatchObject({ ok: false, kind: 'not-found' });
  });
});

describe('child lifecycle (BT-PS-09) and testing operations', () => {
  it('card child: authorized → submitted_for_settlement → settling → settled', () => {
    const { sale, child, settle, find } = setup();
    const c = child(sale().id, '10.00');
    expect(c.statusHistory.map((e) => e.status)).toEqual(['authorized', 'submitted_for_settlement']);
    settle(c.id);
    expect(find(c.id).statusHistory.map((e) => e.status)).toEqual(['authorized', 'submitted_for_settlement', 'settling', 'settled']);
  });

  it('PayPal child goes straight to settling', () => {
    const { sale, child, settle, find } = setup();
    const c = child(sale('10.00', { paymentMethodNonce: 'fake-paypal-one-time-nonce' }).id, '5.00');
    expect(c.status).toBe('settling');
    expect(c.statusHistory.map((e) => e.status)).toEqual(['authorized', 'settling']);
    settle(c.id);
    expect(find(c.id).status).toBe('settled');
  });

  it('settlement_confirm, settlement_pending, settlement_decline move a child; the parent stays settlement_pending', () => {
    const { bt, ok, sale, child, find } = setup();
    const parent = sale();
    const a = child(parent.id, '10.00');
    const b = child(parent.id, '10.00');
    const c = child(parent.id, '10.00');
    expect(ok(bt.testing(a.id, 'settlement_confirm')).status).toBe('settlement_confirmed');
    expect(ok(bt.testing(b.id, 'settlement_pending')).status).toBe('settlement_pending');
    expect(ok(bt.testing(c.id, 'settlement_decline')).status).toBe('settlement_declined');
    expect(find(parent.id).status).toBe('settlement_pending');
    expect(ok(bt.testing(a.id, 'settle')).status).toBe('settled');
    expect(ok(bt.testing(b.id, 'settle')).status).toBe('settled');
  });

  it('a declined child frees its amount for another settlement', () => {
    const { bt, ok, sale, child } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '100.00');
    ok(bt.testing(c.id, 'settlement_decline'));
    expect(ok(bt.submitForPartialSettlement(parent.id, { amount: '100.00' })).amount).toBe(10000);
  });

  it('testing operations from a status they do not apply to, or on a parent, are 91575', () => {
    const { bt, sale, child, settle } = setup();
    const parent = sale();
    const c = child(parent.id, '10.00');
    expect(codes(bt.testing(parent.id, 'settle'))).toEqual(['91575']);
    expect(codes(bt.testing(sale().id, 'settle'))).toEqual(['91575']);
    settle(c.id);
    expect(codes(bt.testing(c.id, 'settle'))).toEqual(['91575']);
    expect(codes(bt.testing(c.id, 'settlement_decline'))).toEqual(['91575']);
    expect(bt.testing('nope', 'settle')).toMatchObject({ ok: false, kind: 'not-found' });
  });
});

describe('parent → settled', () => {
  it('BT-PS-10: all children settled and cumulative == authorized → settled, stamped at the last settle', () => {
    const { sale, child, settle, find, clock } = setup();
    const parent = sale('100.00');
    const a = child(parent.id, '60.00');
    const b = child(parent.id, '40.00');
    settle(a.id);
    expect(find(parent.id).status).toBe('settlement_pending'); // must not yet: one child still submitted
    clock.advance(3_600_000);
    settle(b.id);
    const settled = find(parent.id);
    expect(settled.status).toBe('settled');
    expect(settled.statusHistory.at(-1)).toMatchObject({ status: 'settled', transactionSource: 'unrecognized' });
    expect(settled.statusHistory.at(-1)?.timestamp.getTime()).toBe(START + 3_600_000);
  });

  it('BT-PS-10 with a single child for the full amount', () => {
    const { sale, child, settle, find } = setup();
    const parent = sale('100.00');
    settle(child(parent.id, '100.00').id);
    expect(find(parent.id).status).toBe('settled');
  });

  it('BT-PS-14: all children settled but cumulative < authorized → stays settlement_pending', () => {
    const { sale, child, settle, find, clock } = setup();
    const parent = sale('100.00');
    settle(child(parent.id, '30.00').id);
    settle(child(parent.id, '30.00').id);
    clock.advance(6 * DAY_MS);
    expect(find(parent.id).status).toBe('settlement_pending');
  });

  it('BT-PS-11: authorization expired (7 days by default) and ≥1 settled child → settled at the expiry', () => {
    const { sale, child, settle, find, clock } = setup();
    const parent = sale('100.00');
    settle(child(parent.id, '30.00').id);
    clock.advance(7 * DAY_MS - 1);
    expect(find(parent.id).status).toBe('settlement_pending'); // must not yet: one millisecond before the expiry
    clock.advance(1);
    const settled = find(parent.id);
    expect(settled.status).toBe('settled');
    expect(settled.statusHistory.at(-1)?.timestamp.getTime()).toBe(START + 7 * DAY_MS);
  });

  it('BT-PS-11: expired but no settled child → stays settlement_pending; settles once a child settles', () => {
    const { bt, ok, sale, child, settle, find } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '30.00');
    ok(bt.expireAuthorization(parent.id));
    expect(find(parent.id).status).toBe('settlement_pending');
    settle(c.id);
    expect(find(parent.id).status).toBe('settled');
  });

  it('BT-PS-11 with the explicit expiry control and a configured period', () => {
    const { bt, ok, sale, child, settle, find, clock } = setup({ authorizationExpiryMs: 2 * DAY_MS });
    const parent = sale('100.00');
    expect(parent.authorizationExpiresAt?.getTime()).toBe(START + 2 * DAY_MS);
    settle(child(parent.id, '30.00').id);
    clock.advance(1000);
    ok(bt.expireAuthorization(parent.id));
    expect(find(parent.id).statusHistory.at(-1)).toMatchObject({ status: 'settled', timestamp: new Date(START + 1000) });
  });

  it('BT-PS-12: settled after more than 30 days in settlement_pending, whatever the children', () => {
    const { sale, child, find, clock, bt } = setup({ authorizationExpiryMs: 60 * DAY_MS });
    const parent = sale('100.00');
    clock.advance(DAY_MS);
    child(parent.id, '10.00'); // still submitted_for_settlement
    clock.advance(30 * DAY_MS);
    expect(find(parent.id).status).toBe('settlement_pending'); // exactly 30 days: not more than 30
    expect(bt.submitForPartialSettlement(parent.id, { amount: '1.00' }).ok).toBe(true);
    clock.advance(1);
    const settled = find(parent.id);
    expect(settled.status).toBe('settled');
    expect(settled.statusHistory.at(-1)?.timestamp.getTime()).toBe(START + 31 * DAY_MS + 1);
  });

  it('BT-PS-12 is evaluated lazily on any touch, not only find', () => {
    const { sale, child, bt, clock } = setup({ authorizationExpiryMs: 60 * DAY_MS });
    const parent = sale('100.00');
    child(parent.id, '10.00');
    clock.advance(31 * DAY_MS);
    expect(codes(bt.submitForPartialSettlement(parent.id, { amount: '1.00' }))).toEqual(['91507']);
    expect(bt.all().find((t) => t.id === parent.id)?.status).toBe('settled');
  });

  it('BT-PS-13: no partial settlement once the parent is settled (91507)', () => {
    const { bt, sale, child, settle, find } = setup();
    const parent = sale('100.00');
    settle(child(parent.id, '100.00').id);
    expect(codes(bt.submitForPartialSettlement(parent.id, { amount: '0.01' }))).toEqual(['91507']);
    expect(find(parent.id).partialSettlementTransactionIds).toHaveLength(1);
  });

  it('a voided child does not hold the parent back (BT-PS-10 over the children that can still settle)', () => {
    const { bt, ok, sale, child, settle, find } = setup();
    const parent = sale('100.00');
    const a = child(parent.id, '50.00');
    const b = child(parent.id, '50.00');
    ok(bt.void(b.id));
    settle(a.id);
    expect(find(parent.id).status).toBe('settlement_pending');
    settle(child(parent.id, '50.00').id);
    expect(find(parent.id).status).toBe('settled');
  });
});

describe('authorization expiry', () => {
  it('an authorized sale becomes authorization_expired after the period, stamped at the expiry', () => {
    const { sale, find, clock } = setup();
    const tx = sale();
    clock.advance(7 * DAY_MS - 1);
    expect(find(tx.id).status).toBe('authorized');
    clock.advance(10 * DAY_MS);
    const expired = find(tx.id);
    expect(expired.status).toBe('authorization_expired');
    expect(expired.statusHistory.at(-1)).toMatchObject({ status: 'authorization_expired', timestamp: new Date(START + 7 * DAY_MS) });
  });

  it('expireAuthorization: authorized → authorization_expired; conflict and not-found otherwise', () => {
    const { bt, ok, sale, child } = setup();
    const tx = sale();
    expect(ok(bt.expireAuthorization(tx.id)).status).toBe('authorization_expired');
    expect(bt.expireAuthorization(tx.id)).toMatchObject({ ok: false, kind: 'conflict' });
    const c = child(sale().id, '1.00');
    expect(bt.expireAuthorization(c.id)).toMatchObject({ ok: false, kind: 'conflict' });
    expect(bt.expireAuthorization('nope')).toMatchObject({ ok: false, kind: 'not-found' });
  });
});

describe('void (BT-VD-01)', () => {
  it('an authorized parent without children is voided', () => {
    const { bt, ok, sale, ledger } = setup();
    const tx = sale();
    expect(ok(bt.void(tx.id)).status).toBe('voided');
    expect(ledger.payments.entries().at(-1)?.kind).toBe('void');
  });

  it('a settlement_pending parent cannot be voided (91504) and stays as it was', () => {
    const { bt, sale, child, find } = setup();
    const parent = sale();
    child(parent.id, '10.00');
    const before = find(parent.id);
    expect(bt.void(parent.id)).toMatchObject({ ok: false, errors: [{ code: '91504', attribute: 'base' }] });
    expect(find(parent.id)).toEqual(before);
  });

  it('a child still submitted_for_settlement can be voided; its amount is available again', () => {
    const { bt, ok, sale, child, find } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '100.00');
    expect(ok(bt.void(c.id)).status).toBe('voided');
    expect(find(parent.id).status).toBe('settlement_pending');
    expect(bt.submitForPartialSettlement(parent.id, { amount: '100.00' }).ok).toBe(true);
  });

  it('settled, voided and declined transactions cannot be voided', () => {
    const { bt, ok, sale, child, settle } = setup();
    const parent = sale();
    const c = child(parent.id, '10.00');
    settle(c.id);
    expect(codes(bt.void(c.id))).toEqual(['91504']);
    const v = sale();
    ok(bt.void(v.id));
    expect(codes(bt.void(v.id))).toEqual(['91504']);
    expect(bt.void('nope')).toMatchObject({ ok: false, kind: 'not-found' });
  });
});

describe('refunds', () => {
  it('BT-RF-05: refunds only once settled — 91506 submitted_for_settlement, 91574 settling', () => {
    const { bt, sale, child } = setup();
    const parent = sale();
    const c = child(parent.id, '10.00');
    expect(bt.refund(c.id, { amount: '1.00' })).toMatchObject({ ok: false, errors: [{ code: '91506', attribute: 'base' }] });
    const paypal = child(sale('10.00', { paymentMethodNonce: 'fake-paypal-one-time-nonce' }).id, '5.00');
    expect(codes(bt.refund(paypal.id, { amount: '1.00' }))).toEqual(['91574']);
    expect(codes(bt.refund(sale().id))).toEqual(['91506']);
  });

  it('BT-RF-03: a child refund is at most the child settled amount, cumulatively (91521)', () => {
    const { bt, ok, sale, child, settle, find } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '40.00');
    settle(c.id);
    expect(codes(bt.refund(c.id, { amount: '40.01' }))).toEqual(['91521']);
    const r1 = ok(bt.refund(c.id, { amount: '25.00' }));
    expect(r1).toMatchObject({ type: 'credit', status: 'submitted_for_settlement', amount: 2500, refundedTransactionId: c.id });
    expect(codes(bt.refund(c.id, { amount: '15.01' }))).toEqual(['91521']);
    const r2 = ok(bt.refund(c.id, { amount: '15.00' }));
    expect(find(c.id).refundIds).toEqual([r1.id, r2.id]);
    expect(codes(bt.refund(c.id))).toEqual(['91521']);
  });

  it('a refund without an amount refunds what is left', () => {
    const { bt, ok, sale, child, settle } = setup();
    const c = child(sale('100.00').id, '40.00');
    settle(c.id);
    ok(bt.refund(c.id, { amount: '10.00' }));
    expect(ok(bt.refund(c.id)).amount).toBe(3000);
  });

  it('BT-RF-01: on First Data, a parent refund is refused (91547) but its children can be refunded', () => {
    const { bt, ok, sale, child, settle, find } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '100.00');
    settle(c.id);
    expect(find(parent.id).status).toBe('settled');
    expect(bt.refund(parent.id, { amount: '10.00' })).toMatchObject({ ok: false, errors: [{ code: '91547', attribute: 'base' }] });
    expect(find(parent.id).refundIds).toEqual([]);
    expect(ok(bt.refund(c.id, { amount: '10.00' })).refundedTransactionId).toBe(c.id);
  });

  it('BT-RF-02/04: on Chase, a settled parent can be refunded up to its authorized amount', () => {
    const { bt, ok, sale, child, settle, find } = setup();
    const parent = sale('100.00', { merchantAccountId: 'chase_ma' });
    settle(child(parent.id, '100.00').id);
    expect(codes(bt.refund(parent.id, { amount: '100.01' }))).toEqual(['91521']);
    const r = ok(bt.refund(parent.id, { amount: '60.00' }));
    expect(r).toMatchObject({ type: 'credit', refundedTransactionId: parent.id, merchantAccountId: 'chase_ma' });
    expect(find(parent.id).refundIds).toEqual([r.id]);
    expect(codes(bt.refund(parent.id, { amount: '40.01' }))).toEqual(['91521']);
    ok(bt.refund(parent.id, { amount: '40.00' }));
  });

  it('BT-RF-05 on Chase: a settlement_pending parent cannot be refunded yet (91506)', () => {
    const { bt, sale, child } = setup();
    const parent = sale('100.00', { merchantAccountId: 'chase_ma' });
    child(parent.id, '10.00');
    expect(codes(bt.refund(parent.id, { amount: '1.00' }))).toEqual(['91506']);
  });

  it('a credit cannot be refunded (91505); refund amounts are validated', () => {
    const { bt, ok, sale, child, settle } = setup();
    const c = child(sale().id, '10.00');
    settle(c.id);
    const r = ok(bt.refund(c.id, { amount: '1.00' }));
    expect(codes(bt.refund(r.id))).toEqual(['91505']);
    expect(codes(bt.refund(c.id, { amount: '0.00' }))).toEqual(['81531']);
    expect(codes(bt.refund(c.id, { amount: 'x' }))).toEqual(['81503']);
  });

  it('a plain settled sale can be refunded on any processor, up to its amount', () => {
    const { bt, ok, sale, settle } = setup();
    const tx = sale('10.00', { submitForSettlement: true });
    settle(tx.id);
    expect(codes(bt.refund(tx.id, { amount: '10.01' }))).toEqual(['91521']);
    expect(ok(bt.refund(tx.id)).amount).toBe(1000);
  });
});

describe('submitForSettlement', () => {
  it('settles an authorized sale for its amount or less; more is 91522', () => {
    const { bt, ok, sale } = setup();
    const a = sale('100.00');
    expect(codes(bt.submitForSettlement(a.id, { amount: '100.01' }))).toEqual(['91522']);
    const submitted = ok(bt.submitForSettlement(a.id, { amount: '80.00' }));
    expect(submitted).toMatchObject({ status: 'submitted_for_settlement', amount: 8000 });
    expect(codes(bt.submitForSettlement(a.id))).toEqual(['91507']);
  });

  it('refuses a partial-settlement parent and a child (91507)', () => {
    const { bt, sale, child } = setup();
    const parent = sale();
    const c = child(parent.id, '1.00');
    expect(codes(bt.submitForSettlement(parent.id))).toEqual(['91507']);
    expect(codes(bt.submitForSettlement(c.id))).toEqual(['91507']);
  });
});

describe('model hygiene', () => {
  it('returns frozen snapshots that do not alias the model', () => {
    const { sale, find, child } = setup();
    const parent = sale();
    expect(Object.isFrozen(parent)).toBe(true);
    expect(() => (parent.partialSettlementTransactionIds as string[]).push('x')).toThrow();
    child(parent.id, '1.00');
    expect(parent.partialSettlementTransactionIds).toEqual([]);
    expect(find(parent.id).partialSettlementTransactionIds).toHaveLength(1);
  });

  it('reset forgets every transaction', () => {
    const { sale, bt } = setup();
    const tx = sale();
    bt.reset();
    expect(bt.find(tx.id)).toMatchObject({ ok: false, kind: 'not-found' });
    expect(bt.all()).toEqual([]);
  });

  it('every money movement is journaled in the generic ledger', () => {
    const { bt, ok, ledger, sale, child, settle } = setup();
    const parent = sale('100.00');
    const c = child(parent.id, '40.00');
    settle(c.id);
    ok(bt.refund(c.id, { amount: '5.00' }));
    expect(ledger.payments.entries().map((e) => [e.kind, e.amount])).toEqual([
      ['authorize', 10000],
      ['capture', 4000],
      ['refund', 500],
    ]);
  });
});
