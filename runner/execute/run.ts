/**
 * A whole run: the planned scenarios executed concurrently (each isolated, steps in order), events sent to the
 * reporters as they happen, and the report built in plan order whatever the completion order. An aborted run (SIGINT,
 * SIGTERM) stops sending, reports what ran, and is marked interrupted. A run the kit stops itself — the target stopped
 * answering, or `--max-duration` passed — aborts what is in flight, errors every scenario not yet run at once, and is
 * marked stopped.
 */
import { createRedactor } from '../../lib/redact.ts';
import type { Reporter } from '../model/events.ts';
import type { RunReport, ScenarioResult } from '../model/report.ts';
import type { Project } from '../load/load-project.ts';
import type { PlannedScenario } from '../plan/plan.ts';
import { buildReport, type RunFacts } from '../report/build-report.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { HttpClient } from './http-client.ts';
import { RunGuard } from './run-guard.ts';
import { haltedScenario, runScenario, scenarioContextOf, skippedScenario } from './run-scenario.ts';

/** What the report says beyond the results: the plan, the shard, the baseline and waivers to judge the results by. */
export type ReportFacts = Pick<RunFacts, 'plan' | 'shard' | 'baseline' | 'waivers' | 'today'>;

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  readonly project: Project;
  readonly plan: readonly PlannedScenario[];
  readonly target: ResolvedTarget;
  readonly reporter: Reporter;
  readonly kitVersion: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly strict: boolean;
  /** What fails the gate (default `failures`). */
  readonly gate?: RunReport['options']['gate'];
  /** Consecutive timeouts after which the kit stops sending (default 3; 0 never). */
  readonly maxTimeouts?: number;
  /** Bound of the whole run in ms. */
  readonly maxDurationMs?: number;
  readonly outputDir: string;
  readonly filters: { readonly suites: readonly string[]; readonly tags: readonly string[]; readonly rules: readonly string[]; readonly grep?: string };
  /** The suites of the whole plan (a shard's report lists their rules even if the shard has none of their scenarios). */
  readonly suiteIds?: readonly string[];
  readonly report?: ReportFacts;
  /** Aborting it interrupts the run. */
  readonly signal?: AbortSignal;
}

/** Default of {@link ExecuteOptions.maxTimeouts}. */
export const DEFAULT_MAX_TIMEOUTS = 3;

/** Runs the plan and returns the report (after every reporter has seen onRunEnd). */
export async function executeRun(options: ExecuteOptions): Promise<RunReport> {
  const { plan, target, reporter } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const redactor = createRedactor({ secrets: target.secrets });
  const maxTimeouts = options.maxTimeouts ?? DEFAULT_MAX_TIMEOUTS;
  const guard = new RunGuard({
    maxTimeouts,
    timeoutMs: options.timeoutMs,
    ...(options.maxDurationMs !== undefined ? { maxDurationMs: options.maxDurationMs } : {}),
    ...(options.signal ? { interrupt: options.signal } : {}),
  });
  const halt = guard.signal;
  const http = new HttpClient({
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    connections: Math.max(4, options.concurrency * 2),
    observe: (outcome) => guard.observe(outcome),
  });
  const suiteIds = options.suiteIds ?? [...new Set(plan.map((p) => p.suite.id))];
  const facts = options.report ?? {};
  const targetInfo: RunReport['target'] = { url: redactor.url(target.url), embedded: target.embedded, ...(target.profilePath ? { profile: target.profilePath } : {}) };
  await reporter.onRunStart?.({
    kitVersion: options.kitVersion,
    target: targetInfo,
    startedAt,
    scenarioCount: plan.length,
    suites: suiteIds,
    ...(facts.shard ? { shard: facts.shard } : {}),
    ...(facts.plan ? { plannedCount: facts.plan.scenarios.length } : {}),
  });
  const runId = `run-${Date.now().toString(36)}`;
  const results: (ScenarioResult | undefined)[] = new Array(plan.length);
  const runAt = async (index: number): Promise<void> => {
    const result = await runOne(plan[index]!, runId);
    results[index] = result;
    await reporter.onScenarioEnd?.({ scenario: result });
  };
  const runOne = async (planned: PlannedScenario, id: string): Promise<ScenarioResult> => {
    const { scenario, suite } = planned;
    if (planned.skipReason) return skippedScenario(scenario, planned.skipReason);
    await reporter.onScenarioStart?.({ id: scenario.id, suite: suite.id, title: scenario.title });
    return runScenario(scenario, scenarioContextOf(options.project, target, suite.id, { runId: id, http, redactor, reporter, signal: halt }));
  };
  try {
    await forEachPlanned(plan, options.concurrency, runAt, halt);
  } finally {
    guard.dispose();
    await http.close().catch(() => undefined);
  }
  const interrupted = options.signal?.aborted ?? false;
  const stopped = interrupted ? undefined : guard.stopped;
  // Scenarios a halt kept from starting are still reported (in the report, not as events), so the report lists the
  // whole plan: skipped when the user interrupted the run, errored (with the stop's code) when the kit stopped it, so a
  // gate never takes them as fine.
  const scenarios: ScenarioResult[] = plan.map(
    (planned, i) =>
      results[i] ??
      (!stopped
        ? skippedScenario(planned.scenario, 'not run: the run was interrupted')
        : planned.skipReason
          ? skippedScenario(planned.scenario, planned.skipReason)
          : haltedScenario(planned.scenario, stopped)),
  );
  const finishedAt = new Date().toISOString();
  const report = buildReport(
    {
      kitVersion: options.kitVersion,
      target: targetInfo,
      startedAt,
      finishedAt,
      durationMs: Math.round(performance.now() - started),
      interrupted,
      ...(stopped ? { stopped: { code: stopped.code, message: stopped.message } } : {}),
      options: {
        suites: options.filters.suites,
        tags: options.filters.tags,
        rules: options.filters.rules,
        ...(options.filters.grep ? { grep: options.filters.grep } : {}),
        concurrency: options.concurrency,
        timeoutMs: options.timeoutMs,
        strict: options.strict,
        gate: options.gate ?? 'failures',
        maxTimeouts,
        ...(options.maxDurationMs !== undefined ? { maxDurationMs: options.maxDurationMs } : {}),
      },
      ...facts,
    },
    options.project.suites.filter((s) => suiteIds.includes(s.id)),
    scenarios,
  );
  await reporter.onRunEnd?.({ report, outputDir: options.outputDir });
  return report;
}

/**
 * Runs `runAt(index)` for every scenario of a plan: the scenarios that share the target `concurrency` at a time, then
 * the ones that must run alone (see {@link PlannedScenario.exclusive}) one after another. Stops starting scenarios
 * once `signal` is aborted.
 */
export async function forEachPlanned(plan: readonly PlannedScenario[], concurrency: number, runAt: (index: number) => Promise<void>, signal?: AbortSignal): Promise<void> {
  // Some test controls act on the whole target — an injected fault hits its next request whoever sends it, the clock
  // moves for every payment, a reset empties everything — so scenarios using them run alone, after the others.
  const alone = (planned: PlannedScenario): boolean => planned.exclusive && !planned.skipReason;
  const sharedIndexes = plan.flatMap((planned, i) => (alone(planned) ? [] : [i]));
  const aloneIndexes = plan.flatMap((planned, i) => (alone(planned) ? [i] : []));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = sharedIndexes[next++];
      if (index === undefined || signal?.aborted) return;
      await runAt(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, sharedIndexes.length)) }, worker));
  for (const index of aloneIndexes) {
    if (signal?.aborted) break;
    await runAt(index);
  }
}
