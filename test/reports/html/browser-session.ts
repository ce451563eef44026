/**
 * The Chromium session of one describe block of browser tests: the browser launched and a temporary folder made
 * before its tests, and every report opened in it, the browser and the folder gone after them. A module of its own,
 * apart from chromium.ts, because it registers vitest hooks and the benchmarks import chromium.ts outside vitest.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, openReport, type BrowserGate, type OpenedReport, type OpenReportOptions } from './chromium.ts';

/** What the tests of a block use: the browser, the folder for their reports, and a way to open one. */
export interface BrowserSession {
  /** The launched browser (from the block's `beforeAll` on). */
  readonly browser: Browser;
  /** A temporary folder for the block's reports, removed after the block. */
  readonly dir: string;
  /** Opens a written report as {@link openReport} does; it is closed with the session. */
  open(url: string, options?: OpenReportOptions): Promise<OpenedReport>;
}

/**
 * Registers the session's hooks in the calling describe block: before its tests, Chromium (through `gate`) and a
 * folder `<tmp>/<prefix>…`, then `setUp` (writing the block's reports, say); after them, every opened report, the
 * browser and the folder.
 */
export function useBrowserSession(gate: BrowserGate, prefix: string, setUp?: (session: BrowserSession) => Promise<void>): BrowserSession {
  let browser: Browser | undefined;
  let dir: string | undefined;
  const opened: OpenedReport[] = [];
  const session: BrowserSession = {
    get browser() {
      if (!browser) throw new Error('useBrowserSession: the browser is launched in the block’s beforeAll, not before');
      return browser;
    },
    get dir() {
      if (!dir) throw new Error('useBrowserSession: the folder is made in the block’s beforeAll, not before');
      return dir;
    },
    async open(url, options) {
      const o = await openReport(session.browser, url, options);
      opened.push(o);
      return o;
    },
  };
  beforeAll(async () => {
    browser = await launchChromium(gate);
    dir = await mkdtemp(join(tmpdir(), prefix));
    await setUp?.(session);
  });
  afterAll(async () => {
    await Promise.all(opened.map((o) => o.close().catch(() => undefined)));
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return session;
}
