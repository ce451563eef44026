/**
 * How much the runner costs over raw HTTP: the Braintree suite run through settlekit (templating, XML decoding,
 * OpenAPI validation, matching, redaction, recording) against the embedded simulator, compared with replaying the
 * same requests with raw undici against the same simulator, in the same process and the same run.
 *
 *   npx tsx bench/runner.bench.ts [iterations]
 */
import { request, Agent } from 'undici';
import { createSimulator } from '../simulator/index.ts';
import { runConformance } from '../runner/run-conformance.ts';
import type { RecordedRequest } from '../runner/model/report.ts';

const iterations = Number(process.argv[2] ?? 5);
const simulator = createSimulator();
const url = await simulator.listen(0);
const basic = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;

async function runnerOnce(): Promise<{ ms: number; requests: RecordedRequest[] }> {
  const started = performance.now();
  const { report } = await runConformance({ target: url, suites: ['braintree'], reporters: [], concurrency: 1 });
  const ms = performance.now() - started;
  if (!report.verdict.conformant) throw new Error('the suite did not pass against the simulator; benchmark meaningless');
  return { ms, requests: report.scenarios.flatMap((s) => s.steps.flatMap((st) => (st.request ? [st.request] : []))) };
}

async function rawOnce(requests: readonly RecordedRequest[], agent: Agent): Promise<number> {
  const started = performance.now();
  for (const r of requests) {
    // The recorded headers are redacted; the real credential goes back in.
    const headers = { ...r.headers, ...(r.headers.authorization || r.headers.Authorization ? { authorization: basic } : {}) };
    delete (headers as Record<string, string>).Authorization;
    const { body } = await request(r.url, { method: r.method as 'GET', headers, ...(r.body !== undefined ? { body: r.body } : {}), dispatcher: agent });
    await body.text();
  }
  return performance.now() - started;
}

const agent = new Agent({ connections: 4 });
const warm = await runnerOnce();
await rawOnce(warm.requests, agent);
const runnerTimes: number[] = [];
const rawTimes: number[] = [];
for (let i = 0; i < iterations; i++) {
  const { ms, requests } = await runnerOnce();
  runnerTimes.push(ms);
  rawTimes.push(await rawOnce(requests, agent));
}
await agent.close();
await simulator.close();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const raw = median(rawTimes);
const runner = median(runnerTimes);
console.log(`braintree suite, ${warm.requests.length} requests per run, median of ${iterations} runs, concurrency 1`);
console.log(`  baseline  raw undici replay      ${raw.toFixed(1).padStart(8)} ms   1.00×`);
console.log(`  settlekit run (load+run+report)  ${runner.toFixed(1).padStart(8)} ms   ${(runner / raw).toFixed(2)}×`);
