import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../runner/run-conformance.ts';
import { copyMini } from '../helpers/mini-fixture.ts';
import { startMiniServer } from '../helpers/mini-server.ts';

/** A scenario racing five creates, with the outcome classes given. */
function raceScenario(outcomes: string): string {
  return [
    'id: mini/race',
    'title: five creates at once',
    'rules: [MN-PY-01]',
    'steps:',
    '  - name: five creates',
    '    operation: payments.create',
    '    body: { amount: 5 }',
    '    repeat: 5',
    '    expect:',
    `      outcomes: ${outcomes}`,
    '',
  ].join('\n');
}

describe('a step repeated at once (repeat + expect.outcomes)', () => {
  let server: Awaited<ReturnType<typeof startMiniServer>>;
  let out: string;
  beforeAll(async () => {
    server = await startMiniServer();
    out = await mkdtemp(join(tmpdir(), 'settlekit-race-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(out, { recursive: true, force: true });
  });

  const run = async (outcomes: string) => {
    const mini = await copyMini();
    try {
      await mini.write('race.yaml', raceScenario(outcomes));
      const before = server.requests.length;
      const outcome = await runConformance({
        target: server.url,
        scenariosDir: mini.root,
        grep: 'mini/race',
        reporters: [],
        outputDir: out,
        profileObject: { suites: { mini: { credentials: { username: { value: 'u' }, password: { value: 'p' } } } } } as never,
      });
      return { outcome, sent: server.requests.length - before };
    } finally {
      await mini.dispose();
    }
  };

  it('sends the request N times and records every exchange', async () => {
    const { outcome, sent } = await run('[{ status: 201, count: 5 }]');
    expect(sent).toBe(5);
    const step = outcome.report.scenarios[0]!.steps[0]!;
    expect(step.status).toBe('passed');
    expect(step.exchanges).toHaveLength(5);
    expect(new Set(step.exchanges!.map((e) => (e.response!.decoded as { id: string }).id)).size).toBe(5);
  });

  it('fails when a class gets another count, saying how many it got', async () => {
    const { outcome } = await run('[{ status: 201, count: 3 }, { status: 400, count: 2 }]');
    const step = outcome.report.scenarios[0]!.steps[0]!;
    expect(step.status).toBe('failed');
    const messages = step.assertions.filter((a) => !a.passed).map((a) => a.message);
    expect(messages).toContain('expected 3 response(s) with status 201, got 5');
    expect(messages).toContain('expected 2 response(s) with status 400, got 0');
    expect(outcome.exitCode).toBe(1);
  });

  it('fails a response that matches no class', async () => {
    const { outcome } = await run('[{ status: 201, body: { amount: 6 } }]');
    const failed = outcome.report.scenarios[0]!.steps[0]!.assertions.filter((a) => !a.passed);
    expect(failed).toHaveLength(5);
    expect(failed[0]!.message).toMatch(/^response #\d \(status 201\) matches none of the expected outcomes$/);
  });
});
