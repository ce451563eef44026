/**
 * Issue 11 in every reporter: a report compared with a baseline, judged with waivers, from one shard (and one the kit
 * stopped) validates against specs/report.schema.json and shows the gate, each baseline change, each waiver with its
 * reason and the shard in the console, JUnit, Markdown and HTML reports.
 */
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../lib/ajv.ts';
import { createConsoleReporter } from '../../reports/console.ts';
import { renderHtml } from '../../reports/html/index.ts';
import { replayReport } from '../../reports/index.ts';
import { renderJUnit } from '../../reports/junit.ts';
import { changeCountsText } from '../../reports/gate-text.ts';
import { renderMarkdown } from '../../reports/markdown.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { GATE_IDS, makeGateReport } from '../fixtures/report-fixtures.ts';

const validate = createAjv({ strict: true }).compile(JSON.parse(readFileSync(new URL('../../specs/report.schema.json', import.meta.url), 'utf8')) as object);
const report = makeGateReport();
const stopped = makeGateReport({ stopped: { code: 'SETTLEKIT_E_TARGET_STOPPED', message: 'the target stopped answering: 3 requests in a row got no response within 2000 ms' } });

async function consoleText(r: RunReport): Promise<string> {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  await replayReport(r, createConsoleReporter({ stream, tty: false, color: false }), '/out');
  return text;
}

describe('the gate fixture', () => {
  it('is judged as documented: marks, waivers, gate', () => {
    const rule = (id: string) => report.rules.find((r) => r.id === id)!;
    expect(['BT-PS-01', 'BT-VD-01', 'BT-PS-05', 'BT-RF-01', 'BT-PS-07', 'BT-PS-10'].map((id) => rule(id).baseline?.change)).toEqual(['unchanged', 'new-failure', 'still-failing', 'still-failing', 'fixed', 'new']);
    expect(rule('BT-PS-05').waiver?.state).toBe('applied');
    expect(rule('BT-RF-01').waiver?.state).toBe('expired');
    expect(report.waivers?.entries.map((e) => e.state)).toEqual(['applied', 'expired', 'stale']);
    expect(report.verdict.gate).toEqual({ mode: 'failures', passed: false, blocking: ['BT-VD-01', 'BT-RF-01'] });
    expect(makeGateReport({ options: { ...report.options, gate: 'regressions' } }).verdict.gate).toEqual({ mode: 'regressions', passed: false, blocking: ['BT-VD-01'] });
  });

  it('says the regression gate counts SHOULD rules too under --strict, as it does of the failures gate', async () => {
    const strictRegressions = makeGateReport({ options: { ...report.options, gate: 'regressions', strict: true } });
    expect(await consoleText(strictRegressions)).toContain('gate failed (regressions, strict; only new failures count; waived: 1 rule, 1 scenario): BT-VD-01');
    expect(await consoleText(makeGateReport({ options: { ...report.options, gate: 'regressions' } }))).toContain('gate failed (regressions; only new failures count; waived: 1 rule, 1 scenario): BT-VD-01');
  });

  it.each([['compared, waived, sharded', report], ['stopped', stopped]])('validates against the report schema (%s)', (_name, r) => {
    const ok = validate(JSON.parse(JSON.stringify(r)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema refuses an unknown baseline change or waiver state', () => {
    const broken = JSON.parse(JSON.stringify(report)) as { rules: { baseline?: { change: string } }[]; waivers: { entries: { state: string }[] } };
    broken.rules[0]!.baseline!.change = 'better';
    broken.waivers.entries[0]!.state = 'forgiven';
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/rules/0/baseline/change', '/waivers/entries/0/state']));
  });
});

describe('the console', () => {
  it('counts the baseline changes in words that agree with the number', () => {
    expect(changeCountsText({ 'new-failure': 2, 'still-failing': 3, fixed: 1, new: 0, unchanged: 5 })).toBe('2 new failures · 3 still failing · 1 fixed');
    expect(changeCountsText({ 'new-failure': 1, 'still-failing': 1, fixed: 0, new: 4, unchanged: 0 })).toBe('1 new failure · 1 still failing · 4 new');
    expect(changeCountsText({ 'new-failure': 0, 'still-failing': 0, fixed: 0, new: 0, unchanged: 9 })).toBe('no change');
  });

  it('shows the shard, the NOTE column, the baseline, the waivers and the gate', async () => {
    const text = await consoleText(report);
    expect(text).toMatch(/^settlekit 0\.1\.0 — shard 2\/3: 6 of 8 scenarios against/);
    expect(text).toMatch(/RULE\s+LEVEL\s+STATUS\s+SCENARIOS\s+NOTE/);
    expect(text).toMatch(/BT-VD-01\s+MUST\s+failed\s+1\s+new failure\n/);
    expect(text).toMatch(/BT-PS-05\s+MUST\s+failed\s+1\s+still failing, waived\n/);
    expect(text).toMatch(/BT-RF-01\s+MUST\s+failed\s+1\s+still failing, waiver expired\n/);
    expect(text).toMatch(/BT-PS-07\s+MUST\s+passed\s+1\s+fixed\n/);
    expect(text).toContain('Baseline baseline/report.json (2026-11-01T10:00:00.000Z, embedded simulator)');
    expect(text).toContain('  rules:     1 new failure · 2 still failing · 1 fixed · 1 new');
    expect(text).toContain('  new failures: BT-VD-01');
    expect(text).toContain('  ~ rule BT-PS-05 waived until 2026-12-31: the processor settles one cent over (TICKET-12) (settlekit.waivers.yaml:2)');
    expect(text).toContain('  ! rule BT-RF-01: waiver expired 2026-11-01, no longer waives (BT-RF-01 failed): accepted until the refund rework (settlekit.waivers.yaml:7)');
    expect(text).toContain('  ! rule BT-PS-01: stale waiver, nothing it names failed (rule BT-PS-01 passed in this shard): was flaky (settlekit.waivers.yaml:11)');
    expect(text).toContain("shard 2/3: this verdict covers 6 of 8 scenarios; `settlekit merge` the shards' reports for the run's");
    expect(text).toContain('gate failed (failures; waived: 1 rule, 1 scenario): BT-VD-01, BT-RF-01');
    // The failure details say which failure is waived and which waiver expired.
    expect(text).toMatch(new RegExp(`✗ ${GATE_IDS.waived} — .*\\n.*\\n  waived until 2026-12-31: the processor settles one cent over`));
    expect(text).toMatch(new RegExp(`✗ ${GATE_IDS.expired} — .*\\n.*\\n  waiver expired 2026-11-01: accepted until the refund rework`));
  });

  it('says the kit stopped the run, and why', async () => {
    expect(await consoleText(stopped)).toContain('STOPPED — the target stopped answering: 3 requests in a row got no response within 2000 ms (SETTLEKIT_E_TARGET_STOPPED); 0 scenarios not run, errored');
  });

  it('adds nothing to a plain report (no NOTE column, no gate line)', async () => {
    const plain = makeGateReport({ baseline: undefined, waivers: undefined });
    const text = await consoleText(plain);
    expect(text).not.toMatch(/NOTE|gate (passed|failed)|Baseline|Waivers/);
  });
});

describe('JUnit', () => {
  const xml = renderJUnit(report);
  const testcase = (id: string): string => new RegExp(`<testcase [^>]*name="${id}"[^]*?</testcase>`).exec(xml)?.[0] ?? '';

  it('is well-formed and writes a waived failure as a skipped test case with its reason, counted as skipped', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const waived = testcase(GATE_IDS.waived);
    expect(waived).toContain('<skipped type="waived" message="waived until 2026-12-31: the processor settles one cent over (TICKET-12) — expected status 422, got 201"/>');
    expect(waived).not.toContain('<failure');
    expect(waived).toContain('<property name="waiver" value="applied: the processor settles one cent over (TICKET-12)"/>');
    expect(waived).toContain('<property name="waiver-link" value="https://tickets.example.com/TICKET-12"/>');
    // The failure's details stay readable.
    expect(waived).toMatch(/<system-out>step 2 "one cent over is refused" \(failed\)/);
    expect(xml).toMatch(/<testsuite name="braintree" tests="6" failures="2" errors="0" skipped="1"/);
  });

  it('keeps an expired waiver a failure, saying so, and carries each baseline change', () => {
    expect(testcase(GATE_IDS.expired)).toContain('<failure message="(waiver expired 2026-11-01: accepted until the refund rework) expected status 422, got 201"');
    expect(testcase(GATE_IDS.newFailure)).toContain('<property name="baseline" value="new-failure"/>');
    expect(testcase(GATE_IDS.newFailure)).toContain('<property name="baseline-before" value="passed"/>');
    expect(testcase(GATE_IDS.added)).toContain('<property name="baseline" value="new"/>');
    expect(testcase(GATE_IDS.added)).not.toContain('baseline-before');
  });
});

describe('Markdown', () => {
  const md = renderMarkdown(report);

  it('shows the shard and the gate, the comparison, and every waiver', () => {
    expect(md).toContain('**Shard** shard 2/3 (6 of 8 scenarios) · **Gate** ❌ gate failed (failures; waived: 1 rule, 1 scenario): BT-VD-01, BT-RF-01');
    expect(md).toContain('### Compared with the baseline');
    expect(md).toContain('| Rules | 1 | 2 | 1 | 1 | 2 |');
    expect(md).toContain(`**❌ New failures** (2): \`BT-VD-01\`, \`${GATE_IDS.newFailure}\``);
    expect(md).toContain('**✅ Fixed** (2): `BT-PS-07`, `braintree/lifecycle/settle-then-find`');
    expect(md).toContain('### Waivers (3)');
    expect(md).toContain('- ⏰ expired: rule BT-RF-01: waiver expired 2026-11-01, no longer waives (BT-RF-01 failed): accepted until the refund rework (`settlekit.waivers.yaml:7`)');
    expect(md).toContain('- 🧹 stale: rule BT-PS-01: stale waiver, nothing it names failed (rule BT-PS-01 passed in this shard): was flaky (`settlekit.waivers.yaml:11`)');
    expect(md).toMatch(/- \*\*`BT-PS-05`\*\* Rule BT-PS-05 — failed · still failing · 🏷️ waived until 2026-12-31: the processor settles one cent over \(TICKET-12\)/);
  });

  it('warns that the kit stopped the run', () => {
    expect(renderMarkdown(stopped)).toContain('> [!CAUTION]\n> The kit stopped the run: the target stopped answering: 3 requests in a row got no response within 2000 ms (`SETTLEKIT_E_TARGET_STOPPED`).');
  });
});

describe('HTML', () => {
  it('carries the marks in its data block, and stays a pure function of the report', () => {
    const html = renderHtml(report);
    expect(html).toBe(renderHtml(makeGateReport()));
    const data = /<script type="application\/json" id="settlekit-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const parsed = JSON.parse(data) as RunReport;
    expect(parsed.baseline).toEqual(report.baseline);
    expect(parsed.waivers).toEqual(report.waivers);
    expect(parsed.rules.find((r) => r.id === 'BT-PS-05')?.waiver?.state).toBe('applied');
  });
});
