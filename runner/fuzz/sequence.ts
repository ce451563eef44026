/**
 * One generated sequence, run step by step against the target and the reference simulator (the oracle) at once. Each
 * command compiles to an ordinary scenario step and goes through the runner's own step executor on both sides, with
 * the suite's defaults and templating and one capture scope per side. The oracle answers first; its answer, normalised
 * by the command model, becomes the expectation the target's step is checked against — the very step the found
 * scenario will hold. The first difference ends the sequence.
 *
 * A step sent several times at once (`repeat`, under `--race`) is sent to the oracle one request after the other: its
 * requests are identical, so every serial order of them is the same order, and the target's set of outcomes must be
 * the one that order gives (`expect.outcomes`, as a race scenario says it).
 */
import type { OriginPolicy } from '../target/origin-policy.ts';
import { randomBytes } from 'node:crypto';
import { SettlekitError } from '../../lib/errors.ts';
import type { Redactor } from '../../lib/redact.ts';
import { extractCapture } from '../execute/capture.ts';
import type { HttpClient } from '../execute/http-client.ts';
import { runStep, type StepContext } from '../execute/run-step.ts';
import { scopeOf } from '../execute/template.ts';
import type { StepResult } from '../model/report.ts';
import type { OutcomeExpectation, Rule, Step, Suite } from '../model/scenario.ts';
import type { OpenApiIndex } from '../spec/openapi-index.ts';
import { differenceOf, rulesFor, OUTCOME } from './aspects.ts';
import type { CommandModel, CompiledCommand, Difference, FuzzCommand, FuzzEnv, Observed } from './model.ts';
import { ANY_STATUS, idNames } from './normalise.ts';

/** One side of the comparison: where it is and what its templates see (`target.*`, `auth.*`). */
export interface Side {
  readonly baseUrl: string;
  /** The origins this side's links may lead to (its own, and those its profile declares). */
  readonly origins: OriginPolicy;
  readonly context: Readonly<Record<string, unknown>>;
  readonly redactor: Redactor;
}

/** Everything a sequence needs. */
export interface SequenceContext {
  readonly model: CommandModel;
  readonly env: FuzzEnv;
  readonly suite: Suite;
  readonly spec: OpenApiIndex;
  /** The suite's rules by id. */
  readonly catalogue: ReadonlyMap<string, Rule>;
  readonly http: HttpClient;
  readonly target: Side;
  /** The reference simulator, emptied before the sequence by the caller. */
  readonly oracle: Side;
  readonly signal?: AbortSignal;
}

/** A step as it ran: the step the found scenario holds (with its expectation and captures), and how it went. */
export interface ExecutedStep {
  readonly step: Step;
  readonly operation: string;
  readonly situation: string;
  /** The rules the step's outcome checks, in its situation. */
  readonly rules: readonly string[];
  readonly requires: readonly string[];
  /** The target's result (redacted), for the report of a difference. */
  readonly target: StepResult;
}

/** Where a sequence's first difference is. */
export interface LocatedDifference extends Difference {
  /** Index in {@link SequenceOutcome.steps}. */
  readonly step: number;
}

/** How a sequence went: the target agreed with the oracle, diverged (MUST/SHOULD), or differed where only INFO rules speak. */
export interface SequenceOutcome {
  readonly verdict: 'agreed' | 'diverged' | 'info';
  readonly steps: readonly ExecutedStep[];
  readonly difference?: LocatedDifference;
  /** Requests sent, to both sides. */
  readonly requests: number;
}

/** The oracle's records are its own: nothing of the user's is in them, so they are kept as received. */
const KEEP: Redactor = { text: (s) => s, headers: (h) => ({ ...h }), url: (u) => u, value: (v) => v };

/** Runs `commands` (then the model's closing checks) on both sides. Throws only when the oracle itself misbehaves. */
export async function runSequence(commands: readonly FuzzCommand[], ctx: SequenceContext): Promise<SequenceOutcome> {
  const steps: ExecutedStep[] = [];
  const counter = { requests: 0 };
  try {
    return await run(commands, ctx, steps, counter);
  } catch (error) {
    // A request cut short by an interrupt is not the oracle's fault: the sequence just ends there.
    if (ctx.signal?.aborted) return { verdict: 'agreed', steps, requests: counter.requests };
    throw error;
  }
}

async function run(commands: readonly FuzzCommand[], ctx: SequenceContext, steps: ExecutedStep[], counter: { requests: number }): Promise<SequenceOutcome> {
  const { model, env } = ctx;
  const state = model.initial(env);
  const sides = {
    oracle: { captures: {} as Record<string, unknown>, context: withScenario(ctx.oracle.context) },
    target: { captures: {} as Record<string, unknown>, context: withScenario(ctx.target.context) },
  };
  const stepContext = (side: 'oracle' | 'target'): StepContext => ({
    baseUrl: ctx[side].baseUrl,
    origins: ctx[side].origins,
    spec: ctx.spec,
    defaults: ctx.suite.defaults,
    scope: scopeOf(sides[side].captures, {}, sides[side].context),
    http: ctx.http,
    redactor: side === 'oracle' ? KEEP : ctx[side].redactor,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const ask = async (step: Step): Promise<Observed> => {
    counter.requests += 1;
    const { result } = await runStep({ ...step, repeat: 1, capture: {}, expect: { status: ANY_STATUS, ...(step.expect.schema === false ? { schema: false } : {}) } }, stepContext('oracle'));
    return observedOf(result, step);
  };
  const probe = async (step: Step): Promise<Observed | undefined> => (ctx.signal?.aborted ? undefined : ask(step));

  const queue = [...commands];
  let closed = false;
  for (let i = 0; ; i++) {
    if (ctx.signal?.aborted) break;
    const command = queue[i];
    if (command === undefined) {
      if (closed) break;
      closed = true;
      queue.push(...model.closing(state, env));
      i -= 1;
      continue;
    }
    const compiled = model.compile(command, state, env);
    if (!compiled) continue;

    if (compiled.step.action.kind === 'control') {
      counter.requests += 1;
      const oracle = await runStep(compiled.step, stepContext('oracle'));
      // The oracle could not do it (e.g. no running authorization to expire): the command means nothing; skip it.
      if (oracle.result.status !== 'passed') continue;
      counter.requests += 1;
      const target = await runStep(compiled.step, stepContext('target'));
      steps.push({ step: compiled.step, operation: compiled.operation, situation: 'control', rules: [], requires: compiled.requires, target: target.result });
      if (target.result.status !== 'passed') {
        const messages = [target.result.error?.message ?? target.result.assertions.find((a) => !a.passed)?.message ?? 'the test control failed'];
        return { verdict: 'info', steps, requests: counter.requests, difference: { step: steps.length - 1, level: 'INFO', rules: [], aspects: ['control'], situation: 'control', messages, uncatalogued: true } };
      }
      continue;
    }

    const repeat = compiled.step.repeat;
    const answers: { observed: Observed; captureExpressions: Record<string, string>; situation: string }[] = [];
    for (let n = 0; n < repeat; n++) {
      const answer = await ask(compiled.step);
      const { expressions, values } = firstCaptures(compiled, answer);
      const observed: Observed = { ...answer, captures: values };
      model.observe(compiled, observed, state);
      Object.assign(sides.oracle.captures, values);
      answers.push({ observed, captureExpressions: expressions, situation: await compiled.situation(observed, probe) });
    }
    const ids = idNames(sides.oracle.captures, sides.oracle.context);
    const expectations = answers.map(({ observed }) => model.expectation(compiled, observed, ids));
    const first = answers[0] as (typeof answers)[number];
    const capture = first.captureExpressions;
    const final: Step =
      repeat > 1
        ? { ...compiled.step, capture: {}, expect: { outcomes: outcomeClasses(expectations) } }
        : { ...compiled.step, capture, expect: { status: (expectations[0] as (typeof expectations)[number]).status, ...bodyOf(expectations[0]) } };
    counter.requests += repeat;
    const target = await runStep(final, stepContext('target'));
    Object.assign(sides.target.captures, target.captures);
    const situation = repeat > 1 ? raceSituation(target.result, expectations, answers.map((a) => a.situation)) : first.situation;
    const rules = rulesFor(model.aspects, compiled.operation, OUTCOME, situation);
    steps.push({ step: { ...final, rules: [...rules] }, operation: compiled.operation, situation, rules, requires: compiled.requires, target: target.result });
    if (ctx.signal?.aborted) break;
    const difference = differenceOf(target.result, model, compiled.operation, situation, ctx.catalogue);
    if (difference) return { verdict: difference.level === 'INFO' ? 'info' : 'diverged', steps, requests: counter.requests, difference: { ...difference, step: steps.length - 1 } };
  }
  return { verdict: 'agreed', steps, requests: counter.requests };
}

/** Each side gets its own `scenario.uid`, as each run of a scenario does. */
function withScenario(context: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...context, run: { id: 'fuzz' }, scenario: { id: 'fuzz', uid: `fz${randomBytes(6).toString('hex')}` } };
}

/** The oracle's answer, decoded, with every capture candidate it has. */
function observedOf(result: StepResult, step: Step): Observed {
  const response = result.response;
  if (result.status === 'errored' || !response) {
    throw new SettlekitError('SETTLEKIT_E_INTERNAL', `the reference simulator did not answer "${step.name}": ${result.error?.message ?? 'no response'}`);
  }
  const schema = result.assertions.find((a) => a.kind === 'schema' && !a.passed);
  if (schema) throw new SettlekitError('SETTLEKIT_E_INTERNAL', `the reference simulator's answer to "${step.name}" does not match the OpenAPI document: ${schema.message}`);
  return { status: response.status, headers: response.headers, body: response.decoded, captures: {} };
}

/**
 * For each capture name, the first of its candidate expressions the oracle's answer has, and the value it captures
 * there (each candidate evaluated once): the values are what the model reads in `observe`, the expressions what the
 * found scenario's step captures.
 */
function firstCaptures(compiled: CompiledCommand, observed: Observed): { readonly expressions: Record<string, string>; readonly values: Record<string, unknown> } {
  const expressions: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [name, candidates] of Object.entries(compiled.captures)) {
    for (const expression of candidates) {
      const found = extractCapture(expression, observed);
      if (!found.found) continue;
      expressions[name] = expression;
      values[name] = found.value;
      break;
    }
  }
  return { expressions, values };
}

function bodyOf(expectation: { readonly body?: unknown } | undefined): { body?: unknown } {
  return expectation?.body === undefined ? {} : { body: expectation.body };
}

/** The oracle's answers to a race, grouped into outcome classes with counts. */
function outcomeClasses(expectations: readonly { readonly status: number; readonly body?: unknown }[]): OutcomeExpectation[] {
  const classes = new Map<string, { status: number; body?: unknown; count: number }>();
  for (const e of expectations) {
    const key = JSON.stringify([e.status, e.body]);
    const known = classes.get(key);
    if (known) known.count += 1;
    else classes.set(key, { status: e.status, ...bodyOf(e), count: 1 });
  }
  return [...classes.values()];
}

/**
 * The situation a race's difference is in: that of the first oracle outcome the target has too few of (the refusal a
 * check-then-act race loses), else of the first it has too many of.
 */
function raceSituation(result: StepResult, expectations: readonly { readonly status: number }[], situations: readonly string[]): string {
  const got = new Map<number, number>();
  for (const exchange of result.exchanges ?? []) if (exchange.response) got.set(exchange.response.status, (got.get(exchange.response.status) ?? 0) + 1);
  const wanted = new Map<number, number>();
  for (const e of expectations) wanted.set(e.status, (wanted.get(e.status) ?? 0) + 1);
  const fewer = expectations.findIndex((e) => (got.get(e.status) ?? 0) < (wanted.get(e.status) ?? 0));
  const index = fewer !== -1 ? fewer : expectations.findIndex((e) => wanted.get(e.status) !== got.get(e.status));
  return situations[index === -1 ? 0 : index] ?? 'race';
}
