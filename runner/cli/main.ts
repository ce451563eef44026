/**
 * The `settlekit` command line. Exit codes: 0 the gate passed (every MUST rule passed, or is waived; with
 * `--gate regressions`, nothing new failed), 1 the gate failed or the kit stopped the run, 2 usage or load error (or
 * reports `merge` refuses), 130 interrupted.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatGroup, SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { REPORTER_NAMES, type ReporterName } from '../../reports/names.ts';
import { KIT_VERSION } from '../paths.ts';
import type { FuzzCommandOptions } from './fuzz.ts';
import type { InitCommandOptions } from './init.ts';
import type { ListOptions } from './list.ts';
import type { MergeCommandOptions } from './merge.ts';
import type { RunCommandOptions } from './run.ts';

/** Parses a comma-separated list, accumulating across repeats (`--suite a,b --suite c`). */
export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number`);
    return n;
  };
}

function wholeNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number (0 or more)`);
    return n;
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a duration: milliseconds (`90000`), or a number with a unit: `500ms`, `90s`, `10m`, `1.5h`. */
export function parseDuration(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  const ms = match ? Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 'ms']!) : NaN;
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError('must be a duration: milliseconds, or a number with ms, s, m or h (e.g. 90s, 10m)');
  return ms;
}

const GATES = ['failures', 'strict', 'regressions'] as const;

/** The gates `--gate` accepts; `strict` is `failures` with SHOULD rules counted (`--strict`). */
export type GateOption = (typeof GATES)[number];

function gate(value: string): GateOption {
  if (!(GATES as readonly string[]).includes(value)) throw new InvalidArgumentError(`unknown gate "${value}" (gates: ${GATES.join(', ')})`);
  return value as GateOption;
}

function reporters(value: string, previous: ReporterName[] = []): ReporterName[] {
  const names = list(value);
  for (const name of names) {
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown reporter "${name}" (reporters: ${REPORTER_NAMES.join(', ')})`);
  }
  return [...previous, ...(names as ReporterName[])];
}

/**
 * Builds the program (exported for tests). Each command's module is imported when the command runs, so
 * `settlekit --version` or `list` loads neither undici, the reporters nor the simulator.
 */
export function buildProgram(): Command {
  const program = new Command('settlekit')
    .description('Conformance kit for partial settlement in payment APIs (Braintree, Worldpay Payments, Worldpay Split Payments)')
    .version(KIT_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const filters = (cmd: Command): Command =>
    cmd
      .option('-s, --suite <ids>', 'only these suites (comma-separated, repeatable)', list)
      .option('--tag <tags>', 'only scenarios with one of these tags', list)
      .option('--rule <ids>', 'only scenarios checking one of these rules', list)
      .option('-g, --grep <text>', 'only scenarios whose id or title contains the text')
      .option('--scenarios <dir>', 'folder of suites to use instead of the bundled ones');

  filters(
    program
      .command('run')
      .description('replay the scenarios against a target (default: the embedded reference simulator) and write reports')
      .addOption(new Option('-t, --target <url>', 'base URL of the implementation under test (default: the embedded simulator)').env('SETTLEKIT_TARGET'))
      .addOption(new Option('-p, --profile <file>', 'target profile (YAML/JSON): credentials by environment variable, merchant accounts, capabilities').env('SETTLEKIT_PROFILE')),
  )
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', 'settlekit-report')
    .option('-c, --concurrency <n>', 'scenarios run at once', positiveInt('--concurrency'), 4)
    .option('--timeout <ms>', 'per-request deadline, body included', positiveInt('--timeout'), 10_000)
    .option('--max-body <bytes>', 'response bytes kept per exchange', positiveInt('--max-body'), 1024 * 1024)
    .option('--max-timeouts <n>', 'stop sending after this many consecutive timeouts, erroring what is left (0 = never)', wholeNumber('--max-timeouts'), 3)
    .option('--max-duration <duration>', 'bound of the whole run (ms, or 90s, 10m, 1h); what is left is errored', parseDuration)
    .option('--strict', 'SHOULD rules fail the gate too (same as --gate strict)')
    .option('--shard <i/n>', 'run shard i of n of the plan (then `settlekit merge` the reports)')
    .option('--shard-durations <report.json>', 'balance the shards by the scenario durations of an earlier report')
    .option('--baseline <report.json>', 'compare with an earlier report: new failures, still failing, fixed, new')
    .addOption(new Option('--gate <gate>', 'what fails the run: failures, strict (SHOULD too) or regressions (only new failures; needs --baseline)').argParser(gate))
    .option('--waivers <file>', "known failures that do not fail the gate until they expire (default: the profile's waivers)")
    .option('--verbose', 'print every step')
    .option('--no-color', 'no colours in the console output')
    .action(async (options: RunCommandOptions) => (await import('./run.ts')).runCommand(options));

  program
    .command('merge')
    .description('merge the reports of the shards of one run into one report, verdict and gate')
    .argument('<report.json...>', 'the report.json of every shard (settlekit run --shard i/n)')
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', 'settlekit-report')
    .option('--baseline <report.json>', 'compare with an earlier report (default: the baseline the shards were run with)')
    .addOption(new Option('--gate <gate>', 'failures, strict or regressions (default: what the shards were run with)').argParser(gate))
    .option('--strict', 'SHOULD rules fail the gate too')
    .option('--waivers <file>', 'waivers to apply (default: the waivers the shards were run with)')
    .option('--verbose', 'print every step')
    .option('--no-color', 'no colours in the console output')
    .action(async (files: string[], options: MergeCommandOptions) => (await import('./merge.ts')).mergeCommand(files, options));

  filters(program.command('list').description('list suites, scenarios, rules, operations or capabilities'))
    .option('--rules', 'list the rule catalogue')
    .option('--operations', "list each suite's operations")
    .option('--capabilities', 'list the capabilities a target profile may declare')
    .option('--json', 'machine-readable output')
    .action(async (options: ListOptions) => (await import('./list.ts')).listCommand(options));

  program
    .command('validate')
    .description('load and check every scenario, suite, rule catalogue and spec (and a profile) without sending a request')
    .option('--scenarios <dir>', 'folder of suites to check instead of the bundled ones')
    .option('-p, --profile <file>', 'also check this target profile (and the waivers file it names)')
    .option('--waivers <file>', 'also check this waivers file')
    .action(async (options: { scenarios?: string; profile?: string; waivers?: string }) => (await import('./validate.ts')).validateCommand(options));

  program
    .command('init')
    .description('scaffold a suite of your own (OpenAPI document, rule catalogue, one scenario, target profile) that validates and runs as it is')
    .argument('<dir>', 'folder to create (a folder of suites: pass it to --scenarios)')
    .option('--suite-id <id>', "the suite's id: lower-case letters, digits and - (default: from the folder's name)")
    .option('--name <title>', "the suite's title")
    .option('--force', 'write into a folder that is not empty (files of the same names are replaced)')
    .action(async (dir: string, options: InitCommandOptions) => (await import('./init.ts')).initCommand(dir, options));

  program
    .command('simulate')
    .description('serve the reference simulator of all three APIs until interrupted')
    .option('--port <n>', 'port to listen on (0 = any free port)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be 0–65535');
      return n;
    }, 4010)
    .option('--host <host>', 'address to bind (loopback by default)', '127.0.0.1')
    .action(async (options: { port: number; host: string }) => (await import('./simulate.ts')).simulateCommand(options));

  program
    .command('report')
    .description('rebuild reports from a saved JSON report')
    .argument('<report.json>', 'a report.json written by settlekit run')
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters).default(['html']))
    .option('-o, --output <dir>', 'folder for the reports', 'settlekit-report')
    .action(async (file: string, options: { reporter: ReporterName[]; output: string }) => (await import('./report.ts')).reportCommand(file, options));

  program
    .command('fuzz')
    .description('generate random sequences of operations, run each on the target and on a fresh reference simulator, and shrink a divergence to a scenario')
    .addOption(new Option('-t, --target <url>', 'base URL of the implementation under test (default: the embedded simulator)').env('SETTLEKIT_TARGET'))
    .addOption(new Option('-p, --profile <file>', 'target profile (YAML/JSON): credentials by environment variable, merchant accounts, capabilities').env('SETTLEKIT_PROFILE'))
    .option('-s, --suite <ids>', 'only these suites (comma-separated, repeatable)', list)
    .option('-n, --runs <n>', 'sequences per suite', positiveInt('--runs'), 100)
    .option('-k, --max-steps <n>', 'most commands in one sequence', positiveInt('--max-steps'), 10)
    .option('--seed <n>', 'seed of the generator (default: a random one, always printed)', wholeNumber('--seed'))
    .option('-o, --output <dir>', 'folder for the found scenarios and fuzz-report.json', 'settlekit-fuzz')
    .option('--race', 'send some steps several times at once; the outcomes must be those of a serial order')
    .option('--timeout <ms>', 'per-request deadline, body included', positiveInt('--timeout'), 10_000)
    .option('--max-shrinks <n>', 'most sequences run while shrinking a divergence', wholeNumber('--max-shrinks'), 500)
    .action(async (options: FuzzCommandOptions) => (await import('./fuzz.ts')).fuzzCommand(options));

  return program;
}

/**
 * Prints a kit error the way users read it: position, code, message, hint. A list prints each root cause once, with
 * the places it affects (see groupErrors in lib/errors.ts); the count is of problems, and of places when they differ.
 */
export function printError(error: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof SettlekitErrorList) {
    const groups = error.groups;
    for (const group of groups) stream.write(`${formatGroup(group)}\n`);
    const inPlaces = error.errors.length > groups.length ? ` (in ${error.errors.length} places)` : '';
    stream.write(`${groups.length} problem${groups.length === 1 ? '' : 's'} found${inPlaces}.\n`);
    return Math.max(...error.errors.map((e) => e.exitCode));
  }
  if (error instanceof SettlekitError) {
    stream.write(`${error.format()}\n`);
    return error.exitCode;
  }
  stream.write(`SETTLEKIT_E_INTERNAL: ${(error as Error)?.stack ?? String(error)}\n  hint: this is a settlekit bug; please report it.\n`);
  return 2;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; everything else from commander is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    return printError(error);
  }
}

// Run directly (`npx tsx runner/cli/main.ts …`, `npm run settlekit -- …`) as well as through bin/settlekit.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
