/**
 * The {@link PaymentPort} of the split-payment book over the Worldpay Payments model: a split payment divides a Card
 * Payments payment of the same simulator, so a settled or refunded line item is a partial settlement or partial refund
 * of the payment — the same ledger movement, the same `lastEvent` and `_actions` — as if the merchant had sent it
 * through the Payments API.
 */
import type { CommandResult, WorldpayPayment, WorldpayPaymentStore } from '../worldpay-payments/payments.ts';
import type { PaymentPort, PortResult } from './split-payment-book.ts';

/**
 * The port over a payment store. A split payment names its payment by the commandId of the authorization
 * ("You have received this in the response of your payment authorization request"): the commandId of a later command
 * on the payment does not name it here.
 */
export function paymentPortOver(store: WorldpayPaymentStore): PaymentPort {
  const authorized = (commandId: string): WorldpayPayment | undefined => {
    const payment = store.findByCommandId(commandId);
    if (!payment || payment.commandId !== commandId) return undefined;
    // Stryker disable next-line ConditionalExpression: equivalent: a refused payment (no authorization) has nothing to settle, so find() answers undefined for it either way, and settle/refund are asked only of a split payment find() allowed (one that never accepts is killed)
    return payment.authorizationId !== undefined ? payment : undefined;
  };
  return {
    find(commandId) {
      const payment = authorized(commandId);
      const settleable = payment ? store.unsettledAmount(payment) : 0;
      return payment && settleable > 0 ? { currency: payment.currency, amount: settleable } : undefined;
    },
    settle(commandId, amount, reference) {
      const payment = authorized(commandId);
      // Stryker disable next-line ConditionalExpression,ObjectLiteral,BooleanLiteral,StringLiteral: unreachable: the book moves money only for a split payment it made over a payment find() named, which stays findable (payments go only with a reset, which empties the book too), so the guard never fires (one that always fires is killed)
      if (!payment) return { ok: false, message: 'the payment is no longer available' };
      return outcome(store.partiallySettle(payment.paymentId, { reference, currency: payment.currency, amount }), (result) => result.command.commandId);
    },
    refund(commandId, _settlementRef, amount, reference) {
      const payment = authorized(commandId);
      // Stryker disable next-line ConditionalExpression,ObjectLiteral,BooleanLiteral,StringLiteral: unreachable: the book moves money only for a split payment it made over a payment find() named, which stays findable (payments go only with a reset, which empties the book too), so the guard never fires (one that always fires is killed)
      if (!payment) return { ok: false, message: 'the payment is no longer available' };
      return outcome(store.partiallyRefund(payment.paymentId, { reference, currency: payment.currency, amount }), () => undefined);
    },
  };
}

function outcome<T>(result: CommandResult, value: (result: Extract<CommandResult, { ok: true }>) => T): PortResult<T> {
  if (result.ok) return { ok: true, value: value(result) };
  // Stryker disable next-line ObjectLiteral: message: a refused movement's message only goes into the 400 message, the simulator's own words (the spec: settlekit does not check message texts)
  return { ok: false, message: result.error.message };
}
