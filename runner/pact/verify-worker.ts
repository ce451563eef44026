/**
 * The verification itself, run in a child process of `settlekit pact verify` (see verify.ts): Pact's Rust core prints
 * its own verification log to the process's standard output, which the parent captures into a log file instead of
 * mixing it with settlekit's console report. Here Pact JS's `Verifier` checks the target against each pact file while
 * settlekit serves the provider states (state-setup.ts) and the credentials (request-filter.ts); each scenario's
 * result goes to the parent as soon as its pact file is verified.
 */
import { basename } from 'node:path';
import { SettlekitError, SettlekitErrorList, type ErrorCode, type ErrorPosition } from '../../lib/errors.ts';
import { createRedactor, type Redactor } from '../../lib/redact.ts';
import { toCurl } from '../execute/curl.ts';
import { reasonOf, scenarioIdentity } from '../execute/run-scenario.ts';
import { loadProject, type Project } from '../load/load-project.ts';
import type { TargetProfile } from '../model/profile.ts';
import type { RunReport, ScenarioResult, Status, StepResult } from '../model/report.ts';
import type { Scenario, Suite } from '../model/scenario.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { loadRunProfile } from '../target/profile.ts';
import { checkTargetUrl, openTarget } from '../target/open-target.ts';
import { readState, stepTag, type SettlekitStateParams } from './naming.ts';
import { readPactFiles, type PactFile, type PactInteraction } from './pact-file.ts';
import { loadPact, type PactLogLevel } from './pact-runtime.ts';
import { createRequestFilter, type FilteredExchange } from './request-filter.ts';
import { stateHandlersOf } from './state-handlers.ts';
import { PactSession, type StateOutcome } from './state-setup.ts';
import { mismatchAssertions, parseVerifierOutput, verdicts, type InteractionVerdict } from './verifier-output.ts';

/** What the worker needs: the serialisable part of the verification's options. */
export interface WorkerOptions {
  readonly pacts: readonly string[];
  readonly target?: string;
  readonly profile?: string;
  readonly profileObject?: TargetProfile;
  readonly scenariosDir?: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly pactLogLevel: PactLogLevel;
}

/** An error as it crosses the process boundary. */
export interface ErrorMessage {
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly position?: ErrorPosition;
}

/** From the parent to the worker. */
export type ToWorker = { readonly type: 'start'; readonly options: WorkerOptions } | { readonly type: 'abort' };

/** From the worker to the parent, in this order: `started`, `scenario`…, `done` — or `failed` at any point. */
export type FromWorker =
  | {
      readonly type: 'started';
      readonly target: RunReport['target'];
      readonly startedAt: string;
      readonly suites: readonly string[];
      /** The suites verified, with their rule catalogues (for the report's roll-up). */
      readonly catalogues: readonly Pick<Suite, 'id' | 'title' | 'rules'>[];
      readonly scenarioCount: number;
      readonly inputErrors: readonly ErrorMessage[];
      /** The profile's credentials, for the parent to mask them in Pact's log. */
      readonly secrets: readonly string[];
    }
  | { readonly type: 'scenario'; readonly scenario: ScenarioResult }
  | { readonly type: 'done'; readonly interrupted: boolean }
  | { readonly type: 'failed'; readonly errors: readonly ErrorMessage[] };

/** One interaction of a pact file, as settlekit reads it. */
interface ReadInteraction {
  readonly interaction: PactInteraction;
  /** Its settlekit state, or why it has none. */
  readonly state: { readonly ok: true; readonly params: SettlekitStateParams; readonly name: string } | { readonly ok: false; readonly reason: string };
}

/**
 * The worker's entry (`settlekit __pact-verify-worker`, started by verify.ts with an IPC channel): waits for the
 * options, verifies, and reports each step of the way; an abort from the parent stops after the current pact file.
 */
export async function runPactVerifyWorker(): Promise<void> {
  const send = (message: FromWorker): Promise<void> => new Promise((resolve) => (process.send ? process.send(message, undefined, {}, () => resolve()) : resolve()));
  const controller = new AbortController();
  // A terminal's Ctrl-C reaches the whole process group: the worker finishes the pact file it is on and reports
  // what ran, as the parent does.
  process.on('SIGINT', () => controller.abort());
  process.on('SIGTERM', () => controller.abort());
  const options = await new Promise<WorkerOptions>((resolve) => {
    process.on('message', (message: ToWorker) => {
      if (message.type === 'start') resolve(message.options);
      else controller.abort();
    });
  });
  try {
    await verifyInProcess(options, controller.signal, send);
  } catch (error) {
    await send({ type: 'failed', errors: errorMessages(error) });
  }
  process.disconnect?.();
  // Nothing of settlekit's is left running; a handle Pact's core keeps must not keep the process alive.
  setTimeout(() => process.exit(0), 1_000).unref();
}

/** Errors as messages (a list of them, or one). */
export function errorMessages(error: unknown): ErrorMessage[] {
  const errors = error instanceof SettlekitErrorList ? error.errors : [error instanceof SettlekitError ? error : new SettlekitError('SETTLEKIT_E_INTERNAL', (error as Error)?.stack ?? String(error))];
  return errors.map((e) => ({ code: e.code, message: e.message, hint: e.hint, ...(e.position ? { position: e.position } : {}) }));
}

/**
 * Verifies the target against pact files, in this process. Usage, load and profile problems throw before any
 * request; a pact file that is not Pact V4 JSON is reported in `started.inputErrors` and the others are still
 * verified.
 */
export async function verifyInProcess(options: WorkerOptions, signal: AbortSignal, send: (message: FromWorker) => Promise<void>): Promise<void> {
  if (options.target !== undefined) checkTargetUrl(options.target);
  const project = await loadProject(options.scenariosDir ?? BUNDLED_SCENARIOS_DIR);
  const { pacts, errors: inputErrors } = await readPactFiles(options.pacts);
  const profile = await loadRunProfile(options, project.suites);
  const files = pacts.map((pact) => ({ pact, interactions: pact.interactions.map((interaction) => readInteraction(interaction)) }));
  const suiteOfFile = new Map(files.map(({ pact, interactions }) => [pact, fileSuite(interactions, project)]));
  const suiteIds = project.suites.map((s) => s.id).filter((id) => [...suiteOfFile.values()].includes(id));
  const foreignIds = foreignScenarioIds(pacts);
  const opened = await openTarget(profile, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile ? { profilePath: options.profile } : {}),
    suiteIds,
  });
  try {
    const { target } = opened;
    const redactor = createRedactor({ secrets: target.secrets });
    const targetInfo: RunReport['target'] = { url: redactor.url(target.url), embedded: target.embedded, ...(target.profilePath ? { profile: target.profilePath } : {}) };
    const scenarioCount = new Set(files.flatMap(({ interactions }) => interactions.flatMap((i) => (i.state.ok ? [i.state.params.scenarioId] : [])))).size;
    const catalogues = project.suites.filter((s) => suiteIds.includes(s.id)).map(({ id, title, rules }) => ({ id, title, rules }));
    await send({ type: 'started', target: targetInfo, startedAt: new Date().toISOString(), suites: suiteIds, catalogues, scenarioCount, inputErrors: errorMessages(new SettlekitErrorList(inputErrors)), secrets: target.secrets });
    const session = new PactSession({ project, target, redactor, timeoutMs: options.timeoutMs, maxBodyBytes: options.maxBodyBytes, signal });
    for (const { pact, interactions } of files) {
      if (signal.aborted) break;
      const suite = suiteOfFile.get(pact);
      const baseUrl = (suite ? target.suites.get(suite)?.baseUrl : undefined) ?? target.url;
      const verified = await verifyFile(pact, interactions, { session, baseUrl, redactor, logLevel: options.pactLogLevel, timeoutMs: options.timeoutMs });
      for (const scenario of assemble(pact, interactions, verified, project, suite, redactor, foreignIds.get(pact)!)) await send({ type: 'scenario', scenario });
    }
    await send({ type: 'done', interrupted: signal.aborted });
  } finally {
    await opened.close();
  }
}

/**
 * The id of the scenario that reports a file's interactions that are not settlekit's: `pact:<file name>`, or
 * `pact:<path as given>` when another file verified has the same name (Pact names every file
 * `<consumer>-<provider>.json`, so two folders often hold one each) — an id is unique in a report.
 */
function foreignScenarioIds(pacts: readonly PactFile[]): Map<PactFile, string> {
  const named = new Map<string, number>();
  for (const pact of pacts) named.set(basename(pact.file), (named.get(basename(pact.file)) ?? 0) + 1);
  return new Map(pacts.map((pact) => [pact, `pact:${named.get(basename(pact.file))! > 1 ? pact.file : basename(pact.file)}`]));
}

/** Reads the settlekit state of an interaction (exactly one of its provider states must be one). */
function readInteraction(interaction: PactInteraction): ReadInteraction {
  if (interaction.type !== 'Synchronous/HTTP') return { interaction, state: { ok: false, reason: `a ${interaction.type} interaction: settlekit verifies synchronous HTTP interactions` } };
  if (interaction.providerStates.length === 0) return { interaction, state: { ok: false, reason: 'the interaction has no provider state, so it is not one of settlekit\'s' } };
  const readings = interaction.providerStates.map((s) => ({ name: s.name, reading: readState(s.name, s.params) }));
  const settlekit = readings.filter((r) => r.reading.ok);
  if (settlekit.length !== 1) {
    return { interaction, state: { ok: false, reason: settlekit.length === 0 ? readings.map((r) => (r.reading.ok ? '' : r.reading.reason)).join('; ') : 'the interaction has several settlekit provider states' } };
  }
  const [{ name, reading }] = settlekit as [{ name: string; reading: { ok: true; params: SettlekitStateParams } }];
  return { interaction, state: { ok: true, name, params: reading.params } };
}

/** The suite most of a file's settlekit interactions belong to. */
function fileSuite(interactions: readonly ReadInteraction[], project: Project): string | undefined {
  const counts = new Map<string, number>();
  for (const { state } of interactions) {
    if (!state.ok) continue;
    const suite = project.suites.find((s) => s.scenarios.some((sc) => sc.id === state.params.scenarioId))?.id;
    if (suite) counts.set(suite, (counts.get(suite) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Pact's verdicts, the state outcomes and the exchanges of one pact file. */
interface FileVerification {
  readonly verdicts: ReadonlyMap<string, InteractionVerdict>;
  readonly exchanges: ReadonlyMap<string, FilteredExchange>;
  /** The outcome of each provider state set up, by step tag. */
  readonly outcomes: ReadonlyMap<string, StateOutcome>;
  /** Set when Pact's verifier could not run the file at all. */
  readonly failure?: string;
  readonly startedAt: string;
}

/** Runs Pact's verifier on one pact file against `baseUrl`, settlekit serving the states and the credentials. */
async function verifyFile(
  pact: PactFile,
  interactions: readonly ReadInteraction[],
  options: { session: PactSession; baseUrl: string; redactor: Redactor; logLevel: PactLogLevel; timeoutMs: number },
): Promise<FileVerification> {
  const { Verifier } = await loadPact();
  const startedAt = new Date().toISOString();
  options.session.outcomes.clear();
  const exchanges = new Map<string, FilteredExchange>();
  // settlekit's own verification never throws from a state: the outcome is recorded, the request filter holds the
  // request back, and the report names the state and the step that failed.
  const stateHandlers = stateHandlersOf(options.session, [...new Set(interactions.flatMap(({ state }) => (state.ok ? [state.name] : [])))], { throwOnFailure: false });
  const verifier = new Verifier({
    providerBaseUrl: options.baseUrl,
    pactUrls: [pact.file],
    logLevel: options.logLevel,
    stateHandlers,
    requestFilter: createRequestFilter(options.session, { baseUrl: options.baseUrl, redactor: options.redactor, record: (tag, exchange) => exchanges.set(tag, exchange) }),
    // A state replays several steps before Pact's request: Pact's own deadline (per request, state set-ups included)
    // must leave room for them.
    timeout: Math.max(30_000, options.timeoutMs * 12),
  });
  let text: string;
  try {
    text = String(await verifier.verifyProvider());
  } catch (error) {
    text = (error as Error)?.message ?? String(error);
  }
  const output = parseVerifierOutput(text);
  const outcomes = new Map(options.session.outcomes);
  if (!output) return { verdicts: new Map(), exchanges, outcomes, failure: `Pact's verifier did not verify ${pact.file}: ${text.slice(0, 500)}`, startedAt };
  return { verdicts: verdicts(output, interactions.map((i) => i.interaction.description)), exchanges, outcomes, startedAt };
}

/** The scenario results of one pact file: settlekit's scenarios, and the interactions that are not settlekit's. */
function assemble(
  pact: PactFile,
  interactions: readonly ReadInteraction[],
  verified: FileVerification,
  project: Project,
  suite: string | undefined,
  redactor: Redactor,
  foreignId: string,
): ScenarioResult[] {
  const byScenario = new Map<string, { scenario: Scenario; steps: { stepNumber: number; result: StepResult }[] }>();
  const foreign: StepResult[] = [];
  const scenarios = new Map(project.suites.flatMap((s) => s.scenarios.map((sc) => [sc.id, sc] as const)));
  for (const read of interactions) {
    const { interaction, state } = read;
    if (!state.ok) {
      foreign.push(erroredStep(interaction.description, interaction.position.line, 'SETTLEKIT_E_PACT_STATE', state.reason, verified.startedAt));
      continue;
    }
    const scenario = scenarios.get(state.params.scenarioId);
    if (!scenario) {
      foreign.push(erroredStep(interaction.description, interaction.position.line, 'SETTLEKIT_E_PACT_STATE', `the provider state "${state.name}" names the scenario ${state.params.scenarioId}, which is not in this kit's suites`, verified.startedAt));
      continue;
    }
    const entry = byScenario.get(scenario.id) ?? { scenario, steps: [] };
    entry.steps.push({ stepNumber: state.params.stepNumber, result: interactionStep(read, scenario, verified, redactor) });
    byScenario.set(scenario.id, entry);
  }
  const results = [...byScenario.values()].map(({ scenario, steps }) =>
    scenarioResult(
      scenario,
      steps.sort((a, b) => a.stepNumber - b.stepNumber).map((s) => s.result),
    ),
  );
  if (foreign.length > 0) {
    results.push({
      id: foreignId,
      suite: suite ?? 'pact',
      title: `interactions of ${pact.file} that are not settlekit's`,
      file: pact.file,
      line: interactions.find((i) => !i.state.ok)?.interaction.position.line ?? 1,
      rules: [],
      tags: [],
      status: 'errored',
      reason: reasonOf(foreign[0]!),
      steps: foreign,
      timings: { startedAt: verified.startedAt, durationMs: 0 },
    });
  }
  return results;
}

/** The step result of one settlekit interaction. */
function interactionStep(read: ReadInteraction, scenario: Scenario, verified: FileVerification, redactor: Redactor): StepResult {
  const params = (read.state as { params: SettlekitStateParams }).params;
  const step = scenario.steps[params.stepNumber - 1];
  const action = step?.action;
  const operation = action && action.kind !== 'control' ? action.operation : undefined;
  const tag = stepTag(scenario.id, params.stepNumber);
  const exchange = verified.exchanges.get(tag);
  const verdict = verified.verdicts.get(read.interaction.description);
  const outcome = verified.outcomes.get(tag);
  const base = {
    name: step?.name ?? params.stepName,
    line: step?.position.line ?? read.interaction.position.line,
    action: action ? (action.kind === 'operation' ? action.operation : action.kind) : 'request',
    ...(operation ? { operation } : {}),
    ...(exchange ? { request: exchange.request, curl: toCurl(exchange.request), ...(exchange.response ? { response: exchange.response } : {}) } : {}),
    timings: { startedAt: exchange?.startedAt ?? verified.startedAt, durationMs: verdict?.durationMs ?? exchange?.durationMs ?? 0 },
  };
  if (verified.failure !== undefined) return { ...base, status: 'errored', assertions: [], error: { code: 'SETTLEKIT_E_PACT_VERIFIER', message: redactor.text(verified.failure) } };
  if (outcome?.kind === 'skipped') return { ...base, status: 'skipped', assertions: [], error: { code: 'SETTLEKIT_E_PACT_STATE', message: `not verified: ${outcome.message}` } };
  // A state's message is the pact's names and the replay's reason, which the runner redacted already.
  if (outcome?.kind === 'failed') return { ...base, status: 'errored', assertions: [], error: { code: 'SETTLEKIT_E_PACT_STATE', message: outcome.message } };
  if (!verdict) return { ...base, status: 'skipped', assertions: [], error: { code: 'SETTLEKIT_E_PACT_VERIFIER', message: "not verified: Pact's verifier did not run this interaction (filtered out by PACT_DESCRIPTION or PACT_PROVIDER_STATE?)" } };
  switch (verdict.result) {
    case 'passed':
      return { ...base, status: 'passed', assertions: [{ kind: 'body', passed: true, path: '', message: "Pact verified the response: status, headers and body match the pact" }] };
    case 'mismatches':
      return { ...base, status: 'failed', assertions: mismatchAssertions(verdict.mismatches, redactor) };
    case 'error':
      return { ...base, status: 'errored', assertions: [], error: { code: 'SETTLEKIT_E_PACT_VERIFIER', message: redactor.text(`Pact: ${verdict.message}`) } };
  }
}

/** A scenario from its interaction steps: failed if Pact found a mismatch, errored if a state or Pact failed. */
function scenarioResult(scenario: Scenario, steps: StepResult[]): ScenarioResult {
  const statuses = steps.map((s) => s.status);
  const status: Status = statuses.every((s) => s === 'skipped') ? 'skipped' : statuses.includes('failed') ? 'failed' : statuses.includes('errored') ? 'errored' : 'passed';
  const first = steps.find((s) => s.status === 'failed') ?? steps.find((s) => s.status === 'errored');
  const reason = status === 'skipped' ? steps[0]?.error?.message.replace(/^not verified: /, '') : first ? reasonOf(first) : undefined;
  return {
    ...scenarioIdentity(scenario),
    status,
    ...(reason ? { reason } : {}),
    steps,
    timings: { startedAt: steps[0]?.timings.startedAt ?? new Date().toISOString(), durationMs: Math.round(steps.reduce((sum, s) => sum + s.timings.durationMs, 0) * 100) / 100 },
  };
}

function erroredStep(name: string, line: number, code: string, message: string, startedAt: string): StepResult {
  return { name, line, action: 'request', status: 'errored', assertions: [], error: { code, message }, timings: { startedAt, durationMs: 0 } };
}
