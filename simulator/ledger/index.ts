/** The generic ledger: the clock, record ids, and the payment ledger every vendor model moves money through. */
export { VirtualClock, DAY_MS, type Clock } from './clock.ts';
export { createIdGenerator, createSeededIds, createSequentialIds, seededBytes, type ByteSource, type IdGenerator } from './ids.ts';
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
