/**
 * `settlekit run`: the main job. SIGINT/SIGTERM abort requests in flight, the report of what ran is written (marked
 * interrupted) and the exit code is 130; a second signal exits at once.
 */
import type { ReporterName } from '../../reports/index.ts';
import { runConformance } from '../run-conformance.ts';

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
  readonly strict?: boolean;
  readonly verbose?: boolean;
  readonly color: boolean;
}

/** Runs the suites and sets the exit code. */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  await withInterrupts(async (signal) => {
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
      strict: options.strict ?? false,
      verbose: options.verbose ?? false,
      ...consoleSettings(options.color),
      signal,
    });
    // The console reporter already shows reporter failures; without it, stderr is where they go.
    if (options.reporter && !options.reporter.includes('console')) {
      for (const error of outcome.reporterErrors) process.stderr.write(`${error.code}: ${error.message}\n`);
    }
    process.exitCode = outcome.exitCode;
  });
}

/** How the console reporter writes: live progress only in an interactive terminal outside CI; colour unless refused. */
export function consoleSettings(color: boolean): { tty: boolean; color: boolean } {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  return {
    tty: Boolean(process.stdout.isTTY) && !ci,
    color: color && !process.env.NO_COLOR && (Boolean(process.stdout.isTTY) || Boolean(process.env.FORCE_COLOR)),
  };
}

/**
 * Runs `job` with SIGINT/SIGTERM turned into an abort of its signal (the job writes the report of what ran); a second
 * signal exits at once with 130.
 */
export async function withInterrupts(job: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) process.exit(130);
    process.stderr.write(`\n${signal}: stopping; writing the report of what ran (press again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await job(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
