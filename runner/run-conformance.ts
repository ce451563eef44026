/**
 * The public programmatic API: load, resolve the target (or embed the reference simulator), check the target can be
 * reached, plan, execute, report. `settlekit run` is a thin shell over {@link runConformance}.
 */
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { SettlekitError, SettlekitErrorList } from '../lib/errors.ts';
import { createRedactor } from '../lib/redact.ts';
import { createReporters, type ReporterName } from '../reports/index.ts';
import { ReporterMultiplexer } from '../reports/multiplexer.ts';
import { executeRun } from './execute/run.ts';
import { loadProject, type Project } from './load/load-project.ts';
import type { RunErrorEvent } from './model/events.ts';
import type { TargetProfile } from './model/profile.ts';
import type { RunReport } from './model/report.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_VERSION } from './paths.ts';
import { planScenarios, type PlanFilters } from './plan/plan.ts';
import { mergeProfile, readProfile, resolveTarget, type ResolvedTarget } from './target/profile.ts';

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
  /** 0 conformant, 1 nonconformant, 2 a reporter failed (a report is missing), 130 interrupted. */
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
 * {@link SettlekitErrorList} (exit code 2) before any request is sent.
 */
export async function runConformance(options: RunOptions = {}): Promise<RunOutcome> {
  if (options.target !== undefined) checkTargetUrl(options.target);
  const project = await loadProject(options.scenariosDir ?? BUNDLED_SCENARIOS_DIR);
  checkFilters(project, options);
  const profile = await loadRunProfile(options);
  const plan = planScenarios(project.suites, options, new Set(profile.capabilities ?? []));
  if (plan.length === 0) throw new SettlekitError('SETTLEKIT_E_NO_SCENARIOS', 'no scenario matches the filters');
  const suiteIds = [...new Set(plan.map((p) => p.suite.id))];
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
      outputDir,
      filters: { suites: options.suites ?? [], tags: options.tags ?? [], rules: options.rules ?? [], ...(options.grep ? { grep: options.grep } : {}) },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    // A report that could not be written is a run a CI gate must not take as green.
    const exitCode = report.interrupted ? 130 : multiplexer.errors.length > 0 ? 2 : report.verdict.conformant ? 0 : 1;
    return { report, exitCode, files: files(), reporterErrors: multiplexer.errors };
  } finally {
    await opened.close();
  }
}

/** The reporters of a run (default: {@link DEFAULT_REPORTERS}), behind one multiplexer, and the files they wrote. */
export async function runReporters(
  options: Pick<RunOptions, 'reporters' | 'stream' | 'tty' | 'color' | 'verbose'>,
  outputDir: string,
): Promise<{ readonly multiplexer: ReporterMultiplexer; files(): string[] }> {
  const reporters = await createReporters(options.reporters ?? DEFAULT_REPORTERS, {
    outputDir,
    ...(options.stream ? { stream: options.stream } : {}),
    ...(options.tty !== undefined ? { tty: options.tty } : {}),
    ...(options.color !== undefined ? { color: options.color } : {}),
    ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
  });
  return {
    multiplexer: new ReporterMultiplexer(reporters),
    files: () => reporters.flatMap((r) => ('outputFiles' in r ? (r as { outputFiles: readonly string[] }).outputFiles : [])),
  };
}

/** A target ready for requests: the resolved profile of the suites, and the embedded simulator when none was given. */
export interface OpenedTarget {
  readonly target: ResolvedTarget;
  /** Stops the embedded simulator, if one was started. */
  close(): Promise<void>;
}

/**
 * Opens the target of a run: `target`, else the profile's, else the reference simulator embedded on a free loopback
 * port; resolves the profile for `suiteIds` (credentials from the environment) and checks that a real target accepts
 * connections. Usage, profile and reachability problems throw a {@link SettlekitError} (exit code 2).
 */
export async function openTarget(
  profile: TargetProfile,
  options: { readonly target?: string; readonly profilePath?: string; readonly suiteIds: readonly string[]; readonly env?: NodeJS.ProcessEnv },
): Promise<OpenedTarget> {
  const targetUrl = options.target ?? profile.target;
  if (targetUrl !== undefined) checkTargetUrl(targetUrl);
  let simulator: { close(): Promise<void> } | undefined;
  let url = targetUrl;
  if (!url) {
    // No target: the bundled reference simulator, on a free loopback port, for this run only.
    const { createSimulator } = await import('../simulator/index.ts');
    const embedded = createSimulator();
    url = await embedded.listen(0, '127.0.0.1');
    simulator = embedded;
  }
  try {
    const target = resolveTarget(profile, {
      targetUrl: url,
      embedded: simulator !== undefined,
      ...(options.profilePath ? { profilePath: options.profilePath } : {}),
      suiteIds: options.suiteIds,
      ...(options.env ? { env: options.env } : {}),
    });
    if (!simulator) await assertReachable([...new Set([...target.suites.values()].map((s) => s.baseUrl))]);
    return { target, close: async () => simulator?.close() };
  } catch (error) {
    await simulator?.close();
    throw error;
  }
}

/** The profile of a run: the user's (a file or an object) merged over the defaults. */
export async function loadRunProfile(options: { readonly profile?: string; readonly profileObject?: TargetProfile }): Promise<TargetProfile> {
  return mergeProfile(options.profileObject ?? (options.profile ? await readProfile(options.profile) : undefined));
}

/**
 * A target must be an absolute http(s) URL without credentials in it: anything else is a usage error, not a crash deep
 * in the run, and credentials belong in a profile (where they are read from the environment and redacted).
 */
export function checkTargetUrl(target: string): void {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    // Reported below.
  }
  // The value may hold credentials (http://user:pass@host), even ones a URL parser would refuse.
  const shown = createRedactor().url(target.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@'));
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `the target must be an http:// or https:// URL, got "${shown}"`, {
      hint: 'Pass the base URL of the implementation, e.g. --target http://127.0.0.1:8080.',
    });
  }
  if (url.username || url.password) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `the target URL carries credentials ("${shown}"), which settlekit does not send`, {
      hint: 'Name the credentials in a target profile (suites.<suite>.credentials, read from environment variables).',
    });
  }
}

/** Unknown suite or rule names in the filters are usage errors, not silently empty runs. */
export function checkFilters(project: Project, filters: PlanFilters): void {
  const errors: SettlekitError[] = [];
  const suiteIds = project.suites.map((s) => s.id);
  for (const suite of filters.suites ?? []) {
    if (!suiteIds.includes(suite)) errors.push(new SettlekitError('SETTLEKIT_E_USAGE', `unknown suite "${suite}" (suites: ${suiteIds.join(', ')})`));
  }
  const ruleIds = new Set(project.suites.flatMap((s) => s.rules.map((r) => r.id)));
  for (const rule of filters.rules ?? []) {
    if (!ruleIds.has(rule)) errors.push(new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', `unknown rule "${rule}"`));
  }
  if (errors.length > 0) throw new SettlekitErrorList(errors);
}

/** Checks each origin accepts a TCP connection, so an unreachable target is one clear line, not N failed scenarios. */
export async function assertReachable(urls: readonly string[], timeoutMs = 3_000): Promise<void> {
  for (const url of urls) {
    const { hostname, port, protocol } = new URL(url);
    const host = hostname.replace(/^\[|\]$/g, '');
    const portNumber = Number(port || (protocol === 'https:' ? 443 : 80));
    await new Promise<void>((resolvePromise, reject) => {
      const socket = connect({ host, port: portNumber });
      const fail = (reason: string): void => {
        socket.destroy();
        reject(new SettlekitError('SETTLEKIT_E_TARGET_UNREACHABLE', `cannot reach ${new URL(url).origin}: ${reason}`));
      };
      socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
      socket.once('connect', () => {
        socket.end();
        resolvePromise();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message)));
    });
  }
}
