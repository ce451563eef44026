/**
 * The reporter registry: builds reporters by name for `settlekit run --reporter …`, and rebuilds reports from a saved
 * JSON report by replaying its events (`settlekit report <report.json>`). HTML and Markdown are loaded lazily, so a
 * run that does not ask for them never loads them.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SettlekitError } from '../lib/errors.ts';
import type { Reporter, RunStartEvent } from '../runner/model/events.ts';
import type { RunReport } from '../runner/model/report.ts';
import { createConsoleReporter } from './console.ts';
import { createJsonReporter } from './json.ts';
import { createJUnitReporter } from './junit.ts';
import { loadReporterFactory } from './lazy-reporters.ts';
import { ReporterMultiplexer } from './multiplexer.ts';
import { REPORTER_NAMES, type ReporterName } from './names.ts';
import { isFileReporter } from './output-file.ts';

export { REPORTER_NAMES, isReporterName, type ReporterName } from './names.ts';

/** True when running as a GitHub Actions step (`GITHUB_ACTIONS=true`). */
export function isGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** Options of {@link createReporters}. */
export interface ReportersOptions {
  /** Folder file reporters write into. */
  readonly outputDir: string;
  /** Console reporter: where to write (default stdout). */
  readonly stream?: NodeJS.WritableStream;
  /** Console reporter: whether the stream is an interactive terminal. */
  readonly tty?: boolean;
  /** Console reporter: colour on/off (default from FORCE_COLOR / NO_COLOR / the terminal). */
  readonly color?: boolean;
  /** Console reporter: list every scenario and step. */
  readonly verbose?: boolean;
  /** Environment: under GitHub Actions (`GITHUB_ACTIONS=true`) the console reporter also writes annotations and the job summary. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Builds the named reporters, in order (a name given twice is built once).
 *
 * @throws {SettlekitError} `SETTLEKIT_E_USAGE` for an unknown name, or when the HTML/Markdown reporter module is not
 * available in this installation.
 */
export async function createReporters(names: readonly ReporterName[], options: ReportersOptions): Promise<Reporter[]> {
  const reporters: Reporter[] = [];
  for (const name of new Set(names)) {
    switch (name) {
      case 'console':
        reporters.push(
          createConsoleReporter({
            ...(options.stream !== undefined && { stream: options.stream }),
            ...(options.tty !== undefined && { tty: options.tty }),
            ...(options.color !== undefined && { color: options.color }),
            ...(options.verbose !== undefined && { verbose: options.verbose }),
            filesWritten: [...names].some((n) => n !== 'console'),
          }),
        );
        if (isGitHubActions(options.env)) {
          const { createGitHubActionsReporter } = await import('./github-actions.ts');
          reporters.push(createGitHubActionsReporter({ ...(options.stream !== undefined && { stream: options.stream }), ...(options.env !== undefined && { env: options.env }) }));
        }
        break;
      case 'json':
        reporters.push(createJsonReporter({ outputDir: options.outputDir }));
        break;
      case 'junit':
        reporters.push(createJUnitReporter({ outputDir: options.outputDir }));
        break;
      case 'html':
      case 'markdown': {
        const factory = await loadReporterFactory(name);
        reporters.push(await factory({ outputDir: options.outputDir }));
        break;
      }
      default:
        throw new SettlekitError('SETTLEKIT_E_USAGE', `unknown reporter "${String(name)}" (one of ${REPORTER_NAMES.join(', ')})`);
    }
  }
  return reporters;
}

/** The `onRunStart` event a run that produced `report` sent. */
export function runStartEventOf(report: RunReport): RunStartEvent {
  const suites = report.verdict.suites.length > 0 ? report.verdict.suites.map((s) => s.id) : [...new Set(report.scenarios.map((s) => s.suite))];
  return {
    kitVersion: report.kit.version,
    target: report.target,
    startedAt: report.startedAt,
    scenarioCount: report.scenarios.length,
    suites,
    ...(report.shard ? { shard: report.shard } : {}),
    ...(report.shard && report.plan ? { plannedCount: report.plan.scenarios.length } : {}),
  };
}

/** Replays a saved report into a reporter: `onRunStart`, `onScenarioEnd` for each scenario in order, `onRunEnd`. */
export async function replayReport(report: RunReport, reporter: Reporter, outputDir: string): Promise<void> {
  await reporter.onRunStart?.(runStartEventOf(report));
  for (const scenario of report.scenarios) await reporter.onScenarioEnd?.({ scenario });
  await reporter.onRunEnd?.({ report, outputDir });
}

/**
 * Rebuilds the named reports from a saved JSON report (`settlekit report`): builds the reporters with
 * {@link createReporters} and replays the report's events through a {@link ReporterMultiplexer}.
 *
 * @param consoleOptions options of the console reporter, when `names` includes it.
 * @returns the absolute paths of the files written, sorted.
 * @throws {SettlekitError} `SETTLEKIT_E_REPORTER` when a reporter failed (after every other one has written its files).
 */
export async function renderFromReport(
  report: RunReport,
  names: readonly ReporterName[],
  outputDir: string,
  consoleOptions: Omit<ReportersOptions, 'outputDir'> = {},
): Promise<string[]> {
  const reporters = await createReporters(names, { ...consoleOptions, outputDir });
  // Reporters that do not list their files (e.g. a lazily loaded one) are found by what changed in outputDir.
  const undeclared = reporters.some((r) => !isFileReporter(r) && r.name !== 'console');
  const before = undeclared ? await snapshot(outputDir) : new Map<string, string>();
  const mux = new ReporterMultiplexer(reporters);
  await replayReport(report, mux, outputDir);
  const files = new Set(reporters.flatMap((r) => (isFileReporter(r) ? r.outputFiles : [])));
  if (undeclared) {
    for (const [path, signature] of await snapshot(outputDir)) if (before.get(path) !== signature) files.add(path);
  }
  if (mux.errors.length > 0) {
    throw new SettlekitError('SETTLEKIT_E_REPORTER', mux.errors.map((e) => e.message).join('\n'));
  }
  return [...files].sort();
}

/** How deep {@link snapshot} looks into the output folder. */
const SNAPSHOT_DEPTH = 3;

/** Absolute path → `mtime:size` of the files under `dir` (skipping dot-folders and node_modules), empty when missing. */
async function snapshot(dir: string, depth = 0, into = new Map<string, string>()): Promise<Map<string, string>> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return into;
  }
  for (const entry of entries) {
    const path = resolve(join(dir, entry.name));
    if (entry.isDirectory()) {
      if (depth + 1 < SNAPSHOT_DEPTH && !entry.name.startsWith('.') && entry.name !== 'node_modules') await snapshot(path, depth + 1, into);
    } else if (entry.isFile()) {
      const info = await stat(path).catch(() => undefined);
      if (info) into.set(path, `${info.mtimeMs}:${info.size}:${info.ino}`);
    }
  }
  return into;
}
