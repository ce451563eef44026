/** The vendor models over the generic ledger, and the state that holds them together; no HTTP anywhere here. */
export {
  BraintreeLedger,
  DEFAULT_AUTHORIZATION_EXPIRY_MS,
  DEFAULT_MERCHANT_ACCOUNTS,
  DEFAULT_SETTLEMENT_PENDING_MAX_MS,
  type BraintreeLedgerOptions,
  type BraintreeResult,
  type BraintreeStatus,
  type BraintreeTransaction,
  type ExpireAuthorizationResult,
  type MerchantAccount,
  type PartialSettlementInput,
  type Processor,
  type SaleInput,
  type StatusEvent,
  type TestingOperation,
  type TransactionSource,
} from './braintree/transactions.ts';
export { BRAINTREE_ERRORS, type BraintreeError, type BraintreeErrorName } from './braintree/errors.ts';
export {
  KNOWN_NONCES,
  brandOfNumber,
  instrumentFromCard,
  instrumentFromNonce,
  isAmexOrDiscover,
  luhnValid,
  type CardBrand,
  type PaymentInstrument,
  type PaymentInstrumentType,
} from './braintree/instruments.ts';
export {
  REFUSED_CARD_HOLDER,
  WorldpayPaymentStore,
  type ActionName,
  type AuthorizeInput,
  type CommandError,
  type CommandResult,
  type PaymentCommand,
  type PaymentEvent,
  type WorldpayPayment,
  type WorldpayPaymentStoreOptions,
} from './worldpay-payments/payments.ts';
export {
  SplitPaymentBook,
  type BookError,
  type BookResult,
  type CreateInput,
  type FulfillInput,
  type ItemStatus,
  type PaymentPort,
  type PortResult,
  type SplitItem,
  type SplitPayment,
  type SplitPaymentBookOptions,
} from './split-payments/split-payment-book.ts';
export { paymentPortOver } from './split-payments/worldpay-port.ts';
export { createLedger, type Ledger, type LedgerOptions } from './state.ts';
