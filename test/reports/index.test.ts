import * as fsPromises from 'node:fs/promises';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import { createReporters, isReporterName, renderFromReport, replayReport, REPORTER_NAMES, runStartEventOf } from '../../reports/index.ts';
import { readReport, serializeReport } from '../../reports/json.ts';
import { loadReporterFactory } from '../../reports/lazy-reporters.ts';
import type * as LazyReporters from '../../reports/lazy-reporters.ts';
import { ReporterMultiplexer } from '../../reports/multiplexer.ts';
import type { Reporter } from '../../runner/model/events.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { makeMixedReport } from '../fixtures/report-fixtures.ts';

// `access` is spied on to take the "module not installed" branch deterministically, whatever exists on disk.
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof fsPromises>();
  return { ...original, access: vi.fn(original.access) };
});

// The lazy loader is wrapped so a test can hand out a stand-in factory (the real modules belong to another layer).
vi.mock('../../reports/lazy-reporters.ts', async (importOriginal) => {
  const original = await importOriginal<typeof LazyReporters>();
  return { ...original, loadReporterFactory: vi.fn(original.loadReporterFactory) };
});

/** A stand-in for the Markdown reporter: writes a file but does not list it (so the registry must find it). */
const fakeMarkdown = (options: { outputDir: string }): Reporter => ({
  name: 'markdown',
  async onRunEnd(event) {
    await mkdir(join(options.outputDir, 'md'), { recursive: true });
    await writeFile(join(options.outputDir, 'md', 'summary.md'), `# ${event.report.scenarios.length} scenarios\n`);
  },
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-registry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.mocked(fsPromises.access).mockClear();
});

/** Runs `fn` and returns the SettlekitError it throws. */
async function rejection(fn: () => Promise<unknown>): Promise<SettlekitError> {
  const error = await fn().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SettlekitError);
  return error as SettlekitError;
}

/** A stream that swallows the console reporter's output. */
function sink(): NodeJS.WritableStream & { text: string } {
  const stream = { text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WritableStream & { text: string };
}

/** Sends a report's events as a live run would: start, each scenario's start, steps and end, then the end. */
async function liveRun(report: RunReport, reporter: Reporter, outputDir: string): Promise<void> {
  await reporter.onRunStart?.(runStartEventOf(report));
  for (const scenario of report.scenarios) {
    await reporter.onScenarioStart?.({ id: scenario.id, suite: scenario.suite, title: scenario.title });
    for (const step of scenario.steps) await reporter.onStepEnd?.({ scenarioId: scenario.id, step });
    await reporter.onScenarioEnd?.({ scenario });
  }
  await reporter.onRunEnd?.({ report, outputDir });
}

describe('REPORTER_NAMES', () => {
  it('names every reporter and recognizes names', () => {
    expect(REPORTER_NAMES).toEqual(['console', 'json', 'junit', 'html', 'markdown']);
    expect(isReporterName('junit')).toBe(true);
    expect(isReporterName('tap')).toBe(false);
  });
});

describe('createReporters', () => {
  it('builds the built-in reporters in order, once per name', async () => {
    const reporters = await createReporters(['junit', 'console', 'json', 'junit'], { outputDir: dir, stream: sink() });
    expect(reporters.map((r) => r.name)).toEqual(['junit', 'console', 'json']);
  });

  it('passes console options through', async () => {
    const stream = sink();
    const [reporter] = await createReporters(['console'], { outputDir: dir, stream, tty: false, color: true });
    await reporter!.onScenarioEnd!({ scenario: makeMixedReport().scenarios[0]! });
    expect(stream.text).toBe('\x1b[32m✓\x1b[39m braintree/multi-shipment/two-shipments \x1b[2m(13 ms)\x1b[22m\n');
  });

  it('the console names the reports folder only when a reporter writes files there', async () => {
    const report = makeMixedReport();
    const ending = async (names: Parameters<typeof createReporters>[0]): Promise<string> => {
      const stream = sink();
      const reporters = await createReporters(names, { outputDir: join(dir, 'never-written'), stream, tty: false, color: false });
      await reporters[0]!.onRunEnd!({ report, outputDir: join(dir, 'never-written') });
      return stream.text;
    };
    expect(await ending(['console', 'json'])).toContain(`Reports:   ${join(dir, 'never-written')}\n`);
    // `--reporter console`: no file is written, and the folder is never made.
    expect(await ending(['console'])).not.toContain('Reports:');
  });

  it('rejects an unknown name as a usage error', async () => {
    const error = await rejection(() => createReporters(['tap' as never], { outputDir: dir }));
    expect(error.code).toBe('SETTLEKIT_E_USAGE');
    expect(error.message).toBe('unknown reporter "tap" (one of console, json, junit, html, markdown)');
  });

  it.each(['html', 'markdown'] as const)('says reporter %s is not available when its module is missing', async (name) => {
    vi.mocked(fsPromises.access).mockRejectedValueOnce(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));
    const error = await rejection(() => createReporters(['json', name], { outputDir: dir }));
    expect(error.code).toBe('SETTLEKIT_E_USAGE');
    expect(error.message).toBe(`reporter ${name} is not available`);
    expect(error.exitCode).toBe(2);
    const [checked] = vi.mocked(fsPromises.access).mock.calls.at(-1)!;
    expect(String(checked)).toMatch(name === 'html' ? /\/reports\/html\/index\.ts$/ : /\/reports\/markdown\.ts$/);
  });

  it('builds a lazily loaded reporter with its factory and the output folder', async () => {
    const factory = vi.fn(fakeMarkdown);
    vi.mocked(loadReporterFactory).mockResolvedValueOnce(factory);
    const [reporter] = await createReporters(['markdown'], { outputDir: dir });
    expect(reporter!.name).toBe('markdown');
    expect(factory).toHaveBeenCalledWith({ outputDir: dir });
    expect(loadReporterFactory).toHaveBeenLastCalledWith('markdown');
  });

  it('does not load the lazy reporters unless asked', async () => {
    vi.mocked(loadReporterFactory).mockClear();
    await createReporters(['console', 'json', 'junit'], { outputDir: dir, stream: sink() });
    expect(loadReporterFactory).not.toHaveBeenCalled();
  });
});

describe('replayReport', () => {
  it('sends onRunStart, onScenarioEnd for each scenario in order, then onRunEnd', async () => {
    const report = makeMixedReport();
    const journal: string[] = [];
    await replayReport(report, {
      name: 'journal',
      onRunStart: (e) => void journal.push(`start ${e.scenarioCount} ${e.suites.join(',')} ${e.kitVersion}`),
      onScenarioStart: () => void journal.push('scenario start'),
      onScenarioEnd: (e) => void journal.push(e.scenario.id),
      onRunEnd: (e) => void journal.push(`end ${e.outputDir} ${e.report === report}`),
    }, 'out');
    expect(journal).toEqual([
      'start 4 braintree,worldpay-payments 0.1.0',
      ...report.scenarios.map((s) => s.id),
      'end out true',
    ]);
  });
});

describe('renderFromReport', () => {
  it('writes a junit.xml identical to the one written during the run, from the saved report.json', async () => {
    const live = join(dir, 'live');
    const runReporters = await createReporters(['json', 'junit'], { outputDir: live });
    const mux = new ReporterMultiplexer(runReporters);
    await liveRun(makeMixedReport(), mux, live);
    expect(mux.errors).toEqual([]);

    const saved = await readReport(join(live, 'report.json'));
    const rebuilt = join(dir, 'rebuilt');
    const files = await renderFromReport(saved, ['junit'], rebuilt);
    expect(files).toEqual([join(rebuilt, 'junit.xml')]);
    expect(await readFile(join(rebuilt, 'junit.xml'), 'utf8')).toBe(await readFile(join(live, 'junit.xml'), 'utf8'));
    expect(await readdir(rebuilt)).toEqual(['junit.xml']);
  });

  it('rewrites report.json byte for byte and lists every file written', async () => {
    const live = join(dir, 'live-json');
    await writeFile(join(dir, 'seed.json'), serializeReport(makeMixedReport()));
    const saved = await readReport(join(dir, 'seed.json'));
    const files = await renderFromReport(saved, ['json', 'junit'], live);
    expect(files).toEqual([join(live, 'junit.xml'), join(live, 'report.json')]);
    expect(await readFile(join(live, 'report.json'), 'utf8')).toBe(serializeReport(makeMixedReport()));
  });

  it('finds the files of a reporter that does not list them, and not the files already there', async () => {
    const out = join(dir, 'with-markdown');
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'unrelated.txt'), 'keep');
    vi.mocked(loadReporterFactory).mockResolvedValueOnce(fakeMarkdown);
    const files = await renderFromReport(makeMixedReport(), ['markdown', 'junit'], out);
    expect(files).toEqual([join(out, 'junit.xml'), join(out, 'md', 'summary.md')]);
    expect(await readFile(join(out, 'md', 'summary.md'), 'utf8')).toBe('# 4 scenarios\n');
  });

  it('prints the console summary when asked and writes no file for it', async () => {
    const stream = sink();
    const files = await renderFromReport(makeMixedReport(), ['console'], join(dir, 'console-only'), { stream, tty: false, color: false });
    expect(files).toEqual([]);
    expect(stream.text).toContain('NOT CONFORMANT (1 MUST rule failed: BT-VD-01; 1 MUST rule errored: WP-PS-03)');
  });

  it('writes the other reports and then fails with SETTLEKIT_E_REPORTER when one reporter fails', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'a file where a folder should be');
    const error = await rejection(() => renderFromReport(makeMixedReport(), ['junit'], join(blocker, 'out')));
    expect(error.code).toBe('SETTLEKIT_E_REPORTER');
    expect(error.message).toMatch(/^reporter junit failed in onRunEnd: /);
  });
});
