import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { runConformance, type RunOptions } from '../../runner/run-conformance.ts';
import { MINI_ROOT } from '../helpers/mini-fixture.ts';
import { startMiniServer } from '../helpers/mini-server.ts';

const quiet = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

describe('runConformance on the mini suite', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'settlekit-run-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  const run = (target: string, extra: Partial<RunOptions> = {}) =>
    runConformance({
      target,
      scenariosDir: MINI_ROOT,
      reporters: ['json', 'junit'],
      outputDir: out,
      stream: quiet(),
      profileObject: { capabilities: ['clock-control'], suites: { mini: { credentials: { username: { value: 'user' }, password: { value: 's3cr3t-pass' } } } } } as never,
      ...extra,
    });

  it('passes a conforming target: exit 0, every rule passed, the JSON report written', async () => {
    const server = await startMiniServer();
    try {
      const outcome = await run(server.url);
      expect(outcome.exitCode).toBe(0);
      expect(outcome.report.verdict.conformant).toBe(true);
      expect(outcome.report.rules.map((r) => [r.id, r.status])).toEqual([
        ['MN-PY-01', 'passed'],
        ['MN-PY-02', 'passed'],
        ['MN-PY-03', 'passed'],
      ]);
      const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as RunReport;
      expect(written.summary.scenarios).toEqual({ total: 3, passed: 3, failed: 0, errored: 0, skipped: 0 });
      // The captured id flowed into the second request's path.
      const create = written.scenarios.find((s) => s.id === 'mini/create-and-get')!;
      expect(create.steps[1]!.request!.url).toBe(`${server.url}/accounts/acc1/payments/p1`);
      // Every response was validated against the spec.
      expect(create.steps.every((s) => s.assertions.some((a) => a.kind === 'schema' && a.passed))).toBe(true);
      // The credential never reaches the report.
      expect(JSON.stringify(written)).not.toContain('s3cr3t-pass');
      expect(JSON.stringify(written)).not.toContain(Buffer.from('user:s3cr3t-pass').toString('base64'));
      expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('user:s3cr3t-pass').toString('base64')}`);
    } finally {
      await server.close();
    }
  });

  it('fails a target that breaks a MUST rule: exit 1 and the rule named', async () => {
    const server = await startMiniServer({ acceptZero: true });
    try {
      const outcome = await run(server.url);
      expect(outcome.exitCode).toBe(1);
      const rule = outcome.report.rules.find((r) => r.id === 'MN-PY-02')!;
      expect(rule.status).toBe('failed');
      expect(rule.scenarios).toEqual(['mini/bad-amount']);
      const scenario = outcome.report.scenarios.find((s) => s.id === 'mini/bad-amount')!;
      expect(scenario.reason).toContain('expected status 400, got 201');
      const junit = await readFile(join(out, 'junit.xml'), 'utf8');
      expect(junit).toContain('<failure');
      expect(junit).toContain('mini/bad-amount');
    } finally {
      await server.close();
    }
  });

  it('fails a response that breaks the OpenAPI schema, with the place in the body', async () => {
    const server = await startMiniServer({ badStatus: true });
    try {
      const outcome = await run(server.url, { grep: 'create-and-get' });
      expect(outcome.exitCode).toBe(1);
      const step = outcome.report.scenarios[0]!.steps[0]!;
      const schema = step.assertions.filter((a) => a.kind === 'schema' && !a.passed);
      expect(schema.map((a) => a.path)).toContain('/status');
      expect(step.status).toBe('failed');
      // The scenario stopped at the failed step; the next is reported, skipped.
      expect(outcome.report.scenarios[0]!.steps[1]!.status).toBe('skipped');
    } finally {
      await server.close();
    }
  });

  it('skips a scenario whose capability the target lacks, with the reason', async () => {
    const server = await startMiniServer();
    try {
      const outcome = await run(server.url, { profileObject: { capabilities: [], suites: { mini: { credentials: { username: { value: 'user' }, password: { value: 'p' } } } } } });
      const skipped = outcome.report.scenarios.find((s) => s.id === 'mini/unknown')!;
      expect(skipped.status).toBe('skipped');
      expect(skipped.reason).toBe('the target does not declare clock-control');
      expect(outcome.report.rules.find((r) => r.id === 'MN-PY-03')!.status).toBe('skipped');
    } finally {
      await server.close();
    }
  });

  it('refuses an unreachable target before the run, in one error (exit 2)', async () => {
    const server = await startMiniServer();
    const url = server.url;
    await server.close();
    const error = await run(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_TARGET_UNREACHABLE');
    expect((error as SettlekitError).exitCode).toBe(2);
    expect((error as SettlekitError).message).toBe(`cannot reach ${url}: connection refused`);
  });

  it('rejects unknown suite and rule filters as usage errors', async () => {
    const error = await run('http://127.0.0.1:9', { suites: ['nope'], rules: ['MN-ZZ-01'] }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('unknown suite "nope"');
    expect(String((error as Error).message)).toContain('unknown rule "MN-ZZ-01"');
  });
});
