/**
 * `settlekit run`: the main job. SIGINT/SIGTERM abort requests in flight, the report of what ran is written (marked
 * interrupted) and the exit code is 130; a second signal exits at once.
 */
import { resolveColor } from '../../reports/console.ts';
import type { ReporterName } from '../../reports/index.ts';
import type { GateMode } from '../model/report.ts';
import { runConformance } from '../run-conformance.ts';
import { withInterrupt } from './interrupt.ts';
import { liveTerminal, type GateOption } from './options.ts';

/** Options of `settlekit run`, as commander parses them. */
export interface RunCommandOptions {
  readonly target?: string;
  readonly profile?: string;
  readonly suite?: string[];
  readonly tag?: string[];
  readonly rule?: string[];
  readonly grep?: string;
  readonly scenarios?: string;
  readonly reporter?: ReporterName[];
  readonly output: string;
  readonly concurrency: number;
  readonly timeout: number;
  readonly maxBody: number;
  readonly maxTimeouts: number;
  readonly maxDuration?: number;
  readonly strict?: boolean;
  readonly shard?: string;
  readonly shardDurations?: string;
  readonly baseline?: string;
  readonly gate?: GateOption;
  readonly waivers?: string;
  readonly verbose?: boolean;
  readonly color: boolean;
}

/** Runs the suites and sets the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  await withInterrupt('stopping; writing the report of what ran', async (signal) => {
    const outcome = await runConformance({
      ...(options.target ? { target: options.target } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.suite ? { suites: options.suite } : {}),
      ...(options.tag ? { tags: options.tag } : {}),
      ...(options.rule ? { rules: options.rule } : {}),
      ...(options.grep ? { grep: options.grep } : {}),
      ...(options.scenarios ? { scenariosDir: options.scenarios } : {}),
      ...(options.reporter ? { reporters: options.reporter } : {}),
      outputDir: options.output,
      concurrency: options.concurrency,
      timeoutMs: options.timeout,
      maxBodyBytes: options.maxBody,
      maxTimeouts: options.maxTimeouts,
      ...(options.maxDuration !== undefined ? { maxDurationMs: options.maxDuration } : {}),
      ...gateOptions(options),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.shardDurations ? { shardDurations: options.shardDurations } : {}),
      ...(options.baseline ? { baseline: options.baseline } : {}),
      ...(options.waivers ? { waivers: options.waivers } : {}),
      verbose: options.verbose ?? false,
      ...consoleOptions(options),
      signal,
    });
    // The console reporter already shows reporter failures; without it, stderr is where they go.
    if (options.reporter && !options.reporter.includes('console')) {
      for (const error of outcome.reporterErrors) process.stderr.write(`${error.code}: ${error.message}\n`);
    }
    process.exitCode = outcome.exitCode;
  });
}

/** `--gate` and `--strict` as run options: `--gate strict` is `--strict`. */
export function gateOptions(options: { readonly gate?: GateOption; readonly strict?: boolean }): { gate?: GateMode; strict: boolean } {
  const strict = (options.strict ?? false) || options.gate === 'strict';
  return { strict, ...(options.gate === 'regressions' ? { gate: 'regressions' } : options.gate ? { gate: 'failures' } : {}) };
}

/**
 * The console reporter's terminal options: live progress in a terminal outside CI; colour unless `--no-color`, else as
 * the console reporter reads FORCE_COLOR, NO_COLOR and whether stdout is a terminal (`FORCE_COLOR=0` is no colour).
 */
export function consoleOptions(options: { readonly color: boolean }): { tty: boolean; color: boolean } {
  return {
    tty: liveTerminal(),
    color: options.color && resolveColor(undefined, Boolean(process.stdout.isTTY)),
  };
}
