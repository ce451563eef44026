/**
 * Issue 11 in the HTML report, in headless Chromium: the gate beside the verdict, the shard, the baseline and the
 * waivers in the header, a badge for each baseline change and waiver on scenarios and rules, a filter by them in both
 * lists, the waivers card, and a banner when the kit stopped the run. A plain report shows none of it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GATE_IDS, makeGateReport, makeMixedReport } from '../../fixtures/report-fixtures.ts';
import { useBrowserSession } from './browser-session.ts';
import { browserGate, SKIP_BROWSER_REASON, writeReport } from './chromium.ts';

const gate = browserGate();
const report = makeGateReport();

describe.skipIf(!gate.run)(gate.run ? 'the HTML report of a judged run' : `the HTML report of a judged run (skipped: ${SKIP_BROWSER_REASON})`, () => {
  const urls: Record<string, string> = {};
  const session = useBrowserSession(gate, 'settlekit-gate-html-', async ({ dir }) => {
    urls.gate = await writeReport(dir, 'gate', report);
    urls.stopped = await writeReport(dir, 'stopped', makeGateReport({ stopped: { code: 'SETTLEKIT_E_TARGET_STOPPED', message: 'the target stopped answering' } }));
    urls.plain = await writeReport(dir, 'plain', makeMixedReport());
    const counted = structuredClone(report) as { baseline: { rules: Record<string, number> } };
    Object.assign(counted.baseline.rules, { 'new-failure': 3, fixed: 2, 'still-failing': 1 });
    urls.counted = await writeReport(dir, 'counted', counted as unknown as typeof report);
    urls.strictRegressions = await writeReport(dir, 'strict-regressions', makeGateReport({ options: { ...report.options, gate: 'regressions', strict: true } }));
    urls.strictFailures = await writeReport(dir, 'strict-failures', makeGateReport({ options: { ...report.options, strict: true } }));
  });
  const open = async (name: string, hash?: string): Promise<Page> => {
    const o = await session.open(urls[name]!, hash ? { hash } : {});
    expect(o.record.pageErrors).toEqual([]);
    return o.page;
  };
  const shownIds = (page: Page): Promise<string[]> => page.$$eval('#scenario-list > li .scn-id', (els) => els.map((e) => e.textContent ?? ''));

  it('shows the gate beside the verdict, and the shard, baseline and waivers in the header', async () => {
    const page = await open('gate');
    expect(await page.textContent('#verdict .verdict-label')).toBe('NOT CONFORMANT');
    expect(await page.getAttribute('#gate', 'data-passed')).toBe('false');
    expect(await page.textContent('#gate')).toBe('Gate failed \u00b7 1 rule waived \u00b7 blocking: BT-VD-01, BT-RF-01');
    expect(await page.textContent('#meta-shard')).toBe('2 of 3 (6 of 8 scenarios), balanced by count');
    expect(await page.textContent('#meta-baseline')).toBe('baseline/report.json (2026-11-01 10:00:00 UTC): rules 1 new failure, 1 fixed, 2 still failing, 1 new');
    expect(await page.textContent('#meta-waivers')).toBe('settlekit.waivers.yaml 1 applied, 1 expired, 1 stale (on 2026-11-22)');
    expect(await page.locator('#stopped').count()).toBe(0);
  });

  it('counts baseline changes in words that agree with the number', async () => {
    const page = await open('counted');
    expect(await page.textContent('#meta-baseline')).toBe('baseline/report.json (2026-11-01 10:00:00 UTC): rules 3 new failures, 2 fixed, 1 still failing, 1 new');
  });

  it('says the gate counts SHOULD rules under --strict, with either gate, as the console does', async () => {
    const regressions = await open('strictRegressions');
    expect(await regressions.textContent('#gate')).toMatch(/^Gate failed \(regressions, strict: only new failures count\) \u00b7 1 rule waived \u00b7 blocking: /);
    const failures = await open('strictFailures');
    expect(await failures.textContent('#gate')).toMatch(/^Gate failed \(strict: SHOULD rules count\) \u00b7 1 rule waived \u00b7 blocking: /);
  });

  it('badges each scenario with its baseline change and waiver, and filters by them', async () => {
    const page = await open('gate');
    const badges = async (id: string): Promise<string[]> =>
      page.locator('#scenario-list > li', { has: page.locator('.scn-id', { hasText: id }) }).locator('.mark').allTextContents();
    expect(await badges(GATE_IDS.newFailure)).toEqual(['new failure']);
    expect(await badges(GATE_IDS.waived)).toEqual(['still failing', 'waived']);
    expect(await badges(GATE_IDS.expired)).toEqual(['still failing', 'waiver expired']);
    expect(await badges(GATE_IDS.fixed)).toEqual(['fixed']);
    expect(await badges(GATE_IDS.added)).toEqual(['new']);
    expect(await badges(GATE_IDS.passed)).toEqual([]);
    await page.selectOption('#filter-mark', 'new-failure');
    expect(await shownIds(page)).toEqual([GATE_IDS.newFailure]);
    await page.selectOption('#filter-mark', 'waived');
    expect(await shownIds(page)).toEqual([GATE_IDS.waived]);
    await page.click('#clear-filters');
    expect(await page.inputValue('#filter-mark')).toBe('');
    expect((await shownIds(page)).length).toBe(report.scenarios.length);
  });

  it('shows the waiver and the baseline in an opened scenario', async () => {
    const page = await open('gate', `#scenario=${encodeURIComponent(GATE_IDS.waived)}`);
    const facts = await page.locator('.scn-details .facts').first().textContent();
    expect(facts).toContain('Baselinestill failing (was failed)');
    expect(facts).toContain('WaiverWaived until 2026-12-31: the processor settles one cent over (TICKET-12) (through rules BT-PS-05)');
  });

  it('badges rules and filters the rule matrix by change or waiver', async () => {
    const page = await open('gate', '#rule=BT-PS-05');
    expect(await page.locator('#rule-matrix tr[data-rule="BT-PS-05"] .mark').allTextContents()).toEqual(['still failing', 'waived']);
    expect(await page.getAttribute('#rule-matrix tr[data-rule="BT-PS-05"] .mark--waived', 'title')).toBe('Waived until 2026-12-31: the processor settles one cent over (TICKET-12)');
    await page.selectOption('#rule-mark', 'fixed');
    expect(await page.$$eval('#rule-matrix tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.rule))).toEqual(['BT-PS-07']);
    await page.selectOption('#rule-mark', 'waiver-expired');
    expect(await page.$$eval('#rule-matrix tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.rule))).toEqual(['BT-RF-01']);
  });

  it('lists every waiver, expired and stale ones first, with its reason and line', async () => {
    const page = await open('gate');
    const items = await page.$$eval('#waiver-list > li', (lis) => lis.map((li) => [(li as HTMLElement).dataset.state, li.textContent]));
    expect(items.map((i) => i[0])).toEqual(['expired', 'stale', 'applied']);
    expect(items[0]![1]).toContain('BT-RF-01 until 2026-11-01 \u00b7 settlekit.waivers.yaml:7');
    expect(items[0]![1]).toContain('Past its date: it no longer waives (BT-RF-01 failed).');
    expect(items[1]![1]).toContain('Nothing it names failed: rule BT-PS-01 passed in this shard');
    expect(items[2]![1]).toContain('https://tickets.example.com/TICKET-12');
  });

  it('shows a banner when the kit stopped the run', async () => {
    const page = await open('stopped');
    expect(await page.textContent('#stopped')).toBe('Run stopped: the target stopped answering (SETTLEKIT_E_TARGET_STOPPED). 0 scenarios not run, reported errored.');
  });

  it('shows none of it for a plain report', async () => {
    const page = await open('plain');
    for (const selector of ['#gate', '#filter-mark', '#rule-mark', '#waiver-list', '#meta-shard', '#meta-baseline', '.mark']) expect(await page.locator(selector).count(), selector).toBe(0);
  });
});
