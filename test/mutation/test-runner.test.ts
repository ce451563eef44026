/**
 * settlekit's Stryker test runner (scripts/mutation/test-runner.ts), through its real code path but without Stryker: a
 * sandbox (a temp copy of simulator/ and lib/, as Stryker makes one) whose transactions.ts carries hand-made
 * instrumentation in Stryker's own style — a coverage call and a switch on `__stryker__.activeMutant` — around one
 * check a bundled scenario pins. The unmutated runner must report that mutant killed by that scenario, a mutant the
 * code does not hold survived, a simulator that cannot load every test failed, and the coverage of the dry run per
 * scenario.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrykerOptions } from '@stryker-mutator/api/core';
import type { Logger } from '@stryker-mutator/api/logging';
import { DryRunStatus, MutantRunStatus, TestStatus, type MutantRunOptions } from '@stryker-mutator/api/test-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../runner/paths.ts';
import type { SettlekitMutationOptions } from '../../scripts/mutation/options.ts';
import { SETTLEMENT_ADJUSTMENT_PERCENT, SettlekitTestRunner } from '../../scripts/mutation/test-runner.ts';

/** Pins BT-RF-05 (MUST): refunding a child still submitted_for_settlement is refused with 91506. */
const PINNING = 'braintree/refunds/child-refund-submitted-for-settlement';
/** Runs only where the merchant has settlement adjustment (the BT-PS-05 exception): it settles 100.01 of 100.00. */
const ADJUSTED = 'braintree/over-amount/settlement-adjustment';
/** Reaches no Braintree refund code. */
const UNRELATED = 'worldpay-payments/lifecycle/authorize';

/** The check PINNING depends on, in simulator/models/braintree/transactions.ts. */
const ORIGINAL = "if (tx.status !== 'settled') return validation(E.CannotRefundUnlessSettled);";
/**
 * The same check instrumented as Stryker does (a coverage call, then the mutant `1` — the condition replaced by
 * `false` — behind a switch), and a mutant `3` that makes the module throw when it loads, activated statically.
 */
const INSTRUMENTED =
  "if ((__settlekitCov('1'), (globalThis as any).__stryker__?.activeMutant === '1' ? false : tx.status !== 'settled')) return validation(E.CannotRefundUnlessSettled);";
const PRELUDE = [
  'function __settlekitCov(id: string): void {',
  '  const ns = (globalThis as any).__stryker__;',
  '  const coverage = ns?.mutantCoverage;',
  '  if (!coverage) return;',
  '  const bucket = ns.currentTestId === undefined ? coverage.static : (coverage.perTest[ns.currentTestId] ??= {});',
  '  bucket[id] = (bucket[id] ?? 0) + 1;',
  '}',
  "if ((globalThis as any).__stryker__?.activeMutant === '3') throw new Error('mutant 3 breaks the module');",
  '',
].join('\n');

const silent: Logger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
};

function runnerFor(settlekit: SettlekitMutationOptions): SettlekitTestRunner {
  return new SettlekitTestRunner(silent, { settlekit } as unknown as StrykerOptions);
}

function mutantRun(id: string, overrides: Partial<MutantRunOptions> = {}): MutantRunOptions {
  return {
    activeMutant: {
      id,
      fileName: 'simulator/models/braintree/transactions.ts',
      mutatorName: 'ConditionalExpression',
      replacement: 'false',
      location: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } },
    },
    sandboxFileName: 'simulator/models/braintree/transactions.ts',
    mutantActivation: 'runtime',
    reloadEnvironment: false,
    timeout: 10_000,
    disableBail: false,
    ...overrides,
  };
}

let sandbox: string;
let runner: SettlekitTestRunner;

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), 'settlekit-mutation-sandbox-'));
  for (const part of ['simulator', 'lib', 'package.json']) cpSync(join(KIT_ROOT, part), join(sandbox, part), { recursive: true });
  symlinkSync(join(KIT_ROOT, 'node_modules'), join(sandbox, 'node_modules'), 'dir');
  const file = join(sandbox, 'simulator/models/braintree/transactions.ts');
  const source = readFileSync(file, 'utf8');
  // The hand-made mutant must land exactly once, or the test would prove nothing.
  expect(source.split(ORIGINAL)).toHaveLength(2);
  const importsEnd = source.indexOf('\n', source.lastIndexOf("\nimport ") + 1) + 1;
  writeFileSync(file, source.slice(0, importsEnd) + PRELUDE + source.slice(importsEnd).replace(ORIGINAL, INSTRUMENTED));
  runner = runnerFor({ kitRoot: KIT_ROOT, sandbox, ids: [PINNING, UNRELATED] });
  await runner.init();
});

afterAll(async () => {
  await runner?.dispose();
  if (sandbox) rmSync(sandbox, { recursive: true, force: true });
});

describe('settlekit test runner', () => {
  it('passes every scenario against the unmutated sandbox and records which scenario reaches the mutant', async () => {
    const result = await runner.dryRun({ coverageAnalysis: 'perTest', timeout: 30_000, disableBail: false });
    expect(result.status).toBe(DryRunStatus.Complete);
    if (result.status !== DryRunStatus.Complete) return;
    expect(result.tests.map((t) => [t.id, t.status])).toEqual([
      [PINNING, TestStatus.Success],
      [UNRELATED, TestStatus.Success],
    ]);
    expect(result.tests[0]?.name).toBe(`${PINNING} [MUST]`);
    expect(result.mutantCoverage?.perTest[PINNING]?.['1']).toBeGreaterThan(0);
    expect(result.mutantCoverage?.perTest[UNRELATED]?.['1']).toBeUndefined();
  });

  it('reports the mutant killed by the scenario that pins it, at the level of its rules', async () => {
    const result = await runner.mutantRun(mutantRun('1', { testFilter: [PINNING] }));
    expect(result.status).toBe(MutantRunStatus.Killed);
    if (result.status !== MutantRunStatus.Killed) return;
    expect(result.killedBy).toEqual([PINNING]);
    expect(result.failureMessage).toMatch(new RegExp(`^MUST: ${PINNING}: `));
  });

  it('reports a mutant survived when the sandbox runs unchanged (no such mutant in the code)', async () => {
    const result = await runner.mutantRun(mutantRun('2', { testFilter: [PINNING, UNRELATED] }));
    expect(result).toEqual({ status: MutantRunStatus.Survived, nrOfTests: 2 });
  });

  it('the mutant survives the scenarios that do not reach it', async () => {
    const result = await runner.mutantRun(mutantRun('1', { testFilter: [UNRELATED] }));
    expect(result.status).toBe(MutantRunStatus.Survived);
  });

  it('reloads the simulator for a static mutant, and fails every test when it cannot load', async () => {
    const broken = await runner.mutantRun(mutantRun('3', { mutantActivation: 'static', testFilter: [PINNING, UNRELATED] }));
    expect(broken.status).toBe(MutantRunStatus.Killed);
    if (broken.status !== MutantRunStatus.Killed) return;
    expect(broken.killedBy).toEqual([PINNING, UNRELATED]);
    expect(broken.failureMessage).toContain('the simulator did not start: mutant 3 breaks the module');
    // The next mutant loads a working simulator again.
    const after = await runner.mutantRun(mutantRun('1', { testFilter: [PINNING] }));
    expect(after.status).toBe(MutantRunStatus.Killed);
  });

  it('plays a scenario the default profile skips for want of settlement adjustment against a simulator with it, and judges it', async () => {
    // The simulator as settlekit simulate starts it refuses the cent over the authorization this scenario settles:
    // it passes only against the second configuration.
    const adjusting = runnerFor({ kitRoot: KIT_ROOT, sandbox, ids: [ADJUSTED] });
    await adjusting.init();
    try {
      const result = await adjusting.dryRun({ coverageAnalysis: 'perTest', timeout: 30_000, disableBail: false });
      expect(result.status).toBe(DryRunStatus.Complete);
      if (result.status !== DryRunStatus.Complete) return;
      expect(result.tests.map((t) => [t.id, t.status, t.name])).toEqual([[ADJUSTED, TestStatus.Success, `${ADJUSTED} [MUST] (settlement adjustment ${SETTLEMENT_ADJUSTMENT_PERCENT}%)`]]);
      expect(await adjusting.mutantRun(mutantRun('2', { testFilter: [ADJUSTED] }))).toEqual({ status: MutantRunStatus.Survived, nrOfTests: 1 });
    } finally {
      await adjusting.dispose();
    }
  });

  it('in fuzz mode, a mutant the planned scenarios miss is killed by the fixed-seed fuzz of its suite, its reference simulator unmutated', async () => {
    const fuzzing = runnerFor({ kitRoot: KIT_ROOT, sandbox, ids: [UNRELATED], fuzz: { seed: 1, runs: 60 } });
    await fuzzing.init();
    try {
      const dry = await fuzzing.dryRun({ coverageAnalysis: 'perTest', timeout: 60_000, disableBail: false });
      expect(dry.status).toBe(DryRunStatus.Complete);
      if (dry.status !== DryRunStatus.Complete) return;
      // The unmutated sandbox: the fuzz finds nothing (the same simulator on both sides).
      expect(dry.tests.filter((t) => t.id.startsWith('fuzz:')).map((t) => [t.id, t.status])).toEqual([
        ['fuzz:braintree', TestStatus.Success],
        ['fuzz:worldpay-payments', TestStatus.Success],
        ['fuzz:worldpay-split-payments', TestStatus.Success],
      ]);
      // Refunds that are not settled are accepted by the mutant: the scenario misses it, the Braintree fuzz does not.
      const result = await fuzzing.mutantRun(mutantRun('1', { testFilter: [UNRELATED, 'fuzz:braintree'] }));
      expect(result.status).toBe(MutantRunStatus.Killed);
      if (result.status !== MutantRunStatus.Killed) return;
      expect(result.killedBy).toEqual(['fuzz:braintree']);
      expect(result.failureMessage).toMatch(/^MUST: fuzz:braintree: the fuzzer diverged from the reference simulator \(.*BT-RF-/);
    } finally {
      await fuzzing.dispose();
    }
  }, 120_000);

  it('refuses to judge with the sandbox’s own copy of the runner, and a focused plan naming an unknown scenario', async () => {
    await expect(runnerFor({ kitRoot: sandbox, sandbox }).init()).rejects.toThrow(/is the sandbox/);
    await expect(runnerFor({ kitRoot: KIT_ROOT, sandbox, ids: ['braintree/no-such-scenario'] }).init()).rejects.toThrow(/no bundled scenario braintree\/no-such-scenario/);
  });
});
