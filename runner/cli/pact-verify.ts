/**
 * `settlekit pact verify [pacts…]`: Pact's verifier against the target with settlekit serving the provider states
 * (runner/pact/verify.ts); reports as `run` writes them, exit codes as `run`. Pact files that cannot be read are
 * listed on stderr at their file:line:col, and the others are still verified.
 */
import type { ReporterName } from '../../reports/index.ts';
import type { PactLogLevel } from '../pact/pact-runtime.ts';
import { verifyPacts } from '../pact/verify.ts';
import { withInterrupt } from './interrupt.ts';
import { consoleOptions } from './run.ts';

/** Options of `settlekit pact verify`, as commander parses them. */
export interface PactVerifyCommandOptions {
  readonly target?: string;
  readonly profile?: string;
  readonly scenarios?: string;
  readonly reporter?: ReporterName[];
  readonly output: string;
  readonly timeout: number;
  readonly maxBody: number;
  readonly strict?: boolean;
  readonly verbose?: boolean;
  readonly color: boolean;
  readonly pactLogLevel: PactLogLevel;
}

/** Verifies the pacts and sets the exit code. */
export async function pactVerifyCommand(pacts: string[], options: PactVerifyCommandOptions): Promise<void> {
  await withInterrupt('stopping; writing the report of what was verified', async (signal) => {
    const outcome = await verifyPacts({
      pacts: pacts.length > 0 ? pacts : ['pacts'],
      ...(options.target ? { target: options.target } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.scenarios ? { scenariosDir: options.scenarios } : {}),
      ...(options.reporter ? { reporters: options.reporter } : {}),
      outputDir: options.output,
      timeoutMs: options.timeout,
      maxBodyBytes: options.maxBody,
      strict: options.strict ?? false,
      verbose: options.verbose ?? false,
      pactLogLevel: options.pactLogLevel,
      ...consoleOptions(options),
      signal,
    });
    for (const error of outcome.inputErrors) process.stderr.write(`${error.format()}\n`);
    if (options.reporter && !options.reporter.includes('console')) {
      for (const error of outcome.reporterErrors) process.stderr.write(`${error.code}: ${error.message}\n`);
    }
    process.exitCode = outcome.exitCode;
  });
}
