/**
 * `settlekit init <dir>`: the scaffold validates and runs as it is — on the embedded simulator, and against a target
 * serving the example API — and init refuses to write over a folder that is not empty.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMAS_DIR } from '../../runner/paths.ts';
import { createSimulator } from '../../simulator/index.ts';
import { runCli } from '../helpers/cli.ts';

const FILES = [
  'settlekit.profile.yaml',
  'acme-payments/suite.yaml',
  'acme-payments/openapi.yaml',
  'acme-payments/rules.yaml',
  'acme-payments/partial-settlement/two-shipments.yaml',
];

interface Report {
  readonly scenarios: readonly { id: string; status: string }[];
  readonly rules: readonly { id: string; status: string }[];
  readonly verdict: { conformant: boolean };
}

describe('settlekit init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-init-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scaffolds a suite that validates, and runs green on the embedded simulator', async () => {
    const init = await runCli(['init', 'acme-payments'], { cwd: dir });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    for (const file of FILES) expect(init.stdout).toContain(`  ${join('acme-payments', file)}\n`);
    expect(init.stdout).toContain('npx settlekit run --scenarios acme-payments --profile acme-payments/settlekit.profile.yaml');
    const root = join(dir, 'acme-payments');
    for (const file of FILES) {
      const text = await readFile(join(root, file), 'utf8');
      // Each file begins with what it is and what to edit (after the editor's schema line, where there is one).
      expect(text.split('\n').slice(0, 3).some((line) => line.startsWith('# ') && !line.startsWith('# yaml-language-server'))).toBe(true);
      // The schema lines point at the kit's schemas.
      const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)?.[1];
      if (schema) expect(resolve(dirname(join(root, file)), schema)).toBe(join(SCHEMAS_DIR, schema.replace(/^.*\//, '')));
    }
    expect(await readFile(join(root, 'acme-payments', 'suite.yaml'), 'utf8')).toMatch(/^ruleIdPattern: "ACME-\[0-9\]\{3\}"$/m);

    const validate = await runCli(['validate', '--scenarios', 'acme-payments', '--profile', 'acme-payments/settlekit.profile.yaml'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toBe('ok: 1 suite, 1 scenario, 2 rules, profile acme-payments/settlekit.profile.yaml\n');

    const run = await runCli(['run', '--scenarios', 'acme-payments', '--profile', 'acme-payments/settlekit.profile.yaml', '--reporter', 'console,json', '--output', 'out'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(embedded simulator)');
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as Report;
    expect(report.scenarios.map((s) => [s.id, s.status])).toEqual([['acme-payments/partial-settlement/two-shipments', 'passed']]);
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([
      ['ACME-001', 'passed'],
      ['ACME-002', 'passed'],
    ]);
    expect(report.verdict.conformant).toBe(true);
  }, 60_000);

  it('runs with --target against an implementation of the example API, and fails what breaks its rules', async () => {
    const init = await runCli(['init', 'targeted', '--suite-id', 'shop', '--name', 'Shop: payments "API"'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(await readFile(join(dir, 'targeted', 'shop', 'suite.yaml'), 'utf8')).toContain('title: "Shop: payments \\"API\\""');
    const simulator = createSimulator();
    const url = await simulator.listen(0, '127.0.0.1');
    try {
      const args = ['run', '--scenarios', 'targeted', '--target', url, '--profile', 'targeted/settlekit.profile.yaml', '--reporter', 'json'];
      const run = await runCli([...args, '--output', 'out-targeted'], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const report = JSON.parse(await readFile(join(dir, 'out-targeted', 'report.json'), 'utf8')) as Report;
      expect(report.scenarios.map((s) => s.status)).toEqual(['passed']);
      expect(report.rules.map((r) => r.id)).toEqual(['SHOP-001', 'SHOP-002']);

      // The scenario checks what it says: an implementation that keeps offering partial settlement fails SHOP-002.
      const scenario = join(dir, 'targeted', 'shop', 'partial-settlement', 'two-shipments.yaml');
      await writeFile(scenario, (await readFile(scenario, 'utf8')).replace('{ partiallySettlePayment: { $exists: false } }', '{ partiallySettlePayment: { $exists: true } }'));
      const failing = await runCli([...args, '--output', 'out-failing'], { cwd: dir });
      expect(failing.code).toBe(1);
      const failed = JSON.parse(await readFile(join(dir, 'out-failing', 'report.json'), 'utf8')) as Report;
      expect(failed.scenarios.map((s) => s.status)).toEqual(['failed']);
    } finally {
      await simulator.close();
    }
  }, 60_000);

  it('without the profile, stops before any request: the suite sends credentials the default profile has not', async () => {
    expect((await runCli(['init', 'no-profile', '--suite-id', 'acme'], { cwd: dir })).code).toBe(0);
    const run = await runCli(['run', '--scenarios', 'no-profile', '--reporter', 'json', '--output', 'out-no-profile'], { cwd: dir });
    expect(run.code).toBe(2);
    const suiteYaml = (await readFile(join(dir, 'no-profile', 'acme', 'suite.yaml'), 'utf8')).split('\n');
    const line = suiteYaml.findIndex((l) => l.startsWith('    Authorization: ')) + 1;
    expect(run.stderr.split('\n')).toEqual([
      `no-profile/acme/suite.yaml:${line}:20: SETTLEKIT_E_PROFILE: suite acme sends {{auth.basic}} (defaults.headers.Authorization) but the target profile gives it no credentials`,
      '  hint: Add suites.acme.credentials to the profile (--profile), e.g. { username: { env: NAME }, password: { env: NAME } }.',
      '1 problem found.',
      '',
    ]);
    expect(existsSync(join(dir, 'out-no-profile'))).toBe(false);
  }, 30_000);

  it('refuses a folder that is not empty unless --force, and a suite id that is not one', async () => {
    const busy = join(dir, 'busy');
    await mkdir(busy);
    await writeFile(join(busy, 'notes.txt'), 'mine');
    const refused = await runCli(['init', 'busy'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe('SETTLEKIT_E_USAGE: busy is not empty (1 entry)');
    expect(await readdir(busy)).toEqual(['notes.txt']);

    const forced = await runCli(['init', 'busy', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect((await readdir(busy)).sort()).toEqual(['busy', 'notes.txt', 'settlekit.profile.yaml']);
    expect(await readFile(join(busy, 'notes.txt'), 'utf8')).toBe('mine');
    expect((await runCli(['validate', '--scenarios', 'busy'], { cwd: dir })).code).toBe(0);

    const badId = await runCli(['init', 'other', '--suite-id', 'Not An Id'], { cwd: dir });
    expect(badId.code).toBe(2);
    expect(badId.stderr.split('\n')[0]).toBe('SETTLEKIT_E_USAGE: --suite-id "Not An Id" is not a suite id');
    expect(existsSync(join(dir, 'other'))).toBe(false);
  }, 30_000);
});
