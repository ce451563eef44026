/**
 * settlekit's Stryker test runner: the bundled suites (and, in fuzz mode, a fixed-seed `settlekit fuzz`) as the tests
 * of the reference simulator's vendor models and generic ledger.
 *
 * One long-lived worker process holds two separate copies of the kit:
 * - the **runner**, imported from the real checkout (`kitRoot`), never instrumented: it loads the suites, sends the
 *   requests, judges the answers — and, in fuzz mode, runs the fuzzer, whose oracle is the real checkout's unmutated
 *   simulator;
 * - the **target**, the sandbox's instrumented simulator (`<sandbox>/simulator/index.ts`), loaded through tsx's
 *   `tsImport` into a module graph of its own, started on a loopback port for each run and driven over HTTP only.
 *
 * Each scenario is one test (and each fuzzed suite, in fuzz mode): the dry run plays them one at a time, so Stryker's
 * per-test coverage knows which scenarios reach each mutant, and a mutant run plays only those, against a fresh
 * simulator with the mutant active (and the scenarios the default profile skips for want of settlement adjustment
 * against a second one whose merchant accounts have it). A mutant is killed when any of them fails or errors — the
 * run against it is not clean; each failure names the strongest rule level it breaks (MUST: the run is not conformant; SHOULD: not under
 * `--strict`; INFO: reported only), which the summary (./summary.ts) counts apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTRUMENTER_CONSTANTS, type InstrumenterContext, type StrykerOptions } from '@stryker-mutator/api/core';
import type { Logger } from '@stryker-mutator/api/logging';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import {
  determineHitLimitReached,
  DryRunStatus,
  MutantRunStatus,
  TestStatus,
  type DryRunOptions,
  type DryRunResult,
  type MutantRunOptions,
  type MutantRunResult,
  type TestResult,
  type TestRunner,
  type TestRunnerCapabilities,
} from '@stryker-mutator/api/test-runner';
import type { ScenarioResult } from '../../runner/model/report.ts';
import type { RuleLevel } from '../../runner/model/scenario.ts';
import type * as RunnerApi from '../../runner/index.ts';
import type * as FuzzApi from '../../runner/fuzz/index.ts';
import type * as SimulatorApi from '../../simulator/index.ts';
import { levelRank, strongestLevel } from '../../lib/rule-levels.ts';
import { FUZZ_TEST_PREFIX, killReason, type SettlekitMutationOptions } from './options.ts';

/** The id under which coverage of making and starting a simulator is collected, then credited to every test. */
const SETUP_TEST_ID = '__settlekit_setup__';

/** One test: a scenario of the bundled suites, or one suite's fixed-seed fuzz run. */
interface PlannedTest {
  readonly id: string;
  /** The id and the level, e.g. `braintree/void/settlement-pending-parent [MUST]`. */
  readonly name: string;
  /** Scenario tests: the strongest level of the rules the scenario checks (a failure fails them all). */
  readonly level?: RuleLevel;
  /** Set for a scenario the default profile cannot run (a capability the simulator lacks). */
  readonly skipReason?: string;
  /** A scenario that moves state every payment shares (the clock, a reset): the runner plays it alone. */
  readonly exclusive?: boolean;
  /**
   * A scenario the default profile skips for want of Braintree settlement adjustment: it is played against a
   * simulator of merchant accounts with {@link SETTLEMENT_ADJUSTMENT_PERCENT}% of it (`settlekit simulate
   * --settlement-adjustment`), with a profile declaring the capability.
   */
  readonly adjusted?: boolean;
  /** Fuzz tests: the suite fuzzed. */
  readonly fuzzSuite?: string;
}

/** A test that failed: its id, the rule level it broke and why. */
interface Failure {
  readonly id: string;
  readonly level: RuleLevel;
  readonly message: string;
}

/** The sandbox's simulator module, in a module graph of its own. */
type SimulatorModule = Pick<typeof SimulatorApi, 'createSimulator' | 'DEFAULT_MERCHANT_ACCOUNTS'>;

/** The settlement adjustment of the second configuration (any percentage would do: the scenario settles one cent over). */
export const SETTLEMENT_ADJUSTMENT_PERCENT = 10;

/** The capability the second configuration adds to the default profile. */
const ADJUSTMENT_CAPABILITY = 'settlement-adjustment';

/** Stryker's instrumenter context on `globalThis` (`__stryker__`), shared with the instrumented code. */
function strykerContext(): InstrumenterContext {
  const global = globalThis as Record<string, unknown>;
  const existing = global[INSTRUMENTER_CONSTANTS.NAMESPACE] as InstrumenterContext | undefined;
  if (existing) return existing;
  const created: InstrumenterContext = {};
  global[INSTRUMENTER_CONSTANTS.NAMESPACE] = created;
  return created;
}

/** The Stryker test runner `settlekit` (see the module comment). */
export class SettlekitTestRunner implements TestRunner {
  static inject = tokens(commonTokens.logger, commonTokens.options);

  readonly #log: Logger;
  readonly #options: SettlekitMutationOptions;
  readonly #sandbox: string;
  #runner: typeof RunnerApi | undefined;
  #fuzz: typeof FuzzApi | undefined;
  #tests: readonly PlannedTest[] = [];
  #simulator: SimulatorModule | undefined;
  #scratch: string | undefined;

  constructor(log: Logger, options: StrykerOptions) {
    this.#log = log;
    const own = (options as StrykerOptions & { settlekit?: SettlekitMutationOptions }).settlekit;
    if (!own?.kitRoot) throw new Error('settlekit test runner: the "settlekit.kitRoot" option (the real checkout) is required');
    this.#options = own;
    this.#sandbox = resolve(own.sandbox ?? process.cwd());
  }

  /** The environment cannot be reloaded in place for every mutant, but a fresh module graph of the simulator can be loaded. */
  capabilities(): TestRunnerCapabilities {
    return { reloadEnvironment: true };
  }

  /** Loads the unmutated runner from the real checkout and plans the tests. */
  async init(): Promise<void> {
    const kitRoot = resolve(this.#options.kitRoot);
    // The runner must never be the sandbox's copy: it would judge with mutated code (and the oracle would be mutated).
    if (kitRoot === this.#sandbox || `${kitRoot}${sep}`.startsWith(`${this.#sandbox}${sep}`)) {
      throw new Error(`settlekit test runner: kitRoot ${kitRoot} is the sandbox; the runner must come from the real checkout`);
    }
    this.#runner = (await import(pathToFileURL(join(kitRoot, 'runner/index.ts')).href)) as typeof RunnerApi;
    if (this.#options.fuzz) this.#fuzz = (await import(pathToFileURL(join(kitRoot, 'runner/fuzz/index.ts')).href)) as typeof FuzzApi;
    const { KIT_ROOT } = (await import(pathToFileURL(join(kitRoot, 'runner/paths.ts')).href)) as { KIT_ROOT: string };
    if (resolve(KIT_ROOT) !== kitRoot) throw new Error(`settlekit test runner: the runner at ${kitRoot} resolves its kit at ${KIT_ROOT}`);
    this.#tests = await this.#plan();
    this.#log.debug(`settlekit test runner: ${this.#tests.length} tests, runner from ${kitRoot}, simulator from ${this.#sandbox}`);
    this.#scratch = mkdtempSync(join(tmpdir(), 'settlekit-mutation-'));
  }

  /** Plays every test once, alone, with the unmutated (but instrumented) simulator, collecting per-test coverage. */
  async dryRun(options: DryRunOptions): Promise<DryRunResult> {
    const ns = strykerContext();
    ns.activeMutant = undefined;
    ns.currentTestId = undefined;
    ns.mutantCoverage = { static: {}, perTest: {} };
    // Loading the simulator's modules runs their top-level code: Stryker's "static" coverage.
    this.#simulator = await this.#loadSimulator();
    const perTest = options.coverageAnalysis === 'perTest';
    const results: TestResult[] = [];
    ns.currentTestId = perTest ? SETUP_TEST_ID : undefined;
    const targets = await this.#startBoth();
    ns.currentTestId = undefined;
    try {
      for (const test of this.#tests) {
        if (test.skipReason) {
          results.push({ id: test.id, name: test.name, status: TestStatus.Skipped, timeSpentMs: 0 });
          continue;
        }
        const started = performance.now();
        ns.currentTestId = perTest ? test.id : undefined;
        let failures: readonly Failure[];
        try {
          failures = await this.#play([test], test.adjusted ? targets.adjusted.url : targets.plain.url, 1);
        } finally {
          ns.currentTestId = undefined;
        }
        const timeSpentMs = Math.round(performance.now() - started);
        const failure = failures[0];
        results.push(
          failure
            ? { id: test.id, name: test.name, status: TestStatus.Failed, failureMessage: failure.message, timeSpentMs }
            : { id: test.id, name: test.name, status: TestStatus.Success, timeSpentMs },
        );
      }
    } finally {
      await targets.close();
    }
    const coverage = ns.mutantCoverage ?? { static: {}, perTest: {} };
    // Every mutant run starts a fresh simulator: what making it covered, every test covers.
    const setup = coverage.perTest[SETUP_TEST_ID] ?? {};
    delete coverage.perTest[SETUP_TEST_ID];
    for (const test of this.#tests) {
      if (test.skipReason) continue;
      const own = (coverage.perTest[test.id] ??= {});
      for (const [mutant, hits] of Object.entries(setup)) own[mutant] = (own[mutant] ?? 0) + hits;
    }
    return { status: DryRunStatus.Complete, tests: results, mutantCoverage: coverage };
  }

  /** Plays the tests that reach the mutant (all of them for a static mutant) against a fresh simulator with it active. */
  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const ns = strykerContext();
    const mutantId = options.activeMutant.id;
    const filter = options.testFilter ? new Set(options.testFilter) : undefined;
    const tests = this.#tests.filter((t) => !t.skipReason && (!filter || filter.has(t.id)));
    ns.currentTestId = undefined;
    ns.hitCount = 0;
    ns.hitLimit = options.hitLimit;
    let failures: readonly Failure[];
    try {
      if (options.mutantActivation === 'static' || options.reloadEnvironment || !this.#simulator) {
        // A static mutant is in code that runs when the modules load: a fresh copy of them, loaded with it active.
        this.#simulator = undefined;
        ns.activeMutant = options.mutantActivation === 'static' ? mutantId : undefined;
        this.#simulator = await this.#loadSimulator();
      }
      ns.activeMutant = mutantId;
      const targets = await this.#startBoth();
      try {
        // Cheapest first, stopping once a MUST rule fails (the run is not conformant; Stryker needs no more): the
        // scenarios that run concurrently, then those a run plays alone, one after the other (the clock, a reset),
        // then — only for a mutant the suites did not notice — the fuzz.
        // The few scenarios of the settlement-adjustment configuration go last, against its own simulator.
        const url = targets.plain.url;
        const concurrent = tests.filter((t) => t.fuzzSuite === undefined && !t.exclusive && !t.adjusted);
        const alone = tests.filter((t) => t.fuzzSuite === undefined && t.exclusive && !t.adjusted);
        const adjusted = tests.filter((t) => t.adjusted);
        const fuzzed = tests.filter((t) => t.fuzzSuite !== undefined);
        const bail = !options.disableBail;
        const mustFailed = (): boolean => bail && failures.some((f) => f.level === 'MUST');
        failures = await this.#play(concurrent, url, this.#options.concurrency ?? 4);
        if (!mustFailed()) failures = [...failures, ...(await this.#play(alone, url, 1))];
        if (!mustFailed()) failures = [...failures, ...(await this.#play(adjusted, targets.adjusted.url, 1))];
        if (failures.length === 0 && fuzzed.length > 0) failures = await this.#play(fuzzed, url, 1);
      } finally {
        await targets.close();
      }
    } catch (error) {
      // A mutant may break the simulator before it serves anything (its modules or its constructor throw): a
      // `settlekit simulate` of it would not start, so every scenario fails.
      failures = tests.map((t) => ({ id: t.id, level: t.level ?? 'MUST', message: `the simulator did not start: ${error instanceof Error ? error.message : String(error)}` }));
    } finally {
      ns.activeMutant = undefined;
    }
    const hitLimit = determineHitLimitReached(ns.hitCount, ns.hitLimit);
    ns.hitLimit = undefined;
    if (hitLimit) return { status: MutantRunStatus.Timeout, ...(hitLimit.reason ? { reason: hitLimit.reason } : {}) };
    if (failures.length === 0) return { status: MutantRunStatus.Survived, nrOfTests: tests.length };
    const strongest = [...failures].sort((a, b) => levelRank(a.level) - levelRank(b.level))[0] as Failure;
    return {
      status: MutantRunStatus.Killed,
      killedBy: failures.map((f) => f.id),
      failureMessage: killReason(strongest.level, strongest.id, strongest.message),
      nrOfTests: tests.length,
    };
  }

  /** Removes the scratch folder of the fuzz runs. */
  async dispose(): Promise<void> {
    if (this.#scratch) rmSync(this.#scratch, { recursive: true, force: true });
  }

  /** The tests: every scenario of the bundled suites the default profile plans, then (fuzz mode) one per fuzzed suite. */
  async #plan(): Promise<PlannedTest[]> {
    const runner = this.#need(this.#runner);
    const { BUNDLED_SCENARIOS_DIR } = (await import(pathToFileURL(join(resolve(this.#options.kitRoot), 'runner/paths.ts')).href)) as { BUNDLED_SCENARIOS_DIR: string };
    const project = await runner.loadProject(BUNDLED_SCENARIOS_DIR);
    const ids = this.#options.ids;
    const capabilities = runner.DEFAULT_PROFILE.capabilities ?? [];
    const planned = runner.planScenarios(project.suites, ids ? { ids } : {}, new Set(capabilities));
    // What the default profile skips for want of settlement adjustment, the second configuration runs.
    const withAdjustment = new Map(
      runner
        .planScenarios(project.suites, ids ? { ids } : {}, new Set([...capabilities, ADJUSTMENT_CAPABILITY]))
        .filter((p) => !p.skipReason)
        .map((p) => [p.scenario.id, p] as const),
    );
    // A focused plan that silently lost a scenario would let a mutant survive for want of its test.
    const missing = (ids ?? []).filter((id) => !planned.some((p) => p.scenario.id === id));
    if (missing.length > 0) throw new Error(`settlekit test runner: no bundled scenario ${missing.join(', ')}`);
    const levels = new Map(project.suites.flatMap((s) => s.rules.map((r) => [r.id, r.level] as const)));
    const tests: PlannedTest[] = planned.map(({ scenario, skipReason, exclusive }) => {
      const level = strongestLevel([...scenario.rules, ...scenario.steps.flatMap((s) => s.rules)].map((id) => levels.get(id) ?? 'INFO'), 'INFO');
      const adjusted = skipReason !== undefined && withAdjustment.has(scenario.id);
      const name = `${scenario.id} [${level}]${adjusted ? ` (settlement adjustment ${SETTLEMENT_ADJUSTMENT_PERCENT}%)` : ''}`;
      if (adjusted) return { id: scenario.id, name, level, exclusive: withAdjustment.get(scenario.id)?.exclusive ?? exclusive, adjusted };
      return { id: scenario.id, name, level, exclusive, ...(skipReason ? { skipReason } : {}) };
    });
    if (this.#options.fuzz) {
      const models = this.#need(this.#fuzz).COMMAND_MODELS as Readonly<Record<string, unknown>>;
      for (const suite of project.suites) {
        if (Object.hasOwn(models, suite.id)) tests.push({ id: `${FUZZ_TEST_PREFIX}${suite.id}`, name: `${FUZZ_TEST_PREFIX}${suite.id}`, fuzzSuite: suite.id });
      }
    }
    return tests;
  }

  /** Plays tests against the simulator at `url`: scenarios through `runConformance`, fuzz tests through `runFuzz`. */
  async #play(tests: readonly PlannedTest[], url: string, concurrency: number): Promise<Failure[]> {
    const scenarios = tests.filter((t) => t.fuzzSuite === undefined);
    const failures: Failure[] = [];
    if (scenarios.length > 0) {
      const byId = new Map(scenarios.map((t) => [t.id, t]));
      const runner = this.#need(this.#runner);
      // Tests are played by configuration: one adjusted test means all are (see mutantRun).
      const adjusted = scenarios.some((t) => t.adjusted);
      const defaults = runner.DEFAULT_PROFILE;
      const outcome = await runner.runConformance({
        target: url,
        ...(adjusted ? { profileObject: { ...defaults, capabilities: [...(defaults.capabilities ?? []), ADJUSTMENT_CAPABILITY] } } : {}),
        ids: scenarios.map((t) => t.id),
        reporters: [],
        outputDir: this.#scratch ?? tmpdir(),
        concurrency,
        timeoutMs: this.#options.timeoutMs ?? 5_000,
      });
      for (const result of outcome.report.scenarios) {
        if (result.status !== 'failed' && result.status !== 'errored') continue;
        failures.push({ id: result.id, level: byId.get(result.id)?.level ?? 'MUST', message: scenarioFailure(result) });
      }
    }
    const fuzz = this.#options.fuzz;
    for (const test of tests) {
      if (test.fuzzSuite === undefined || !fuzz) continue;
      const outcome = await this.#need(this.#fuzz).runFuzz({
        target: url,
        suites: [test.fuzzSuite],
        seed: fuzz.seed,
        runs: fuzz.runs,
        ...(fuzz.maxSteps !== undefined ? { maxSteps: fuzz.maxSteps } : {}),
        // Whether it diverges is all a mutant run needs: no shrinking.
        maxShrinks: 0,
        outputDir: join(this.#scratch ?? tmpdir(), 'fuzz'),
        timeoutMs: this.#options.timeoutMs ?? 5_000,
      });
      const found = fuzzFailure(test.id, outcome.suites);
      if (found) failures.push(found);
    }
    return failures;
  }

  /**
   * Two fresh simulators from the sandbox's current module graph, each on a free loopback port: as `settlekit
   * simulate` starts it, and with `--settlement-adjustment`.
   */
  async #startBoth(): Promise<{ readonly plain: { readonly url: string }; readonly adjusted: { readonly url: string }; close(): Promise<void> }> {
    const module = this.#need(this.#simulator);
    const plain = module.createSimulator();
    const adjusted = module.createSimulator({
      merchantAccounts: module.DEFAULT_MERCHANT_ACCOUNTS.map((account) => ({ ...account, settlementAdjustmentPercent: SETTLEMENT_ADJUSTMENT_PERCENT })),
    });
    try {
      const [plainUrl, adjustedUrl] = await Promise.all([plain.listen(0, '127.0.0.1'), adjusted.listen(0, '127.0.0.1')]);
      return { plain: { url: plainUrl }, adjusted: { url: adjustedUrl }, close: async () => void (await Promise.all([plain.close(), adjusted.close()])) };
    } catch (error) {
      await Promise.allSettled([plain.close(), adjusted.close()]);
      throw error;
    }
  }

  /** The sandbox's simulator in a module graph of its own (tsx's `tsImport`: every call a fresh namespace). */
  async #loadSimulator(): Promise<SimulatorModule> {
    const { tsImport } = (await import('tsx/esm/api')) as { tsImport: (specifier: string, parent: string) => Promise<unknown> };
    const entry = join(this.#sandbox, 'simulator', 'index.ts');
    const loaded = (await tsImport(pathToFileURL(entry).href, import.meta.url)) as SimulatorModule;
    if (typeof loaded.createSimulator !== 'function') throw new Error(`settlekit test runner: ${entry} exports no createSimulator`);
    return loaded;
  }

  #need<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('settlekit test runner: init() has not run');
    return value;
  }
}

/** One line on why a scenario failed: its first failed step and assertion (or error). */
function scenarioFailure(result: ScenarioResult): string {
  return result.reason ?? `${result.status}`;
}

/** A fuzz test's failure: a divergence (MUST/SHOULD) or an INFO difference, which the unmutated simulator never shows. */
function fuzzFailure(id: string, suites: readonly FuzzApi.SuiteFuzzResult[]): Failure | undefined {
  for (const suite of suites) {
    const difference = suite.finding?.outcome.difference;
    if (difference) return { id, level: difference.level, message: `the fuzzer diverged from the reference simulator (${difference.rules.join(', ') || 'uncatalogued'})` };
    const info = suite.infos[0];
    if (info) return { id, level: 'INFO', message: `the fuzzer found an INFO difference (${info.key})` };
  }
  return undefined;
}

/** The plugins this module gives Stryker. */
export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'settlekit', SettlekitTestRunner)];

/** The options Stryker accepts for this plugin (so it does not warn about `settlekit`). */
export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  properties: {
    settlekit: {
      type: 'object',
      description: "settlekit's test runner: the real checkout the runner is loaded from, and the fuzz mode",
      additionalProperties: true,
    },
  },
};
