/**
 * One scenario: its steps in order, each templated with the captures of the steps before it. The first failed or
 * errored step ends the scenario (later steps depend on it); the steps after it are reported as skipped.
 */
import { randomUUID } from 'node:crypto';
import type { Redactor } from '../../lib/redact.ts';
import type { Reporter } from '../model/events.ts';
import type { ScenarioResult, Status, StepResult } from '../model/report.ts';
import type { Scenario, Suite } from '../model/scenario.ts';
import { scenarioRules } from '../plan/plan.ts';
import type { OpenApiIndex } from '../spec/openapi-index.ts';
import type { OriginPolicy } from '../target/origin-policy.ts';
import type { HttpClient } from './http-client.ts';
import { haltReason } from './run-guard.ts';
import { runStep } from './run-step.ts';
import { scopeOf } from './template.ts';

/** What a scenario needs from the run. */
export interface ScenarioContext {
  readonly suite: Suite;
  readonly spec: OpenApiIndex;
  readonly baseUrl: string;
  /** Origins the scenario's links and redirects may lead to. */
  readonly origins: OriginPolicy;
  /** `target.*`, `auth.*`, `run.*`. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly http: HttpClient;
  readonly redactor: Redactor;
  readonly reporter: Reporter;
  readonly signal?: AbortSignal;
}

/** Runs a scenario to its end (or to its first failure). Never throws. */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<ScenarioResult> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // A value unique to this run of this scenario, for order ids and references: scenarios never share payments.
  const uid = `sk${Date.now().toString(36)}${randomUUID().slice(0, 8)}`;
  const scenarioContext = { ...ctx.context, scenario: { id: scenario.id, uid } };
  const captures: Record<string, unknown> = {};
  const steps: StepResult[] = [];
  let stoppedBy: StepResult | undefined;
  let haltNoted = false;
  for (const step of scenario.steps) {
    if (stoppedBy || ctx.signal?.aborted) {
      // The first step a halt kept from running says why (interrupted, or the kit stopped the run).
      const halt = ctx.signal?.aborted && !stoppedBy && !haltNoted ? haltReason(ctx.signal) : undefined;
      if (halt) haltNoted = true;
      steps.push(skippedStep(step, halt && { code: halt.code, message: `${halt.message} before this step` }));
      continue;
    }
    const { result, captures: captured } = await runStep(step, {
      baseUrl: ctx.baseUrl,
      origins: ctx.origins,
      spec: ctx.spec,
      defaults: ctx.suite.defaults,
      // Captures first, then the scenario's vars, then the run's context.
      scope: scopeOf(captures, scenario.vars, scenarioContext),
      http: ctx.http,
      redactor: ctx.redactor,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    Object.assign(captures, captured);
    steps.push(result);
    await ctx.reporter.onStepEnd?.({ scenarioId: scenario.id, step: result });
    if (result.status === 'failed' || result.status === 'errored') stoppedBy = result;
  }
  const status: Status = stoppedBy?.status ?? (ctx.signal?.aborted ? 'errored' : 'passed');
  return {
    ...identity(scenario),
    status,
    ...(stoppedBy ? { reason: reasonOf(stoppedBy) } : ctx.signal?.aborted ? { reason: haltReason(ctx.signal).message } : {}),
    steps,
    timings: { startedAt, durationMs: Math.round((performance.now() - started) * 100) / 100 },
  };
}

/** The result of a scenario that does not run. */
export function skippedScenario(scenario: Scenario, reason: string): ScenarioResult {
  return {
    ...identity(scenario),
    status: 'skipped',
    reason,
    steps: [],
    timings: { startedAt: new Date().toISOString(), durationMs: 0 },
  };
}

/**
 * The result of a scenario the kit stopped the run before (a target that stopped answering, `--max-duration`):
 * errored, its steps skipped, the first carrying the stop's code.
 */
export function haltedScenario(scenario: Scenario, halt: { readonly code: string; readonly message: string }): ScenarioResult {
  return {
    ...identity(scenario),
    status: 'errored',
    reason: `not run: ${halt.message}`,
    steps: scenario.steps.map((step, i) => skippedStep(step, i === 0 ? { code: halt.code, message: `not run: ${halt.message}` } : undefined)),
    timings: { startedAt: new Date().toISOString(), durationMs: 0 },
  };
}

function skippedStep(step: Scenario['steps'][number], error?: { code: string; message: string }): StepResult {
  return {
    name: step.name,
    line: step.position.line,
    action: step.action.kind === 'operation' ? step.action.operation : step.action.kind,
    status: 'skipped',
    assertions: [],
    timings: { startedAt: new Date().toISOString(), durationMs: 0 },
    ...(error ? { error } : {}),
  };
}

/** What a scenario result says about the scenario itself, whatever happened to it. */
function identity(scenario: Scenario): Pick<ScenarioResult, 'id' | 'suite' | 'title' | 'file' | 'line' | 'rules' | 'tags'> {
  return {
    id: scenario.id,
    suite: scenario.suite,
    title: scenario.title,
    file: scenario.position.file,
    line: scenario.position.line,
    rules: scenarioRules(scenario),
    tags: scenario.tags,
  };
}

function reasonOf(step: StepResult): string {
  const prefix = `step "${step.name}" (line ${step.line})`;
  if (step.error && step.status === 'errored') return `${prefix}: ${step.error.message}`;
  const failed = step.assertions.find((a) => !a.passed);
  return failed ? `${prefix}: ${failed.message}` : `${prefix} ${step.status}`;
}
