/**
 * `settlekit fuzz` as users run it: plain lines in CI with the seed always printed and a summary, exit 1 on a
 * divergence, 0 on none, 2 on bad input; against a `settlekit simulate` process as the later mutation-testing pass
 * will run it (`--target <url> --seed S --runs N`); and the same seed finding the same divergence twice.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../../runner/fuzz/run-fuzz.ts';
import { startRefundsShrinkSettlement, type BrokenTarget } from '../helpers/broken-targets.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { ROOT } from '../helpers/suite-run.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'settlekit-fuzz-cli-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('settlekit fuzz on the command line', () => {
  let target: BrokenTarget;
  beforeAll(async () => {
    target = await startRefundsShrinkSettlement();
  });
  afterAll(async () => {
    await target.close();
  });

  it('prints the seed, plain progress lines in CI, the divergence and a summary, and exits 1', async () => {
    const dir = join(out, 'diverged');
    const run = await runCli(['fuzz', '--target', target.url, '--suite', 'worldpay-payments', '--seed', '4', '--runs', '200', '--output', dir], { cwd: ROOT, timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toContain('settlekit fuzz · seed 4 · worldpay-payments · 200 sequence(s) per suite');
    expect(run.stdout).toContain(`same run again: settlekit fuzz --suite worldpay-payments --seed 4 --runs 200 --max-steps 10 --target ${target.url}`);
    expect(run.stdout).toMatch(/^worldpay-payments: \d+\/200 sequences · \d+ steps · 0 divergence\(s\)/m);
    expect(run.stdout).toMatch(/^worldpay-payments: sequence \d+ diverged at step \d+ \(".*"\): WP-PS-01, WP-PS-03 \(MUST\) — shrinking$/m);
    expect(run.stdout).toMatch(/DIVERGED at sequence \d+: WP-PS-01, WP-PS-03 \(MUST\); shrunk from \d+ to \d+ step\(s\)/);
    expect(run.stdout).toContain('Summary · seed 4');
    expect(run.stdout).toMatch(/divergences by rule:\n {4}WP-PS-01 \(MUST\) A valid partial settlement answers 202/);
    expect(run.stdout).toMatch(/expected status 202, got 400/);
    expect(run.stdout).toContain(`replay the found scenarios: settlekit run --scenarios ${dir} --target ${target.url}`);
    expect(run.stdout).toContain('Verdict: 1 suite(s) diverged from the reference simulator (exit 1)');
    const report = JSON.parse(await readFile(join(dir, 'fuzz-report.json'), 'utf8')) as { exitCode: number; suites: { divergence?: { rules: { id: string; level: string }[]; scenario: { file: string } } }[] };
    expect(report.exitCode).toBe(1);
    expect(report.suites[0]?.divergence?.rules).toEqual([
      { id: 'WP-PS-01', level: 'MUST' },
      { id: 'WP-PS-03', level: 'MUST' },
    ]);
    expect(run.stdout).toContain(report.suites[0]?.divergence?.scenario.file ?? 'no file');
  }, 200_000);

  it('finds the same divergence with the same seed twice, and writes the same scenario', async () => {
    const fuzz = (dir: string): ReturnType<typeof runFuzz> => runFuzz({ target: target.url, suites: ['worldpay-payments'], seed: 4, runs: 200, outputDir: join(out, dir) });
    const first = await fuzz('same-1');
    const second = await fuzz('same-2');
    const finding = (o: Awaited<ReturnType<typeof fuzz>>): unknown => {
      const f = o.suites[0]?.finding;
      return f && { run: f.run, shrinks: f.shrinks, originalSteps: f.originalSteps, steps: f.outcome.steps.map((s) => [s.step.name, s.step.expect]), rules: f.outcome.difference?.rules };
    };
    expect(finding(first)).toBeDefined();
    expect(finding(second)).toEqual(finding(first));
    const file = (o: Awaited<ReturnType<typeof fuzz>>): Promise<string> => readFile(o.suites[0]?.written?.file ?? '', 'utf8');
    expect((await file(second)).replaceAll('same-2', 'same-1')).toBe(await file(first));
  }, 200_000);

  it.each([
    [['--runs', '0'], /--runs must be a positive whole number/],
    [['--suite', 'nope'], /unknown suite "nope" \(suites that can be fuzzed: braintree, worldpay-payments, worldpay-split-payments\)/],
    [['--target', 'ftp://example.test'], /the target must be an http:\/\/ or https:\/\/ URL/],
    [['--target', 'http://127.0.0.1:1', '--runs', '1'], /SETTLEKIT_E_TARGET_UNREACHABLE: cannot reach http:\/\/127\.0\.0\.1:1/],
    [['--seed', 'abc'], /--seed must be a whole number/],
  ])('exits 2 on bad input %j', async (args, message) => {
    const run = await runCli(['fuzz', ...args, '--output', join(out, 'bad')], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('picks and prints a seed when none is given, and exits 0 when nothing diverges', async () => {
    const run = await runCli(['fuzz', '--suite', 'braintree', '--runs', '5', '--output', join(out, 'seedless')], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(0);
    const seed = /settlekit fuzz · seed (\d+) ·/.exec(run.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(run.stdout).toContain(`same run again: settlekit fuzz --suite braintree --seed ${seed} --runs 5 --max-steps 10`);
    expect(run.stdout).toContain(`Summary · seed ${seed}`);
    expect(run.stdout).toContain('Verdict: no divergence from the reference simulator (exit 0)');
  });

  it('exits 2 before any sequence when --output cannot be written, saying so (it was an internal error after the search)', async () => {
    const blocked = join(out, 'a-file');
    await writeFile(blocked, 'x');
    const run = await runCli(['fuzz', '--suite', 'braintree', '--runs', '5', '--output', join(blocked, 'found')], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^SETTLEKIT_E_USAGE: cannot write the output folder ${join(blocked, 'found').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOTDIR`));
    expect(run.stderr).not.toContain('SETTLEKIT_E_INTERNAL');
    expect(run.stdout).not.toContain('sequences');
  });
});

describe('an interrupted fuzz run', () => {
  it('stops after the sequence in flight on SIGINT, writes fuzz-report.json marked interrupted, and exits 130', async () => {
    const dir = join(out, 'interrupted');
    let sent = false;
    const run = await runCli(['fuzz', '--suite', 'braintree', '--seed', '3', '--runs', '100000', '--output', dir], {
      cwd: ROOT,
      onStdout: (text, child) => {
        if (!sent && /braintree: \d+\/100000 sequences/.test(text)) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('SIGINT: stopping after the sequence in flight');
    expect(run.stdout).toContain('Verdict: interrupted (exit 130)');
    const report = JSON.parse(await readFile(join(dir, 'fuzz-report.json'), 'utf8')) as { interrupted: boolean; exitCode: number; suites: { sequences: number }[] };
    expect(report).toMatchObject({ interrupted: true, exitCode: 130 });
    expect(report.suites[0]?.sequences).toBeLessThan(100000);
  }, 120_000);
});

describe('settlekit fuzz --target <a settlekit simulate process> --seed S --runs N', () => {
  it('agrees with its own oracle and exits 0: the shape of a mutation-testing run', async () => {
    const simulator = spawn(process.execPath, [...CLI, 'simulate', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let text = '';
    simulator.stdout.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => simulator.on('close', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`simulator did not start: ${text}`)), 60_000);
        simulator.stdout.on('data', () => {
          const found = /listening on (http:\/\/[^\s]+)/.exec(text)?.[1];
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      const run = await runCli(['fuzz', '--target', url, '--seed', '11', '--runs', '30', '--output', join(out, 'simulate')], { cwd: ROOT, timeoutMs: 180_000 });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(`target: ${url}`);
      expect(run.stdout).toMatch(/braintree: 30 sequence\(s\).* — no divergence/);
      expect(run.stdout).toMatch(/worldpay-split-payments: 30 sequence\(s\).* — no divergence/);
    } finally {
      simulator.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 200_000);
});
