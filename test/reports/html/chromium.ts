/**
 * Headless Chromium for the HTML report's browser tests and benchmark: Debian's `chromium` at /usr/bin/chromium driven
 * by playwright-core, and a page wrapper that records everything the page does (requests, console, errors, dialogs,
 * CSP violations) so tests can prove a report loads nothing and runs nothing but its own script.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { renderHtml } from '../../../reports/html/index.ts';
import type { RunReport } from '../../../runner/model/report.ts';

/** Where the Debian package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Launch flags: no sandbox (containers), and no background traffic that would show up as requests. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Why browser tests are skipped: only on explicit request, never because the browser is missing. */
export const SKIP_BROWSER_REASON = 'SETTLEKIT_SKIP_BROWSER=1 is set: browser tests of the HTML report skipped on request';

/** What to do about browser tests in this environment. */
export type BrowserGate = { readonly run: false; readonly reason: string } | { readonly run: true; readonly missing?: string };

/**
 * Decides whether browser tests run: skipped only when `SETTLEKIT_SKIP_BROWSER=1`; otherwise they run, and a missing
 * browser is reported (as `missing`) so the tests fail with instructions instead of silently passing.
 */
export function browserGate(env: NodeJS.ProcessEnv = process.env, executablePath = CHROMIUM_PATH): BrowserGate {
  if (env.SETTLEKIT_SKIP_BROWSER === '1') return { run: false, reason: SKIP_BROWSER_REASON };
  if (!existsSync(executablePath)) {
    return {
      run: true,
      missing:
        `Chromium is not installed at ${executablePath}: run .ci/install-chromium.sh (apt-get install chromium), ` +
        'or set SETTLEKIT_SKIP_BROWSER=1 to skip the browser tests explicitly.',
    };
  }
  return { run: true };
}

/** Launches headless Chromium, or throws the gate's instructions when it is missing. */
export async function launchChromium(gate: BrowserGate = browserGate()): Promise<Browser> {
  if (gate.run && gate.missing) throw new Error(gate.missing);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Everything a report page did, recorded from the browser's own events. */
export interface PageRecord {
  readonly requests: string[];
  readonly console: string[];
  readonly pageErrors: string[];
  readonly dialogs: string[];
}

/** An opened report. */
export interface OpenedReport {
  readonly page: Page;
  readonly url: string;
  readonly record: PageRecord;
  /** CSP violations seen by a `securitypolicyviolation` listener installed before the page's own script. */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Writes a report's HTML to `<dir>/<name>.html` and returns its file:// URL. */
export async function writeReport(dir: string, name: string, report: RunReport | string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}.html`);
  await writeFile(file, typeof report === 'string' ? report : renderHtml(report), 'utf8');
  return pathToFileURL(file).href;
}

/** How {@link openReport} opens a report: a hash to open it at, the browser context's options, whether to wait for the client. */
export interface OpenReportOptions {
  readonly hash?: string;
  readonly context?: BrowserContextOptions;
  readonly waitReady?: boolean;
}

/** Opens a written report in a fresh context and waits until the client script has rendered. */
export async function openReport(browser: Browser, url: string, options: OpenReportOptions = {}): Promise<OpenedReport> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options.context });
  const page = await context.newPage();
  const record: PageRecord = { requests: [], console: [], pageErrors: [], dialogs: [] };
  page.on('request', (r) => record.requests.push(r.url()));
  page.on('console', (m) => record.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => record.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    record.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  await page.goto(url + (options.hash ?? ''));
  if (options.waitReady !== false) await page.waitForSelector('html[data-ready="true"]', { state: 'attached' });
  return {
    page,
    url,
    record,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.slice()),
    close: () => context.close(),
  };
}
