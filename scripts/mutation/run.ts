/**
 * `npm run mutation`: Stryker over the reference simulator's generic ledger and vendor models, with the bundled suites
 * as the test (./test-runner.ts), then the score per file printed and, for a whole run, written to bench/mutation.md.
 *
 *   npm run mutation                          the suites alone
 *   npm run mutation -- --fuzz                the suites, then a fixed-seed fuzz of each mutant they did not kill
 *   npm run mutation -- --mutate simulator/ledger/payment-ledger.ts:160:9-160:70   one range (a mutant to check)
 *
 * Options: `--fuzz`, `--fuzz-seed <n>` (default 1), `--fuzz-runs <n>` (default 60), `--concurrency <n>` (Stryker
 * workers, default 1), `--mutate <glob|file:line:col-line:col>` (repeatable; a partial run leaves bench/mutation.md
 * alone), `--log-level <level>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { PartialStrykerOptions } from '@stryker-mutator/api/core';
import { Stryker } from '@stryker-mutator/core';
import { KIT_ROOT } from '../../runner/paths.ts';
import type { SettlekitMutationOptions } from './options.ts';
import { MUTATE, REPORT_DIR, summarise, renderConsole, renderMarkdown, type MutationReport, type Baseline } from './summary.ts';

const { values } = parseArgs({
  options: {
    fuzz: { type: 'boolean', default: false },
    'fuzz-seed': { type: 'string', default: '1' },
    'fuzz-runs': { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '1' },
    mutate: { type: 'string', multiple: true },
    'log-level': { type: 'string', default: 'info' },
  },
  allowPositionals: false,
});

const positiveInteger = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`mutation: --${name} must be a positive integer, got "${text}"`);
    process.exit(2);
  }
  return n;
};

const fuzz = values.fuzz ? { seed: positiveInteger('fuzz-seed', values['fuzz-seed']), runs: positiveInteger('fuzz-runs', values['fuzz-runs']) } : undefined;
const partial = values.mutate !== undefined && values.mutate.length > 0;
const settlekit: SettlekitMutationOptions = { kitRoot: KIT_ROOT, ...(fuzz ? { fuzz } : {}) };
const require = createRequire(import.meta.url);
const tsxArgs = ['--import', pathToFileURL(require.resolve('tsx')).href];

const options: PartialStrykerOptions & { settlekit: SettlekitMutationOptions } = {
  testRunner: 'settlekit',
  plugins: [join(KIT_ROOT, 'scripts/mutation/test-runner.ts')],
  // The workers import the plugin, the runner and the sandbox's simulator as TypeScript (the checker worker, idle with
  // no checker, loads the plugin too).
  testRunnerNodeArgs: tsxArgs,
  checkerNodeArgs: tsxArgs,
  mutate: partial ? (values.mutate as string[]) : [...MUTATE],
  // The sandbox needs only what the simulator imports (package.json for "type": "module"); node_modules is linked.
  ignorePatterns: ['/*', '!/simulator', '!/lib', '!/package.json', '!/tsconfig.json', '*.test.ts'],
  coverageAnalysis: 'perTest',
  checkers: [],
  concurrency: positiveInteger('concurrency', values.concurrency),
  reporters: ['progress', 'html', 'json'],
  htmlReporter: { fileName: join(REPORT_DIR, 'index.html') },
  jsonReporter: { fileName: join(REPORT_DIR, 'mutation.json') },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 5_000,
  timeoutFactor: 2,
  logLevel: values['log-level'] as PartialStrykerOptions['logLevel'],
  fileLogLevel: 'off' as PartialStrykerOptions['fileLogLevel'],
  settlekit,
};

const started = performance.now();
await new Stryker(options).runMutationTest();
const wallMs = performance.now() - started;

const report = JSON.parse(readFileSync(join(KIT_ROOT, REPORT_DIR, 'mutation.json'), 'utf8')) as MutationReport;
const baseline = JSON.parse(readFileSync(join(KIT_ROOT, 'bench/mutation-before.json'), 'utf8')) as Baseline;
const summary = summarise(report, { fuzz: fuzz !== undefined, wallMs, baseline });
process.stdout.write(renderConsole(summary));
if (!partial) {
  const file = join(KIT_ROOT, 'bench/mutation.md');
  writeFileSync(file, renderMarkdown(summary, { command: fuzz ? `npm run mutation -- --fuzz --fuzz-seed ${fuzz.seed} --fuzz-runs ${fuzz.runs}` : 'npm run mutation' }));
  process.stdout.write(`summary written to bench/mutation.md\n`);
}
