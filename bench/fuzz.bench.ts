/**
 * What fuzzing costs. (1) Sequences per second against the embedded simulator, per suite — every command run on the
 * target and on the oracle through the runner's step executor, compared, the oracle emptied between sequences —
 * against a baseline measured in the same run: the same sequences' requests (to both sides) replayed with raw undici.
 * (2) The cost of shrinking: a fixed-seed search of a broken target (test/helpers/broken-targets.ts), the time to the
 * first divergence against the time spent shrinking it, in sequences' worth.
 *
 *   npm run bench -- fuzz            (or: npx tsx bench/fuzz.bench.ts [sequences per suite])
 */
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { createRedactor } from '../lib/redact.ts';
import { HttpClient } from '../runner/execute/http-client.ts';
import type { FuzzEnv } from '../runner/fuzz/model.ts';
import { COMMAND_MODELS } from '../runner/fuzz/models/index.ts';
import { searchSuite, sequenceArbitrary } from '../runner/fuzz/search.ts';
import { runSequence, type SequenceContext } from '../runner/fuzz/sequence.ts';
import { loadProject } from '../runner/load/load-project.ts';
import type { RecordedRequest } from '../runner/model/report.ts';
import { BUNDLED_SCENARIOS_DIR } from '../runner/paths.ts';
import { DEFAULT_PROFILE, resolveTarget } from '../runner/target/profile.ts';
import { createSimulator } from '../simulator/index.ts';
import { startRefundAgainstLatestSettlement } from '../test/helpers/broken-targets.ts';

const perSuite = Number(process.argv[2] ?? 200);
const maxSteps = 10;
const seed = 20240601;
const project = await loadProject(BUNDLED_SCENARIOS_DIR);
const env: FuzzEnv = { capabilities: new Set(DEFAULT_PROFILE.capabilities), race: false };
const http = new HttpClient({ timeoutMs: 10_000, maxBodyBytes: 1024 * 1024, connections: 16 });
const redactor = createRedactor();
const agent = new Agent({ connections: 16 });
const credentials: Readonly<Record<string, string>> = {
  braintree: `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`,
  'worldpay-payments': `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`,
  'worldpay-split-payments': `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`,
};

function context(suiteId: string, targetUrl: string, oracleUrl: string): SequenceContext {
  const side = (url: string) => resolveTarget(DEFAULT_PROFILE, { targetUrl: url, embedded: true, suiteIds: [suiteId] }).suites.get(suiteId)!;
  const suite = project.suites.find((s) => s.id === suiteId)!;
  return {
    model: COMMAND_MODELS[suiteId]!,
    env,
    suite,
    spec: project.specs.get(suiteId)!,
    catalogue: new Map(suite.rules.map((r) => [r.id, r])),
    http,
    target: { ...side(targetUrl), redactor },
    oracle: { ...side(oracleUrl), redactor },
  };
}

async function replay(requests: readonly RecordedRequest[], authorization: string): Promise<number> {
  const started = performance.now();
  for (const r of requests) {
    // The recorded headers are redacted; the real credential goes back in.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(r.headers)) if (name.toLowerCase() !== 'authorization') headers[name] = value;
    if (Object.keys(r.headers).some((name) => name.toLowerCase() === 'authorization')) headers.authorization = authorization;
    const { body } = await request(r.url, { method: r.method as 'GET', headers, ...(r.body !== undefined ? { body: r.body } : {}), dispatcher: agent });
    await body.text();
  }
  return performance.now() - started;
}

console.log(`fuzzing the embedded simulator: ${perSuite} sequences per suite of up to ${maxSteps} commands, seed ${seed}`);
console.log('  suite                      sequences/s   steps/s   fuzz ms   raw-replay ms   ratio');
for (const suiteId of Object.keys(COMMAND_MODELS)) {
  const target = createSimulator();
  const oracle = createSimulator();
  const ctx = context(suiteId, await target.listen(0), await oracle.listen(0));
  const sequences = fc.sample(sequenceArbitrary(ctx.model, env, maxSteps), { seed, numRuns: perSuite });
  // Warm-up: validators compiled, connections open, JIT settled.
  for (const commands of sequences.slice(0, 20)) {
    oracle.context.reset();
    await runSequence(commands, ctx);
  }
  const recorded: RecordedRequest[] = [];
  let steps = 0;
  const started = performance.now();
  for (const commands of sequences) {
    oracle.context.reset();
    const outcome = await runSequence(commands, ctx);
    if (outcome.verdict !== 'agreed') throw new Error(`the simulator disagreed with itself on ${suiteId}: benchmark meaningless`);
    steps += outcome.steps.length;
    for (const step of outcome.steps) if (step.target.request) recorded.push(step.target.request);
  }
  const fuzzMs = performance.now() - started;
  // The baseline sends each request twice, as the fuzzer sends it to the target and to the oracle.
  const rawMs = (await replay(recorded, credentials[suiteId]!)) + (await replay(recorded, credentials[suiteId]!));
  const perSecond = (n: number): string => ((n * 1000) / fuzzMs).toFixed(0).padStart(9);
  console.log(`  ${suiteId.padEnd(26)} ${perSecond(perSuite)}  ${perSecond(steps)}  ${fuzzMs.toFixed(0).padStart(8)}  ${rawMs.toFixed(0).padStart(14)}   ${(fuzzMs / rawMs).toFixed(2)}×`);
  await target.close();
  await oracle.close();
}

// Shrinking: a fixed-seed search of a target with a ledger bug, timed up to the first divergence and after it.
const broken = await startRefundAgainstLatestSettlement();
const oracle = createSimulator();
const ctx = context('worldpay-split-payments', broken.url, await oracle.listen(0));
let foundAt = 0;
const started = performance.now();
const result = await searchSuite(ctx, {
  runs: 500,
  maxSteps,
  seed: 1,
  maxShrinks: 500,
  resetOracle: () => oracle.context.reset(),
  onDivergence: () => {
    foundAt = performance.now();
  },
});
const total = performance.now() - started;
const finding = result.finding;
if (!finding) throw new Error('the broken target was not found: benchmark meaningless');
const searchMs = foundAt - started;
const perSequence = searchMs / finding.run;
console.log('shrinking a divergence (worldpay-split-payments, item refunds checked against the latest settlement, seed 1)');
console.log(`  search: ${finding.run} sequence(s) to the first divergence in ${searchMs.toFixed(0)} ms (${perSequence.toFixed(1)} ms per sequence)`);
console.log(`  shrink: ${finding.originalSteps} → ${finding.outcome.steps.length} steps in ${finding.shrinks} shrinking run(s), ${(total - searchMs).toFixed(0)} ms — ${((total - searchMs) / perSequence).toFixed(1)} sequences' worth, ${((total - searchMs) / searchMs).toFixed(2)}× the search`);
await broken.close();
await oracle.close();
await http.close();
await agent.close();
