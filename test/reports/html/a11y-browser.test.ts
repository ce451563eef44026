/**
 * The HTML report for a screen reader, in headless Chromium: its headings form an outline a reader can move through
 * (one h1, no level skipped, every scenario a heading holding its disclosure button), on screen and in print.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeGateReport } from '../../fixtures/report-fixtures.ts';
import { useBrowserSession } from './browser-session.ts';
import { browserGate, SKIP_BROWSER_REASON, writeReport } from './chromium.ts';

const gate = browserGate();

/** The levels of the headings a screen reader sees (hidden ones left out), in document order. */
function headingLevels(page: Page): Promise<number[]> {
  return page.$$eval('h1, h2, h3, h4, h5, h6', (els) =>
    els.filter((e) => e.getClientRects().length > 0 || e.classList.contains('sr-only')).map((e) => Number(e.tagName.slice(1))),
  );
}

describe.skipIf(!gate.run)(gate.run ? 'the HTML report outline' : `the HTML report outline (skipped: ${SKIP_BROWSER_REASON})`, () => {
  let url: string;
  const session = useBrowserSession(gate, 'settlekit-a11y-html-', async ({ dir }) => {
    url = await writeReport(dir, 'gate', makeGateReport());
  });

  it('has one h1 and no skipped level, with scenarios opened, in both tabs and in print', async () => {
    const { page } = await session.open(url);
    const check = async (where: string): Promise<void> => {
      const levels = await headingLevels(page);
      expect(levels.filter((l) => l === 1), where).toHaveLength(1);
      expect(levels[0], where).toBe(1);
      levels.forEach((l, k) => {
        if (k) expect(l - levels[k - 1]!, `${where}: h${levels[k - 1]} then h${l}`).toBeLessThanOrEqual(1);
      });
    };
    await page.locator('#scenario-list .scn-toggle').first().click();
    await page.locator('#scenario-list .step--passed summary').first().click();
    await expect.poll(() => page.locator('#scenario-list .step--passed .step-body').count()).toBeGreaterThan(0);
    await check('scenario list');
    // Every row's toggle is the button of a heading (the accordion pattern), named by the scenario's title.
    const rows = await page.$$eval('#scenario-list > li', (lis) => lis.map((li) => li.querySelector('h3 > button.scn-toggle') !== null));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(Boolean)).toBe(true);
    await page.click('#tab-rules');
    await check('rule matrix');
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('#print-view .print-scn').count()).toBeGreaterThan(0);
    await check('print');
  });
});
