/**
 * What halts a run before its plan is done, in one signal: the user's interrupt (SIGINT/SIGTERM), a target that stopped
 * answering (a number of consecutive timeouts), or the run's own time bound (`--max-duration`). The kit's own stops
 * abort the signal with a {@link SettlekitError} as its reason, so whatever the signal aborts — requests in flight,
 * scenarios not yet started — is errored with that stable code instead of waiting for timeout after timeout.
 */
import { SettlekitError } from '../../lib/errors.ts';

/** What the guard needs to know of one exchange (an `HttpOutcome` of the HTTP client): answered, or the error code. */
export type ExchangeOutcome = { readonly ok: true } | { readonly ok: false; readonly error: { readonly code: string } };

/** Options of a {@link RunGuard}. */
export interface RunGuardOptions {
  /** Consecutive timeouts after which the run stops; 0 never stops. */
  readonly maxTimeouts: number;
  /** The request deadline, for the message. */
  readonly timeoutMs: number;
  /** Bound of the whole run in ms; undefined = none. */
  readonly maxDurationMs?: number;
  /** The user's interrupt. */
  readonly interrupt?: AbortSignal;
}

/** Watches a run's exchanges and clock; its {@link signal} halts the run. Call {@link dispose} at the end. */
export class RunGuard {
  readonly #controller = new AbortController();
  readonly #options: RunGuardOptions;
  readonly #timer: NodeJS.Timeout | undefined;
  #consecutiveTimeouts = 0;
  #stopped: SettlekitError | undefined;

  /** Aborted when the user interrupts the run or the kit stops it. */
  readonly signal: AbortSignal;

  constructor(options: RunGuardOptions) {
    this.#options = options;
    this.signal = options.interrupt ? AbortSignal.any([options.interrupt, this.#controller.signal]) : this.#controller.signal;
    const bound = options.maxDurationMs;
    if (bound !== undefined && bound > 0) {
      this.#timer = setTimeout(() => this.stop(new SettlekitError('SETTLEKIT_E_MAX_DURATION', `the run took longer than --max-duration ${formatMs(bound)}`)), bound);
      this.#timer.unref();
    }
  }

  /** Why the kit stopped the run, when it did (an interrupt is not a stop). */
  get stopped(): SettlekitError | undefined {
    return this.#stopped;
  }

  /** Sees the outcome of one exchange: a timeout counts, any response resets the count. */
  observe(outcome: ExchangeOutcome): void {
    if (outcome.ok) {
      this.#consecutiveTimeouts = 0;
      return;
    }
    if (outcome.error.code !== 'SETTLEKIT_E_TIMEOUT') return;
    this.#consecutiveTimeouts += 1;
    const max = this.#options.maxTimeouts;
    if (max > 0 && this.#consecutiveTimeouts >= max) {
      this.stop(new SettlekitError('SETTLEKIT_E_TARGET_STOPPED', `the target stopped answering: ${max} requests in a row got no response within ${this.#options.timeoutMs} ms`));
    }
  }

  /** Stops the run (once; the first reason is kept). */
  stop(reason: SettlekitError): void {
    if (this.#stopped || this.signal.aborted) return;
    this.#stopped = reason;
    this.#controller.abort(reason);
  }

  /** Clears the duration timer. */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}

/** The error a halted run's signal carries: the kit's stop, or the user's interrupt. */
export function haltReason(signal: AbortSignal): SettlekitError {
  const reason: unknown = signal.reason;
  return reason instanceof SettlekitError ? reason : new SettlekitError('SETTLEKIT_E_INTERRUPTED', 'the run was interrupted');
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
