/**
 * The HTML report printed (or saved as PDF), in headless Chromium with print media emulated: the verdict, the gate and
 * every failed and errored scenario's evidence show, whole and on white paper; the interactive chrome does not.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../runner/model/report.ts';
import { assembleReport, makeMixedReport, makeRule, makeScenario, makeStep } from '../../fixtures/report-fixtures.ts';
import { useBrowserSession } from './browser-session.ts';
import { browserGate, SKIP_BROWSER_REASON, writeReport } from './chromium.ts';
import { MAX_LINE_CHARS } from '../../../reports/html/client/code-view.ts';
import { EVIDENCE_IDS, TIMEOUT_HINT, makeEvidenceReport } from './evidence-fixtures.ts';

const gate = browserGate();

/** The evidence report, 300 passing scenarios before its failures, a failure with a 320-line body and one with 50 huge lines. */
function makePrintReport(): RunReport {
  const evidence = makeEvidenceReport();
  const long = { items: Array.from({ length: 80 }, (_, i) => ({ id: `child-${i}`, amount: i })) };
  const longStep = makeStep({
    name: 'lists 80 children',
    status: 'failed',
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(long), decoded: long, size: 6000 },
    assertions: [{ kind: 'body', passed: false, path: '/items/79/amount', expected: 1, actual: 79, message: 'expected 1, got 79' }],
  });
  const blobStep = makeStep({
    name: 'answers one huge line',
    status: 'failed',
    response: { status: 500, headers: { 'content-type': 'text/plain' }, body: Array.from({ length: 50 }, () => 'x'.repeat(50_000)).join('\n'), size: 2_500_049 },
    assertions: [{ kind: 'status', passed: false, path: '', expected: 200, actual: 500, message: 'expected status 200, got 500' }],
  });
  const passing = Array.from({ length: 300 }, (_, i) => makeScenario({ id: `braintree/ok/pass-${i}` }));
  return assembleReport(
    [...passing, ...evidence.scenarios, makeScenario({ id: 'braintree/long/body', steps: [longStep, blobStep], reason: 'expected 1, got 79' })],
    [...evidence.rules, makeRule({ id: 'BT-PS-04' })],
  );
}

/** True when an element takes room in the printed layout. */
function laidOut(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (e) => e.getClientRects().length > 0);
}

describe.skipIf(!gate.run)(gate.run ? 'the HTML report, printed' : `the HTML report, printed (skipped: ${SKIP_BROWSER_REASON})`, () => {
  const urls: Record<string, string> = {};
  const session = useBrowserSession(gate, 'settlekit-print-html-', async ({ dir }) => {
    urls.print = await writeReport(dir, 'print', makePrintReport());
    urls.mixed = await writeReport(dir, 'mixed', makeMixedReport());
  });
  const open = async (name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const o = await session.open(urls[name]!, { context: { colorScheme } });
    await o.page.emulateMedia({ media: 'print' });
    expect(o.record.pageErrors).toEqual([]);
    return o.page;
  };

  it('prints the verdict and every failed and errored scenario with its evidence, beyond the rows on screen', async () => {
    const page = await open('print');
    expect(await laidOut(page, '#verdict')).toBe(true);
    expect(await page.textContent('#verdict .verdict-label')).toBe('NOT CONFORMANT');
    const printed = page.locator('#print-view .print-scn');
    await expect.poll(() => printed.count()).toBe(3);
    expect(await page.locator('#print-view .print-scn .scn-id').allTextContents()).toEqual([EVIDENCE_IDS.schema, 'braintree/long/body', EVIDENCE_IDS.timeout]);
    expect(await page.textContent('#print-view')).toContain('Not printed: the 300 passed of the 303 scenarios');
    const schema = printed.first();
    expect(await schema.locator('.schema-path code').textContent()).toBe('#/properties/transaction/properties/amount/type');
    expect(await schema.locator('.diff .add').allTextContents()).toEqual(['+   "c2"\n']);
    expect(await schema.locator('.reqline').isVisible()).toBe(true);
    expect(await printed.nth(2).locator('.error-hint').textContent()).toBe(`Hint: ${TIMEOUT_HINT}`);
    // One id per element: the printed details do not repeat the list's.
    expect(await page.$$eval('[id]', (els) => els.length - new Set(els.map((e) => e.id)).size)).toBe(0);
  });

  it('prints a long body whole, not cut at the height of its scroll box', async () => {
    const page = await open('print');
    const pre = page.locator('#print-view .step', { hasText: 'lists 80 children' }).locator('.body-view pre').last();
    await expect.poll(() => pre.count()).toBe(1);
    const { scrollHeight, clientHeight, text } = await pre.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight, text: e.textContent ?? '' }));
    expect(text).toContain('"child-79"');
    expect(scrollHeight).toBeLessThanOrEqual(clientHeight + 1);
    expect(await pre.locator('.print-note').count()).toBe(0);
  });

  it('cuts huge lines, on screen and on paper, and prints only the start of a body of thousands of rows, saying so', async () => {
    const page = await open('print');
    const pre = page.locator('#print-view .step', { hasText: 'answers one huge line' }).locator('.body-view pre').last();
    await expect.poll(() => pre.count()).toBe(1);
    const text = (await pre.textContent()) ?? '';
    expect(text).toContain(`x \u2026 [${50_000 - MAX_LINE_CHARS} more characters on this line, see the JSON report]`);
    expect(text.length).toBeLessThan(50 * (MAX_LINE_CHARS + 100) + 300);
    expect(await pre.locator('.print-note').textContent()).toMatch(/^\(Printed in part: about the first 400 of \d+ rows/);
    expect(await pre.locator('.print-note').isVisible()).toBe(true);
    const { scrollHeight, clientHeight } = await pre.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }));
    expect(clientHeight).toBeLessThan(scrollHeight + 1);
    await page.emulateMedia({ media: 'screen' });
    expect(await pre.locator('.print-note').isVisible()).toBe(false);
  });

  it('leaves out the interactive chrome: tabs, filters, the scenario list, buttons, the footer', async () => {
    const page = await open('mixed');
    for (const selector of ['.tabs', '.toolbar', '#panel-scenarios', '.btn--copy', '#show-more', '.footer']) {
      if (await page.locator(selector).count()) expect(await laidOut(page, selector), selector).toBe(false);
    }
    await expect.poll(() => page.locator('#print-view .print-scn').count()).toBe(2);
  });

  it('prints dark text on white under a dark colour scheme', async () => {
    const page = await open('mixed', 'dark');
    const colours = await page.evaluate(() => ({
      body: getComputedStyle(document.body).color,
      background: getComputedStyle(document.body).backgroundColor,
      verdict: getComputedStyle(document.querySelector('#verdict .verdict-label')!).color,
    }));
    const luminance = (rgb: string): number => {
      const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
      return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
    };
    expect(luminance(colours.body)).toBeLessThan(0.3);
    expect(luminance(colours.verdict)).toBeLessThan(0.6);
    expect(luminance(colours.background)).toBeGreaterThan(0.9);
  });
});
