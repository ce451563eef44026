/**
 * Issue 6, part 1: hostile targets. Each fault of test/helpers/hostile-server.ts yields a failed or errored step with
 * a clear message, the healthy scenarios around it still pass, the reports are written and valid, and the exit code
 * says nonconformance. A target that cannot be reached at all is refused before the run, in one line (exit 2).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport, ScenarioResult, Status } from '../../runner/model/report.ts';
import { runConformance } from '../../runner/run-conformance.ts';
import { runCli } from '../helpers/cli.ts';
import { HUGE_BODY_BYTES, startHostileServer, startVanishingServer, type HostileServer } from '../helpers/hostile-server.ts';
import { readValidJUnit, readValidReport } from './report-checks.ts';

const HOSTILE_ROOT = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const TIMEOUT_MS = 500;
const MAX_BODY = 64 * 1024;
const HEALTHY = ['hostile/a-healthy-before', 'hostile/z-healthy-after'];

const quiet = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

/** What one fault must produce. */
interface Fault {
  /** The scenario's tag (and route). */
  readonly tag: string;
  readonly id: string;
  readonly status: Exclude<Status, 'passed' | 'skipped'>;
  /** For errored steps: the error code. */
  readonly code?: string;
  /** The message the step reports (the error's, or the first failed assertion's). */
  readonly message: RegExp;
  /** Fault-specific checks of the step and the server. */
  readonly extra?: (scenario: ScenarioResult, server: HostileServer) => void;
}

const url = String.raw`http://127\.0\.0\.1:\d+`;

const FAULTS: readonly Fault[] = [
  {
    tag: 'refused',
    id: 'hostile-gone/refused',
    status: 'errored',
    code: 'SETTLEKIT_E_NETWORK',
    message: new RegExp(`^GET ${url}/json/ok: connection refused \\(ECONNREFUSED\\)$`),
  },
  {
    tag: 'reset',
    id: 'hostile/reset',
    status: 'errored',
    code: 'SETTLEKIT_E_NETWORK',
    message: new RegExp(`^GET ${url}/json/reset: the connection was reset or closed before the response was complete \\(\\w+\\)$`),
  },
  {
    tag: 'silent',
    id: 'hostile/silent',
    status: 'errored',
    code: 'SETTLEKIT_E_TIMEOUT',
    message: new RegExp(`^GET ${url}/json/silent: no complete response within ${TIMEOUT_MS} ms$`),
  },
  {
    tag: 'drip',
    id: 'hostile/drip',
    status: 'errored',
    code: 'SETTLEKIT_E_TIMEOUT',
    message: new RegExp(`^GET ${url}/json/drip: no complete response within ${TIMEOUT_MS} ms$`),
  },
  {
    tag: 'not-json',
    id: 'hostile/not-json',
    status: 'errored',
    code: 'SETTLEKIT_E_DECODE',
    message: /^the body is not valid JSON: /,
    extra: (scenario) => {
      // The body is kept as received, for the person reading the report.
      expect(scenario.steps[0]!.response!.body).toBe('<html><body>502 Bad Gateway</body></html>');
    },
  },
  {
    tag: 'not-xml',
    id: 'hostile/not-xml',
    status: 'errored',
    code: 'SETTLEKIT_E_DECODE',
    message: /^the body is not valid XML: /,
  },
  {
    tag: 'bad-utf8',
    id: 'hostile/bad-utf8',
    status: 'errored',
    code: 'SETTLEKIT_E_DECODE',
    message: /^the body is not valid UTF-8$/,
    extra: (scenario) => {
      // Recorded with the bad bytes replaced, so the report stays valid UTF-8.
      expect(scenario.steps[0]!.response!.body).toBe('{"ok":"\uFFFD\uFFFD\uFFFD"}');
    },
  },
  {
    tag: 'huge',
    id: 'hostile/huge',
    status: 'failed',
    message: new RegExp(`^SETTLEKIT_E_BODY_TOO_LARGE: the body is larger than the cap of ${MAX_BODY} bytes \\(\\d+\\+ bytes received\\); only the start was kept$`),
    extra: (scenario, server) => {
      const response = scenario.steps[0]!.response!;
      expect(response.truncated).toBe(true);
      expect(response.body!.length).toBe(MAX_BODY);
      // The kit stopped reading: the server could not write the whole body (the rest never crossed the wire).
      expect(response.size).toBeLessThan(HUGE_BODY_BYTES);
      expect(server.hugeBytesWritten()).toBeLessThan(HUGE_BODY_BYTES);
    },
  },
  {
    tag: 'redirect-loop',
    id: 'hostile/redirect-loop',
    status: 'errored',
    code: 'SETTLEKIT_E_REDIRECT',
    message: /^more than 5 redirects: \/json\/redirect-loop → \/json\/redirect-loop-2 → .* → \/json\/redirect-loop$/,
    extra: (_scenario, server) => {
      // Bounded: the first request and five redirects followed, then the kit gave up.
      expect((server.hits.get('/json/redirect-loop') ?? 0) + (server.hits.get('/json/redirect-loop-2') ?? 0)).toBe(6);
    },
  },
  {
    tag: 'server-error',
    id: 'hostile/server-error',
    status: 'failed',
    message: /^expected status 200, got 503$/,
    extra: (scenario) => {
      const failed = scenario.steps[0]!.assertions.filter((a) => !a.passed).map((a) => a.message);
      expect(failed).toContain('status 503 is not documented for probe.json (documented: 200)');
    },
  },
  {
    tag: 'wrong-type',
    id: 'hostile/wrong-type',
    status: 'failed',
    message: /^Content-Type text\/html; charset=utf-8 is not documented for probe\.json 200 \(documented: application\/json\)$/,
  },
];

/** The message a step reports: its error's, or its first failed assertion's. */
function stepMessage(scenario: ScenarioResult): string | undefined {
  const step = scenario.steps[0]!;
  return step.error?.message ?? step.assertions.find((a) => !a.passed)?.message;
}

describe('hostile targets', () => {
  let server: HostileServer;
  let dir: string;
  beforeAll(async () => {
    server = await startHostileServer();
    dir = await mkdtemp(join(tmpdir(), 'settlekit-hostile-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(FAULTS.map((f) => [f.tag, f] as const))('%s: the step says what went wrong, the run goes on, the reports are written, exit 1', async (tag, fault) => {
    const gone = await startVanishingServer();
    const outputDir = join(dir, tag);
    try {
      const outcome = await runConformance({
        target: server.url,
        scenariosDir: HOSTILE_ROOT,
        suites: fault.id.startsWith('hostile-gone/') ? ['hostile', 'hostile-gone'] : ['hostile'],
        tags: [tag, 'healthy'],
        reporters: ['json', 'junit'],
        outputDir,
        stream: quiet(),
        concurrency: 1,
        timeoutMs: TIMEOUT_MS,
        maxBodyBytes: MAX_BODY,
        profileObject: { suites: { 'hostile-gone': { baseUrl: gone.url } } },
      });
      expect(outcome.exitCode).toBe(1);
      const report = outcome.report;
      expect(report.scenarios.map((s) => s.id).sort()).toEqual([...HEALTHY, fault.id].sort());

      const scenario = report.scenarios.find((s) => s.id === fault.id)!;
      expect(scenario.status).toBe(fault.status);
      expect(scenario.steps[0]!.status).toBe(fault.status);
      if (fault.code) expect(scenario.steps[0]!.error?.code).toBe(fault.code);
      expect(stepMessage(scenario)).toMatch(fault.message);
      expect(scenario.reason).toBe(`step "${scenario.steps[0]!.name}" (line 6): ${stepMessage(scenario)}`);
      fault.extra?.(scenario, server);

      // The run went on: the healthy scenarios, before and after the fault, passed.
      for (const id of HEALTHY) expect(report.scenarios.find((s) => s.id === id)?.status, id).toBe('passed');
      expect(report.rules.find((r) => r.id === 'HS-OK-01')?.status).toBe('passed');
      expect(report.verdict.conformant).toBe(false);

      // The reports were written and are valid; JUnit marks the fault a failure or an error with the message.
      const written = await readValidReport(outputDir);
      expect(written.scenarios.find((s) => s.id === fault.id)?.status).toBe(fault.status);
      const junit = await readValidJUnit(outputDir);
      const testcase = junit.get(fault.id)!;
      const element = fault.status === 'failed' ? testcase.failure : testcase.error;
      expect(element?.message).toContain(stepMessage(scenario));
      if (fault.code) expect(element?.type).toBe(fault.code);
      for (const id of HEALTHY) expect(junit.get(id)).not.toHaveProperty('failure');
      if (fault.tag === 'refused') expect(gone.accepted()).toBe(1);
    } finally {
      await gone.close();
    }
  }, 30_000);

  it('one CLI run over every fault: each reported in the console and in every report, exit 1', async () => {
    const gone = await startVanishingServer();
    const outputDir = join(dir, 'cli');
    const profile = join(dir, 'profile.yaml');
    await writeFile(profile, `suites:\n  hostile-gone:\n    baseUrl: ${gone.url}\n`);
    try {
      const result = await runCli([
        'run', '--scenarios', HOSTILE_ROOT, '--target', server.url, '--profile', profile,
        '--timeout', String(TIMEOUT_MS), '--max-body', String(MAX_BODY), '--concurrency', '4',
        '--reporter', 'console,json,junit,html,markdown', '--output', outputDir,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/NOT CONFORMANT/);

      const report: RunReport = await readValidReport(outputDir);
      expect(report.summary.scenarios.total).toBe(FAULTS.length + HEALTHY.length);
      for (const id of HEALTHY) expect(report.scenarios.find((s) => s.id === id)?.status, id).toBe('passed');
      const junit = await readValidJUnit(outputDir);
      for (const fault of FAULTS) {
        const scenario = report.scenarios.find((s) => s.id === fault.id)!;
        expect(scenario.status, fault.id).toBe(fault.status);
        const message = stepMessage(scenario)!;
        expect(message, fault.id).toMatch(fault.message);
        // The console names the scenario and says what went wrong.
        expect(result.stdout, fault.id).toContain(fault.id);
        expect(result.stdout, fault.id).toContain(message);
        const testcase = junit.get(fault.id)!;
        expect(fault.status === 'failed' ? testcase.failure : testcase.error, fault.id).toBeDefined();
      }
      expect((await readdir(outputDir)).sort()).toEqual(['index.html', 'junit.xml', 'report.json', 'summary.md']);
      const summary = await readFile(join(outputDir, 'summary.md'), 'utf8');
      expect(summary).toContain('HS-PR-01');
      expect(summary).toContain('HG-PR-01');
      const html = await readFile(join(outputDir, 'index.html'), 'utf8');
      expect(html).toContain('hostile/redirect-loop');
    } finally {
      await gone.close();
    }
  }, 60_000);

  it('refuses a target that cannot be reached before the run: one line, exit 2, no request sent', async () => {
    const gone = await startVanishingServer();
    await gone.close();
    const profile = join(dir, 'unreachable.yaml');
    await writeFile(profile, `suites:\n  hostile-gone:\n    baseUrl: ${gone.url}\n`);
    const before = server.requests.length;
    const outputDir = join(dir, 'unreachable');
    const result = await runCli(['run', '--scenarios', HOSTILE_ROOT, '--target', server.url, '--profile', profile, '--output', outputDir]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`SETTLEKIT_E_TARGET_UNREACHABLE: cannot reach ${gone.url}: connection refused`);
    // The one line, then only its hint: no stack trace, no per-scenario noise.
    expect(lines.slice(1)).toEqual(['  hint: Check --target and that the implementation is running.']);
    expect(result.stdout).toBe('');
    expect(gone.accepted()).toBe(0);
    // Not a single scenario ran against the origin that was up.
    expect(server.requests.length).toBe(before);
    await expect(readFile(join(outputDir, 'report.json'))).rejects.toThrow(/ENOENT/);
  }, 30_000);
});
