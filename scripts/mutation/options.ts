/**
 * What the mutation-testing launcher (./run.ts), settlekit's Stryker test runner (./test-runner.ts) and the summary
 * (./summary.ts) agree on.
 */
import { RULE_LEVELS, type RuleLevel } from '../../lib/rule-levels.ts';

/** The `settlekit` section of the Stryker options, read by the test runner. */
export interface SettlekitMutationOptions {
  /** The real checkout: the runner (and the fuzzer's oracle) are imported from here, never from the sandbox. */
  readonly kitRoot: string;
  /** The sandbox holding the instrumented simulator (default: the worker's working directory, where Stryker puts it). */
  readonly sandbox?: string;
  /**
   * The scenarios to plan, by id (default: every bundled scenario the default profile plans). For a focused check of
   * the runner itself (test/mutation/test-runner.test.ts); `npm run mutation` always plans them all.
   */
  readonly ids?: readonly string[];
  /** Scenarios played at once in a mutant run (default 4). */
  readonly concurrency?: number;
  /** Deadline of one request, ms (default 5000). */
  readonly timeoutMs?: number;
  /** Fuzz mode: a fixed-seed `settlekit fuzz` per suite, as one more test of each mutant the suites did not kill. */
  readonly fuzz?: { readonly seed: number; readonly runs: number; readonly maxSteps?: number };
}

/** Test ids of the fuzz tests: `fuzz:<suite>`. */
export const FUZZ_TEST_PREFIX = 'fuzz:';

/**
 * A killed mutant's failure message, as the test runner gives it to Stryker: the strongest rule level the failure
 * breaks first (`MUST: <test id>: <why>`). Stryker keeps it as the mutant's status reason, from which
 * {@link killLevelOf} reads the level back for the summary.
 */
export function killReason(level: RuleLevel, testId: string, message: string): string {
  return `${level}: ${testId}: ${message}`;
}

const KILL_LEVEL = new RegExp(`^(${RULE_LEVELS.join('|')}):`);

/** The level at the start of a {@link killReason}; MUST for a reason written otherwise (e.g. by another runner). */
export function killLevelOf(statusReason: string | undefined): RuleLevel {
  return (KILL_LEVEL.exec(statusReason ?? '')?.[1] as RuleLevel | undefined) ?? 'MUST';
}
