/**
 * `settlekit pact export`: every suite as a Pact V4 file, written by Pact's own core. The scenarios are planned with
 * the filters of `run` and played once against the embedded reference simulator — the reference run — so each
 * interaction's examples are a real, consistent exchange (ids, links, amounts) that meets the scenario's expectations,
 * and the same in every export (each scenario on a simulator of its own, seeded with its id: reference-run.ts).
 * Each step that sends one request becomes one interaction through Pact's V4 consumer DSL; each is first tried alone
 * on a mock server of its own (a step Pact refuses is left out with Pact's message), then every interaction of a suite
 * is exercised on one mock server, and Pact writes the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { SettlekitError } from '../../lib/errors.ts';
import { checkExchangeBounds } from '../execute/bounds.ts';
import { HttpClient } from '../execute/http-client.ts';
import { forEachPlanned } from '../execute/run.ts';
import { loadProject, type Project } from '../load/load-project.ts';
import type { TargetProfile } from '../model/profile.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { checkFilters, planScenarios, type PlanFilters, type PlannedScenario } from '../plan/plan.ts';
import { openTarget } from '../target/open-target.ts';
import { mergeProfile } from '../target/profile.ts';
import type { EncodingNote } from './expectations.ts';
import { addInteraction, encodeStep, sendExamples, type InteractionSpec, type LeftOutStep } from './interaction.ts';
import { defaultConsumer, defaultProvider, pactFileName, PARTICIPANT_NAME, participantName } from './naming.ts';
import { DEFAULT_PACT_LOG_LEVEL, loadPact, type Pact, type PactLogLevel } from './pact-runtime.ts';
import { REFERENCE_RUN_ID, referenceSimulatorOptions, referenceUid, withExampleOrigin } from './reference-run.ts';
import { KEEP_EVERYTHING, replay } from './replay.ts';
import { compareText } from '../../lib/text-order.ts';

/** Options of {@link exportPacts}. */
export interface ExportOptions extends PlanFilters {
  /** Folder of suites (default: the bundled scenarios). */
  readonly scenariosDir?: string;
  /** Folder the pact files are written to (default `pacts`). */
  readonly outputDir?: string;
  /** Consumer name (`{suite}` is replaced by the suite id); default `settlekit-<suite>`. */
  readonly consumer?: string;
  /** Provider name (`{suite}` is replaced by the suite id); default `<suite>`. */
  readonly provider?: string;
  /** Pact's log level (default `error`). */
  readonly pactLogLevel?: PactLogLevel;
  /** Per-request deadline of the reference run, in ms (default 10000). */
  readonly timeoutMs?: number;
}

/** How often a kind of note occurred in a suite, with where. */
export interface NoteTally {
  readonly kind: EncodingNote['kind'];
  readonly expectation: string;
  readonly pact: string;
  readonly count: number;
  /** `<interaction description>: <where>` of each occurrence. */
  readonly occurrences: readonly string[];
}

/** What the export did for one suite. */
export interface SuiteExport {
  readonly suite: string;
  readonly consumer: string;
  readonly provider: string;
  /** The pact file written, or undefined when no step became an interaction. */
  readonly file?: string;
  /** Steps of the planned scenarios. */
  readonly steps: number;
  readonly interactions: number;
  readonly leftOut: readonly LeftOutStep[];
  readonly notes: readonly NoteTally[];
}

/** The outcome of an export. */
export interface ExportOutcome {
  readonly suites: readonly SuiteExport[];
  readonly outputDir: string;
  readonly durationMs: number;
  /** 0, or 1 when a step could not be exported because it failed in the reference run or Pact refused it. */
  readonly exitCode: number;
}

/** Exports the planned scenarios of every suite as Pact V4 files. Load and usage problems throw (exit code 2). */
export async function exportPacts(options: ExportOptions = {}): Promise<ExportOutcome> {
  const started = performance.now();
  checkExchangeBounds(options);
  const project = await loadProject(options.scenariosDir ?? BUNDLED_SCENARIOS_DIR);
  checkFilters(project, options);
  // The reference run is the simulator with its defaults: every capability it has.
  const profile = mergeProfile(undefined);
  const plan = planScenarios(project.suites, options, new Set(profile.capabilities ?? []));
  if (plan.length === 0) throw new SettlekitError('SETTLEKIT_E_NO_SCENARIOS', 'no scenario matches the filters');
  const suiteIds = [...new Set(plan.map((p) => p.suite.id))];
  const names = participantNames(suiteIds, options);
  const outputDir = resolve(options.outputDir ?? 'pacts');
  // Pact is loaded before the simulator is started: a library that cannot load (its native core missing) fails
  // the export with nothing left running.
  const pact = await loadPact();

  const http = new HttpClient({ timeoutMs: options.timeoutMs ?? 10_000, maxBodyBytes: 1024 * 1024, connections: 8 });
  const encoded = new Map<string, { interactions: InteractionSpec[]; leftOut: LeftOutStep[]; steps: number }>(suiteIds.map((id) => [id, { interactions: [], leftOut: [], steps: 0 }]));
  try {
    const reference: ReferenceRun = { project, profile, suiteIds, http };
    const perScenario: { interactions: InteractionSpec[]; leftOut: LeftOutStep[] }[] = new Array(plan.length);
    // Every scenario has a simulator of its own (reference-run.ts), so playing four at a time changes no example.
    await forEachPlanned(plan, 4, async (index) => {
      perScenario[index] = await encodeScenario(plan[index]!, reference, pact);
    });
    plan.forEach((planned, i) => {
      const bucket = encoded.get(planned.suite.id)!;
      bucket.steps += planned.scenario.steps.length;
      bucket.interactions.push(...perScenario[i]!.interactions);
      bucket.leftOut.push(...perScenario[i]!.leftOut);
    });
  } finally {
    await http.close().catch(() => undefined);
  }

  const logLevel = options.pactLogLevel ?? DEFAULT_PACT_LOG_LEVEL;
  const suites: SuiteExport[] = [];
  const scratch = await mkdtemp(join(tmpdir(), 'settlekit-pact-'));
  try {
    for (const suite of suiteIds) {
      const { interactions, leftOut, steps } = encoded.get(suite)!;
      const { consumer, provider } = names.get(suite)!;
      const accepted: InteractionSpec[] = [];
      for (const [i, spec] of interactions.entries()) {
        const refusal = await tryAlone(pact, spec, scratch, `${suite}-${i}`, logLevel);
        if (refusal === undefined) accepted.push(spec);
        else leftOut.push({ scenarioId: spec.scenarioId, stepNumber: spec.stepNumber, stepName: spec.state.params.stepName, category: 'pact', reason: refusal });
      }
      const file = join(outputDir, pactFileName(consumer, provider));
      // Pact merges into an existing file: a fresh export starts from none.
      await rm(file, { force: true });
      if (accepted.length > 0) await writePact(pact, { consumer, provider, dir: outputDir, logLevel }, accepted);
      suites.push({
        suite,
        consumer,
        provider,
        ...(accepted.length > 0 ? { file } : {}),
        steps,
        interactions: accepted.length,
        leftOut: sortSteps(leftOut),
        notes: tallyNotes(accepted),
      });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const incomplete = suites.some((s) => s.leftOut.some((l) => l.category === 'reference run' || l.category === 'pact'));
  return { suites, outputDir, durationMs: Math.round(performance.now() - started), exitCode: incomplete ? 1 : 0 };
}

/** Consumer and provider names per suite, checked: safe in a file name, and one file per suite. */
function participantNames(suiteIds: readonly string[], options: ExportOptions): Map<string, { consumer: string; provider: string }> {
  const names = new Map<string, { consumer: string; provider: string }>();
  const files = new Map<string, string>();
  for (const suite of suiteIds) {
    const consumer = participantName(options.consumer, suite, defaultConsumer);
    const provider = participantName(options.provider, suite, defaultProvider);
    for (const [role, name] of [['--consumer', consumer], ['--provider', provider]] as const) {
      if (!PARTICIPANT_NAME.test(name)) {
        throw new SettlekitError('SETTLEKIT_E_USAGE', `${role} "${name}" is not a valid Pact participant name`, { hint: 'Use letters, digits, ".", "_" and "-" (and {suite} for the suite id).' });
      }
    }
    const file = pactFileName(consumer, provider);
    const other = files.get(file);
    if (other !== undefined) {
      throw new SettlekitError('SETTLEKIT_E_USAGE', `the suites ${other} and ${suite} would both be written to ${file}`, { hint: 'Put {suite} in --consumer or --provider, or export one suite at a time (--suite).' });
    }
    files.set(file, suite);
    names.set(suite, { consumer, provider });
  }
  return names;
}

/** What the reference run of every scenario shares. */
interface ReferenceRun {
  readonly project: Project;
  readonly profile: TargetProfile;
  readonly suiteIds: readonly string[];
  readonly http: HttpClient;
}

/**
 * Plays a scenario once on a simulator of its own, seeded with the scenario's id, and encodes each of its steps. A
 * simulator per scenario, rather than one shared by all: the ids a shared one draws, and the time its clock shows,
 * would depend on which scenarios ran before and how their requests interleaved (a machine's timing), and on the
 * filters; a scenario's examples depend on nothing but the scenario.
 */
async function encodeScenario(planned: PlannedScenario, reference: ReferenceRun, pact: Pact): Promise<{ interactions: InteractionSpec[]; leftOut: LeftOutStep[] }> {
  const { scenario, suite } = planned;
  const interactions: InteractionSpec[] = [];
  const leftOut: LeftOutStep[] = [];
  if (planned.skipReason) {
    for (const [i, step] of scenario.steps.entries()) {
      leftOut.push({ scenarioId: scenario.id, stepNumber: i + 1, stepName: step.name, category: 'skipped', reason: `the scenario does not run against the simulator: ${planned.skipReason}` });
    }
    return { interactions, leftOut };
  }
  const { project } = reference;
  const opened = await openTarget(reference.profile, { suiteIds: reference.suiteIds, simulator: referenceSimulatorOptions(scenario.id) });
  let played: Awaited<ReturnType<typeof replay>>;
  try {
    played = await replay(scenario, { project, target: opened.target, http: reference.http, redactor: KEEP_EVERYTHING, runId: REFERENCE_RUN_ID, uid: referenceUid(scenario.id) });
  } finally {
    await opened.close();
  }
  // The simulator's port is this export's alone: its answers, captures and scope are encoded as if it answered at
  // the fixed example origin.
  const { outcome, scope, baseUrl } = withExampleOrigin(played, new URL(played.baseUrl).origin);
  const spec = project.specs.get(suite.id)!;
  // Positions are relative to the working directory; a pact names the file as the kit lays it out.
  const source = relative(dirname(project.root), resolve(scenario.position.file));
  let captures: Record<string, unknown> = {};
  for (const stepIndex of scenario.steps.keys()) {
    const result = outcome.result.steps[stepIndex];
    const encoded = encodeStep({ scenario, suite, spec, stepIndex, ...(result && result.status !== 'skipped' ? { result } : {}), scope: { ...scope, captures }, baseUrl, source }, pact);
    if (encoded.ok) interactions.push(encoded.interaction);
    else leftOut.push(encoded.leftOut);
    captures = { ...captures, ...(result?.captures ?? {}) };
  }
  return { interactions, leftOut };
}

/**
 * Exercises one interaction alone on a mock server of its own, in a scratch folder: `undefined` when Pact takes it,
 * else Pact's reason. (Pact's mock server records a match just after answering; a miss is retried.)
 */
async function tryAlone(pact: Pact, spec: InteractionSpec, dir: string, name: string, logLevel: PactLogLevel): Promise<string | undefined> {
  let reason: string | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const scratch = new pact.PactV4({ consumer: `try-${name}`, provider: 'settlekit', dir, logLevel });
    try {
      await addInteraction(scratch.addInteraction(), spec).executeTest((mockServer) => sendExamples(mockServer.url, [spec.example], 0));
      return undefined;
    } catch (error) {
      reason = oneParagraph((error as Error).message);
      if (!/expected but not received/.test(reason)) return reason;
    }
  }
  return reason;
}

/**
 * Interactions per mock server when a suite's pact is written. Pact's mock server compares each request with every
 * interaction of its pact, and Pact merges each write into the file: small batches keep both costs low.
 */
const BATCH = 4;

/** Writes a suite's pact: the interactions in batches, each on a Pact handle and mock server of its own; Pact merges
 * every batch into the file. */
async function writePact(pact: Pact, options: { consumer: string; provider: string; dir: string; logLevel: PactLogLevel }, interactions: readonly InteractionSpec[]): Promise<void> {
  for (let start = 0; start < interactions.length; start += BATCH) {
    const batch = interactions.slice(start, start + BATCH);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const pactV4 = new pact.PactV4(options);
      let last: ReturnType<typeof addInteraction> | undefined;
      for (const spec of batch) last = addInteraction(pactV4.addInteraction(), spec);
      try {
        await last!.executeTest((mockServer) => sendExamples(mockServer.url, batch.map((i) => i.example), 5));
        lastError = undefined;
        break;
      } catch (error) {
        lastError = error;
      }
    }
    if (lastError !== undefined) {
      throw new SettlekitError('SETTLEKIT_E_INTERNAL', `Pact did not write the pact of ${options.consumer} and ${options.provider}: ${oneParagraph((lastError as Error).message)}`);
    }
  }
}

function oneParagraph(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, 600);
}

function sortSteps(steps: LeftOutStep[]): LeftOutStep[] {
  return steps.sort((a, b) => compareText(a.scenarioId, b.scenarioId) || a.stepNumber - b.stepNumber);
}

/** Groups the notes of a suite's interactions by what they say. */
function tallyNotes(interactions: readonly InteractionSpec[]): NoteTally[] {
  const tallies = new Map<string, { kind: EncodingNote['kind']; expectation: string; pact: string; occurrences: string[] }>();
  for (const interaction of interactions) {
    for (const note of interaction.notes) {
      const expectation = noteFamily(note.expectation);
      const key = `${note.kind}\u0000${expectation}\u0000${note.pact}`;
      const tally = tallies.get(key) ?? { kind: note.kind, expectation, pact: note.pact, occurrences: [] };
      tally.occurrences.push(`${interaction.description}: ${note.where}`);
      tallies.set(key, tally);
    }
  }
  return [...tallies.values()].map((t) => ({ ...t, count: t.occurrences.length })).sort((a, b) => b.count - a.count || compareText(a.expectation, b.expectation));
}

/** `$exists: false` stays as it is; other matchers group by operator (`$ne: "x"` → `$ne`). */
function noteFamily(expectation: string): string {
  const match = /^(\$[a-zA-Z]+): (.*)$/.exec(expectation);
  if (!match) return expectation.replace(/\(.*\)$/, '').trim();
  return match[1] === '$exists' ? expectation : match[1]!;
}
