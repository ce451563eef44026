/**
 * The HTML report's address, in headless Chromium: the scenario list's filters live in the hash beside a deep link,
 * so a reload, a bookmark or a link sent in a chat message shows the same list; back and forward restore them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeMixedReport } from '../../fixtures/report-fixtures.ts';
import { useBrowserSession } from './browser-session.ts';
import { browserGate, SKIP_BROWSER_REASON, writeReport } from './chromium.ts';

const gate = browserGate();
const FAILING_ID = 'braintree/void/pending-parent-refused';
const ERRORED_ID = 'worldpay-payments/partial-settlement/three-shipments';

const shownIds = (page: Page): Promise<string[]> => page.$$eval('#scenario-list > li .scn-id', (els) => els.map((e) => e.textContent ?? ''));
const hash = (page: Page): Promise<string> => page.evaluate(() => location.hash);

describe.skipIf(!gate.run)(gate.run ? 'the HTML report address' : `the HTML report address (skipped: ${SKIP_BROWSER_REASON})`, () => {
  let url: string;
  const session = useBrowserSession(gate, 'settlekit-address-html-', async ({ dir }) => {
    url = await writeReport(dir, 'mixed', makeMixedReport());
  });
  const open = async (h?: string): Promise<Page> => {
    const o = await session.open(url, h ? { hash: h } : {});
    expect(o.record.pageErrors).toEqual([]);
    return o.page;
  };
  const reload = async (page: Page): Promise<void> => {
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
  };

  it('keeps the filters and the search through a reload', async () => {
    const page = await open();
    await page.click('#count-failed');
    await page.selectOption('#filter-tag', 'void');
    await page.fill('#search', 'pending');
    expect(await hash(page)).toBe('#status=failed&tag=void&q=pending');
    expect(await shownIds(page)).toEqual([FAILING_ID]);
    await reload(page);
    expect(await shownIds(page)).toEqual([FAILING_ID]);
    expect(await page.inputValue('#filter-tag')).toBe('void');
    expect(await page.inputValue('#search')).toBe('pending');
    expect(await page.getAttribute('#count-failed', 'aria-pressed')).toBe('true');
    await page.click('#clear-filters');
    expect(await hash(page)).toBe('');
    await reload(page);
    expect(await shownIds(page)).toHaveLength(4);
  });

  it('keeps the filters of an opened scenario in its link, and the rule a row chip filters by', async () => {
    const page = await open('#status=failed');
    await page.locator('#scenario-list .scn-toggle').first().click();
    expect(await hash(page)).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}&status=failed`);
    await reload(page);
    expect(await shownIds(page)).toEqual([FAILING_ID]);
    expect(await page.locator('#scenario-list .scn-toggle').first().getAttribute('aria-expanded')).toBe('true');

    await page.locator('#scenario-list button[data-filter="rule"]', { hasText: 'BT-VD-01' }).click();
    expect(await hash(page)).toBe('#status=failed&checks=BT-VD-01');
    await reload(page);
    expect(await page.inputValue('#filter-rule')).toBe('BT-VD-01');
  });

  it('a deep link to a scenario the filters hide clears them, and says so in the address', async () => {
    const page = await open(`#scenario=${encodeURIComponent(ERRORED_ID)}&status=failed`);
    expect(await page.getAttribute('#count-failed', 'aria-pressed')).toBe('false');
    expect(await shownIds(page)).toHaveLength(4);
    expect(await hash(page)).toBe(`#scenario=${encodeURIComponent(ERRORED_ID)}`);
  });

  it('restores the filters on back and forward', async () => {
    const page = await open('#status=failed');
    await page.evaluate(() => (location.hash = '#status=errored'));
    await expect.poll(() => shownIds(page)).toEqual([ERRORED_ID]);
    await page.goBack();
    await expect.poll(() => shownIds(page)).toEqual([FAILING_ID]);
    expect(await page.getAttribute('#count-failed', 'aria-pressed')).toBe('true');
    await page.goForward();
    await expect.poll(() => shownIds(page)).toEqual([ERRORED_ID]);
  });

  it('keeps the open tab through a reload, and back returns from a scenario of the rule matrix to the matrix', async () => {
    const page = await open('#status=failed');
    await page.click('#tab-rules');
    expect(await hash(page)).toBe('#tab=rules&status=failed');
    await reload(page);
    expect(await page.getAttribute('#tab-rules', 'aria-selected')).toBe('true');
    await page.locator('tr[data-rule="BT-VD-01"] a.scenario-link').click();
    await expect.poll(() => page.getAttribute('#tab-scenarios', 'aria-selected')).toBe('true');
    expect(await hash(page)).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}&status=failed`);
    await page.goBack();
    await expect.poll(() => page.getAttribute('#tab-rules', 'aria-selected')).toBe('true');
    await page.click('#tab-scenarios');
    expect(await hash(page)).toBe('#status=failed');
    await page.goBack();
    await expect.poll(() => page.getAttribute('#tab-rules', 'aria-selected')).toBe('true');
    await page.goForward();
    await expect.poll(() => page.getAttribute('#tab-scenarios', 'aria-selected')).toBe('true');
    expect(await shownIds(page)).toEqual([FAILING_ID]);
  });

  it('opens, scrolls to and focuses the step a deep link names, and each step links to itself', async () => {
    const link = `#scenario=${encodeURIComponent(FAILING_ID)}&step=1`;
    const page = await open(link);
    const step = page.locator('#scenario-list .step').first();
    expect(await step.locator(':scope > details').getAttribute('open')).not.toBeNull();
    await expect.poll(() => step.locator('.step-body').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.closest('li.step') !== null && document.activeElement?.tagName === 'SUMMARY')).toBe(true);
    expect(await step.evaluate((e) => e.getBoundingClientRect().top >= -1 && e.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    expect(await hash(page)).toBe(link);
    expect(await step.locator('a.step-link').getAttribute('href')).toBe(link);
    expect(await page.locator('#scenario-list .step').nth(1).locator('a.step-link').getAttribute('href')).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}&step=2`);
    // A step the scenario does not have: the scenario opens, and the address says no step.
    const missing = await open(`#scenario=${encodeURIComponent(FAILING_ID)}&step=9`);
    expect(await missing.locator('#scenario-list .scn-toggle').first().getAttribute('aria-expanded')).toBe('true');
    expect(await hash(missing)).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}`);
  });

  it('drops a status or an option the report does not have, keeping the rest', async () => {
    const page = await open('#status=bogus&tag=no-such-tag&suite=braintree');
    expect(await page.inputValue('#filter-tag')).toBe('');
    expect(await page.inputValue('#filter-suite')).toBe('braintree');
    expect(await shownIds(page)).toHaveLength(3);
  });
});
