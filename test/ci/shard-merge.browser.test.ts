/**
 * Issue 11, shards and merge: three shards of the default run, merged by `settlekit merge`, give the same verdict,
 * counts and rule statuses as one run — in the JSON report, the JUnit report and the HTML report (as Chromium shows
 * it) — and a failure found in one shard fails the merged rule. Reports that are not the shards of one plan are refused
 * with the reason (exit 2).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { snapshotOf } from '../../runner/report/baseline.ts';
import { mergeReports, type MergeInput } from '../../runner/report/merge-reports.ts';
import { runConformance, type RunOptions } from '../../runner/run-conformance.ts';
import { runCli } from '../helpers/cli.ts';
import { startLaxProxy, type LaxProxy } from '../helpers/lax-proxy.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { ROOT } from '../helpers/suite-run.ts';
import { readValidJUnit, readValidReport } from '../reliability/report-checks.ts';
import { browserGate, launchChromium, openReport } from '../reports/html/chromium.ts';

const quiet = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });
const gate = browserGate();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-shards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the plan (all suites) into `<dir>/<name>`, quietly. */
async function run(name: string, options: Partial<RunOptions> = {}): Promise<RunReport> {
  const outcome = await runConformance({ reporters: ['json', 'junit', 'html'], outputDir: join(dir, name), stream: quiet(), ...options });
  return outcome.report;
}

/** What must not change between one run and its merged shards. */
function essence(report: RunReport): unknown {
  return {
    conformant: report.verdict.conformant,
    gate: report.verdict.gate,
    suites: report.verdict.suites,
    summary: report.summary,
    rules: report.rules.map((r) => [r.id, r.status, r.scenarios]),
    scenarios: report.scenarios.map((s) => [s.id, s.status]),
  };
}

/** The JUnit report's counts per suite and its test case names with their outcome. */
async function junitEssence(folder: string): Promise<unknown> {
  const cases = await readValidJUnit(folder);
  const xml = await readFile(join(folder, 'junit.xml'), 'utf8');
  const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].map((m) => m.slice(1));
  const outcome = [...cases.values()].map((c) => [c.name, c.failure ? 'failure' : c.error ? 'error' : c.skipped ? 'skipped' : 'pass']).sort();
  return { suites, outcome };
}

describe('three shards of the default run, merged', () => {
  let whole: RunReport;
  const shards: RunReport[] = [];
  let merged: RunReport;
  let mergeRun: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    whole = await run('whole');
    for (const i of [1, 2, 3]) shards.push(await run(`shard-${i}`, { shard: `${i}/3` }));
    mergeRun = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'report.json')), '--reporter', 'console,json,junit,html', '--output', join(dir, 'merged')], { cwd: ROOT });
    merged = await readValidReport(join(dir, 'merged'));
  }, 120_000);

  it('puts every scenario of the plan in exactly one shard, balanced by count, the exclusive ones together', () => {
    const ids = shards.flatMap((s) => s.scenarios.map((x) => x.id));
    expect(ids.sort()).toEqual(whole.scenarios.map((s) => s.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
    const sizes = shards.map((s) => s.scenarios.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // Scenarios that move the clock or inject faults run alone: all of them in one shard, whole.
    const exclusive = (r: RunReport): string[] => r.scenarios.filter((s) => s.steps.some((st) => /^control:(advance-clock|inject-fault|reset)$/.test(st.action))).map((s) => s.id);
    expect(exclusive(whole).length).toBeGreaterThan(0);
    expect(shards.map((s) => exclusive(s).length).sort()).toEqual([0, 0, exclusive(whole).length]);
    for (const [i, s] of shards.entries()) {
      expect(s.shard).toEqual({ index: i + 1, total: 3, balance: 'count' });
      expect(s.plan).toEqual(whole.plan);
      // A shard reports every rule of the plan's suites, so the merge can roll them up again.
      expect(s.rules.map((r) => r.id)).toEqual(whole.rules.map((r) => r.id));
    }
  });

  it('merges (exit 0) into the same verdict, counts, rule statuses and scenarios as one run, in the JSON report', () => {
    expect(mergeRun.code, mergeRun.stderr).toBe(0);
    expect(essence(merged)).toEqual(essence(whole));
    expect(merged.merged?.shards.map((s) => [s.index, s.total, s.scenarios])).toEqual(shards.map((s) => [s.shard!.index, 3, s.scenarios.length]));
    expect(merged.shard).toBeUndefined();
    // The embedded simulator listened on another port in each shard: still one target.
    expect(new Set(shards.map((s) => s.target.url)).size).toBe(3);
    expect(mergeRun.stdout).toContain('CONFORMANT');
    expect(mergeRun.stdout).toContain(`Scenarios: ${whole.summary.scenarios.total} total`);
  });

  it('writes the same JUnit report (suites, counts, each test case and its outcome)', async () => {
    expect(await junitEssence(join(dir, 'merged'))).toEqual(await junitEssence(join(dir, 'whole')));
  });

  it.skipIf(!gate.run)('writes an HTML report that shows the same verdict and counts in the browser', async () => {
    const browser: Browser = await launchChromium(gate);
    try {
      const shown = async (folder: string): Promise<unknown> => {
        const o = await openReport(browser, pathToFileURL(join(dir, folder, 'index.html')).href);
        try {
          expect(o.record.pageErrors).toEqual([]);
          return await o.page.evaluate(() => ({
            verdict: document.querySelector('#verdict')?.getAttribute('data-conformant'),
            counts: ['passed', 'failed', 'errored', 'skipped'].map((s) => document.querySelector(`#count-${s} .count`)?.textContent),
            rules: Array.from(document.querySelectorAll('#rules-MUST td, #rules-SHOULD td, #rules-INFO td')).map((td) => td.textContent),
            suites: Array.from(document.querySelectorAll('li.suite')).map((li) => `${(li as HTMLElement).dataset.suite}:${(li as HTMLElement).dataset.conformant}`),
          }));
        } finally {
          await o.close();
        }
      };
      expect(await shown('merged')).toEqual(await shown('whole'));
    } finally {
      await browser.close();
    }
  });

  it('balances by the durations of an earlier report with --shard-durations, and records it', async () => {
    const report = await run('by-duration', { shard: '2/3', shardDurations: join(dir, 'whole', 'report.json'), reporters: ['json'] });
    expect(report.shard).toEqual({ index: 2, total: 3, balance: 'durations' });
    expect(report.plan?.digest).toBe(whole.plan?.digest);
  });
});

describe('a failure found in one shard', () => {
  const simulator = useSimulator();
  let proxy: LaxProxy;
  afterAll(() => proxy?.close());

  it('fails the merged rule as it fails in one run', async () => {
    // Accepting a request without WP-Api-Version breaks WP-PS-06 in two scenarios; the other shards pass it.
    proxy = await startLaxProxy(simulator.url, {
      request: (r) => (r.headers['wp-api-version'] === undefined ? { ...r, headers: { ...r.headers, 'wp-api-version': '2024-06-01' } } : undefined),
    });
    const options = { target: proxy.url, suites: ['worldpay-payments'], reporters: ['json'] as const };
    const whole = await run('lax-whole', { ...options, reporters: ['json'] });
    const parts: MergeInput[] = [];
    for (const i of [1, 2, 3]) parts.push({ file: `shard-${i}`, report: await run(`lax-${i}`, { ...options, reporters: ['json'], shard: { index: i, total: 3 } }) });
    expect(parts.filter((p) => p.report.rules.find((r) => r.id === 'WP-PS-06')?.status === 'failed').length).toBeLessThan(3);
    const merged = mergeReports(parts);
    expect(whole.verdict.conformant).toBe(false);
    expect(essence(merged)).toEqual(essence(whole));
    expect(merged.rules.find((r) => r.id === 'WP-PS-06')?.status).toBe('failed');
  });
});

describe('shards run with a baseline, waivers and the regression gate', () => {
  const simulator = useSimulator();
  let proxy: LaxProxy;
  afterAll(() => proxy?.close());

  it('merge into what one run gives, judged by the gate the shards carried (no flags to merge)', async () => {
    proxy = await startLaxProxy(simulator.url, {
      // Missing credentials let in: WP-PS-07 fails; the baseline (the simulator itself) passes it.
      request: (r) => (r.headers.authorization === undefined ? { ...r, headers: { ...r.headers, authorization: `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}` } } : undefined),
    });
    const suites = ['worldpay-payments'];
    await run('judged-baseline', { suites, reporters: ['json'] });
    const file = join(dir, 'judged.waivers.yaml');
    await writeFile(file, 'waivers:\n  - scenario: worldpay-payments/headers/version-missing\n    reason: never fails, so stale\n    expires: 2099-01-01\n  - rule: WP-PS-07\n    reason: known\n    expires: 2099-01-01\n');
    const judged = { target: proxy.url, suites, reporters: ['json'] as const, baseline: join(dir, 'judged-baseline', 'report.json'), waivers: file, gate: 'regressions' as const };
    const whole = await run('judged-whole', { ...judged, reporters: ['json'] });
    const parts: MergeInput[] = [];
    for (const i of [1, 2]) parts.push({ file: `judged-${i}`, report: await run(`judged-${i}`, { ...judged, reporters: ['json'], shard: `${i}/2` }) });
    const merged = mergeReports(parts);
    expect(whole.rules.find((r) => r.id === 'WP-PS-07')).toMatchObject({ status: 'failed', baseline: { change: 'new-failure', before: 'passed' }, waiver: { state: 'applied' } });
    expect(whole.verdict.gate).toEqual({ mode: 'regressions', passed: true, blocking: [] });
    expect(essence(merged)).toEqual(essence(whole));
    expect(merged.baseline).toEqual(whole.baseline);
    expect(merged.waivers?.entries.map((e) => [e.state, e.matched, e.note])).toEqual(whole.waivers?.entries.map((e) => [e.state, e.matched, e.note]));
    expect(merged.rules.map((r) => [r.id, r.baseline, r.waiver])).toEqual(whole.rules.map((r) => [r.id, r.baseline, r.waiver]));
    // Flags given to merge replace what the shards carried.
    expect(mergeReports(parts, { gate: 'failures', waivers: { entries: [] } }).verdict.gate).toEqual({ mode: 'failures', passed: false, blocking: ['WP-PS-07'] });
  });
});

describe('reports that are not the shards of one plan', () => {
  let parts: MergeInput[];
  beforeAll(async () => {
    parts = [];
    for (const i of [1, 2]) parts.push({ file: join(dir, `mini-${i}`, 'report.json'), report: await run(`mini-${i}`, { suites: ['braintree'], grep: 'void', reporters: ['json'], shard: `${i}/2` }) });
  });

  /** The merge error of `inputs`. */
  function refusal(inputs: readonly MergeInput[]): SettlekitError {
    let error: unknown;
    try {
      mergeReports(inputs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_MERGE');
    expect((error as SettlekitError).exitCode).toBe(2);
    return error as SettlekitError;
  }
  const edited = (input: MergeInput, edit: (r: RunReport) => RunReport): MergeInput => ({ file: `${input.file} (edited)`, report: edit(structuredClone(input.report)) });

  it('merges the complete set', () => {
    expect(mergeReports(parts).scenarios.length).toBe(parts[0]!.report.plan!.scenarios.length);
  });

  it('refuses a missing shard, naming the scenarios and the shard', () => {
    const error = refusal([parts[0]!]);
    expect(error.message).toMatch(/^\d+ planned scenarios? (is|are) in no report \(braintree\/void\/.*\); no report of shard 2\/2$/);
  });

  it('refuses a shard given twice, and a scenario in two reports', () => {
    expect(refusal([parts[0]!, parts[0]!, parts[1]!]).message).toBe(`shard 1/2 is given twice: ${parts[0]!.file} and ${parts[0]!.file}`);
    const overlapping = edited(parts[1]!, (r) => ({ ...r, scenarios: [...r.scenarios, parts[0]!.report.scenarios[0]!] }));
    expect(refusal([parts[0]!, overlapping]).message).toBe(`scenario ${parts[0]!.report.scenarios[0]!.id} is in ${parts[0]!.file} and in ${overlapping.file}`);
  });

  it('refuses reports of different kits, targets, suites or plans', () => {
    const kit = edited(parts[1]!, (r) => ({ ...r, kit: { ...r.kit, version: '9.9.9' } }));
    expect(refusal([parts[0]!, kit]).message).toBe(`different kits: ${parts[0]!.file} has settlekit ${parts[0]!.report.kit.version}, ${kit.file} has settlekit 9.9.9`);
    const target = edited(parts[1]!, (r) => ({ ...r, target: { url: 'http://127.0.0.1:8080', embedded: false } }));
    expect(refusal([parts[0]!, target]).message).toBe(`different targets: ${parts[0]!.file} has the embedded simulator, ${target.file} has http://127.0.0.1:8080`);
    const suites = edited(parts[1]!, (r) => ({ ...r, verdict: { ...r.verdict, suites: [...r.verdict.suites, { ...r.verdict.suites[0]!, id: 'worldpay-payments' }] } }));
    expect(refusal([parts[0]!, suites]).message).toMatch(/^different suites: .* has braintree, .* has braintree, worldpay-payments$/);
    const plan = edited(parts[1]!, (r) => ({ ...r, plan: { ...r.plan!, digest: '0'.repeat(64) } }));
    expect(refusal([parts[0]!, plan]).message).toMatch(/^different plans \(the scenario files differ\): /);
    const old = edited(parts[1]!, (r) => {
      const { plan: _plan, ...rest } = r;
      return rest;
    });
    expect(refusal([parts[0]!, old]).message).toMatch(/has no plan/);
  });

  it('refuses shards judged differently (gate, baseline, waivers) unless merge is told how to judge: the result hung on their order', () => {
    const counts = { 'new-failure': 0, 'still-failing': 0, fixed: 0, new: 0, unchanged: 0 };
    const baseline = (source: string) => (r: RunReport): RunReport => ({ ...r, baseline: { source, kitVersion: r.kit.version, target: 'embedded simulator', startedAt: r.startedAt, rules: counts, scenarios: counts } });
    const regressions = edited(parts[1]!, (r) => baseline('base.json')({ ...r, options: { ...r.options, gate: 'regressions' } }));
    expect(refusal([parts[0]!, regressions]).message).toBe(`different gates: ${parts[0]!.file} has failures, ${regressions.file} has regressions`);
    expect(refusal([regressions, parts[0]!]).message).toBe(`different gates: ${regressions.file} has regressions, ${parts[0]!.file} has failures`);
    const strict = edited(parts[1]!, (r) => ({ ...r, options: { ...r.options, strict: true } }));
    expect(refusal([parts[0]!, strict]).message).toBe(`different gates: ${parts[0]!.file} has failures, ${strict.file} has failures, strict`);
    const based = edited(parts[1]!, baseline('base.json'));
    expect(refusal([parts[0]!, based]).message).toBe(`different baselines: ${parts[0]!.file} has none, ${based.file} has base.json`);
    const waived = edited(parts[1]!, (r) => ({ ...r, waivers: { file: 'w.yaml', today: '2026-01-01', entries: [{ rule: 'BT-VD-01', reason: 'known', expires: '2099-01-01', line: 2, state: 'stale' as const, matched: [] }] } }));
    expect(refusal([parts[0]!, waived]).message).toBe(`different waivers: ${parts[0]!.file} has none, ${waived.file} has w.yaml (1 waiver)`);
    // What merge is given replaces what the shards carried, so they need not agree on it.
    expect(mergeReports([parts[0]!, strict], { gate: 'failures', strict: false }).verdict.gate?.mode).toBe('failures');
    expect(mergeReports([parts[0]!, waived], { waivers: { entries: [] } }).waivers?.entries).toEqual([]);
    const { shard: _shard, ...unsharded } = parts[0]!.report;
    expect(mergeReports([parts[0]!, regressions], { gate: 'regressions', baseline: snapshotOf(unsharded, 'other.json') }).baseline?.source).toBe('other.json');
  });

  it('exits 2 from the CLI with the reason, writing nothing', async () => {
    const otherPlan = await run('other-plan', { suites: ['braintree'], grep: 'refund', reporters: ['json'], shard: '2/2' });
    await writeFile(join(dir, 'other-plan.json'), JSON.stringify(otherPlan));
    const result = await runCli(['merge', parts[0]!.file, join(dir, 'other-plan.json'), '--output', join(dir, 'refused')], { cwd: ROOT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/SETTLEKIT_E_MERGE: different filters: .* has grep "void", .* has grep "refund"/);
    expect(await readFile(join(dir, 'refused', 'report.json'), 'utf8').catch(() => 'absent')).toBe('absent');
  });
});
