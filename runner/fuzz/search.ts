/**
 * The search of one suite, on fast-check: sequences of commands generated from the suite's command model with a seed,
 * each run on both sides (see {@link runSequence}); the property is "the target agrees with the oracle". On the first
 * divergence fast-check shrinks the sequence — fewer commands, simpler arguments — keeping each candidate that still
 * diverges, so the last divergence seen is the shortest found. Shrinking is bounded by a number of attempts, not by
 * time, so the same seed always does the same work. The shrunk sequence is run once more to tell a reproducible
 * divergence from a flaky one (a race the target lost once). Runs go in chunks of {@link CHUNK} fast-check runs.
 */
import fc from 'fast-check';
import type { RuleLevel } from '../model/scenario.ts';
import type { FuzzCommand } from './model.ts';
import { runSequence, type SequenceContext, type SequenceOutcome } from './sequence.ts';
import { compareText } from '../../lib/text-order.ts';

/** Options of {@link searchSuite}. */
export interface SearchOptions {
  /** Sequences to generate (fast-check's `numRuns`). */
  readonly runs: number;
  /** Most commands in one sequence (closing checks come on top). */
  readonly maxSteps: number;
  readonly seed: number;
  /** Most sequences run while shrinking a divergence. */
  readonly maxShrinks: number;
  /** Empties the oracle before each sequence. */
  readonly resetOracle: () => void | Promise<void>;
  readonly onProgress?: (progress: SearchProgress) => void;
  readonly onDivergence?: (found: { readonly run: number; readonly outcome: SequenceOutcome }) => void;
}

/** Counters of a search, as it goes. */
export interface SearchProgress {
  readonly phase: 'searching' | 'shrinking';
  readonly runs: number;
  readonly steps: number;
  readonly requests: number;
  readonly divergences: number;
  readonly infos: number;
  readonly shrinks: number;
}

/** Differences where only INFO rules (or no catalogued rule) speak, tallied by the rules involved. */
export interface InfoTally {
  readonly key: string;
  readonly level: RuleLevel;
  readonly rules: readonly string[];
  readonly aspects: readonly string[];
  readonly uncatalogued: boolean;
  count: number;
  /** The first sequence that showed it (not shrunk). */
  readonly example: SequenceOutcome;
}

/** A divergence, shrunk. */
export interface Finding {
  /** The run (1-based) that first diverged. */
  readonly run: number;
  /** The shrunk sequence's outcome (the one to write out). */
  readonly outcome: SequenceOutcome;
  readonly commands: readonly FuzzCommand[];
  /** Steps of the sequence that first diverged. */
  readonly originalSteps: number;
  /** Sequences run while shrinking. */
  readonly shrinks: number;
  /** Whether running the shrunk sequence once more diverged again. */
  readonly reproduced: boolean;
}

/** The result of one suite's search. */
export interface SearchResult {
  readonly runs: number;
  readonly steps: number;
  readonly requests: number;
  /** Steps sent several times at once (`--race`). */
  readonly races: number;
  /**
   * What the search exercised: `operation situation` → steps (e.g. `transaction.submitForPartialSettlement
   * over-amount`), counted before any divergence (shrinking runs are not counted).
   */
  readonly coverage: Readonly<Record<string, number>>;
  readonly finding?: Finding;
  readonly infos: readonly InfoTally[];
  readonly interrupted: boolean;
  readonly durationMs: number;
}

/** Generates, runs and (on a divergence) shrinks sequences for one suite. Throws when the oracle itself misbehaves. */
export async function searchSuite(ctx: SequenceContext, options: SearchOptions): Promise<SearchResult> {
  const started = performance.now();
  const sequences = sequenceArbitrary(ctx.model, ctx.env, options.maxSteps);

  let runs = 0;
  let steps = 0;
  let requests = 0;
  let shrinks = 0;
  let races = 0;
  const coverage: Record<string, number> = {};
  let fatal: unknown;
  let first: { run: number; steps: number } | undefined;
  let last: { outcome: SequenceOutcome; commands: readonly FuzzCommand[] } | undefined;
  const infos = new Map<string, InfoTally>();
  const progress = (): void =>
    options.onProgress?.({ phase: first ? 'shrinking' : 'searching', runs, steps, requests, divergences: first ? 1 : 0, infos: [...infos.values()].reduce((n, t) => n + t.count, 0), shrinks });

  const property = fc.asyncProperty(sequences, async (commands) => {
    // Past a fault, an interrupt or the shrink budget, every remaining candidate "passes" at once: fast-check ends.
    if (fatal !== undefined || ctx.signal?.aborted || (first && shrinks >= options.maxShrinks)) return true;
    if (first) shrinks += 1;
    else runs += 1;
    let outcome: SequenceOutcome;
    try {
      await options.resetOracle();
      outcome = await runSequence(commands, ctx);
    } catch (error) {
      fatal = error;
      return true;
    }
    steps += outcome.steps.length;
    requests += outcome.requests;
    if (!first) {
      for (const step of outcome.steps) {
        const key = `${step.operation} ${step.situation}`;
        coverage[key] = (coverage[key] ?? 0) + 1;
        if (step.step.repeat > 1) races += 1;
      }
    }
    if (ctx.signal?.aborted) return true;
    if (outcome.verdict === 'diverged') {
      last = { outcome, commands };
      if (!first) {
        first = { run: runs, steps: outcome.steps.length };
        options.onDivergence?.({ run: runs, outcome });
      }
      progress();
      return false;
    }
    if (outcome.verdict === 'info' && !first && outcome.difference) tally(infos, outcome);
    progress();
    return true;
  });

  // The runs go in chunks, each its own fast-check run with a seed derived from the given one, so an interrupt (after
  // which fast-check would still generate every remaining run) stops within a chunk; the first chunk uses the seed as
  // given, and a run's sequence does not depend on how many runs were asked for.
  let failed = false;
  for (let chunk = 0; runs < options.runs && !failed && fatal === undefined && !ctx.signal?.aborted; chunk++) {
    const details = await fc.check(property, { seed: chunkSeed(options.seed, chunk), numRuns: Math.min(CHUNK, options.runs - runs) });
    failed = details.failed;
  }
  if (fatal !== undefined) throw fatal;
  let finding: Finding | undefined;
  if (failed && first && last) {
    await options.resetOracle();
    const again = await runSequence(last.commands, ctx);
    requests += again.requests;
    const reproduced = again.verdict === 'diverged';
    finding = { run: first.run, outcome: reproduced ? again : last.outcome, commands: last.commands, originalSteps: first.steps, shrinks, reproduced };
  }
  return {
    runs,
    steps,
    requests,
    races,
    coverage: Object.fromEntries(Object.entries(coverage).sort(([a], [b]) => compareText(a, b))),
    ...(finding ? { finding } : {}),
    infos: [...infos.values()].sort((a, b) => b.count - a.count || compareText(a.key, b.key)),
    interrupted: ctx.signal?.aborted ?? false,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The sequences a search generates: the model's opening commands, then up to `maxSteps` in all, every length equally
 * likely (fast-check's default sizes favour short arrays; the sequences worth finding are rarely the shortest).
 */
export function sequenceArbitrary(model: SequenceContext['model'], env: SequenceContext['env'], maxSteps: number): fc.Arbitrary<FuzzCommand[]> {
  return fc
    .tuple(model.opening(env), fc.array(model.command(env), { maxLength: Math.max(1, maxSteps), size: 'max' }))
    .map(([opening, rest]) => [...opening, ...rest].slice(0, Math.max(opening.length, maxSteps)));
}

/** Runs per fast-check run. */
const CHUNK = 1000;

/** The seed of a chunk: the given seed for the first, then a mix of it with the chunk's number. */
export function chunkSeed(seed: number, chunk: number): number {
  return chunk === 0 ? seed : (Math.imul(chunk, 0x9e3779b1) ^ seed) >>> 0;
}

function tally(infos: Map<string, InfoTally>, outcome: SequenceOutcome): void {
  const difference = outcome.difference;
  if (!difference) return;
  const step = outcome.steps[difference.step];
  const key = difference.uncatalogued ? `uncatalogued: ${step?.operation ?? '?'} ${difference.aspects.join(', ')}` : difference.rules.join(', ');
  const known = infos.get(key);
  if (known) known.count += 1;
  else infos.set(key, { key, level: difference.level, rules: difference.rules, aspects: difference.aspects, uncatalogued: difference.uncatalogued, count: 1, example: outcome });
}
