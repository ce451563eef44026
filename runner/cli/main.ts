/**
 * The `settlekit` command line. Exit codes: 0 the gate passed (every MUST rule passed, or is waived; with
 * `--gate regressions`, nothing new failed), 1 the gate failed or the kit stopped the run, 2 usage or load error (or
 * reports `merge` refuses), 130 interrupted.
 */
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatGroup, SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { REPORTER_NAMES } from '../../reports/names.ts';
import { KIT_VERSION } from '../paths.ts';
import { PACT_LOG_LEVELS } from '../pact/pact-runtime.ts';
import type { FuzzCommandOptions } from './fuzz.ts';
import type { InitCommandOptions } from './init.ts';
import { gate, list, nonBlank, parseDuration, percentage, positiveInt, reporters, timeoutMs, wholeNumber } from './options.ts';
import type { SimulateCommandOptions } from './simulate.ts';
import type { ListOptions } from './list.ts';
import type { MergeCommandOptions } from './merge.ts';
import type { PactExportCommandOptions } from './pact-export.ts';
import type { PactVerifyCommandOptions } from './pact-verify.ts';
import type { ReportCommandOptions } from './report.ts';
import type { RunCommandOptions } from './run.ts';
import { tolerateClosedOutput } from './closed-output.ts';

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

  // The target and the profile of run, fuzz and pact verify: from the option, else its environment variable; never blank.
  const targetOption = (): Option =>
    new Option('-t, --target <url>', 'base URL of the implementation under test (default: the embedded simulator)')
      .env('SETTLEKIT_TARGET')
      .argParser(nonBlank('--target', "the profile's target or the embedded simulator"));
  const profileOption = (): Option =>
    new Option('-p, --profile <file>', 'target profile (YAML/JSON): credentials by environment variable, merchant accounts, capabilities')
      .env('SETTLEKIT_PROFILE')
      .argParser(nonBlank('--profile', 'the built-in defaults'));

  const filters = (cmd: Command): Command =>
    cmd
      .option('-s, --suite <ids>', 'only these suites (comma-separated, repeatable)', list)
      .option('--tag <tags>', 'only scenarios with one of these tags', list)
      .option('--rule <ids>', 'only scenarios checking one of these rules', list)
      .option('-g, --grep <text>', 'only scenarios whose id or title contains the text')
      .option('--scenarios <dir>', 'folder of suites to use instead of the bundled ones', nonBlank('--scenarios', 'the bundled suites'));

  filters(
    program
      .command('run')
      .description('replay the scenarios against a target (default: the embedded reference simulator) and write reports')
      .addOption(targetOption())
      .addOption(profileOption()),
  )
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', nonBlank('--output', 'the default folder (settlekit-report)'), 'settlekit-report')
    .option('-c, --concurrency <n>', 'scenarios run at once', positiveInt('--concurrency'), 4)
    .option('--timeout <ms>', 'per-request deadline, body included', timeoutMs('--timeout'), 10_000)
    .option('--max-body <bytes>', 'response bytes kept per exchange', positiveInt('--max-body'), 1024 * 1024)
    .option('--max-timeouts <n>', 'stop sending after this many consecutive timeouts, erroring what is left (0 = never)', wholeNumber('--max-timeouts'), 3)
    .option('--max-duration <duration>', 'bound of the whole run (ms, or 90s, 10m, 1h); what is left is errored', parseDuration)
    .option('--strict', 'SHOULD rules fail the gate too (same as --gate strict)')
    .option('--shard <i/n>', 'run shard i of n of the plan (then `settlekit merge` the reports)')
    .option('--shard-durations <report.json>', 'balance the shards by the scenario durations of an earlier report', nonBlank('--shard-durations', 'shards balanced by count'))
    .option('--baseline <report.json>', 'compare with an earlier report: new failures, still failing, fixed, new', nonBlank('--baseline', 'no baseline'))
    .addOption(new Option('--gate <gate>', 'what fails the run: failures, strict (SHOULD too) or regressions (only new failures; needs --baseline)').argParser(gate))
    .option('--waivers <file>', "known failures that do not fail the gate until they expire (default: the profile's waivers)", nonBlank('--waivers', "the profile's waivers"))
    .option('--verbose', 'print every step')
    .option('--no-color', 'no colours in the console output')
    .action(async (options: RunCommandOptions) => (await import('./run.ts')).runCommand(options));

  program
    .command('merge')
    .description('merge the reports of the shards of one run into one report, verdict and gate')
    .argument('<report.json...>', 'the report.json of every shard (settlekit run --shard i/n)')
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', nonBlank('--output', 'the default folder (settlekit-report)'), 'settlekit-report')
    .option('--baseline <report.json>', 'compare with an earlier report (default: the baseline the shards were run with)', nonBlank('--baseline', 'the baseline the shards were run with'))
    .addOption(new Option('--gate <gate>', 'failures, strict or regressions (default: what the shards were run with)').argParser(gate))
    .option('--strict', 'SHOULD rules fail the gate too')
    .option('--waivers <file>', 'waivers to apply (default: the waivers the shards were run with)', nonBlank('--waivers', 'the waivers the shards were run with'))
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
    .option('--scenarios <dir>', 'folder of suites to check instead of the bundled ones', nonBlank('--scenarios', 'the bundled suites'))
    .option('-p, --profile <file>', 'also check this target profile (and the waivers file it names)', nonBlank('--profile', 'no profile'))
    .option('--waivers <file>', 'also check this waivers file', nonBlank('--waivers', 'the waivers file the profile names'))
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
    .option('--settlement-adjustment <percent>', 'Braintree: let every merchant account settle up to this many percent (1–100) above an authorization (the BT-PS-05 exception; the profile then declares the settlement-adjustment capability)', percentage('--settlement-adjustment'))
    .option('--seed <text>', 'reproducible: ids, link tokens and the clock\'s start follow from this text, so the same requests get the same answers on every start (default: random ids, the clock starts now)', nonBlank('--seed', 'random ids'))
    .option('--merchant-id <id>', "Braintree merchant id (default integration_merchant_id); keys and Worldpay credentials come from $SETTLEKIT_SIMULATOR_BRAINTREE_PUBLIC_KEY, …_PRIVATE_KEY, $SETTLEKIT_SIMULATOR_WORLDPAY_USERNAME, …_PASSWORD (default: the SDK's test keys, settlekit / settlekit)", nonBlank('--merchant-id', 'integration_merchant_id'))
    .action(async (options: SimulateCommandOptions) => (await import('./simulate.ts')).simulateCommand(options));

  program
    .command('report')
    .description('rebuild reports from a saved JSON report')
    .argument('<report.json>', 'a report.json written by settlekit run')
    // No commander default: the parser accumulates repeats, and would add them to a default list (`-r junit` → html, junit).
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')} (default: html)`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', nonBlank('--output', 'the default folder (settlekit-report)'), 'settlekit-report')
    .action(async (file: string, options: ReportCommandOptions) => (await import('./report.ts')).reportCommand(file, options));

  program
    .command('fuzz')
    .description('generate random sequences of operations, run each on the target and on a fresh reference simulator, and shrink a divergence to a scenario')
    .addOption(targetOption())
    .addOption(profileOption())
    .option('-s, --suite <ids>', 'only these suites (comma-separated, repeatable)', list)
    .option('-n, --runs <n>', 'sequences per suite', positiveInt('--runs'), 100)
    .option('-k, --max-steps <n>', 'most commands in one sequence', positiveInt('--max-steps'), 10)
    .option('--seed <n>', 'seed of the generator (default: a random one, always printed)', wholeNumber('--seed'))
    .option('-o, --output <dir>', 'folder for the found scenarios and fuzz-report.json', nonBlank('--output', 'the default folder (settlekit-fuzz)'), 'settlekit-fuzz')
    .option('--race', 'send some steps several times at once; the outcomes must be those of a serial order')
    .option('--timeout <ms>', 'per-request deadline, body included', timeoutMs('--timeout'), 10_000)
    .option('--max-shrinks <n>', 'most sequences run while shrinking a divergence', wholeNumber('--max-shrinks'), 500)
    .action(async (options: FuzzCommandOptions) => (await import('./fuzz.ts')).fuzzCommand(options));

  const pact = program.command('pact').description('the suites as Pact V4 contracts: export them, verify a target against them with Pact');
  const pactLogLevel = (): Option => new Option('--pact-log-level <level>', "log level of Pact's core").choices(PACT_LOG_LEVELS).default('error');
  filters(pact.command('export').description('write one Pact V4 file per suite (written by Pact, examples from a run against the reference simulator)'))
    .option('-o, --output <dir>', 'folder for the pact files', nonBlank('--output', 'the default folder (pacts)'), 'pacts')
    .option('--consumer <name>', 'consumer name ({suite} = the suite id; default settlekit-<suite>)')
    .option('--provider <name>', 'provider name ({suite} = the suite id; default <suite>)')
    .option('--timeout <ms>', 'per-request deadline of the reference run', timeoutMs('--timeout'), 10_000)
    .addOption(pactLogLevel())
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'list every step left out and every place Pact checks otherwise')
    .action(async (options: PactExportCommandOptions) => (await import('./pact-export.ts')).pactExportCommand(options));
  pact
    .command('verify')
    .description("verify a target (default: the embedded simulator) against pact files with Pact's verifier; settlekit serves the provider states")
    .argument('[pacts...]', 'pact files or folders of them (default: pacts/)')
    .addOption(targetOption())
    .addOption(profileOption())
    .option('--scenarios <dir>', 'folder of suites the pacts were exported from (default: the bundled ones)', nonBlank('--scenarios', 'the bundled suites'))
    .addOption(new Option('-r, --reporter <names>', `reporters: ${REPORTER_NAMES.join(', ')}`).argParser(reporters))
    .option('-o, --output <dir>', 'folder for the reports', nonBlank('--output', 'the default folder (settlekit-report)'), 'settlekit-report')
    .option('--timeout <ms>', 'per-request deadline of the steps a provider state replays', timeoutMs('--timeout'), 10_000)
    .option('--max-body <bytes>', 'response bytes kept per exchange', positiveInt('--max-body'), 1024 * 1024)
    .option('--strict', 'SHOULD rules fail the gate too')
    .option('--verbose', 'print every step')
    .option('--no-color', 'no colours in the console output')
    .addOption(pactLogLevel())
    .action(async (pacts: string[], options: PactVerifyCommandOptions) => (await import('./pact-verify.ts')).pactVerifyCommand(pacts, options));
  // The process `pact verify` runs Pact's verifier in (runner/pact/verify-worker.ts): not for people.
  program.command('__pact-verify-worker', { hidden: true }).action(async () => {
    const { runPactVerifyWorker } = await import('../pact/verify-worker.ts');
    await runPactVerifyWorker();
  });

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
  // The command's own output streams: a reader that goes away (`| head`) ends the output, not the command.
  tolerateClosedOutput(process.stdout);
  tolerateClosedOutput(process.stderr);
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
