/**
 * `settlekit fuzz` as a function: resolve the target exactly as `settlekit run` does (profile, credentials, the
 * embedded simulator when no target is given, reachability), start an unmutated reference simulator as the oracle,
 * search each suite with its command model, write each shrunk divergence as a scenario, and write
 * `fuzz-report.json`. Events let a console (or a test) follow the run.
 */
import { randomInt } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { createRedactor } from '../../lib/redact.ts';
import { writeFileAtomic } from '../../reports/output-file.ts';
import { MAX_TIMEOUT_MS, wholeInRange } from '../execute/bounds.ts';
import { HttpClient } from '../execute/http-client.ts';
import { loadProject } from '../load/load-project.ts';
import type { TargetProfile } from '../model/profile.ts';
import type { Rule } from '../model/scenario.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_VERSION } from '../paths.ts';
import { checkTargetUrl, openTarget } from '../target/open-target.ts';
import { DEFAULT_PROFILE, loadRunProfile, resolveTarget } from '../target/profile.ts';
import { writeFoundScenario, type WrittenScenario } from './found-scenario.ts';
import type { FuzzEnv } from './model.ts';
import { COMMAND_MODELS } from './models/index.ts';
import { searchSuite, type SearchProgress, type SearchResult } from './search.ts';
import type { LocatedDifference, SequenceOutcome } from './sequence.ts';

/** Options of {@link runFuzz}; every one has a default. */
export interface FuzzOptions {
  /** Base URL of the implementation; default: the profile's `target`, else the embedded reference simulator. */
  readonly target?: string;
  /** Path of a target profile (YAML or JSON). */
  readonly profile?: string;
  /** A profile object, instead of a file. */
  readonly profileObject?: TargetProfile;
  /** Suites to fuzz (default: every suite with a command model). */
  readonly suites?: readonly string[];
  /** Sequences per suite (default 100). */
  readonly runs?: number;
  /** Most commands per sequence (default 10). */
  readonly maxSteps?: number;
  /** The seed (default: a random one, always reported). */
  readonly seed?: number;
  /** Folder for the found scenarios and fuzz-report.json (default `settlekit-fuzz`). */
  readonly outputDir?: string;
  /** Send some steps several times at once. */
  readonly race?: boolean;
  /** Per-request deadline in ms (default 10000). */
  readonly timeoutMs?: number;
  /** Most sequences run while shrinking one divergence (default 500). */
  readonly maxShrinks?: number;
  /** Aborting it stops the run after the sequence in flight. */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the run's events as they happen. */
  readonly onEvent?: (event: FuzzEvent) => void;
}

/** The defaults of {@link FuzzOptions}. */
export const FUZZ_DEFAULTS = { runs: 100, maxSteps: 10, outputDir: 'settlekit-fuzz', timeoutMs: 10_000, maxShrinks: 500 } as const;

/** What happened to one suite. */
export interface SuiteFuzzResult extends SearchResult {
  readonly suite: string;
  /** The found scenario, when the suite diverged. */
  readonly written?: WrittenScenario;
}

/** The outcome of a fuzz run. */
export interface FuzzOutcome {
  readonly seed: number;
  /** The command that runs the same search again. */
  readonly command: string;
  /** The command that runs the found scenarios against the same target. */
  readonly replay: string;
  readonly suites: readonly SuiteFuzzResult[];
  /** Every file written: found scenarios, their suite.yaml, fuzz-report.json. */
  readonly files: readonly string[];
  readonly reportFile: string;
  /** 0 no divergence, 1 a divergence, 130 interrupted. */
  readonly exitCode: 0 | 1 | 130;
  readonly durationMs: number;
  /** The suites' rules by id (to name levels and titles). */
  readonly rules: ReadonlyMap<string, Rule>;
}

/** The events of a fuzz run, in order. */
export type FuzzEvent =
  | { readonly type: 'start'; readonly seed: number; readonly command: string; readonly suites: readonly string[]; readonly target: string; readonly embedded: boolean; readonly runs: number; readonly maxSteps: number; readonly race: boolean }
  | { readonly type: 'progress'; readonly suite: string; readonly progress: SearchProgress }
  | { readonly type: 'divergence'; readonly suite: string; readonly run: number; readonly step: string; readonly difference: LocatedDifference }
  | { readonly type: 'suite-end'; readonly result: SuiteFuzzResult }
  | { readonly type: 'end'; readonly outcome: FuzzOutcome };

/** Runs the fuzzer. Usage, profile and reachability problems throw a {@link SettlekitError} (exit code 2). */
export async function runFuzz(options: FuzzOptions = {}): Promise<FuzzOutcome> {
  const started = performance.now();
  const runs = wholeInRange('--runs', options.runs ?? FUZZ_DEFAULTS.runs, 1, 10_000_000);
  const maxSteps = wholeInRange('--max-steps', options.maxSteps ?? FUZZ_DEFAULTS.maxSteps, 1, 1000);
  const maxShrinks = wholeInRange('--max-shrinks', options.maxShrinks ?? FUZZ_DEFAULTS.maxShrinks, 0, 1_000_000);
  const timeoutMs = wholeInRange('--timeout', options.timeoutMs ?? FUZZ_DEFAULTS.timeoutMs, 1, MAX_TIMEOUT_MS);
  const seed = options.seed ?? randomInt(0, 2 ** 31);
  wholeInRange('--seed', seed, 0, 2 ** 32 - 1);
  if (options.target !== undefined) checkTargetUrl(options.target);
  const project = await loadProject(BUNDLED_SCENARIOS_DIR);
  const suiteIds = selectSuites(options.suites, project.suites.map((s) => s.id));
  const profile = await loadRunProfile(options, project.suites);
  const outputDir = resolve(options.outputDir ?? FUZZ_DEFAULTS.outputDir);
  const env: FuzzEnv = { capabilities: new Set(profile.capabilities ?? []), race: options.race ?? false };

  const opened = await openTarget(profile, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile ? { profilePath: options.profile } : {}),
    suiteIds,
    ...(options.env ? { env: options.env } : {}),
  });
  const { createSimulator } = await import('../../simulator/index.ts');
  const oracle = createSimulator();
  const http = new HttpClient({ timeoutMs, maxBodyBytes: 1024 * 1024, connections: 16 });
  try {
    // Once the target answers (an unreachable one leaves no folder behind), before the search.
    await checkWritable(outputDir);
    const oracleUrl = await oracle.listen(0, '127.0.0.1');
    const oracleTarget = resolveTarget(DEFAULT_PROFILE, { targetUrl: oracleUrl, embedded: true, suiteIds });
    const { target } = opened;
    const redactor = createRedactor({ secrets: target.secrets });
    const shownTarget = redactor.url(target.url);
    const targetArgs = `${target.embedded ? '' : ` --target ${shownTarget}`}${options.profile ? ` --profile ${options.profile}` : ''}`;
    const replay = `settlekit run --scenarios ${shownPath(outputDir)}${targetArgs}`;
    const command = (suites: readonly string[]): string =>
      `settlekit fuzz ${suites.map((s) => `--suite ${s}`).join(' ')} --seed ${seed} --runs ${runs} --max-steps ${maxSteps}${env.race ? ' --race' : ''}${targetArgs}`;
    options.onEvent?.({ type: 'start', seed, command: command(suiteIds), suites: suiteIds, target: shownTarget, embedded: target.embedded, runs, maxSteps, race: env.race });

    const rules = new Map<string, Rule>();
    const results: SuiteFuzzResult[] = [];
    const files: string[] = [];
    for (const suiteId of suiteIds) {
      if (options.signal?.aborted) break;
      const suite = project.suites.find((s) => s.id === suiteId);
      const spec = project.specs.get(suiteId);
      const model = COMMAND_MODELS[suiteId];
      const side = target.suites.get(suiteId);
      const oracleSide = oracleTarget.suites.get(suiteId);
      if (!suite || !spec || !model || !side || !oracleSide) throw new SettlekitError('SETTLEKIT_E_INTERNAL', `suite ${suiteId} was selected but not resolved`);
      for (const rule of suite.rules) rules.set(rule.id, rule);
      const searched = await searchSuite(
        {
          model,
          env,
          suite,
          spec,
          catalogue: new Map(suite.rules.map((rule) => [rule.id, rule])),
          http,
          target: { ...side, redactor },
          oracle: { ...oracleSide, redactor },
          ...(options.signal ? { signal: options.signal } : {}),
        },
        {
          runs,
          maxSteps,
          seed,
          maxShrinks,
          resetOracle: () => oracle.context.reset(),
          onProgress: (progress) => options.onEvent?.({ type: 'progress', suite: suiteId, progress }),
          onDivergence: ({ run, outcome }) => {
            const difference = outcome.difference as LocatedDifference;
            options.onEvent?.({ type: 'divergence', suite: suiteId, run, step: outcome.steps[difference.step]?.step.name ?? '', difference });
          },
        },
      );
      let written: WrittenScenario | undefined;
      if (searched.finding) {
        written = await writeFoundScenario({ suite, finding: searched.finding, outputDir, seed, runs, searchCommand: command([suiteId]), replayCommand: replay });
        files.push(written.suiteFile, written.file);
      }
      const result: SuiteFuzzResult = { suite: suiteId, ...searched, ...(written ? { written } : {}) };
      results.push(result);
      options.onEvent?.({ type: 'suite-end', result });
    }
    const interrupted = options.signal?.aborted ?? false;
    const exitCode = interrupted ? 130 : results.some((r) => r.finding) ? 1 : 0;
    const reportFile = join(outputDir, 'fuzz-report.json');
    const outcome: FuzzOutcome = { seed, command: command(suiteIds), replay, suites: results, files: [...new Set(files), reportFile], reportFile, exitCode, durationMs: Math.round(performance.now() - started), rules };
    await writeReport(reportFile, outcome, { target: shownTarget, embedded: target.embedded, runs, maxSteps, race: env.race, maxShrinks, interrupted });
    options.onEvent?.({ type: 'end', outcome });
    return outcome;
  } finally {
    await http.close().catch(() => undefined);
    await oracle.close();
    await opened.close();
  }
}

/**
 * Creates the output folder and checks it can be written, before the search: a search of minutes whose finding
 * cannot be written is bad input found too late (it was an internal error after the search).
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` naming the folder and the system's reason.
 */
async function checkWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `cannot write the output folder ${dir}: ${(error as Error).message}`, {
      hint: 'Pass --output a folder the kit can create and write (the found scenarios and fuzz-report.json go there).',
      cause: error,
    });
  }
}

/** A path as typed from the working folder (relative when it is below it). */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function selectSuites(wanted: readonly string[] | undefined, loaded: readonly string[]): string[] {
  const fuzzable = loaded.filter((id) => COMMAND_MODELS[id] !== undefined);
  if (!wanted || wanted.length === 0) return fuzzable;
  const errors = wanted
    .filter((id) => !fuzzable.includes(id))
    .map((id) => new SettlekitError('SETTLEKIT_E_USAGE', `unknown suite "${id}" (suites that can be fuzzed: ${fuzzable.join(', ')})`));
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  return [...new Set(wanted)];
}

/** fuzz-report.json: the run's options and, per suite, the counts, the divergence and the INFO differences. */
async function writeReport(
  file: string,
  outcome: FuzzOutcome,
  run: { target: string; embedded: boolean; runs: number; maxSteps: number; race: boolean; maxShrinks: number; interrupted: boolean },
): Promise<void> {
  const level = (id: string): string => outcome.rules.get(id)?.level ?? 'INFO';
  const stepsOf = (sequence: SequenceOutcome): unknown[] => sequence.steps.map((s) => ({ name: s.step.name, operation: s.operation, situation: s.situation, rules: s.rules }));
  const report = {
    kit: { name: 'settlekit', version: KIT_VERSION },
    seed: outcome.seed,
    command: outcome.command,
    target: { url: run.target, embedded: run.embedded },
    options: { runs: run.runs, maxSteps: run.maxSteps, race: run.race, maxShrinks: run.maxShrinks },
    interrupted: run.interrupted,
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode,
    suites: outcome.suites.map((s) => ({
      suite: s.suite,
      sequences: s.runs,
      steps: s.steps,
      requests: s.requests,
      races: s.races,
      durationMs: s.durationMs,
      coverage: s.coverage,
      ...(s.finding
        ? {
            divergence: {
              run: s.finding.run,
              originalSteps: s.finding.originalSteps,
              steps: s.finding.outcome.steps.length,
              shrinks: s.finding.shrinks,
              reproduced: s.finding.reproduced,
              at: (s.finding.outcome.difference?.step ?? 0) + 1,
              rules: (s.finding.outcome.difference?.rules ?? []).map((id) => ({ id, level: level(id) })),
              aspects: s.finding.outcome.difference?.aspects ?? [],
              situation: s.finding.outcome.difference?.situation,
              messages: s.finding.outcome.difference?.messages ?? [],
              scenario: s.written ? { id: s.written.id, file: s.written.file } : undefined,
              sequence: stepsOf(s.finding.outcome),
            },
          }
        : {}),
      info: s.infos.map((i) => ({ key: i.key, level: i.level, rules: i.rules, aspects: i.aspects, uncatalogued: i.uncatalogued, count: i.count, example: { at: (i.example.difference?.step ?? 0) + 1, messages: i.example.difference?.messages ?? [], sequence: stepsOf(i.example) } })),
    })),
    files: outcome.files,
  };
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
}
