/**
 * Replaying scenarios through the runner's own executor (runner/execute), for Pact: the export's reference run (every
 * scenario, in full, against the embedded simulator, to take realistic examples from) and a provider state's set-up
 * (the steps before one step, against the target). No second executor: both go through `runScenarioSteps`.
 */
import type { Redactor } from '../../lib/redact.ts';
import type { HttpClient } from '../execute/http-client.ts';
import { runScenarioSteps, scenarioContextOf, type ScenarioContext, type ScenarioStepsOutcome } from '../execute/run-scenario.ts';
import type { Project } from '../load/load-project.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import type { StepScope } from './template-values.ts';

/** A redactor that keeps everything: for the reference run against the embedded simulator, whose values (test
 * credentials, test cards) are the examples of the pact. Credentials still never reach a pact: the encoders replace
 * them by a placeholder. */
export const KEEP_EVERYTHING: Redactor = {
  text: (s) => s,
  headers: (h) => ({ ...h }),
  url: (u) => u,
  value: (v) => v,
};

/** What a replay needs besides the scenario. */
export interface ReplayContext {
  readonly project: Project;
  readonly target: ResolvedTarget;
  readonly http: HttpClient;
  readonly redactor: Redactor;
  /** `{{run.id}}`. */
  readonly runId: string;
  /** `{{scenario.uid}}` (default: a fresh one each replay, as `run` draws; the export's reference run fixes it). */
  readonly uid?: string;
  readonly signal?: AbortSignal;
}

/** Runs the first `stepCount` steps of a scenario (all by default) and returns the outcome with the scope it ended in. */
export async function replay(scenario: Scenario, ctx: ReplayContext, stepCount?: number): Promise<{ readonly outcome: ScenarioStepsOutcome; readonly scope: StepScope; readonly baseUrl: string }> {
  const runnerContext = scenarioContextOf(ctx.project, ctx.target, scenario.suite, {
    runId: ctx.runId,
    http: ctx.http,
    redactor: ctx.redactor,
    reporter: { name: 'pact-replay' },
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const outcome = await runScenarioSteps(scenario, runnerContext, { ...(stepCount === undefined ? {} : { stepCount }), ...(ctx.uid === undefined ? {} : { uid: ctx.uid }) });
  return { outcome, scope: scopeAfter(scenario, runnerContext, outcome.uid, outcome.captures), baseUrl: runnerContext.baseUrl };
}

/** The scope a step of `scenario` is rendered in, given the captures of the steps before it. */
export function scopeAfter(scenario: Scenario, runnerContext: ScenarioContext, uid: string, captures: Readonly<Record<string, unknown>>): StepScope {
  return { captures, vars: scenario.vars, context: { ...runnerContext.context, scenario: { id: scenario.id, uid } } };
}
