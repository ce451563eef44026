/**
 * A bounded load test of the reference simulator: the simulator runs in this process; a second process
 * (bench/load-client.ts) sends a fixed number of requests of mixed operations over a few keep-alive connections.
 * Prints the throughput against a baseline measured in the same run (the same number of requests that only read the
 * virtual clock), and this process's memory before and after the load, and after a reset of the simulator's state,
 * each after a forced garbage collection.
 * Exits 1 if any request failed (a transport error, or a status other than the one expected for that request).
 *
 *   node --expose-gc --import tsx bench/simulator-load.bench.ts [requests=5000] [connections=4]
 *
 * Without --expose-gc the collection is forced through V8's flag at run time when possible; the output says which.
 */
import { createSimulator } from '../simulator/index.ts';
import { findGc, runLoadClient } from './load-harness.ts';

const requests = Number(process.argv[2] ?? 5000);
const connections = Number(process.argv[3] ?? 4);

/** Runs the load client in its own process against `url`. */
const runClient = (url: string, mix: 'mixed' | 'clock', count = requests) => runLoadClient(url, { requests: count, connections, mix });

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1).padStart(7)} MB`;

const simulator = createSimulator();
const url = await simulator.listen(0);
const { gc, how } = findGc();

/** Empties the simulator's state through its test control. */
async function reset(): Promise<void> {
  const answer = await fetch(`${url}/__settlekit/reset`, { method: 'POST' });
  if (answer.status !== 200) throw new Error(`reset answered ${answer.status}`);
  await answer.arrayBuffer();
}

// A short warm-up, so that "before" already includes what a first request of each kind loads once (code, caches).
const warm = await runClient(url, 'mixed', 400);
if (warm.code !== 0) throw new Error(`the warm-up load failed: ${JSON.stringify(warm.result?.failures)} ${warm.stderr}`);
await reset();
gc?.();
const before = process.memoryUsage();
const mixed = await runClient(url, 'mixed');
gc?.();
const after = process.memoryUsage();
// The simulator keeps every payment until reset: what remains after a reset is what the load leaked.
await reset();
gc?.();
const afterReset = process.memoryUsage();
const baseline = await runClient(url, 'clock');
await simulator.close();

let failed = false;
for (const [name, run] of [
  ['mixed', mixed],
  ['baseline', baseline],
] as const) {
  if (run.code !== 0 || !run.result || run.result.failed > 0) {
    failed = true;
    console.error(`${name}: the load client failed (exit ${run.code})`);
    if (run.result) console.error(JSON.stringify({ byStatus: run.result.byStatus, failures: run.result.failures }, null, 2));
    if (run.stderr.trim()) console.error(run.stderr.trim());
  }
}

if (mixed.result && baseline.result) {
  const base = baseline.result.rps;
  console.log(`simulator load: ${requests} requests per run from a second process, ${connections} keep-alive connections (undici)`);
  console.log(`  baseline  GET /__settlekit/clock only   ${base.toFixed(0).padStart(7)} req/s   1.00×`);
  console.log(`  mixed operations, all three APIs      ${mixed.result.rps.toFixed(0).padStart(7)} req/s   ${(mixed.result.rps / base).toFixed(2)}×`);
  console.log(`  answers (mixed): ${Object.entries(mixed.result.byStatus).map(([status, n]) => `${status}×${n}`).join(' ')} — unexpected: ${mixed.result.failed}`);
}
console.log(`  memory of the simulator process, before and after the mixed load — ${how}`);
console.log(`    rss       ${mb(before.rss)} → ${mb(after.rss)}   ${(after.rss / before.rss).toFixed(2)}×   after a reset ${mb(afterReset.rss)}   ${(afterReset.rss / before.rss).toFixed(2)}×`);
console.log(`    heapUsed  ${mb(before.heapUsed)} → ${mb(after.heapUsed)}   ${(after.heapUsed / before.heapUsed).toFixed(2)}×   after a reset ${mb(afterReset.heapUsed)}   ${(afterReset.heapUsed / before.heapUsed).toFixed(2)}×`);
process.exitCode = failed ? 1 : 0;
