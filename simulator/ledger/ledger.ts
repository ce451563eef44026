/**
 * The simulator's shared state: one virtual clock, one generic payment ledger, and the vendor models built on it.
 * Every façade of the HTTP server receives the same {@link Ledger}.
 */
import { VirtualClock, type Clock } from './clock.ts';
import { BraintreeLedger, type MerchantAccount } from './braintree.ts';
import type { IdGenerator } from './ids.ts';
import { PaymentLedger } from './payment-ledger.ts';

/** Options of {@link createLedger}. */
export interface LedgerOptions {
  /** The clock (default: a {@link VirtualClock} starting now, whole second). */
  readonly clock?: Clock;
  /** Braintree merchant accounts (default `first_data_ma` First Data + `chase_ma` Chase). */
  readonly merchantAccounts?: readonly MerchantAccount[];
  /** Braintree authorization lifetime (default 7 days). */
  readonly authorizationExpiryMs?: number;
  /** Braintree settlement_pending limit (default 30 days). */
  readonly settlementPendingMaxMs?: number;
  /** Id generator shared by the generic ledger and the Braintree model (default random 8-character ids). */
  readonly ids?: IdGenerator;
}

/** The shared state of a simulator. */
export interface Ledger {
  readonly clock: Clock;
  /** The generic payment ledger (authorizations, captures, refunds, voids, journal). */
  readonly payments: PaymentLedger;
  /** The Braintree transaction model. */
  readonly braintree: BraintreeLedger;
  /** Empties every model and the generic ledger (the clock keeps its time). */
  reset(): void;
}

/** Creates the shared state of a simulator. */
export function createLedger(options: LedgerOptions = {}): Ledger {
  const clock = options.clock ?? new VirtualClock();
  const payments = new PaymentLedger({ clock, ...(options.ids ? { ids: options.ids } : {}) });
  const braintree = new BraintreeLedger({
    clock,
    payments,
    ...(options.merchantAccounts ? { merchantAccounts: options.merchantAccounts } : {}),
    ...(options.authorizationExpiryMs !== undefined ? { authorizationExpiryMs: options.authorizationExpiryMs } : {}),
    ...(options.settlementPendingMaxMs !== undefined ? { settlementPendingMaxMs: options.settlementPendingMaxMs } : {}),
    ...(options.ids ? { ids: options.ids } : {}),
  });
  return {
    clock,
    payments,
    braintree,
    reset() {
      braintree.reset();
      payments.reset();
    },
  };
}
