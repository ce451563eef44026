/**
 * One scenario: its steps in order, each templated with the captures of the steps before it. The first failed or
 * errored step ends the scenario (later steps depend on it); the steps after it are reported as skipped.
 */
import { randomUUID } from 'node:crypto';
import { SettlekitError } from '../../lib/errors.ts';
import type { Redactor } from '../../lib/redact.ts';
import type { Project } from '../load/load-project.ts';
import type { Reporter } from '../model/events.ts';
import type { ScenarioResult, Status, StepResult } from '../model/report.ts';
import type { Scenario, Suite } from '../model/scenario.ts';
import { scenarioRules } from '../plan/plan.ts';
import type { OpenApiIndex } from '../spec/openapi-index.ts';
import type { OriginPolicy } from '../target/origin-policy.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import type { HttpClient } from './http-client.ts';
import { haltReason } from './run-guard.ts';
import { isoNow } from './now.ts';
import { runStep, type StepContext } from './run-step.ts';
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

/** What a {@link ScenarioContext} takes from the run besides the project and the target. */
export interface ScenarioRunParts {
  /** `{{run.id}}`. */
  readonly runId: string;
  readonly http: HttpClient;
  readonly redactor: Redactor;
  readonly reporter: Reporter;
  readonly signal?: AbortSignal;
}

/**
 * The context a scenario of suite `suiteId` runs in: the suite, its OpenAPI index, its resolved target (base URL,
 * origins, `target.*` and `auth.*`) and `run.id`. The one way `run` and the Pact replays build it.
 *
 * @throws SettlekitError `SETTLEKIT_E_INTERNAL` when the suite is not loaded or its target not resolved.
 */
export function scenarioContextOf(project: Project, target: ResolvedTarget, suiteId: string, parts: ScenarioRunParts): ScenarioContext {
  const suite = project.suites.find((s) => s.id === suiteId);
  const spec = project.specs.get(suiteId);
  const suiteTarget = target.suites.get(suiteId);
  if (!suite || !spec || !suiteTarget) throw new SettlekitError('SETTLEKIT_E_INTERNAL', `suite ${suiteId} is not loaded or not resolved`);
  return {
    suite,
    spec,
    baseUrl: suiteTarget.baseUrl,
    origins: suiteTarget.origins,
    context: { ...suiteTarget.context, run: { id: parts.runId } },
    http: parts.http,
    redactor: parts.redactor,
    reporter: parts.reporter,
    ...(parts.signal ? { signal: parts.signal } : {}),
  };
}

/** Runs a scenario to its end (or to its first failure). Never throws. */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<ScenarioResult> {
  return (await runScenarioSteps(scenario, ctx)).result;
}

/** Options of {@link runScenarioSteps}. */
export interface ScenarioStepsOptions {
  /** The value of `{{scenario.uid}}` (default: a fresh one). */
  readonly uid?: string;
  /** Run only the first `stepCount` steps (default: all): the scenario as it stands before step `stepCount + 1`. */
  readonly stepCount?: number;
}

/** A scenario run and what it leaves behind for the steps after it. */
export interface ScenarioStepsOutcome {
  readonly result: ScenarioResult;
  /** Every value the steps captured, unredacted (for the steps that follow; never for reports). */
  readonly captures: Readonly<Record<string, unknown>>;
  /** The `{{scenario.uid}}` the steps used. */
  readonly uid: string;
}

/**
 * Runs the first steps of a scenario (all by default), in order, to the first failure, and keeps what they captured:
 * the one scenario loop, shared by `run` and by the Pact provider states, which replay a scenario up to the step an
 * interaction stands for. Never throws.
 */
export async function runScenarioSteps(scenario: Scenario, ctx: ScenarioContext, options: ScenarioStepsOptions = {}): Promise<ScenarioStepsOutcome> {
  const startedAt = isoNow();
  const started = performance.now();
  // A value unique to this run of this scenario, for order ids and references: scenarios never share payments.
  const uid = options.uid ?? newScenarioUid();
  const scenarioContext = { ...ctx.context, scenario: { id: scenario.id, uid } };
  const captures: Record<string, unknown> = {};
  const steps: StepResult[] = [];
  let stoppedBy: StepResult | undefined;
  let haltNoted = false;
  // One context for every step: its scope reads `captures`, which each step's captures are added to.
  const stepContext: StepContext = {
    baseUrl: ctx.baseUrl,
    origins: ctx.origins,
    spec: ctx.spec,
    defaults: ctx.suite.defaults,
    // Captures first, then the scenario's vars, then the run's context.
    scope: scopeOf(captures, scenario.vars, scenarioContext),
    http: ctx.http,
    redactor: ctx.redactor,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  for (const step of scenario.steps.slice(0, options.stepCount ?? scenario.steps.length)) {
    if (stoppedBy || ctx.signal?.aborted) {
      // The first step a halt kept from running says why (interrupted, or the kit stopped the run).
      const halt = ctx.signal?.aborted && !stoppedBy && !haltNoted ? haltReason(ctx.signal) : undefined;
      if (halt) haltNoted = true;
      steps.push(skippedStep(step, halt && { code: halt.code, message: `${halt.message} before this step` }));
      continue;
    }
    const { result, captures: captured } = await runStep(step, stepContext);
    Object.assign(captures, captured);
    steps.push(result);
    await ctx.reporter.onStepEnd?.({ scenarioId: scenario.id, step: result });
    if (result.status === 'failed' || result.status === 'errored') stoppedBy = result;
  }
  const status: Status = stoppedBy?.status ?? (ctx.signal?.aborted ? 'errored' : 'passed');
  const result: ScenarioResult = {
    ...scenarioIdentity(scenario),
    status,
    ...(stoppedBy ? { reason: reasonOf(stoppedBy) } : ctx.signal?.aborted ? { reason: haltReason(ctx.signal).message } : {}),
    steps,
    timings: { startedAt, durationMs: Math.round((performance.now() - started) * 100) / 100 },
  };
  return { result, captures, uid };
}

/** A fresh `{{scenario.uid}}`: unique per run of a scenario, safe in references and order ids. */
export function newScenarioUid(): string {
  return `sk${Date.now().toString(36)}${randomUUID().slice(0, 8)}`;
}

/** The result of a scenario that does not run. */
export function skippedScenario(scenario: Scenario, reason: string): ScenarioResult {
  return {
    ...scenarioIdentity(scenario),
    status: 'skipped',
    reason,
    steps: [],
    timings: { startedAt: isoNow(), durationMs: 0 },
  };
}

/**
 * The result of a scenario the kit stopped the run before (a target that stopped answering, `--max-duration`):
 * errored, its steps skipped, the first carrying the stop's code.
 */
export function haltedScenario(scenario: Scenario, halt: { readonly code: string; readonly message: string }): ScenarioResult {
  return {
    ...scenarioIdentity(scenario),
    status: 'errored',
    reason: `not run: ${halt.message}`,
    steps: scenario.steps.map((step, i) => skippedStep(step, i === 0 ? { code: halt.code, message: `not run: ${halt.message}` } : undefined)),
    timings: { startedAt: isoNow(), durationMs: 0 },
  };
}

function skippedStep(step: Scenario['steps'][number], error?: { code: string; message: string }): StepResult {
  return {
    name: step.name,
    line: step.position.line,
    action: step.action.kind === 'operation' ? step.action.operation : step.action.kind,
    status: 'skipped',
    assertions: [],
    timings: { startedAt: isoNow(), durationMs: 0 },
    ...(error ? { error } : {}),
  };
}

/** What a scenario result says about the scenario itself, whatever happened to it. */
export function scenarioIdentity(scenario: Scenario): Pick<ScenarioResult, 'id' | 'suite' | 'title' | 'file' | 'line' | 'rules' | 'tags'> {
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

/** Why a failed or errored step stopped its scenario, in one line: `step "name" (line n): first failure`. */
export function reasonOf(step: StepResult): string {
  const prefix = `step "${step.name}" (line ${step.line})`;
  if (step.error && step.status === 'errored') return `${prefix}: ${step.error.message}`;
  const failed = step.assertions.find((a) => !a.passed);
  return failed ? `${prefix}: ${failed.message}` : `${prefix} ${step.status}`;
}
