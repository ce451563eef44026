/**
 * The report shape, pinned: every bundled suite run against a deterministic reference simulator (fixed clock,
 * sequential Braintree ids, one scenario at a time), its JSON report and console output normalized
 * (test/helpers/golden.ts) and compared with the committed fixtures. Any change to what a run records or prints —
 * an optimization must make none — shows here as a diff. After an intended change: `UPDATE_GOLDEN=1 npx vitest run
 * test/golden` and review the fixtures' diff.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance, type RunOutcome } from '../../runner/run-conformance.ts';
import { createSequentialIds, createSimulator } from '../../simulator/index.ts';
import { normalizeConsole, normalizeReport } from '../helpers/golden.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares `actual` with the fixture `name` (or rewrites the fixture with UPDATE_GOLDEN=1). */
async function expectGolden(name: string, actual: string): Promise<void> {
  const file = join(FIXTURES, name);
  if (UPDATE) await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

describe('the default run, golden', () => {
  let out: string;
  let outcome: RunOutcome;
  let consoleText = '';
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'settlekit-golden-'));
    const simulator = createSimulator({ startTime: Date.UTC(2026, 0, 15, 9, 30), ids: createSequentialIds('tx') });
    const url = await simulator.listen(0);
    try {
      outcome = await runConformance({
        target: url,
        reporters: ['console', 'json'],
        outputDir: out,
        concurrency: 1,
        stream: new Writable({ write: (chunk: Buffer | string, _encoding, done) => ((consoleText += String(chunk)), done()) }),
        tty: false,
        color: false,
      });
    } finally {
      await simulator.close();
    }
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('passes every suite', () => {
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report.summary.scenarios.failed + outcome.report.summary.scenarios.errored).toBe(0);
  });

  it('writes the same JSON report', async () => {
    const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as unknown;
    await expectGolden('default-run.report.json', `${JSON.stringify(normalizeReport(written), null, 2)}\n`);
  });

  it('prints the same console output', async () => {
    await expectGolden('default-run.console.txt', normalizeConsole(consoleText, out));
  });
});
