/**
 * The bounds of a run's numeric options, in one home for the command line's parsers (runner/cli/options.ts) and the
 * programmatic API (`runConformance`, `exportPacts`, `verifyPacts`, `runFuzz`), so that a value the CLI refuses is not
 * taken from a script: a deadline past Node's longest timer fires at once, and every request would time out — a run
 * stopped, blamed on the target.
 */
import { SettlekitError } from '../../lib/errors.ts';

/** Node's longest timer, 2^31-1 ms (about 24.8 days): a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest per-request deadline a run takes: 1 h. */
export const MAX_TIMEOUT_MS = 3_600_000;

/**
 * `value` when it is a whole number from `min` to `max`; else a SETTLEKIT_E_USAGE error naming `option` (as the
 * caller spells it: `--timeout` on the command line, `timeoutMs` in the API).
 */
export function wholeInRange(option: string, value: number, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `${option} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** The numeric options a run of the programmatic API may be given, each checked when present. */
export interface ExchangeBounds {
  readonly timeoutMs?: number;
  readonly maxBodyBytes?: number;
  readonly concurrency?: number;
  readonly maxTimeouts?: number;
  readonly maxDurationMs?: number;
}

/** Throws SETTLEKIT_E_USAGE for the first option out of its bounds (the CLI's own, see runner/cli/options.ts). */
export function checkExchangeBounds(options: ExchangeBounds): void {
  if (options.timeoutMs !== undefined) wholeInRange('timeoutMs', options.timeoutMs, 1, MAX_TIMEOUT_MS);
  if (options.maxBodyBytes !== undefined) wholeInRange('maxBodyBytes', options.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER);
  if (options.concurrency !== undefined) wholeInRange('concurrency', options.concurrency, 1, Number.MAX_SAFE_INTEGER);
  if (options.maxTimeouts !== undefined) wholeInRange('maxTimeouts', options.maxTimeouts, 0, Number.MAX_SAFE_INTEGER);
  if (options.maxDurationMs !== undefined) wholeInRange('maxDurationMs', options.maxDurationMs, 1, MAX_TIMER_MS);
}
