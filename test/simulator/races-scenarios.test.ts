/**
 * The race scenarios (`tags: [race]`) of the bundled suites: they pass against the reference simulator, and they catch
 * what sequential scenarios cannot — a target that checks the authorization, then awaits, then settles (a
 * check-then-act race) passes every sequential over-amount scenario but fails the race.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../runner/run-conformance.ts';
import { createSimulator } from '../../simulator/index.ts';
import { useSimulator } from '../helpers/simulator.ts';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'settlekit-races-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('race scenarios against the reference simulator', () => {
  const simulator = useSimulator();

  it('every suite has race scenarios, they all pass, and each race step sent its requests at once', async () => {
    const { report, exitCode } = await runConformance({ target: simulator.url, tags: ['race'], reporters: [], outputDir: out });
    expect(exitCode).toBe(0);
    const scenarios = report.scenarios;
    expect(new Set(scenarios.map((s) => s.id.split('/')[0]))).toEqual(new Set(['braintree', 'worldpay-payments', 'worldpay-split-payments']));
    for (const scenario of scenarios) {
      expect(scenario.status, scenario.id).toBe('passed');
      const races = scenario.steps.filter((step) => (step.exchanges?.length ?? 0) > 1);
      expect(races.length, scenario.id).toBeGreaterThan(0);
      for (const step of races) expect(step.exchanges?.every((e) => e.response !== undefined)).toBe(true);
    }
  });
});

/**
 * A Braintree target with a check-then-act race: it keeps its own tally of what each parent has settled, checks a
 * partial settlement against it, then awaits something slow (as a call to another service would), and only then
 * settles — refusing one that did not fit by forwarding an amount the gateway refuses with 91522 — and adds to the
 * tally once the answer is back. One request at a time it is correct; requests sent together all pass the check.
 * Behind it, a simulator whose merchant account may settle up to twice the authorization, so only the target's own
 * check stands in the way.
 */
async function startCheckThenActTarget(): Promise<{ url: string; close(): Promise<void> }> {
  const sim = createSimulator({
    merchantAccounts: [
      { id: 'first_data_ma', processor: 'first-data', default: true, settlementAdjustmentPercent: 100 },
      { id: 'chase_ma', processor: 'chase' },
    ],
  });
  const simUrl = await sim.listen(0);
  const authorized = new Map<string, number>();
  const settled = new Map<string, number>();
  const cents = (amount: unknown): number => Math.round(Number(amount) * 100);
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body = Buffer.concat(chunks);
      const parent = /\/transactions\/([^/]+)\/submit_for_partial_settlement$/.exec(req.url ?? '')?.[1];
      const amount = cents((JSON.parse(body.toString('utf8') || '{}') as { transaction?: { amount?: unknown } }).transaction?.amount);
      const total = parent === undefined ? undefined : authorized.get(parent);
      if (parent !== undefined && total !== undefined) {
        const fits = (settled.get(parent) ?? 0) + amount <= total; // the check…
        await new Promise((resolve) => setTimeout(resolve, 100)); // …something slow…
        if (!fits) body = Buffer.from(JSON.stringify({ transaction: { amount: '999999.00' } }));
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept', 'x-apiversion']) if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
      const answer = await fetch(simUrl + (req.url ?? '/'), { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
      const text = await answer.text();
      if (req.method === 'POST' && /\/transactions$/.test(req.url ?? '') && answer.status === 201) {
        const id = /<id>([^<]+)<\/id>/.exec(text)?.[1];
        const sale = /<amount>([^<]+)<\/amount>/.exec(text)?.[1];
        if (id && sale) authorized.set(id, cents(sale));
      }
      if (parent !== undefined && answer.status === 201) settled.set(parent, (settled.get(parent) ?? 0) + amount); // …then the act
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/xml' });
      res.end(text);
    })().catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sim.close();
    },
  };
}

describe('a target with a check-then-act race', () => {
  let target: Awaited<ReturnType<typeof startCheckThenActTarget>>;
  beforeAll(async () => {
    target = await startCheckThenActTarget();
  });
  afterAll(async () => {
    await target.close();
  });

  it('passes every sequential over-amount scenario, and fails the race scenario with the rule named', async () => {
    const { report, exitCode } = await runConformance({ target: target.url, suites: ['braintree'], tags: ['over-amount', 'multi-shipment'], reporters: [], outputDir: out });
    const sequential = report.scenarios.filter((s) => !s.tags.includes('race') && s.status !== 'skipped');
    expect(sequential.map((s) => s.id)).toContain('braintree/over-amount/cumulative-one-cent-over');
    for (const scenario of sequential) expect(scenario.status, scenario.id).toBe('passed');
    // Only the race scenario shows the bug: all four settlements are accepted.
    const race = report.scenarios.find((s) => s.id === 'braintree/races/settle-race-over-authorization');
    expect(race?.status).toBe('failed');
    const step = race?.steps.find((s) => s.status === 'failed');
    expect(step?.name).toBe('four partial settlements of 30.00 at once');
    expect(step?.exchanges).toHaveLength(4);
    expect(step?.exchanges?.map((e) => e.response?.status)).toEqual([201, 201, 201, 201]);
    expect(step?.assertions.filter((a) => !a.passed).map((a) => a.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^expected 3 response\(s\) with status 201\/200.*, got 4$/), expect.stringMatching(/^expected 1 response\(s\) with status 422.*, got 0$/)]),
    );
    expect(report.rules.find((r) => r.id === 'BT-PS-04')?.status).toBe('failed');
    expect(exitCode).toBe(1);
  });
});
