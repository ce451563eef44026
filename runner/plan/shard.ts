/**
 * Shards: a deterministic split of the plan into `n` parts (`settlekit run --shard i/n`), each scenario in exactly one,
 * so that a CI matrix of `n` jobs runs the plan once between them and `settlekit merge` joins their reports. Plus the
 * plan's identity, which every report carries so that the merge can tell shards of one plan from strangers.
 *
 * The split is greedy longest-processing-time: jobs sorted by weight (heaviest first, plan order among equals), each
 * to the shard with the least weight so far (the lowest index among equals). A job is one scenario, except that every
 * scenario that runs alone — it moves the target's clock, injects a fault or resets the target — goes into one job,
 * so the exclusive phase of the plan stays whole in one shard and runs there in the same order as in one run.
 * Weights are 1 per scenario (balance by count), or the scenario's duration in an earlier report (balance by time):
 * a concurrent scenario costs its duration over the concurrency, an exclusive one its whole duration; one the earlier
 * report did not run, or does not have, the average duration of those it did.
 */
import { createHash } from 'node:crypto';
import { SettlekitError } from '../../lib/errors.ts';
import type { PlanInfo, ShardInfo } from '../model/report.ts';
import type { PlanFilters, PlannedScenario } from './plan.ts';

/** One shard of `total` (1-based). */
export interface ShardSpec {
  readonly index: number;
  readonly total: number;
}

/**
 * Parses `i/n` (1 ≤ i ≤ n).
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` for anything else.
 */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || !isShard({ index, total })) throw shardError(text);
  return { index, total };
}

/**
 * Checks a shard given as an object (the programmatic API's `shard: { index, total }`), as {@link parseShard} checks
 * `i/n`: a 0-based or out-of-range index would otherwise select no scenario and run nothing, without a word.
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` unless 1 ≤ index ≤ total, both integers.
 */
export function checkShard(shard: ShardSpec): ShardSpec {
  if (!isShard(shard)) throw shardError(`${shard.index}/${shard.total}`);
  return shard;
}

function isShard({ index, total }: ShardSpec): boolean {
  return Number.isSafeInteger(index) && Number.isSafeInteger(total) && total >= 1 && index >= 1 && index <= total;
}

function shardError(given: string): SettlekitError {
  return new SettlekitError('SETTLEKIT_E_USAGE', `--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${given}"`, {
    hint: 'Run the same plan n times, with --shard 1/n … n/n, then `settlekit merge` the reports.',
  });
}

/** Options of {@link splitPlan}. */
export interface SplitOptions {
  /** Scenario id → duration (ms) in an earlier report; balances by time instead of count. */
  readonly durations?: ReadonlyMap<string, number>;
  /** Scenarios run at once (a concurrent scenario costs its duration over it). */
  readonly concurrency?: number;
}

/** The whole plan split into `total` shards: each shard's scenarios, in plan order. */
export function splitPlan(plan: readonly PlannedScenario[], total: number, options: SplitOptions = {}): PlannedScenario[][] {
  const runsAlone = (p: PlannedScenario): boolean => p.exclusive && !p.skipReason;
  const weightOf = scenarioWeight(plan, options);
  const jobs: { indexes: number[]; weight: number; first: number }[] = [];
  const exclusive = plan.flatMap((p, i) => (runsAlone(p) ? [i] : []));
  if (exclusive.length > 0) jobs.push({ indexes: exclusive, weight: exclusive.reduce((sum, i) => sum + weightOf(plan[i]!), 0), first: exclusive[0]! });
  plan.forEach((p, i) => {
    if (!runsAlone(p)) jobs.push({ indexes: [i], weight: weightOf(p), first: i });
  });
  jobs.sort((a, b) => b.weight - a.weight || a.first - b.first);
  const loads = new Array<number>(total).fill(0);
  const parts: number[][] = Array.from({ length: total }, () => []);
  for (const job of jobs) {
    let target = 0;
    for (let s = 1; s < total; s++) if (loads[s]! < loads[target]!) target = s;
    loads[target]! += job.weight;
    parts[target]!.push(...job.indexes);
  }
  return parts.map((indexes) => indexes.sort((a, b) => a - b).map((i) => plan[i]!));
}

/**
 * The scenarios of one shard, in plan order (none for a shard beyond the scenario count).
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` for a shard outside 1…total (see {@link checkShard}).
 */
export function shardOf(plan: readonly PlannedScenario[], shard: ShardSpec, options: SplitOptions = {}): PlannedScenario[] {
  checkShard(shard);
  return splitPlan(plan, shard.total, options)[shard.index - 1]!;
}

/** The shard info a report carries. */
export function shardInfo(shard: ShardSpec, options: SplitOptions): ShardInfo {
  return { index: shard.index, total: shard.total, balance: options.durations ? 'durations' : 'count' };
}

/** The identity of a plan: every scenario id, the capabilities, and a digest over them, the suites and the filters. */
export function planInfo(plan: readonly PlannedScenario[], filters: PlanFilters, capabilities: readonly string[]): PlanInfo {
  const scenarios = plan.map((p) => p.scenario.id);
  const sortedCapabilities = [...new Set(capabilities)].sort();
  const identity = {
    suites: [...new Set(plan.map((p) => p.suite.id))],
    tags: [...(filters.tags ?? [])].sort(),
    rules: [...(filters.rules ?? [])].sort(),
    grep: filters.grep ?? '',
    capabilities: sortedCapabilities,
    scenarios,
  };
  return { digest: createHash('sha256').update(JSON.stringify(identity)).digest('hex'), scenarios, capabilities: sortedCapabilities };
}

/**
 * Scenario id → duration in ms, from an earlier report's scenarios. A scenario that report did not run (skipped, or
 * halted by `--max-duration` or a target that stopped answering) says 0 ms, which is no measure of its cost: it is left
 * out, so it weighs as much as the average one (zero-weight jobs would all land on the first shard).
 */
export function durationsOf(scenarios: readonly { readonly id: string; readonly timings: { readonly durationMs: number } }[]): Map<string, number> {
  return new Map(scenarios.filter((s) => s.timings.durationMs > 0).map((s) => [s.id, s.timings.durationMs]));
}

function scenarioWeight(plan: readonly PlannedScenario[], options: SplitOptions): (p: PlannedScenario) => number {
  const durations = options.durations;
  if (!durations) return () => 1;
  const known = plan.map((p) => durations.get(p.scenario.id)).filter((d): d is number => d !== undefined);
  // A scenario the earlier report does not have (a new one) weighs as much as the average one that it has.
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  return (p) => {
    if (p.skipReason) return 0;
    const ms = durations.get(p.scenario.id) ?? fallback;
    return p.exclusive ? ms : ms / concurrency;
  };
}
