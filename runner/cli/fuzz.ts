/**
 * `settlekit fuzz`: differential, model-based testing of a target against the reference simulator. SIGINT/SIGTERM stop
 * after the sequence in flight (exit 130, the report of what ran is written); a second signal exits at once.
 */
import { createFuzzConsole } from '../fuzz/console.ts';
import { runFuzz } from '../fuzz/run-fuzz.ts';
import { withInterrupt } from './interrupt.ts';
import { liveTerminal } from './options.ts';

/** Options of `settlekit fuzz`, as commander parses them. */
export interface FuzzCommandOptions {
  readonly target?: string;
  readonly profile?: string;
  readonly suite?: string[];
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed?: number;
  readonly output: string;
  readonly race?: boolean;
  readonly timeout: number;
  readonly maxShrinks: number;
}

/** Runs the fuzzer and sets the exit code: 0 no divergence, 1 a divergence, 2 bad input, 130 interrupted. */
export async function fuzzCommand(options: FuzzCommandOptions): Promise<void> {
  await withInterrupt('stopping after the sequence in flight', async (signal) => {
    const outcome = await runFuzz({
      ...(options.target ? { target: options.target } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.suite ? { suites: options.suite } : {}),
      runs: options.runs,
      maxSteps: options.maxSteps,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      outputDir: options.output,
      race: options.race ?? false,
      timeoutMs: options.timeout,
      maxShrinks: options.maxShrinks,
      signal,
      onEvent: createFuzzConsole({ stream: process.stdout, tty: liveTerminal() }),
    });
    process.exitCode = outcome.exitCode;
  });
}
