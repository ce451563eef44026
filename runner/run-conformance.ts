/**
 * The public programmatic API: load, resolve the target (or embed the reference simulator), check the target can be
 * reached, plan, execute, report. `settlekit run` is a thin shell over {@link runConformance}.
 */
import { resolve } from 'node:path';
import { SettlekitError } from '../lib/errors.ts';
import { gatePassed } from '../reports/gate-text.ts';
import { createReporters, type ReporterName } from '../reports/index.ts';
import { readReport } from '../reports/json.ts';
import { ReporterMultiplexer } from '../reports/multiplexer.ts';
import { checkExchangeBounds } from './execute/bounds.ts';
import { executeRun, type ReportFacts } from './execute/run.ts';
import { loadProject } from './load/load-project.ts';
import { readWaivers, waiversFileOf } from './load/load-waivers.ts';
import type { RunErrorEvent } from './model/events.ts';
import type { TargetProfile } from './model/profile.ts';
import type { GateMode, RunReport } from './model/report.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_VERSION } from './paths.ts';
import { checkFilters, planScenarios, type PlanFilters, type PlannedScenario } from './plan/plan.ts';
import { durationsOf, parseShard, planInfo, shardInfo, shardOf, type ShardSpec } from './plan/shard.ts';
import { snapshotOf } from './report/baseline.ts';
import { checkSuiteDefaults } from './target/context-check.ts';
import { checkTargetUrl, openTarget } from './target/open-target.ts';
import { loadRunProfile } from './target/profile.ts';

export { assertReachable, checkTargetUrl } from './target/open-target.ts';

/** Options of a conformance run; every one has a default. */
export interface RunOptions extends PlanFilters {
  /** Base URL of the implementation; default: the profile's `target`, else the embedded reference simulator. */
  readonly target?: string;
  /** Path of a target profile (YAML or JSON). */
  readonly profile?: string;
  /** A profile object, instead of a file. */
  readonly profileObject?: TargetProfile;
  /** Folder of suites (default: the bundled scenarios). */
  readonly scenariosDir?: string;
  /** Reporters (default console, json, junit, html). */
  readonly reporters?: readonly ReporterName[];
  /** Folder reports are written to (default `settlekit-report`). */
  readonly outputDir?: string;
  /** Scenarios run at once (default 4). */
  readonly concurrency?: number;
  /** Per-request deadline in ms, body included (default 10000). */
  readonly timeoutMs?: number;
  /** Bytes of a response body kept (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** SHOULD failures fail the gate too. */
  readonly strict?: boolean;
  /** What fails the gate: `failures` (default) or `regressions` (only new failures; needs `baseline`). */
  readonly gate?: GateMode;
  /** Run one shard of the plan (`2/3` or `{ index: 2, total: 3 }`). */
  readonly shard?: ShardSpec | string;
  /** A report whose scenario durations balance the shards by time instead of count. */
  readonly shardDurations?: string;
  /** A report to compare the run with. */
  readonly baseline?: string;
  /** A waivers file (default: the profile's `waivers:`, relative to the profile file). */
  readonly waivers?: string;
  /** The date waivers expire against (YYYY-MM-DD, UTC); default today. */
  readonly today?: string;
  /** Consecutive timeouts after which the kit stops sending (default 3; 0 never). */
  readonly maxTimeouts?: number;
  /** Bound of the whole run in ms. */
  readonly maxDurationMs?: number;
  /** Where the console reporter writes (default stdout). */
  readonly stream?: NodeJS.WritableStream;
  readonly tty?: boolean;
  readonly color?: boolean;
  readonly verbose?: boolean;
  /** Aborting it interrupts the run (the report of what ran is still written). */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
}

/** The outcome of a run. */
export interface RunOutcome {
  readonly report: RunReport;
  /** 0 the gate passed, 1 it failed (or the kit stopped the run), 2 a reporter failed (a report is missing), 130 interrupted. */
  readonly exitCode: number;
  /** Files the reporters wrote. */
  readonly files: readonly string[];
  /** Reporter faults that did not stop the run. */
  readonly reporterErrors: readonly RunErrorEvent[];
}

/** Default reporters of `settlekit run`. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['console', 'json', 'junit', 'html'];

/**
 * Runs the conformance suites. Load, usage and profile problems throw a {@link SettlekitError} or
 * `SettlekitErrorList` (exit code 2) before any request is sent.
 */
export async function runConformance(options: RunOptions = {}): Promise<RunOutcome> {
  checkExchangeBounds(options);
  if (options.target !== undefined) checkTargetUrl(options.target);
  const project = await loadProject(options.scenariosDir ?? BUNDLED_SCENARIOS_DIR);
  checkFilters(project, options);
  const profile = await loadRunProfile(options, project.suites);
  const wholePlan = planScenarios(project.suites, options, new Set(profile.capabilities ?? []));
  if (wholePlan.length === 0) throw new SettlekitError('SETTLEKIT_E_NO_SCENARIOS', 'no scenario matches the filters');
  // The suites of the whole plan: a shard reports their rules too, so the shards' reports merge into the whole.
  const suiteIds = [...new Set(wholePlan.map((p) => p.suite.id))];
  const { plan, facts } = await prepareRun(wholePlan, profile, options);
  const outputDir = resolve(options.outputDir ?? 'settlekit-report');
  const { multiplexer, files } = await runReporters(options, outputDir);

  const opened = await openTarget(profile, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile ? { profilePath: options.profile } : {}),
    suiteIds,
    ...(options.env ? { env: options.env } : {}),
  });
  try {
    const { target } = opened;
    checkSuiteDefaults(project.suites.filter((s) => suiteIds.includes(s.id)), target);
    const report = await executeRun({
      project,
      plan,
      target,
      reporter: multiplexer,
      kitVersion: KIT_VERSION,
      concurrency: options.concurrency ?? 4,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      strict: options.strict ?? false,
      ...(options.gate ? { gate: options.gate } : {}),
      ...(options.maxTimeouts !== undefined ? { maxTimeouts: options.maxTimeouts } : {}),
      ...(options.maxDurationMs !== undefined ? { maxDurationMs: options.maxDurationMs } : {}),
      outputDir,
      filters: { suites: options.suites ?? [], tags: options.tags ?? [], rules: options.rules ?? [], ...(options.grep ? { grep: options.grep } : {}) },
      suiteIds,
      report: facts,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // A report that could not be written is a run a CI gate must not take as green.
    const exitCode = report.interrupted ? 130 : multiplexer.errors.length > 0 ? 2 : gateExitCode(report);
    return { report, exitCode, files: files(), reporterErrors: multiplexer.errors };
  } finally {
    await opened.close();
  }
}

/** The reporters of a run (default: {@link DEFAULT_REPORTERS}), behind one multiplexer, and the files they wrote. */
export async function runReporters(
  options: Pick<RunOptions, 'reporters' | 'stream' | 'tty' | 'color' | 'verbose' | 'env'>,
  outputDir: string,
): Promise<{ readonly multiplexer: ReporterMultiplexer; files(): string[] }> {
  const reporters = await createReporters(options.reporters ?? DEFAULT_REPORTERS, {
    outputDir,
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.tty !== undefined ? { tty: options.tty } : {}),
    ...(options.color !== undefined ? { color: options.color } : {}),
    ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    multiplexer: new ReporterMultiplexer(reporters),
    files: () => reporters.flatMap((r) => ('outputFiles' in r ? (r as { outputFiles: readonly string[] }).outputFiles : [])),
  };
}

/** The exit code a finished, complete report gives: 0 when the gate passed, else 1. */
export function gateExitCode(report: RunReport): 0 | 1 {
  return gatePassed(report) ? 0 : 1;
}

/**
 * Everything the run reads besides scenarios and profile, before any request is sent (a problem is exit 2): the shard
 * of the plan to run, the baseline to compare with and the waivers to apply.
 */
async function prepareRun(wholePlan: readonly PlannedScenario[], profile: TargetProfile, options: RunOptions): Promise<{ plan: readonly PlannedScenario[]; facts: ReportFacts }> {
  if (options.gate === 'regressions' && !options.baseline) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', '--gate regressions needs --baseline <report.json>', {
      hint: 'Pass the report of an earlier run: only failures that are new since then fail the gate.',
    });
  }
  if (options.shardDurations && !options.shard) throw new SettlekitError('SETTLEKIT_E_USAGE', '--shard-durations only applies with --shard i/n');
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : options.shard;
  const split = {
    ...(options.shardDurations ? { durations: durationsOf((await readReport(options.shardDurations)).scenarios) } : {}),
    concurrency: options.concurrency ?? 4,
  };
  const baseline = options.baseline ? snapshotOf(await readReport(options.baseline), options.baseline) : undefined;
  const waiversFile = options.waivers ?? waiversFileOf(profile, options.profile);
  const waivers = waiversFile ? await readWaivers(waiversFile) : undefined;
  const plan = shard ? shardOf(wholePlan, shard, split) : wholePlan;
  return {
    plan,
    facts: {
      plan: planInfo(wholePlan, options, profile.capabilities ?? []),
      ...(shard ? { shard: shardInfo(shard, split) } : {}),
      ...(baseline ? { baseline } : {}),
      ...(waivers ? { waivers } : {}),
      ...(options.today ? { today: options.today } : {}),
    },
  };
}

