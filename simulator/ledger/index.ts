/** The simulator's pure core: clock, generic payment ledger, Braintree model. */
export { VirtualClock, DAY_MS, type Clock } from './clock.ts';
export { createIdGenerator, createSequentialIds, type IdGenerator } from './ids.ts';
export {
  PaymentLedger,
  type Authorization,
  type AuthorizationState,
  type Capture,
  type CaptureState,
  type Entry,
  type EntryKind,
  type LedgerError,
  type LedgerErrorCode,
  type LedgerResult,
  type PaymentLedgerOptions,
  type Refund,
  type RefundBound,
} from './payment-ledger.ts';
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
} from './braintree.ts';
export { BRAINTREE_ERRORS, type BraintreeError, type BraintreeErrorName } from './braintree-errors.ts';
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
} from './braintree-instruments.ts';
export { createLedger, type Ledger, type LedgerOptions } from './ledger.ts';
