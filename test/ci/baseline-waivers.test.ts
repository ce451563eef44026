/**
 * Issue 11, baselines and waivers, against deliberately broken targets (the reference simulator behind lax proxies):
 * with a baseline from the same broken target the regression gate passes; after a further breakage it fails and names
 * only the new failure; a waiver turns a failing rule into waived (exit 0), an expired one does not (exit 1), and one
 * that matches nothing that failed is reported as stale. Plus the waivers file itself: positioned errors (exit 2), and
 * `waivers:` in a profile, relative to the profile.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { runConformance, type RunOptions, type RunOutcome } from '../../runner/run-conformance.ts';
import { runCli } from '../helpers/cli.ts';
import { startLaxProxy, type LaxProxy, type LaxTransform } from '../helpers/lax-proxy.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { ROOT } from '../helpers/suite-run.ts';
import { readValidJUnit, readValidReport } from '../reliability/report-checks.ts';

const SUITE = 'worldpay-payments';
const VERSION = '2024-06-01';
const quiet = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

/** Accepts a request without WP-Api-Version (fills it in): breaks WP-PS-06 (and WP-PS-13, the INFO rule naming the 406). */
const acceptsMissingVersion: LaxTransform = {
  request: (r) => (r.headers['wp-api-version'] === undefined ? { ...r, headers: { ...r.headers, 'wp-api-version': VERSION } } : undefined),
};
/** Also lets requests with missing or wrong credentials in (puts the right ones in): breaks WP-PS-07 as well. */
const acceptsAnyone: LaxTransform = {
  request: (r) => {
    const fixed = acceptsMissingVersion.request!(r) ?? r;
    return { ...fixed, headers: { ...fixed.headers, authorization: `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}` } };
  },
};

const simulator = useSimulator();
const proxies: LaxProxy[] = [];
let dir: string;
let broken: string;
let broken2: string;
let baselineFile: string;
let baseline: RunReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-gate-'));
  for (const transform of [acceptsMissingVersion, acceptsAnyone]) proxies.push(await startLaxProxy(simulator.url, transform));
  [broken, broken2] = proxies.map((p) => p.url) as [string, string];
  const first = await run('baseline', { target: broken });
  expect(first.exitCode).toBe(1);
  baseline = first.report;
  baselineFile = join(dir, 'baseline', 'report.json');
});
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;
/** Runs the suite quietly into a folder of its own. */
function run(name: string, options: Partial<RunOptions>): Promise<RunOutcome> {
  runs += 1;
  return runConformance({ suites: [SUITE], reporters: ['json', 'junit', 'markdown'], outputDir: join(dir, name || `run-${runs}`), stream: quiet(), ...options });
}

/** Writes a waivers file and returns its path. */
async function waivers(name: string, text: string): Promise<string> {
  const file = join(dir, `${name}.waivers.yaml`);
  await writeFile(file, text);
  return file;
}

const failingRules = (r: RunReport): string[] => r.rules.filter((x) => x.status === 'failed' || x.status === 'errored').map((x) => x.id);

describe('the baseline and the regression gate', () => {
  it('the broken target fails exactly WP-PS-06 in its baseline (and WP-PS-13, INFO, which gates nothing)', () => {
    expect(failingRules(baseline)).toEqual(['WP-PS-06', 'WP-PS-13']);
    expect(baseline.verdict.gate).toMatchObject({ passed: false, blocking: ['WP-PS-06'] });
  });

  it('passes the regression gate against the same broken target (exit 0), everything still failing or unchanged', async () => {
    const outcome = await run('same', { target: broken, baseline: baselineFile, gate: 'regressions' });
    expect(outcome.exitCode).toBe(0);
    const report = await readValidReport(join(dir, 'same'));
    expect(report.verdict.conformant).toBe(false);
    expect(report.verdict.gate).toEqual({ mode: 'regressions', passed: true, blocking: [] });
    expect(report.rules.find((r) => r.id === 'WP-PS-06')?.baseline).toEqual({ change: 'still-failing', before: 'failed' });
    expect(report.baseline).toMatchObject({ source: baselineFile, rules: { 'new-failure': 0, 'still-failing': 2, fixed: 0, new: 0 }, scenarios: { 'new-failure': 0, 'still-failing': 3 } });
    expect(report.rules.filter((r) => r.baseline?.change === 'unchanged').length).toBe(report.rules.length - 2);
  });

  it('fails it after a further breakage, naming only the new failure (exit 1)', async () => {
    const outcome = await run('worse', { target: broken2, baseline: baselineFile, gate: 'regressions' });
    expect(outcome.exitCode).toBe(1);
    expect(failingRules(outcome.report)).toEqual(['WP-PS-06', 'WP-PS-07', 'WP-PS-13']);
    expect(outcome.report.verdict.gate).toEqual({ mode: 'regressions', passed: false, blocking: ['WP-PS-07'] });
    expect(outcome.report.rules.find((r) => r.id === 'WP-PS-07')?.baseline).toEqual({ change: 'new-failure', before: 'passed' });
    const fresh = [`${SUITE}/headers/credentials-missing`, `${SUITE}/headers/credentials-wrong`];
    expect(outcome.report.scenarios.filter((s) => s.baseline?.change === 'new-failure').map((s) => s.id)).toEqual(fresh);
    // Every reporter says so: JUnit properties, the Markdown summary.
    const junit = await readFile(join(dir, 'worse', 'junit.xml'), 'utf8');
    expect(junit).toMatch(new RegExp(`name="${fresh[0]}"[^]*?<property name="baseline" value="new-failure"/>\\s*<property name="baseline-before" value="passed"/>`));
    const md = await readFile(join(dir, 'worse', 'summary.md'), 'utf8');
    expect(md).toContain(`**❌ New failures** (3): \`WP-PS-07\`, \`${fresh[0]}\`, \`${fresh[1]}\``);
    expect(md).toMatch(/\*\*Gate\*\* ❌ gate failed \(regressions; only new failures count\): WP-PS-07/);
  });

  it('calls a failure that is gone fixed, and the default gate still fails on what remains', async () => {
    const fixed = await run('fixed', { target: simulator.url, baseline: join(dir, 'worse', 'report.json') });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.report.rules.filter((r) => r.baseline?.change === 'fixed').map((r) => r.id)).toEqual(['WP-PS-06', 'WP-PS-07', 'WP-PS-13']);
    const still = await run('still', { target: broken2, baseline: baselineFile });
    expect(still.exitCode).toBe(1);
    expect(still.report.verdict.gate).toEqual({ mode: 'failures', passed: false, blocking: ['WP-PS-06', 'WP-PS-07'] });
  });

  it("refuses a shard's report as the baseline (exit 2): it holds a part of the plan only", async () => {
    // Every scenario of the other shards would otherwise be a "new failure", and their rules compared with a part.
    await run('shard-1', { target: broken, shard: '1/2' });
    const shardFile = join(dir, 'shard-1', 'report.json');
    const error = await run('shard-baseline', { target: broken, baseline: shardFile, gate: 'regressions' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_REPORT_INPUT');
    expect((error as SettlekitError).message).toBe(`${shardFile} is the report of shard 1/2 only: a baseline covers the whole plan`);
    expect((error as SettlekitError).hint).toContain('settlekit merge');
    expect((error as SettlekitError).exitCode).toBe(2);
  });

  it('refuses --gate regressions without a baseline, before any request (exit 2)', async () => {
    const error = await run('no-baseline', { target: broken, gate: 'regressions' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).message).toBe('--gate regressions needs --baseline <report.json>');
    expect((error as SettlekitError).exitCode).toBe(2);
  });
});

describe('waivers', () => {
  const TODAY = '2026-03-01';

  it('a waiver in date (its last day) turns the failing rule into waived: exit 0, the reason in every reporter', async () => {
    const file = await waivers('rule', `waivers:\n  - rule: WP-PS-06\n    reason: the gateway fills in WP-Api-Version (TICKET-7)\n    expires: ${TODAY}\n    link: https://tickets.example.com/TICKET-7\n`);
    const outcome = await run('waived', { target: broken, waivers: file, today: TODAY });
    expect(outcome.exitCode).toBe(0);
    const report = await readValidReport(join(dir, 'waived'));
    const rule = report.rules.find((r) => r.id === 'WP-PS-06')!;
    expect(rule.status).toBe('failed');
    expect(rule.waiver).toEqual({ state: 'applied', reason: 'the gateway fills in WP-Api-Version (TICKET-7)', expires: TODAY, link: 'https://tickets.example.com/TICKET-7' });
    expect(report.verdict).toMatchObject({ conformant: false, gate: { mode: 'failures', passed: true, blocking: [] } });
    expect(report.waivers?.entries).toEqual([expect.objectContaining({ rule: 'WP-PS-06', state: 'applied', matched: ['WP-PS-06'], line: 2 })]);
    // Its failing scenarios check only that rule: they are waived through it.
    const scenario = report.scenarios.find((s) => s.id === `${SUITE}/headers/version-missing`)!;
    expect(scenario.waiver).toMatchObject({ state: 'applied', rules: ['WP-PS-06'] });
    const junit = await readValidJUnit(join(dir, 'waived'));
    expect(junit.get(`${SUITE}/headers/version-missing`)).toMatchObject({ skipped: { message: expect.stringMatching(/^waived until 2026-03-01: the gateway fills in/) } });
    const md = await readFile(join(dir, 'waived', 'summary.md'), 'utf8');
    expect(md).toContain('🏷️ applied: rule WP-PS-06 waived until 2026-03-01: the gateway fills in WP-Api-Version (TICKET-7)');
  });

  it('an expired waiver no longer waives, and says so: exit 1', async () => {
    const file = await waivers('expired', `waivers:\n  - rule: WP-PS-06\n    reason: accepted until February\n    expires: 2026-02-28\n`);
    const outcome = await run('expired', { target: broken, waivers: file, today: TODAY });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report.rules.find((r) => r.id === 'WP-PS-06')?.waiver).toEqual({ state: 'expired', reason: 'accepted until February', expires: '2026-02-28' });
    expect(outcome.report.verdict.gate).toMatchObject({ passed: false, blocking: ['WP-PS-06'] });
    expect(outcome.report.waivers?.entries[0]).toMatchObject({ state: 'expired', matched: ['WP-PS-06'] });
  });

  it('reports a waiver that matches nothing that failed as stale, and still fails on what is not waived', async () => {
    const file = await waivers('stale', [
      'waivers:',
      '  - rule: WP-PS-07',
      '    reason: was flaky',
      '    expires: 2027-01-01',
      `  - scenario: ${SUITE}/headers/no-such-scenario`,
      '    reason: renamed since',
      '    expires: 2027-01-01',
      '',
    ].join('\n'));
    const outcome = await run('stale', { target: broken, waivers: file, today: TODAY });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report.waivers?.entries.map((e) => [e.state, e.note, e.line])).toEqual([
      ['stale', 'rule WP-PS-07 passed in this run', 2],
      ['stale', `no scenario ${SUITE}/headers/no-such-scenario in this run`, 5],
    ]);
  });

  it('waives a rule through the waivers of all its failing scenarios', async () => {
    const file = await waivers('scenarios', ['waivers:', ...['version-missing', 'version-missing-on-authorize'].flatMap((id) => [`  - scenario: ${SUITE}/headers/${id}`, '    reason: known', '    expires: 2027-01-01'])].join('\n'));
    const outcome = await run('by-scenarios', { target: broken, waivers: file, today: TODAY });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report.rules.find((r) => r.id === 'WP-PS-06')?.waiver).toMatchObject({ state: 'applied', scenarios: [`${SUITE}/headers/version-missing`, `${SUITE}/headers/version-missing-on-authorize`] });
  });

  it('reads `waivers:` from the profile, relative to the profile file, and works through the CLI (exit 0)', async () => {
    await mkdtemp(join(dir, 'profile-')).then(async (folder) => {
      await writeFile(join(folder, 'known.waivers.yaml'), 'waivers:\n  - rule: WP-PS-06\n    reason: known\n    expires: 2099-12-31\n');
      await writeFile(join(folder, 'settlekit.profile.yaml'), 'waivers: known.waivers.yaml\n');
      const result = await runCli(['run', '--target', broken, '--suite', SUITE, '--profile', join(folder, 'settlekit.profile.yaml'), '--reporter', 'console,json', '--output', join(folder, 'out')], { cwd: ROOT });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/~ rule WP-PS-06 waived until 2099-12-31: known/);
      expect(result.stdout).toMatch(/NOT CONFORMANT .*\ngate passed \(failures; waived: 1 rule, 2 scenarios\)\n/);
    });
  });

  it('the example waivers file in examples/ is valid and names real rules and scenarios', async () => {
    const { readWaivers } = await import('../../runner/load/load-waivers.ts');
    const { loadProject } = await import('../../runner/load/load-project.ts');
    const set = await readWaivers(join(ROOT, 'examples', 'settlekit.waivers.yaml'));
    const project = await loadProject(join(ROOT, 'scenarios'));
    const rules = new Set(project.suites.flatMap((s) => s.rules.map((r) => r.id)));
    const scenarios = new Set(project.suites.flatMap((s) => s.scenarios.map((x) => x.id)));
    expect(set.entries.length).toBe(2);
    for (const w of set.entries) expect(w.rule !== undefined ? rules.has(w.rule) : scenarios.has(w.scenario!), JSON.stringify(w)).toBe(true);
  });

  it('is checked by `settlekit validate --waivers`, which warns of a waiver naming nothing in the catalogue', async () => {
    const file = await waivers('unknown', 'waivers:\n  - rule: WP-PS-06\n    reason: known\n    expires: 2099-12-31\n  - rule: WP-ZZ-99\n    reason: typo\n    expires: 2099-12-31\n');
    const result = await runCli(['validate', '--waivers', file], { cwd: ROOT });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok: 3 suites, \d+ scenarios, \d+ rules, 2 waivers in .*unknown\.waivers\.yaml\nwarning: .*unknown\.waivers\.yaml:5: the waiver names rule WP-ZZ-99, which is not in the catalogue\n$/);
  });

  it('refuses a broken waivers file at its file:line:col, before any request (exit 2)', async () => {
    const file = await waivers('broken', ['waivers:', '  - rule: WP-PS-06', '    reson: typo', '    expires: 2026-02-30', '  - rule: WP-PS-07', '    scenario: a/b', '    reason: both', '    expires: 2027-01-01', ''].join('\n'));
    const error = await run('broken', { target: broken, waivers: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettlekitErrorList);
    const lines = (error as SettlekitErrorList).errors.map((e) => `${e.where}: ${e.code}: ${e.message}`);
    // Shown relative to the working directory when inside it, else as given.
    const shown = file.startsWith(`${process.cwd()}/`) ? file.slice(process.cwd().length + 1) : file;
    expect(lines).toEqual(([
      `${shown}:2:5: SETTLEKIT_E_WAIVERS: waivers.0 is missing the required key "reason"`,
      `${shown}:3:5: SETTLEKIT_E_WAIVERS: unknown key "reson" in waivers.0`,
      expect.stringMatching(new RegExp(`^${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:14: SETTLEKIT_E_WAIVERS: waivers\\.0\\.expires must match format "date"`)),
    ]));
    const result = await runCli(['run', '--target', broken, '--suite', SUITE, '--waivers', await waivers('both', 'waivers:\n  - rule: WP-PS-07\n    scenario: a/b\n    reason: both\n    expires: 2027-01-01\n'), '--output', join(dir, 'cli-broken')], { cwd: ROOT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/both\.waivers\.yaml:2:5: SETTLEKIT_E_WAIVERS: waivers\.0 must name exactly one of rule, scenario \(it names both\)/);
  });
});
