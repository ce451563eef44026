import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../runner/model/report.ts';
import { CLI, runCli } from '../helpers/cli.ts';

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('settlekit simulate + settlekit run --target, with no profile at all', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('serves all three APIs on the given port; a run against it passes every suite; SIGTERM stops it cleanly', async () => {
    const port = await freePort();
    const simulator = spawn(process.execPath, [...CLI, 'simulate', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let out = '';
    simulator.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => simulator.on('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), 60_000);
        simulator.stdout.on('data', () => {
          if (out.includes('listening on')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = `http://127.0.0.1:${port}`;
      expect(out).toContain(`settlekit reference simulator listening on ${url}`);
      const dir = await mkdtemp(join(tmpdir(), 'settlekit-simulate-'));
      dirs.push(dir);
      const run = await runCli(['run', '--target', url, '--reporter', 'json', '--output', dir]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.target).toEqual({ url, embedded: false });
      expect(report.verdict.suites.map((s) => [s.id, s.conformant])).toEqual([
        ['braintree', true],
        ['worldpay-payments', true],
        ['worldpay-split-payments', true],
      ]);
    } finally {
      simulator.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('simulator stopped');
  });

  it('refuses a port outside 0–65535 (exit 2)', async () => {
    const result = await runCli(['simulate', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be 0–65535');
  });
});
