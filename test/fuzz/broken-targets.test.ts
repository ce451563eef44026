/**
 * `settlekit fuzz` against deliberately broken targets (test/helpers/broken-targets.ts), one or more per API, whose
 * bugs the bundled suites do not catch: for each, `settlekit run` of its suite passes; a fixed-seed fuzz finds the bug
 * within a stated number of runs, names the rule it breaks and shrinks it to a stated small number of steps; and the
 * scenario it writes loads with `settlekit validate`, passes on the reference simulator and fails on the target with
 * `settlekit run --scenarios`.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runFuzz } from '../../runner/fuzz/run-fuzz.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { runConformance } from '../../runner/run-conformance.ts';
import * as broken from '../helpers/broken-targets.ts';
import { runCli } from '../helpers/cli.ts';
import { ROOT } from '../helpers/suite-run.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'settlekit-fuzz-broken-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

interface Case {
  readonly name: string;
  readonly start: () => Promise<broken.BrokenTarget>;
  readonly suite: string;
  readonly race?: boolean;
  readonly seed: number;
  /** Found within this many runs… */
  readonly runs: number;
  /** …and shrunk to at most this many steps. */
  readonly steps: number;
  readonly rule: string;
}

const CASES: readonly Case[] = [
  { name: 'Braintree: the over-amount check forgets settled children', start: broken.startSettledChildrenForgotten, suite: 'braintree', seed: 1, runs: 200, steps: 5, rule: 'BT-PS-05' },
  { name: 'Braintree: a check-then-act race on the last (small) settlement', start: broken.startSmallSettlementRace, suite: 'braintree', race: true, seed: 1, runs: 200, steps: 4, rule: 'BT-PS-05' },
  { name: 'Worldpay Payments: partial refunds are taken off what is left to settle', start: broken.startRefundsShrinkSettlement, suite: 'worldpay-payments', seed: 4, runs: 200, steps: 4, rule: 'WP-PS-03' },
  { name: 'Split Payments: item refunds checked against the latest settlement', start: broken.startRefundAgainstLatestSettlement, suite: 'worldpay-split-payments', seed: 4, runs: 200, steps: 5, rule: 'SP-FF-01' },
];

for (const c of CASES) {
  describe(c.name, () => {
    let target: broken.BrokenTarget;
    beforeAll(async () => {
      target = await c.start();
    });
    afterAll(async () => {
      await target.close();
    });

    it('passes the bundled suite', async () => {
      const { report, exitCode } = await runConformance({ target: target.url, suites: [c.suite], reporters: [], outputDir: join(out, `${c.suite}-run`) });
      expect(report.scenarios.filter((s) => s.status === 'failed' || s.status === 'errored').map((s) => `${s.id}: ${s.reason}`)).toEqual([]);
      expect(report.scenarios.filter((s) => s.status === 'passed').length).toBeGreaterThan(10);
      expect(exitCode).toBe(0);
    }, 120_000);

    it(`is found by settlekit fuzz${c.race ? ' --race' : ''} --seed ${c.seed} within ${c.runs} runs, shrunk to at most ${c.steps} steps, and the scenario reproduces it`, async () => {
      const dir = join(out, `${c.suite}${c.race ? '-race' : ''}`);
      const outcome = await runFuzz({ target: target.url, suites: [c.suite], seed: c.seed, runs: c.runs, race: c.race ?? false, outputDir: dir });
      expect(outcome.exitCode).toBe(1);
      const [result] = outcome.suites;
      const finding = result?.finding;
      expect(finding, 'a divergence').toBeDefined();
      if (!finding || !result?.written) return;
      expect(finding.run).toBeLessThanOrEqual(c.runs);
      expect(finding.reproduced).toBe(true);
      expect(finding.outcome.steps.length).toBeLessThanOrEqual(c.steps);
      expect(finding.outcome.steps.length).toBeLessThanOrEqual(finding.originalSteps);
      expect(finding.outcome.difference?.rules).toContain(c.rule);
      expect(finding.outcome.difference?.level).toBe('MUST');
      if (c.race) expect(finding.outcome.steps.at(-1)?.step.repeat).toBeGreaterThan(1);

      // The file: an ordinary scenario of the suite, under found-by-fuzz, with the seed and the commands in a comment.
      const text = await readFile(result.written.file, 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=.*scenario\.schema\.json$/m);
      expect(text).toContain(`with seed ${c.seed}:`);
      expect(text).toContain(`settlekit fuzz --suite ${c.suite} --seed ${c.seed} --runs ${c.runs}`);
      expect(text).toContain(`settlekit run --scenarios`);
      const scenario = YAML.parse(text) as { id: string; tags: string[]; rules: string[]; steps: unknown[] };
      expect(scenario.id).toBe(`${c.suite}/found-by-fuzz/seed-${c.seed}-run-${finding.run}`);
      expect(scenario.tags).toEqual(['found-by-fuzz']);
      expect(scenario.rules).toContain(c.rule);
      expect(scenario.steps).toHaveLength(finding.outcome.steps.length);
      expect((await readdir(dir)).sort()).toEqual(['fuzz-report.json', c.suite].sort());

      const validate = await runCli(['validate', '--scenarios', dir], { cwd: ROOT });
      expect(validate.stderr).toBe('');
      expect(validate.code).toBe(0);
      const onSimulator = await runCli(['run', '--scenarios', dir, '--reporter', 'json', '--output', join(dir, 'sim')], { cwd: ROOT });
      expect(onSimulator.code, onSimulator.stdout + onSimulator.stderr).toBe(0);
      const onTarget = await runCli(['run', '--scenarios', dir, '--target', target.url, '--reporter', 'json', '--output', join(dir, 'target')], { cwd: ROOT });
      expect(onTarget.code, onTarget.stdout + onTarget.stderr).toBe(1);
      const report = JSON.parse(await readFile(join(dir, 'target', 'report.json'), 'utf8')) as RunReport;
      expect(report.scenarios.map((s) => [s.id, s.status])).toEqual([[scenario.id, 'failed']]);
      const failedStep = report.scenarios[0]?.steps.findIndex((s) => s.status === 'failed');
      expect(failedStep).toBe(finding.outcome.steps.length - 1);
      expect(report.rules.filter((r) => r.status === 'failed').map((r) => r.id)).toContain(c.rule);
    }, 180_000);
  });
}
