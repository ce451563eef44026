/**
 * The Braintree validation errors the simulator emits: code, attribute (snake_case, as on the wire), message, and where
 * the error sits in the `<errors>` tree. Codes are the SDK's `ValidationErrorCodes`; messages follow the gateway's
 * wording where known.
 */

/** One validation error, as the gateway reports it under `<errors>`. */
export interface BraintreeError {
  readonly code: string;
  /** The attribute the error is on (`amount`, `base`, `payment_method_nonce`…). */
  readonly attribute: string;
  readonly message: string;
  /** The nesting under `<errors>`: `['transaction']` or `['transaction', 'credit-card']`. */
  readonly path: readonly string[];
}

const TX = ['transaction'] as const;
const CARD = ['transaction', 'credit-card'] as const;

function e(code: string, attribute: string, message: string, path: readonly string[] = TX): BraintreeError {
  return Object.freeze({ code, attribute, message, path });
}

/** Every error the Braintree model can return, by the SDK's constant name. */
export const BRAINTREE_ERRORS = {
  /** 81502 — no amount where one is required. */
  AmountIsRequired: e('81502', 'amount', 'Amount is required.'),
  /** 81503 — not a decimal with at most the currency's decimals. */
  AmountFormatIsInvalid: e('81503', 'amount', 'Amount is an invalid format.'),
  /** 81528 — beyond what the simulator can hold. */
  AmountIsTooLarge: e('81528', 'amount', 'Amount is too large.'),
  /** 81531 — zero or negative (BT-PS-03). */
  AmountMustBeGreaterThanZero: e('81531', 'amount', 'Amount must be greater than zero.'),
  /** 91501 — order_id over 255 characters. */
  OrderIdIsTooLong: e('91501', 'order_id', 'Order ID is too long.'),
  /** 91504 — void refused (BT-VD-01: a settlement_pending parent; also settled, voided… transactions). */
  CannotBeVoided: e('91504', 'base', 'Transaction can only be voided if status is authorized, submitted_for_settlement, or - for PayPal - settlement_pending.'),
  /** 91505 — refund of a credit. */
  CannotRefundCredit: e('91505', 'base', 'Cannot refund a credit.'),
  /** 91506 — refund before the transaction is settled (BT-RF-05). */
  CannotRefundUnlessSettled: e('91506', 'base', 'Cannot refund a transaction unless it is settled.'),
  /** 91507 — (partial) settlement of a transaction whose status does not allow it (BT-PS-02, BT-PS-13). */
  CannotSubmitForSettlement: e('91507', 'base', 'Cannot submit for settlement unless status is authorized.'),
  /** 91508 — neither a nonce nor a card. */
  CannotDeterminePaymentMethod: e('91508', 'base', 'Cannot determine payment method.'),
  /** 91513 — unknown merchant_account_id. */
  MerchantAccountIdIsInvalid: e('91513', 'merchant_account_id', 'Merchant account ID is invalid.'),
  /** 91521 — refunds would exceed what the transaction allows (BT-RF-03, BT-RF-04). */
  RefundAmountIsTooLarge: e('91521', 'amount', 'Refund amount is too large.'),
  /** 91522 — (cumulative) settlement above the authorized amount (BT-PS-05). */
  SettlementAmountIsTooLarge: e('91522', 'amount', 'Settlement amount is too large.'),
  /** 91523 — type other than sale/credit. */
  TypeIsInvalid: e('91523', 'type', 'Transaction type is invalid.'),
  /** 91524 — no type. */
  TypeIsRequired: e('91524', 'type', 'Transaction type is required.'),
  /**
   * 91547 — refund of a partial-settlement parent on a First Data merchant account (BT-RF-01). The source document
   * says the refund is refused but not with which code; this is the SDK's `MerchantAccountDoesNotSupportRefunds`.
   */
  MerchantAccountDoesNotSupportRefunds: e('91547', 'base', 'Merchant account does not support refunds.'),
  /** 91565 — unknown nonce. */
  PaymentMethodNonceUnknown: e('91565', 'payment_method_nonce', 'Unknown or expired payment_method_nonce.'),
  /** 91574 — refund while settling (BT-RF-05). */
  CannotRefundSettlingTransaction: e('91574', 'base', 'Cannot refund transaction with settling status on this merchant account. Try again after the transaction has settled.'),
  /** 91575 — a sandbox testing operation from a status it does not apply to. */
  CannotSimulateSettlement: e('91575', 'base', 'Cannot simulate transaction settlement.'),
  /** 915102 — partial settlement of an American Express or Discover transaction (BT-PS-07). */
  ProcessorDoesNotSupportPartialSettlement: e('915102', 'base', 'Partial settlements are not supported by this processor.'),
  /** 915103 — partial settlement of a child (BT-PS-15). */
  CannotSubmitForPartialSettlement: e('915103', 'base', 'Cannot submit for partial settlement.'),
  /** 81715 — a card number that fails the Luhn check. */
  CreditCardNumberIsInvalid: e('81715', 'number', 'Credit card number is invalid.', CARD),
  /** 81714 — a card without a number. */
  CreditCardNumberIsRequired: e('81714', 'number', 'Credit card number is required.', CARD),
} as const;

/** The name of an error in {@link BRAINTREE_ERRORS}. */
export type BraintreeErrorName = keyof typeof BRAINTREE_ERRORS;
