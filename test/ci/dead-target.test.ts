/**
 * Issue 11, a target that stops answering: after `--max-timeouts` consecutive timeouts (default 3) the kit stops
 * sending — requests in flight are aborted, the scenarios not yet run are errored at once with "target stopped
 * answering" (SETTLEKIT_E_TARGET_STOPPED), the report is written, exit 1. `--max-duration` bounds the whole run the
 * same way. Before this, a target that hung after 40 requests with `--timeout 2000` held the run for 78 s.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../runner/run-conformance.ts';
import { runCli } from '../helpers/cli.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { ROOT } from '../helpers/suite-run.ts';
import { readValidJUnit, readValidReport } from '../reliability/report-checks.ts';

/** The bound the issue asks for: the run is reported well within it (without the guard it took ~78 s). */
const BOUND_MS = 15_000;
const HANG_AFTER = 40;
const TIMEOUT_MS = 2000;

/** A proxy in front of `target` that answers the first `answered` requests and then never answers again. */
async function startHangingProxy(target: string, answered: number): Promise<{ url: string; received: () => number; afterHang: () => number; close(): Promise<void> }> {
  const upstream = new URL(target);
  let received = 0;
  const server = http.createServer((req, res) => {
    received += 1;
    if (received > answered) return; // Scenario: the target accepted the connection and went silent.
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    afterHang: () => Math.max(0, received - answered),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const simulator = useSimulator();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-dead-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a target that hangs after 40 requests, --timeout 2000', () => {
  it(`is reported within ${BOUND_MS / 1000} s: the rest errored at once, the report written, exit 1`, async () => {
    const proxy = await startHangingProxy(simulator.url, HANG_AFTER);
    try {
      const started = performance.now();
      const result = await runCli(['run', '--target', proxy.url, '--timeout', String(TIMEOUT_MS), '--reporter', 'console,json,junit', '--output', join(dir, 'hung')], { cwd: ROOT, timeoutMs: 120_000 });
      const elapsed = performance.now() - started;
      expect(result.code, result.stderr).toBe(1);
      expect(elapsed).toBeLessThan(BOUND_MS);
      const report = await readValidReport(join(dir, 'hung'));
      expect(report.stopped).toEqual({ code: 'SETTLEKIT_E_TARGET_STOPPED', message: `the target stopped answering: 3 requests in a row got no response within ${TIMEOUT_MS} ms` });
      expect(report.durationMs).toBeLessThan(BOUND_MS);
      // The kit stopped sending: only what was in flight when the target hung reached it (4 at a time).
      expect(proxy.afterHang()).toBeLessThanOrEqual(8);
      const notRun = report.scenarios.filter((s) => s.reason === `not run: ${report.stopped!.message}`);
      expect(notRun.length).toBeGreaterThan(report.scenarios.length / 2);
      for (const s of notRun) {
        expect(s.status).toBe('errored');
        expect(s.steps[0]?.error?.code).toBe('SETTLEKIT_E_TARGET_STOPPED');
      }
      // Requests in flight were aborted with the same code, or timed out themselves (the ones that tripped the guard).
      const inFlight = report.scenarios.flatMap((s) => s.steps).filter((st) => st.status === 'errored').map((st) => st.error?.code);
      expect(inFlight.filter((c) => c === 'SETTLEKIT_E_TIMEOUT').length).toBeGreaterThanOrEqual(3);
      expect(report.verdict).toMatchObject({ conformant: false, gate: { passed: false } });
      expect(report.summary.scenarios.total).toBe(report.plan!.scenarios.length);
      const junit = await readValidJUnit(join(dir, 'hung'));
      expect(junit.get(notRun[0]!.id)?.error?.type).toBe('SETTLEKIT_E_TARGET_STOPPED');
      expect(result.stdout).toMatch(/^STOPPED — the target stopped answering: 3 requests in a row got no response within 2000 ms \(SETTLEKIT_E_TARGET_STOPPED\); \d+ scenarios not run, errored$/m);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('keeps waiting with --max-timeouts 0 (the guard off), until each request times out', async () => {
    const proxy = await startHangingProxy(simulator.url, 0);
    try {
      const outcome = await runConformance({ target: proxy.url, suites: ['worldpay-payments'], grep: 'validation/missing', timeoutMs: 300, maxTimeouts: 0, reporters: ['json'], outputDir: join(dir, 'no-guard'), stream: new Writable({ write: (_c, _e, cb) => cb() }) });
      expect(outcome.report.stopped).toBeUndefined();
      // Every scenario sent its first request and timed out on its own.
      expect(outcome.report.scenarios.every((s) => s.steps[0]?.error?.code === 'SETTLEKIT_E_TIMEOUT')).toBe(true);
      expect(proxy.received()).toBe(outcome.report.scenarios.length);
    } finally {
      await proxy.close();
    }
  });
});

describe('--max-duration', () => {
  it('stops a run that goes on too long the same way: errored with SETTLEKIT_E_MAX_DURATION, the report written, exit 1', async () => {
    const proxy = await startHangingProxy(simulator.url, 5);
    try {
      const outcome = await runConformance({
        target: proxy.url,
        suites: ['braintree'],
        timeoutMs: 60_000,
        maxDurationMs: 1500,
        reporters: ['json'],
        outputDir: join(dir, 'bounded'),
        stream: new Writable({ write: (_c, _e, cb) => cb() }),
      });
      expect(outcome.exitCode).toBe(1);
      const report = await readValidReport(join(dir, 'bounded'));
      expect(report.stopped).toEqual({ code: 'SETTLEKIT_E_MAX_DURATION', message: 'the run took longer than --max-duration 1500ms' });
      expect(report.options.maxDurationMs).toBe(1500);
      // What was in flight was aborted with the code, and what never started is errored with it.
      const codes = new Set(report.scenarios.flatMap((s) => s.steps).map((st) => st.error?.code).filter(Boolean));
      expect([...codes]).toEqual(['SETTLEKIT_E_MAX_DURATION']);
      expect(report.scenarios.filter((s) => s.reason?.startsWith('not run: the run took longer')).length).toBeGreaterThan(10);
    } finally {
      await proxy.close();
    }
  });

  it('accepts ms and 90s / 10m / 1h on the command line, and refuses anything else (exit 2)', async () => {
    const { parseDuration } = await import('../../runner/cli/options.ts');
    expect([parseDuration('1500'), parseDuration('90s'), parseDuration('10m'), parseDuration('1.5h'), parseDuration('250ms')]).toEqual([1500, 90_000, 600_000, 5_400_000, 250]);
    const bad = await runCli(['run', '--max-duration', 'soon'], { cwd: ROOT });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-duration <duration>' argument 'soon' is invalid\. must be a duration/);
  });
});
