import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../ledger/clock.ts';
import { createSequentialIds } from '../../ledger/ids.ts';
import { PaymentLedger } from '../../ledger/payment-ledger.ts';
import { SplitPaymentBook, type CreateInput, type PaymentPort } from './split-payment-book.ts';

const COMMAND = 'cmdAAAAAAAAAAAAAAAAAAAAA0';
const OTHER_COMMAND = 'cmdBBBBBBBBBBBBBBBBBBBBB0';

/** A port straight over a generic ledger: commandId → authorization id. */
function ledgerPort(ledger: PaymentLedger, byCommand: Map<string, string>): PaymentPort {
  return {
    find(commandId) {
      const auth = byCommand.has(commandId) ? ledger.getAuthorization(byCommand.get(commandId) ?? '') : undefined;
      return auth?.state === 'open' ? { currency: auth.currency, amount: auth.amount } : undefined;
    },
    settle(commandId, amount) {
      const result = ledger.capture(byCommand.get(commandId) ?? '', amount);
      return result.ok ? { ok: true, value: result.value.id } : { ok: false, message: result.error.message };
    },
    refund(_commandId, settlementRef, amount) {
      const result = ledger.refundCapture(settlementRef, amount);
      return result.ok ? { ok: true, value: undefined } : { ok: false, message: result.error.message };
    },
  };
}

function input(overrides: Partial<CreateInput> = {}): CreateInput {
  return {
    auto: false,
    paymentCommandId: COMMAND,
    merchantEntity: 'default',
    currency: 'GBP',
    totalAmount: 1000,
    lineItems: [
      { itemReference: 'item-1', partyReference: 'party-1', amount: 600 },
      { itemReference: 'item-2', partyReference: 'party-2', amount: 400 },
    ],
    ...overrides,
  };
}

describe('SplitPaymentBook', () => {
  let ledger: PaymentLedger;
  let book: SplitPaymentBook;
  let authId: string;

  beforeEach(() => {
    ledger = new PaymentLedger({ clock: new VirtualClock(0), ids: createSequentialIds('tx') });
    const auth = ledger.authorize({ currency: 'GBP', amount: 1000 });
    if (!auth.ok) throw new Error('setup');
    authId = auth.value.id;
    book = new SplitPaymentBook({ payments: ledgerPort(ledger, new Map([[COMMAND, authId]])), ids: createSequentialIds('x') });
  });

  it('creates spl…0 / itm…0 ids of 25 characters, one item per line item, all pending', () => {
    book = new SplitPaymentBook({ payments: ledgerPort(ledger, new Map([[COMMAND, authId]])) });
    const created = book.create(input());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.splitPaymentId).toMatch(/^spl[a-z0-9]{21}0$/);
    expect(created.value.items.map((i) => i.itemId)).toEqual([expect.stringMatching(/^itm[a-z0-9]{21}0$/), expect.stringMatching(/^itm[a-z0-9]{21}0$/)]);
    expect(created.value.items.map((i) => i.status)).toEqual(['pending', 'pending']);
    expect(book.get(created.value.splitPaymentId)).toBe(created.value);
  });

  it('refuses line items that do not add up to the total, a total above the authorization, another currency', () => {
    expect(book.create(input({ totalAmount: 900 }))).toEqual({ ok: false, error: { code: 'items-over-total', itemsTotal: 1000 } });
    expect(book.create(input({ totalAmount: 1000, lineItems: [{ itemReference: 'a', partyReference: 'p', amount: 999 }] }))).toEqual({
      ok: false,
      error: { code: 'items-under-total', itemsTotal: 999 },
    });
    expect(book.create(input({ totalAmount: 1001 }))).toEqual({ ok: false, error: { code: 'total-over-authorization' } });
    expect(book.create(input({ currency: 'EUR' }))).toEqual({ ok: false, error: { code: 'currency-mismatch' } });
    expect(book.create(input({ paymentCommandId: OTHER_COMMAND }))).toEqual({ ok: false, error: { code: 'unknown-payment' } });
  });

  it('splits a payment only once', () => {
    expect(book.create(input()).ok).toBe(true);
    expect(book.create(input())).toEqual({ ok: false, error: { code: 'already-split' } });
  });

  it('settles an item as a capture of its amount, then refunds it from that capture', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const [first] = created.value.items;
    const id = created.value.splitPaymentId;
    expect(book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'settle' }).ok).toBe(true);
    expect(first?.status).toBe('settled');
    expect(ledger.capturedAmount(authId)).toBe(600);
    expect(book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'refund' }).ok).toBe(true);
    expect(first?.status).toBe('refunded');
    expect(ledger.refundedAmount(authId)).toBe(600);
  });

  it('fulfills items independently', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const [first, second] = created.value.items;
    const id = created.value.splitPaymentId;
    book.fulfillItem(id, second?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'settle' });
    expect([first?.status, second?.status]).toEqual(['pending', 'settled']);
    expect(ledger.capturedAmount(authId)).toBe(400);
    book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'settle' });
    book.fulfillItem(id, second?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'refund' });
    expect([first?.status, second?.status]).toEqual(['settled', 'refunded']);
    expect([ledger.capturedAmount(authId), ledger.refundedAmount(authId)]).toEqual([1000, 400]);
  });

  it('refuses a refund before settle and a foreign commandId, and changes nothing', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const [first] = created.value.items;
    const id = created.value.splitPaymentId;
    expect(book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'refund' })).toEqual({
      ok: false,
      error: { code: 'not-settled', itemIds: [first?.itemId] },
    });
    expect(book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: OTHER_COMMAND, transactionType: 'settle' })).toEqual({
      ok: false,
      error: { code: 'wrong-command' },
    });
    expect(first?.status).toBe('pending');
    expect(ledger.entries(authId).map((e) => e.kind)).toEqual(['authorize']);
  });

  it('treats a repeated settle or refund as a no-op', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const [first] = created.value.items;
    const id = created.value.splitPaymentId;
    const itemId = first?.itemId ?? '';
    book.fulfillItem(id, itemId, { paymentCommandId: COMMAND, transactionType: 'settle' });
    expect(book.fulfillItem(id, itemId, { paymentCommandId: COMMAND, transactionType: 'settle' }).ok).toBe(true);
    book.fulfillItem(id, itemId, { paymentCommandId: COMMAND, transactionType: 'refund' });
    expect(book.fulfillItem(id, itemId, { paymentCommandId: COMMAND, transactionType: 'refund' }).ok).toBe(true);
    expect(book.fulfillItem(id, itemId, { paymentCommandId: COMMAND, transactionType: 'settle' }).ok).toBe(true);
    expect(first?.status).toBe('refunded');
    expect(ledger.entries(authId).map((e) => e.kind)).toEqual(['authorize', 'capture', 'refund']);
  });

  it('answers unknown split payments and items', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const fulfill = { paymentCommandId: COMMAND, transactionType: 'settle' } as const;
    expect(book.fulfillItem('splnope', 'itmnope', fulfill)).toEqual({ ok: false, error: { code: 'unknown-split-payment' } });
    expect(book.fulfillItem(created.value.splitPaymentId, 'itmnope', fulfill)).toEqual({ ok: false, error: { code: 'unknown-item' } });
    expect(book.fulfillAll('splnope', fulfill)).toEqual({ ok: false, error: { code: 'unknown-split-payment' } });
  });

  it('fulfills all items at once: one settlement for the pending ones; a refund only once none is pending', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    const id = created.value.splitPaymentId;
    const [first] = created.value.items;
    book.fulfillItem(id, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'settle' });
    const refundEarly = book.fulfillAll(id, { paymentCommandId: COMMAND, transactionType: 'refund' });
    expect(refundEarly.ok).toBe(false);
    expect(ledger.refundedAmount(authId)).toBe(0);
    expect(book.fulfillAll(id, { paymentCommandId: COMMAND, transactionType: 'settle' }).ok).toBe(true);
    expect(ledger.entries(authId).filter((e) => e.kind === 'capture').map((e) => e.amount)).toEqual([600, 400]);
    expect(book.fulfillAll(id, { paymentCommandId: COMMAND, transactionType: 'refund' }).ok).toBe(true);
    expect(created.value.items.map((i) => i.status)).toEqual(['refunded', 'refunded']);
    expect(ledger.refundedAmount(authId)).toBe(1000);
  });

  it('reports a movement the ledger refuses and leaves the item pending', () => {
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    ledger.capture(authId, 1000);
    const [first] = created.value.items;
    const result = book.fulfillItem(created.value.splitPaymentId, first?.itemId ?? '', { paymentCommandId: COMMAND, transactionType: 'settle' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('payment-refused');
    expect(first?.status).toBe('pending');
  });

  it('finds a line item by id within its own split payment only', () => {
    const a = book.create(input());
    if (!a.ok) throw new Error('setup');
    const [item] = a.value.items;
    expect(book.item(a.value.splitPaymentId, item?.itemId ?? '')).toBe(item);
    expect(book.item('splother', item?.itemId ?? '')).toBeUndefined();
    expect(book.item(a.value.splitPaymentId, 'itmnope')).toBeUndefined();
    expect(book.fulfillItem(a.value.splitPaymentId, 'itmnope', { paymentCommandId: COMMAND, transactionType: 'settle' })).toEqual({ ok: false, error: { code: 'unknown-item' } });
    book.reset();
    expect(book.item(a.value.splitPaymentId, item?.itemId ?? '')).toBeUndefined();
  });

  it('draws an id again when it is taken, even by an item of the split payment being made', () => {
    const repeating = ['a', 'b', 'b', 'c'];
    book = new SplitPaymentBook({ payments: ledgerPort(ledger, new Map([[COMMAND, authId]])), ids: () => repeating.shift() ?? 'z' });
    const created = book.create(input());
    if (!created.ok) throw new Error('setup');
    expect([created.value.splitPaymentId, ...created.value.items.map((i) => i.itemId)]).toEqual(['spla0', 'itmb0', 'itmc0']);
  });
});
