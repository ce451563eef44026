/**
 * Issue 6, part 3: interrupts. SIGINT or SIGTERM in the middle of `settlekit run` aborts the request in flight, writes
 * the report of what ran (marked interrupted, the scenarios not run listed as skipped) and exits 130.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startHostileServer } from '../helpers/hostile-server.ts';
import { readValidJUnit, readValidReport } from './report-checks.ts';

const HOSTILE_ROOT = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));

describe('interrupting a run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-interrupt-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('%s mid-run: the request in flight is aborted, the report of what ran is written, exit 130', async (signal) => {
    const server = await startHostileServer();
    const outputDir = join(dir, signal);
    let signalled = false;
    try {
      // One scenario at a time, in id order: a-healthy-before passes, drip hangs (the deadline is a minute away),
      // silent and z-healthy-after wait their turn.
      const result = await runCli(
        [
          'run', '--scenarios', HOSTILE_ROOT, '--suite', 'hostile', '--tag', 'healthy,drip,silent', '--target', server.url,
          '--concurrency', '1', '--timeout', '60000', '--reporter', 'console,json,junit,html,markdown', '--output', outputDir,
        ],
        {
          onStdout: (text, child) => {
            if (signalled || !text.includes('hostile/a-healthy-before')) return;
            signalled = true;
            // Progress on stdout, and the next scenario's request has reached the target: interrupt now.
            void server.waitFor('/json/drip').then(() => child.kill(signal));
          },
        },
      );
      expect(signalled).toBe(true);
      expect(result.signal).toBeNull();
      expect(result.code).toBe(130);
      expect(result.stderr).toContain(`${signal}: stopping; writing the report of what ran`);
      expect(result.stdout).toContain('INTERRUPTED');

      const report = await readValidReport(outputDir);
      expect(report.interrupted).toBe(true);
      expect(report.verdict.conformant).toBe(false);
      const byId = new Map(report.scenarios.map((s) => [s.id, s]));
      expect([...byId.keys()]).toEqual(['hostile/a-healthy-before', 'hostile/drip', 'hostile/silent', 'hostile/z-healthy-after']);
      expect(byId.get('hostile/a-healthy-before')!.status).toBe('passed');
      // The request in flight was aborted by the interrupt, not by its deadline.
      const drip = byId.get('hostile/drip')!;
      expect(drip.status).toBe('errored');
      expect(drip.steps[0]!.error).toMatchObject({ code: 'SETTLEKIT_E_INTERRUPTED' });
      expect(drip.steps[0]!.error!.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/json\/drip was aborted: the run was interrupted$/);
      expect(server.abandoned).toContain('/json/drip');
      // The scenarios the interrupt kept from starting are listed, skipped, with the reason; nothing was sent for them.
      for (const id of ['hostile/silent', 'hostile/z-healthy-after']) {
        expect(byId.get(id)).toMatchObject({ status: 'skipped', reason: 'not run: the run was interrupted' });
      }
      expect(server.hits.has('/json/silent')).toBe(false);
      expect(server.hits.has('/xml/ok')).toBe(false);

      // Every other report was written from the same results.
      const junit = await readValidJUnit(outputDir);
      expect(junit.get('hostile/z-healthy-after')!.skipped?.message).toBe('not run: the run was interrupted');
      expect(junit.get('hostile/drip')!.error?.type).toBe('SETTLEKIT_E_INTERRUPTED');
      expect(await readFile(join(outputDir, 'summary.md'), 'utf8')).toContain('The run was interrupted');
      expect(await readFile(join(outputDir, 'index.html'), 'utf8')).toContain('hostile/drip');
    } finally {
      await server.close();
    }
  }, 60_000);
});
