/**
 * How long the HTML report takes to open, in headless Chromium: renders reports of 500 and 5,000 scenarios, opens each
 * from file:// several times and reads the page's own performance marks — time to the first render of the scenario
 * list (`settlekit:list-rendered`, from navigation start) and time to open one scenario (click to details built, and to
 * the next frame). Each figure is printed as a ratio against the 500-scenario baseline measured in the same run, so
 * the numbers compare across machines.
 *
 * Run: `npx tsx bench/html-open.bench.ts` (BENCH_RUNS=n to change the number of runs per size, default 5).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from '../reports/html/index.ts';
import { makeLargeReport } from '../test/fixtures/report-fixtures.ts';
import { browserGate, launchChromium, openReport, writeReport } from '../test/reports/html/chromium.ts';

const SIZES = [500, 5000] as const;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

/** One measurement of one open. */
interface Sample {
  /** Navigation start → the client script starts (the HTML, data block included, is parsed). */
  readonly scriptStart: number;
  /** The data block is read and parsed. */
  readonly parse: number;
  /** Navigation start → the first rows of the scenario list are in the DOM. */
  readonly listRendered: number;
  /** Click on a failed scenario → its details are built (synchronous work). */
  readonly openBuilt: number;
  /** Click → the next frame after the details were built (includes style and layout). */
  readonly openPainted: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

async function main(): Promise<void> {
  const gate = browserGate();
  if (!gate.run) {
    console.log(`html-open bench skipped: ${gate.reason}`);
    return;
  }
  const browser = await launchChromium(gate);
  const dir = await mkdtemp(join(tmpdir(), 'settlekit-html-bench-'));
  const results: { size: number; bytes: number; sample: Sample }[] = [];
  try {
    for (const size of SIZES) {
      const html = renderHtml(makeLargeReport(size));
      const url = await writeReport(dir, `report-${size}`, html);
      const samples: Sample[] = [];
      // One unmeasured open warms the browser's caches for this file.
      for (let run = 0; run <= RUNS; run++) {
        const opened = await openReport(browser, url);
        // No named functions inside: tsx would wrap them in a `__name` helper the page does not have.
        const sample = await opened.page.evaluate(async () => {
          const [scriptStart, parsed, listed] = ['settlekit:script-start', 'settlekit:data-parsed', 'settlekit:list-rendered'].map(
            (name) => performance.getEntriesByName(name)[0]?.startTime ?? Number.NaN,
          ) as [number, number, number];
          const toggle = document.querySelector<HTMLButtonElement>('#scenario-list .scn--failed .scn-toggle');
          if (!toggle) throw new Error('no failed scenario in the list');
          const t0 = performance.now();
          toggle.click();
          const built = performance.now();
          await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
          return {
            scriptStart,
            parse: parsed - scriptStart,
            listRendered: listed,
            openBuilt: built - t0,
            openPainted: performance.now() - t0,
          };
        });
        await opened.close();
        if (run > 0) samples.push(sample);
      }
      const keys = ['scriptStart', 'parse', 'listRendered', 'openBuilt', 'openPainted'] as const;
      const med = Object.fromEntries(keys.map((k) => [k, median(samples.map((s) => s[k]))])) as unknown as Sample;
      results.push({ size, bytes: Buffer.byteLength(html), sample: med });
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }

  const base = results[0];
  if (!base) return;
  const ratio = (v: number, b: number): string => `${(v / b).toFixed(2)}×`;
  console.log(`HTML report open time in headless Chromium (median of ${RUNS} runs; ratios against ${base.size} scenarios)\n`);
  console.log(
    [pad('scenarios', 10), pad('file', 9, true), pad('HTML parsed', 12, true), pad('JSON.parse', 11, true), pad('list rendered', 14, true), pad('ratio', 7, true),
      pad('open scenario', 14, true), pad('ratio', 7, true), pad('+ frame', 9, true), pad('ratio', 7, true)].join('  '),
  );
  for (const r of results) {
    const s = r.sample;
    const b = base.sample;
    console.log(
      [
        pad(String(r.size), 10),
        pad(`${(r.bytes / 1024 / 1024).toFixed(1)} MB`, 9, true),
        pad(`${s.scriptStart.toFixed(0)} ms`, 12, true),
        pad(`${s.parse.toFixed(0)} ms`, 11, true),
        pad(`${s.listRendered.toFixed(0)} ms`, 14, true),
        pad(ratio(s.listRendered, b.listRendered), 7, true),
        pad(`${s.openBuilt.toFixed(1)} ms`, 14, true),
        pad(ratio(s.openBuilt, b.openBuilt), 7, true),
        pad(`${s.openPainted.toFixed(1)} ms`, 9, true),
        pad(ratio(s.openPainted, b.openPainted), 7, true),
      ].join('  '),
    );
  }
  console.log(
    '\nThe list renders a fixed window of rows and details are built on open, so only reading the file and parsing its one JSON\n' +
      'block grow with the report; opening a scenario should stay flat.',
  );
}

await main();
