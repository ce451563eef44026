import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createHtmlReporter } from '../../../reports/html/index.ts';
import type { RunReport, ScenarioResult, Status } from '../../../runner/model/report.ts';
import { HOSTILE_PAYLOADS, assembleReport, makeHostileReport, makeLargeReport, makeMixedReport, makeRule, makeScenario, makeStep } from '../../fixtures/report-fixtures.ts';
import { useBrowserSession } from './browser-session.ts';
import { browserGate, launchChromium, SKIP_BROWSER_REASON, writeReport } from './chromium.ts';
import type { OpenedReport, OpenReportOptions } from './chromium.ts';
import {
  EVIDENCE_IDS,
  TIMEOUT_HINT,
  UNTESTABLE_REASON,
  makeConformantReport,
  makeEvidenceReport,
  makeInterruptedReport,
} from './evidence-fixtures.ts';

const STATUSES: readonly Status[] = ['passed', 'failed', 'errored', 'skipped'];
const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const gate = browserGate();

const FAILING_ID = 'braintree/void/pending-parent-refused';
const ERRORED_ID = 'worldpay-payments/partial-settlement/three-shipments';

/** Ids of the rows the list shows, in order. */
function shownIds(page: Page): Promise<string[]> {
  return page.$$eval('#scenario-list > li .scn-id', (els) => els.map((e) => e.textContent ?? ''));
}

/** Ids of the scenarios a predicate keeps, failed and errored first (the list's order). */
function expectedIds(report: RunReport, keep: (s: ScenarioResult) => boolean): string[] {
  const rank = (s: ScenarioResult): number => (s.status === 'failed' ? 0 : s.status === 'errored' ? 1 : 2);
  return report.scenarios
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => keep(s))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map(({ s }) => s.id);
}

function rowOf(page: Page, id: string): ReturnType<Page['locator']> {
  return page.locator('#scenario-list > li', { has: page.locator('.scn-id', { hasText: new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) });
}

async function isExpanded(page: Page, id: string): Promise<boolean> {
  return (await rowOf(page, id).locator('.scn-toggle').getAttribute('aria-expanded')) === 'true';
}

async function inViewport(page: Page, id: string): Promise<boolean> {
  return rowOf(page, id).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  });
}

describe.skipIf(!gate.run)(gate.run ? 'HTML report in headless Chromium' : `HTML report in headless Chromium (skipped: ${SKIP_BROWSER_REASON})`, () => {
  const urls: Record<string, string> = {};
  const mixed = makeMixedReport();
  const large = makeLargeReport(5000);
  const session = useBrowserSession(gate, 'settlekit-html-browser-', async ({ dir }) => {
    // One report goes through the real reporter, as `--reporter html` would write it.
    await createHtmlReporter({ outputDir: join(dir, 'mixed') }).onRunEnd?.({ report: mixed, outputDir: join(dir, 'mixed') });
    urls.mixed = new URL(`file://${join(dir, 'mixed', 'index.html')}`).href;
    urls.hostile = await writeReport(dir, 'hostile', makeHostileReport());
    urls.evidence = await writeReport(dir, 'evidence', makeEvidenceReport());
    urls.conformant = await writeReport(dir, 'conformant', makeConformantReport());
    urls.interrupted = await writeReport(dir, 'interrupted', makeInterruptedReport());
    urls.large = await writeReport(dir, 'large', large);
    urls.empty = await writeReport(dir, 'empty', assembleReport([], []));
  });

  async function open(name: string, options: OpenReportOptions = {}): Promise<OpenedReport> {
    const url = urls[name];
    if (!url) throw new Error(`no report ${name}`);
    return session.open(url, options);
  }

  it('runs against Chromium at /usr/bin/chromium (install it with .ci/install-chromium.sh)', () => {
    expect(gate.run && gate.missing, gate.run ? gate.missing : '').toBeFalsy();
    expect(session.browser.isConnected()).toBe(true);
  });

  describe('header', () => {
    it('shows the verdict, counts, rule levels, suites, target, kit, date and duration of the JSON', async () => {
      const { page } = await open('mixed');
      expect(await page.textContent('#verdict .verdict-label')).toBe('NOT CONFORMANT');
      expect(await page.getAttribute('#verdict', 'data-conformant')).toBe(String(mixed.verdict.conformant));
      expect(await page.textContent('#verdict .verdict-why')).toContain('2 MUST rules failed or errored');
      expect(await page.textContent('.chip--all .count')).toBe(String(mixed.summary.scenarios.total));
      for (const st of STATUSES) expect(await page.textContent(`#count-${st} .count`)).toBe(String(mixed.summary.scenarios[st]));
      for (const level of ['MUST', 'SHOULD', 'INFO'] as const) {
        const c = mixed.summary.rules[level];
        const cells = await page.$$eval(`#rules-${level} td`, (tds) => tds.map((td) => td.textContent));
        expect(cells).toEqual([c.passed, c.failed, c.errored, c.skipped, c.untested, c.total].map(String));
      }
      for (const sv of mixed.verdict.suites) {
        const li = page.locator(`.suites li[data-suite="${sv.id}"]`);
        expect(await li.getAttribute('data-conformant')).toBe(String(sv.conformant));
        expect(await li.locator('.badge').textContent()).toBe(sv.conformant ? 'CONFORMANT' : 'NOT CONFORMANT');
      }
      expect(await page.textContent('#meta-target')).toContain(mixed.target.url);
      expect(await page.textContent('#meta-kit')).toBe(`settlekit ${mixed.kit.version}`);
      expect(await page.textContent('#meta-date')).toBe('2026-11-22 10:00:00 UTC');
      expect(await page.textContent('#meta-duration')).toBe('3.0 s');
      expect(await page.title()).toContain('NOT CONFORMANT');
      expect(await page.locator('#interrupted').count()).toBe(0);
    });

    it('says CONFORMANT for a passing run', async () => {
      const { page } = await open('conformant');
      expect(await page.textContent('#verdict .verdict-label')).toBe('CONFORMANT');
      expect(await page.getAttribute('#verdict', 'data-conformant')).toBe('true');
      expect(await page.textContent('#count-passed .count')).toBe('2');
    });

    it('renders a run with no scenario at all', async () => {
      const { page, record } = await open('empty');
      expect(await page.textContent('#verdict .verdict-label')).toBe('CONFORMANT');
      expect(await page.textContent('.empty')).toBe('No scenario ran in this run.');
      expect(record.pageErrors).toEqual([]);
    });

    it('shows an interrupted banner when the run was interrupted', async () => {
      const { page } = await open('interrupted');
      expect(await page.locator('#interrupted').isVisible()).toBe(true);
      expect(await page.textContent('#interrupted')).toContain('Run interrupted');
    });

    it('counts match the JSON on 5,000 scenarios', async () => {
      const { page } = await open('large');
      for (const st of STATUSES) expect(await page.textContent(`#count-${st} .count`)).toBe(String(large.summary.scenarios[st]));
    });
  });

  describe('scenario list', () => {
    it('lists failed and errored scenarios first', async () => {
      const { page } = await open('mixed');
      expect(await shownIds(page)).toEqual(expectedIds(mixed, () => true));
      expect((await shownIds(page)).slice(0, 2)).toEqual([FAILING_ID, ERRORED_ID]);
    });

    it('narrows the list by status chip, suite, tag and rule, and clears', async () => {
      const { page } = await open('mixed');
      for (const st of STATUSES) {
        await page.click(`#count-${st}`);
        expect(await page.getAttribute(`#count-${st}`, 'aria-pressed')).toBe('true');
        expect(await shownIds(page)).toEqual(expectedIds(mixed, (s) => s.status === st));
      }
      await page.click('.chip--all');
      expect(await shownIds(page)).toHaveLength(4);

      await page.selectOption('#filter-suite', 'worldpay-payments');
      expect(await shownIds(page)).toEqual(expectedIds(mixed, (s) => s.suite === 'worldpay-payments'));
      await page.selectOption('#filter-suite', '');

      await page.selectOption('#filter-tag', 'multi-shipment');
      expect(await shownIds(page)).toEqual(expectedIds(mixed, (s) => s.tags.includes('multi-shipment')));
      await page.click('#count-passed');
      expect(await shownIds(page)).toEqual(expectedIds(mixed, (s) => s.tags.includes('multi-shipment') && s.status === 'passed'));
      await page.click('#clear-filters');
      expect(await shownIds(page)).toHaveLength(4);

      await page.selectOption('#filter-rule', 'BT-PS-04');
      expect(await shownIds(page)).toEqual(expectedIds(mixed, (s) => s.rules.includes('BT-PS-04')));
      await page.click('#clear-filters');

      // A rule chip on a row filters by that rule.
      await rowOf(page, FAILING_ID).locator('button[data-filter="rule"]', { hasText: 'BT-VD-01' }).click();
      expect(await page.inputValue('#filter-rule')).toBe('BT-VD-01');
      expect(await shownIds(page)).toEqual([FAILING_ID]);
    });

    it('searches ids, titles, tags, rules and reasons (all words must match)', async () => {
      const { page } = await open('mixed');
      const cases: [string, (s: ScenarioResult) => boolean][] = [
        ['ECONNREFUSED', (s) => (s.reason ?? '').includes('ECONNREFUSED')],
        ['bt-ps-04', (s) => s.rules.includes('BT-PS-04')],
        ['void', (s) => s.id.includes('void')],
        ['braintree multi-shipment', (s) => s.id.startsWith('braintree') && (s.id.includes('multi-shipment') || s.tags.includes('multi-shipment'))],
        ['capability', (s) => (s.reason ?? '').includes('capability')],
      ];
      for (const [query, keep] of cases) {
        await page.fill('#search', query);
        const want = expectedIds(mixed, keep);
        expect(want.length).toBeGreaterThan(0);
        expect(want.length).toBeLessThan(4);
        expect(await shownIds(page), query).toEqual(want);
      }
      await page.fill('#search', 'no-such-scenario-anywhere');
      expect(await shownIds(page)).toEqual([]);
      expect(await page.locator('.empty').isVisible()).toBe(true);
    });

    it('renders 5,000 scenarios incrementally: 200 rows first, more on demand, filters over all of them', async () => {
      const { page } = await open('large');
      expect(await page.locator('#scenario-list > li').count()).toBe(200);
      expect(await page.getAttribute('#scenario-count', 'data-matching')).toBe('5000');
      expect(await page.locator('.scn-details').count()).toBe(0);
      await page.click('#show-more');
      // The click scrolls the list end into view, where more rows may load on their own: whole pages, never all.
      const grown = await page.locator('#scenario-list > li').count();
      expect(grown).toBeGreaterThanOrEqual(400);
      expect(grown % 200).toBe(0);
      expect(grown).toBeLessThan(5000);
      await page.click('#count-failed');
      expect(await page.getAttribute('#scenario-count', 'data-matching')).toBe(String(large.summary.scenarios.failed));
      expect(await page.locator('#scenario-list > li.scn--failed').count()).toBe(Math.min(200, large.summary.scenarios.failed));
      // Search combines with the status filter: scenario-4997 failed (every 7th does), scenario-4998 passed.
      await page.fill('#search', 'scenario-4997');
      expect(await shownIds(page)).toEqual(['braintree/generated/scenario-4997']);
      await page.fill('#search', 'scenario-4998');
      expect(await shownIds(page)).toEqual([]);
      await page.click('.chip--all');
      expect(await shownIds(page)).toEqual(['braintree/generated/scenario-4998']);
      const marks = await page.evaluate(() => performance.getEntriesByName('settlekit:list-rendered').length);
      expect(marks).toBe(1);
    });
  });

  describe('deep links', () => {
    it('opens the linked scenario on load, expanded and scrolled into view', async () => {
      const { page } = await open('mixed', { hash: `#scenario=${encodeURIComponent(ERRORED_ID)}` });
      expect(await isExpanded(page, ERRORED_ID)).toBe(true);
      expect(await isExpanded(page, FAILING_ID)).toBe(false);
      expect(await rowOf(page, ERRORED_ID).locator('.scn-details').isVisible()).toBe(true);
      expect(await inViewport(page, ERRORED_ID)).toBe(true);
      expect(await page.locator('.scn-details').count()).toBe(1);
    });

    it('lands on the top of a long scenario opened by a deep link, among rows not yet laid out', async () => {
      // A failed step with a long XML body: the open scenario is far taller than a row placeholder.
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<transaction>\n${Array.from({ length: 120 }, (_, i) => `  <field-${i}>value ${i}</field-${i}>`).join('\n')}\n</transaction>`;
      const steps = [
        makeStep({ name: 'authorize' }),
        makeStep({
          name: 'settle',
          status: 'failed',
          response: { status: 201, headers: { 'content-type': 'application/xml' }, body: xml, decoded: { transaction: {} }, size: xml.length },
          request: { method: 'POST', url: 'http://127.0.0.1:4010/x', headers: {}, body: xml },
        }),
      ];
      const scenarios = [
        ...Array.from({ length: 3 }, (_, i) => makeScenario({ id: `braintree/long/before-${i}`, status: 'failed', reason: 'x' })),
        makeScenario({ id: 'braintree/long/target', steps }),
        ...Array.from({ length: 40 }, (_, i) => makeScenario({ id: `braintree/long/after-${i}` })),
      ];
      const url = await writeReport(session.dir, 'long', assembleReport(scenarios, [makeRule({ id: 'BT-PS-01' })]));
      const o = await session.open(url, { hash: `#scenario=${encodeURIComponent('braintree/long/target')}`, context: { viewport: { width: 1280, height: 1400 } } });
      expect(await isExpanded(o.page, 'braintree/long/target')).toBe(true);
      const top = await rowOf(o.page, 'braintree/long/target').evaluate((el) => el.getBoundingClientRect().top);
      expect(Math.abs(top)).toBeLessThan(2);
    });

    it('opens a scenario on hashchange, clearing filters that hide it', async () => {
      const { page } = await open('mixed');
      await page.click('#count-failed');
      const passing = 'braintree/multi-shipment/two-shipments';
      await page.evaluate((id) => (location.hash = `#scenario=${encodeURIComponent(id)}`), passing);
      await page.waitForFunction((id) => document.querySelector(`#scenario-list li.open .scn-id`)?.textContent === id, passing);
      expect(await isExpanded(page, passing)).toBe(true);
      expect(await page.getAttribute('.chip--all', 'aria-pressed')).toBe('true');
      // The permalink of a row is that same deep link.
      expect(await rowOf(page, FAILING_ID).locator('.permalink').getAttribute('href')).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}`);
      // Opening by click puts the deep link in the address; its permalink reopens it after closing, hash unchanged.
      await rowOf(page, FAILING_ID).locator('.scn-toggle').click();
      expect(await page.evaluate(() => location.hash)).toBe(`#scenario=${encodeURIComponent(FAILING_ID)}`);
      await rowOf(page, FAILING_ID).locator('.scn-toggle').click();
      expect(await isExpanded(page, FAILING_ID)).toBe(false);
      await rowOf(page, FAILING_ID).locator('.permalink').click();
      expect(await isExpanded(page, FAILING_ID)).toBe(true);
    });

    it('opens a scenario far beyond the first rendered rows of a 5,000-scenario report', async () => {
      const id = 'braintree/generated/scenario-4999';
      const { page } = await open('large', { hash: `#scenario=${encodeURIComponent(id)}` });
      expect(await isExpanded(page, id)).toBe(true);
      expect(await inViewport(page, id)).toBe(true);
      expect(await page.locator('.scn-details').count()).toBe(1);
      // Only a window of rows around it is rendered; earlier ones come on demand and keep it in view.
      const rendered = await page.locator('#scenario-list > li').count();
      expect(rendered).toBeLessThanOrEqual(200);
      expect(await page.locator('#show-earlier').isVisible()).toBe(true);
      await page.click('#show-earlier');
      expect(await page.locator('#scenario-list > li').count()).toBe(rendered + 200);
      expect(await page.textContent('#scenario-count')).toMatch(/^Showing \d+–\d+ of 5000 scenarios$/);
    });

    it('says so when the linked scenario is not in the report', async () => {
      const { page } = await open('mixed', { hash: '#scenario=nope%2Fmissing' });
      expect(await page.locator('#notice').isVisible()).toBe(true);
      expect(await page.textContent('#notice')).toContain('nope/missing');
    });

    it('says so when the linked rule is not in the report, and drops the notice once a link is found', async () => {
      const { page } = await open('mixed', { hash: '#rule=NOPE-99' });
      expect(await page.locator('#notice').isVisible()).toBe(true);
      expect(await page.textContent('#notice')).toBe('No rule with id "NOPE-99" in this report.');
      const known = mixed.rules[0]!.id;
      await page.evaluate((hash) => (location.hash = hash), `#rule=${encodeURIComponent(known)}`);
      await page.waitForSelector(`#rule-matrix tr[data-rule="${known}"].targeted`);
      expect(await page.locator('#notice').isVisible()).toBe(false);
    });
  });

  describe('scenario details', () => {
    it('shows a failing assertion with expected against actual, request and response', async () => {
      const { page } = await open('mixed', { hash: `#scenario=${encodeURIComponent(FAILING_ID)}` });
      const row = rowOf(page, FAILING_ID);
      const failed = row.locator('.assert--failed');
      expect(await failed.count()).toBe(1);
      expect(await failed.locator('.msg').textContent()).toBe('expected "authorized", got "voided"');
      expect(await failed.locator('.vbox--exp pre').textContent()).toBe('"authorized"');
      expect(await failed.locator('.vbox--act pre').textContent()).toBe('"voided"');
      // The failed step is open, the passed one is collapsed and its body not built yet.
      expect(await row.locator('.step').count()).toBe(2);
      expect(await row.locator('.step--failed > details').getAttribute('open')).not.toBeNull();
      expect(await row.locator('.step--passed .step-body').count()).toBe(0);
      const step = row.locator('.step--failed');
      expect(await step.locator('.reqline').textContent()).toBe('POST http://127.0.0.1:4010/merchants/integration_merchant_id/transactions');
      expect(await step.locator('.kv th').allTextContents()).toEqual(['authorization', 'content-type', 'accept', 'content-type']);
      expect(await step.locator('.http-status').textContent()).toBe('201');
      expect(await step.locator('.body-view pre').nth(1).textContent()).toContain('<transaction>\n  <id>abc123</id>\n  <status>authorized</status>\n</transaction>');
      expect(await step.locator('.body-view pre').first().textContent()).toContain('"payment_method_nonce": "fake-valid-visa-nonce"');
      expect(await step.locator('.step-sum .dur').textContent()).toBe('4.2 ms');
      await row.locator('.step--passed summary').click();
      // The body is built on the details' toggle event, which the browser fires in a later task than the click.
      await expect.poll(() => row.locator('.step--passed .step-body').count()).toBe(1);
    });

    it('highlights schema-error and body paths in the response, diffs structured bodies, marks truncation', async () => {
      const { page } = await open('evidence', { hash: `#scenario=${encodeURIComponent(EVIDENCE_IDS.schema)}` });
      const step = rowOf(page, EVIDENCE_IDS.schema).locator('.step--failed');
      expect(await step.locator('.schema-path code').textContent()).toBe('#/properties/transaction/properties/amount/type');
      const highlighted = (await step.locator('.body-view .ln.hl').allTextContents()).map((t) => t.trim());
      expect(highlighted).toContain('"amount": 100,');
      expect(highlighted).toContain('"c2"');
      expect(highlighted.some((t) => t.includes('abc123') || t.includes('settling'))).toBe(false);
      expect(await step.locator('.diff .add').allTextContents()).toEqual(['+   "c2"\n']);
      expect(await step.locator('.diff .del').count()).toBe(0);

      const truncated = rowOf(page, EVIDENCE_IDS.schema).locator('.step', { hasText: 'list every child' });
      await truncated.locator('summary').click();
      expect(await truncated.locator('h4', { hasText: 'Response' }).textContent()).toContain('4.8 MB');
      expect(await truncated.locator('.badge', { hasText: 'truncated' }).count()).toBe(1);
      expect(await truncated.locator('.truncated').textContent()).toContain('Truncated');
    });

    it('lists every response of a step sent several times at once, each built when opened', async () => {
      const id = 'braintree/races/four-settles';
      const response = (status: number, body: string) => ({ status, headers: { 'content-type': 'application/xml' }, body, size: body.length });
      const request = { method: 'POST', url: 'http://127.0.0.1:4010/merchants/m/transactions/p1/submit_for_partial_settlement', headers: {} };
      const race = makeStep({
        name: 'four settles at once',
        status: 'failed',
        exchanges: [201, 201, 422, 201].map((status, i) => ({ request, response: response(status, `<r>${i}</r>`), durationMs: 3 + i })),
        assertions: [{ kind: 'status', passed: false, path: '', expected: 3, actual: 2, message: 'expected 3 response(s) with status 201, got 2' }],
      });
      const url = await writeReport(session.dir, 'race', assembleReport([makeScenario({ id, steps: [race] })], [makeRule({ id: 'BT-PS-05' })]));
      const o = await session.open(url, { hash: `#scenario=${encodeURIComponent(id)}` });
      const step = rowOf(o.page, id).locator('.step--failed');
      expect(await step.locator('h4', { hasText: 'responses (sent at once)' }).textContent()).toBe('All 4 responses (sent at once)');
      const items = step.locator('.exchanges > li');
      expect(await items.count()).toBe(4);
      expect(await items.locator('summary .http-status').allTextContents()).toEqual(['201', '201', '422', '201']);
      // Details are built on demand only.
      expect(await step.locator('.exchanges .body-view').count()).toBe(0);
      await items.nth(2).locator('summary').click();
      expect(await items.nth(2).locator('.body-view pre').first().textContent()).toContain('<r>2</r>');
      expect(await step.locator('.exchanges .body-view').count()).toBe(1);
    });

    it('shows the error code, message and hint of an errored step', async () => {
      const { page } = await open('evidence', { hash: `#scenario=${encodeURIComponent(EVIDENCE_IDS.timeout)}` });
      const box = rowOf(page, EVIDENCE_IDS.timeout).locator('.error-box');
      expect(await box.locator('.error-code').textContent()).toBe('SETTLEKIT_E_TIMEOUT');
      expect(await box.locator('.error-msg').textContent()).toBe('no answer within 10000 ms');
      expect(await box.locator('.error-hint').textContent()).toBe(`Hint: ${TIMEOUT_HINT}`);
    });

    it('copies the curl command with navigator.clipboard, or selects it when the clipboard is unavailable', async () => {
      const { page } = await open('evidence', { hash: `#scenario=${encodeURIComponent(EVIDENCE_IDS.schema)}` });
      const curl = makeEvidenceReport().scenarios[0]?.steps[1]?.curl;
      await page.evaluate(() => {
        Object.defineProperty(navigator, 'clipboard', {
          configurable: true,
          value: { writeText: (t: string) => ((window as unknown as { __copied: string }).__copied = t, Promise.resolve()) },
        });
      });
      const copy = page.locator('.step--failed .btn--copy');
      await copy.click();
      expect(await page.evaluate(() => (window as unknown as { __copied: string }).__copied)).toBe(curl);
      expect(await copy.textContent()).toBe('Copied');
      await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined }));
      await copy.click();
      expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(curl);
    });
  });

  describe('rule matrix', () => {
    it('lists every rule with level, status, suite, source and sentence, failed first, untested shown as such', async () => {
      const { page } = await open('mixed');
      await page.click('#tab-rules');
      expect(await page.locator('#panel-scenarios').isHidden()).toBe(true);
      const rows = page.locator('#rule-matrix tbody tr');
      expect(await rows.count()).toBe(mixed.rules.length);
      expect(await rows.first().getAttribute('data-rule')).toBe('BT-VD-01');
      for (const rule of mixed.rules) {
        const row = page.locator(`#rule-matrix tr[data-rule="${rule.id}"]`);
        const text = await row.textContent();
        for (const part of [rule.id, rule.title, rule.level, rule.suite, rule.source, rule.sentence]) expect(text).toContain(part);
        expect(await row.locator('.badge').textContent()).toBe(rule.status);
        const links = await row.locator('a.scenario-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        expect(links).toEqual(rule.scenarios.map((id) => `#scenario=${encodeURIComponent(id)}`));
      }
      expect(await page.locator('#rule-matrix tr[data-rule="BT-PS-15"] .untested-why').textContent()).toBe('No scenario in this run covers this rule.');
      // A scenario link opens that scenario.
      await page.locator('#rule-matrix tr[data-rule="BT-VD-01"] a.scenario-link').click();
      await page.waitForFunction(() => !document.getElementById('panel-scenarios')?.hidden);
      expect(await isExpanded(page, FAILING_ID)).toBe(true);
    });

    it('shows why an untested rule cannot be tested, and opens a rule from a scenario', async () => {
      const { page } = await open('evidence', { hash: `#scenario=${encodeURIComponent(EVIDENCE_IDS.schema)}` });
      await rowOf(page, EVIDENCE_IDS.schema).locator('.facts a', { hasText: 'BT-PS-01' }).click();
      await page.waitForSelector('#rule-matrix tr[data-rule="BT-PS-01"].targeted');
      expect(await page.locator('#panel-rules').isVisible()).toBe(true);
      expect(await page.locator('#rule-matrix tr[data-rule="BT-PS-09"] .untested-why').textContent()).toBe(`Untestable: ${UNTESTABLE_REASON}`);
      await page.selectOption('#rule-status', 'untested');
      expect(await page.locator('#rule-matrix tbody tr').count()).toBe(1);
    });
  });

  describe('keyboard', () => {
    it('/ focuses search, Escape clears, Enter and Space open and close a scenario, arrows move', async () => {
      const { page } = await open('mixed');
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
      await page.keyboard.type('void');
      expect(await shownIds(page)).toEqual([FAILING_ID]);
      await page.keyboard.press('Escape');
      expect(await page.inputValue('#search')).toBe('');
      expect(await shownIds(page)).toHaveLength(4);

      const first = page.locator('.scn-toggle').first();
      await page.click('#search');
      await page.keyboard.press('Escape'); // empty search: leaves it
      await first.focus();
      await page.keyboard.press('Enter');
      expect(await first.getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Space');
      expect(await first.getAttribute('aria-expanded')).toBe('false');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.closest('li')?.querySelector('.scn-id')?.textContent)).toBe(ERRORED_ID);
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
    });
  });

  describe('hostile content', () => {
    it('runs no injected script and makes no request, with every scenario, step and the rule matrix rendered', async () => {
      const hostile = makeHostileReport();
      const o = await open('hostile');
      const { page, record } = o;
      const toggles = page.locator('.scn-toggle');
      expect(await toggles.count()).toBe(HOSTILE_PAYLOADS.length);
      for (let i = 0; i < HOSTILE_PAYLOADS.length; i++) await toggles.nth(i).click();
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      for (const payload of HOSTILE_PAYLOADS) {
        await page.selectOption('#filter-tag', payload);
        expect(await shownIds(page)).toHaveLength(1);
      }
      await page.selectOption('#filter-tag', '');
      await page.fill('#search', '</script>');
      expect((await shownIds(page)).length).toBeGreaterThan(0);
      await page.fill('#search', '');
      await page.click('#tab-rules');
      await page.waitForTimeout(300);

      // The payloads are on the page as text, not as elements.
      const text = await page.evaluate(() => document.getElementById('app')?.textContent ?? '');
      for (const payload of HOSTILE_PAYLOADS) expect(text).toContain(payload);
      expect(await page.locator('#app img, #app svg, #app link, #app iframe, #app script, #app [onerror], #app [onload]').count()).toBe(0);
      expect(hostile.scenarios).toHaveLength(HOSTILE_PAYLOADS.length);

      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(record.dialogs).toEqual([]);
      expect(record.requests).toEqual([o.url]);
      expect(record.console).toEqual([]);
      expect(record.pageErrors).toEqual([]);
      expect(await o.cspViolations()).toEqual([]);
    });

    it('the detectors work: a naive page built from the same payloads is caught by them', async () => {
      const naive = `<!doctype html><body><div id="x"></div><script>document.getElementById('x').innerHTML = ${JSON.stringify(HOSTILE_PAYLOADS[1])};</script></body>`;
      const url = await writeReport(session.dir, 'naive', naive);
      const o = await session.open(url, { waitReady: false });
      await o.page.waitForFunction(() => (window as unknown as { __pwned?: boolean }).__pwned === true);
      expect(o.record.requests.length).toBeGreaterThan(1);
    });
  });

  describe('presentation', () => {
    it('fits a narrow screen without horizontal scrolling', async () => {
      const { page } = await open('evidence', { hash: `#scenario=${encodeURIComponent(EVIDENCE_IDS.schema)}`, context: { viewport: { width: 375, height: 800 } } });
      const fits = (): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(await fits()).toBe(true);
      await page.click('#tab-rules');
      expect(await fits()).toBe(true);
    });

    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has readable contrast (WCAG AA, 4.5:1) in ${colorScheme} mode`, async () => {
        const { page } = await open('mixed', { hash: `#scenario=${encodeURIComponent(FAILING_ID)}`, context: { colorScheme } });
        await rowOf(page, ERRORED_ID).locator('.scn-toggle').click();
        const selectors = [
          '#verdict .verdict-label', '#verdict .verdict-why', '.meta dt', '.scn-title', '.scn-id', '.scn-reason', '.tagchip', '.dur',
          '.badge--failed', '.n--failed', '.n--errored', '.n--untested', '.level--SHOULD .linkish', '.assert--failed .msg', '.step-op',
          '.error-code', '.chip .count', '.vlabel', 'pre.code', '.reason--failed',
        ];
        const ratios = await page.evaluate((sels) => {
          const parse = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
          const lum = ([r, g, b]: number[]): number => {
            const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * f(r ?? 0) + 0.7152 * f(g ?? 0) + 0.0722 * f(b ?? 0);
          };
          const background = (el: Element | null): number[] => {
            const layers: number[][] = [];
            for (let n = el; n; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if ((c[3] ?? 1) > 0) layers.push(c);
              if ((c[3] ?? 1) >= 1) break;
            }
            let base = [255, 255, 255];
            if (layers.length && (layers[layers.length - 1]?.[3] ?? 1) < 1) base = getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)' ? base : parse(getComputedStyle(document.body).backgroundColor);
            for (const c of layers.reverse()) {
              const a = c[3] ?? 1;
              base = [0, 1, 2].map((i) => (c[i] ?? 0) * a + (base[i] ?? 0) * (1 - a));
            }
            return base;
          };
          return sels.map((sel) => {
            const el = document.querySelector(sel);
            if (!el) return [sel, -1] as const;
            const fg = lum(parse(getComputedStyle(el).color));
            const bg = lum(background(el));
            return [sel, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)] as const;
          });
        }, selectors);
        for (const [sel, ratio] of ratios) {
          expect(ratio, `${sel} present`).not.toBe(-1);
          expect(ratio, `${sel} contrast ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
        }
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      });
    }

    it('writes a screenshot of a report with failures to test-results/html-report.png (and -dark.png)', async () => {
      await mkdir(RESULTS_DIR, { recursive: true });
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page } = await open('mixed', { hash: `#scenario=${encodeURIComponent(FAILING_ID)}`, context: { colorScheme } });
        // Rows use content-visibility: auto, so grow the viewport to the whole page and let it paint before capturing.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: 1280, height });
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        expect(await page.locator('footer').isVisible()).toBe(true);
        const path = join(RESULTS_DIR, colorScheme === 'light' ? 'html-report.png' : 'html-report-dark.png');
        await page.screenshot({ path });
        expect((await stat(path)).size).toBeGreaterThan(20_000);
      }
    });
  });
});

describe('browserGate', () => {
  it('skips only on SETTLEKIT_SKIP_BROWSER=1, and otherwise reports a missing browser with the install script', () => {
    expect(browserGate({ SETTLEKIT_SKIP_BROWSER: '1' }, '/nonexistent/chromium')).toEqual({ run: false, reason: SKIP_BROWSER_REASON });
    const missing = browserGate({}, '/nonexistent/chromium');
    expect(missing.run).toBe(true);
    expect(missing.run && missing.missing).toMatch(/\.ci\/install-chromium\.sh/);
    expect(browserGate({}, process.execPath)).toEqual({ run: true });
  });

  it('makes launchChromium fail with the instructions when the browser is missing', async () => {
    await expect(launchChromium(browserGate({}, '/nonexistent/chromium'))).rejects.toThrow(/run \.ci\/install-chromium\.sh/);
  });
});
