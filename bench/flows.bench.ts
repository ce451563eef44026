/**
 * What the runner costs over raw HTTP on a plain JSON API: 200 flows × 5 requests (create, read, two partial
 * settlements, read; status and body checks on each, one capture per flow), written as a settlekit suite
 * (bench/fixtures/flows), run by the compiled kit (load, plan, run, report) against a trivial node:http server in its
 * own process (bench/flows-server.ts), compared with raw undici sending the same exchanges with the same concurrency
 * (4 flows at a time, each flow's requests in order) in the same process and the same run.
 *
 *   npm run bench -- flows            (median of 5 runs after a warm-up; `-- flows 9` for 9)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, request } from 'undici';
import type * as Kit from '../runner/index.ts';
import { build } from '../scripts/build.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FLOWS = 200;
const CONCURRENCY = 4;
const iterations = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);

await build();
const kit = (await import(pathToFileURL(join(ROOT, 'dist/runner/index.js')).href)) as typeof Kit;

// The suite: the fixture plus the template written once per flow.
const root = await mkdtemp(join(tmpdir(), 'settlekit-flows-'));
await cp(join(ROOT, 'bench/fixtures/flows'), root, { recursive: true });
const template = await readFile(join(root, 'flow.template.yaml'), 'utf8');
await rm(join(root, 'flow.template.yaml'));
for (let n = 1; n <= FLOWS; n++) await writeFile(join(root, 'flows', `flow-${String(n).padStart(3, '0')}.yaml`), template.replaceAll('NNN', String(n).padStart(3, '0')));

const server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/flows-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  server.once('exit', (code) => reject(new Error(`the flows server exited (${code})`)));
});

/** One flow's exchanges as settlekit sent them. */
type Flow = readonly { readonly method: string; readonly url: string; readonly headers: Record<string, string>; readonly body?: string }[];

async function settlekitOnce(): Promise<{ ms: number; flows: Flow[] }> {
  const started = performance.now();
  const { report } = await kit.runConformance({ target: url, scenariosDir: root, reporters: [], concurrency: CONCURRENCY });
  const ms = performance.now() - started;
  if (!report.verdict.conformant || report.summary.steps.passed !== FLOWS * 5) throw new Error('the flows did not pass; benchmark meaningless');
  return { ms, flows: report.scenarios.map((s) => s.steps.map((st) => st.request!)) };
}

/** The same exchanges with raw undici: each flow's create answers the id its other requests use. */
async function rawOnce(flows: readonly Flow[], agent: Agent): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < flows.length; i = next++) {
      const [create, ...rest] = flows[i]!;
      const created = await request(create!.url, { method: 'POST', headers: create!.headers, body: create!.body ?? null, dispatcher: agent });
      const { id } = (await created.body.json()) as { id: string };
      const recordedId = /\/payments\/([^/]+)/.exec(rest[0]!.url)![1]!;
      for (const r of rest) {
        const { body } = await request(r.url.replace(recordedId, id), { method: r.method as 'GET', headers: r.headers, body: r.body ?? null, dispatcher: agent });
        await body.text();
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - started;
}

const agent = new Agent({ connections: CONCURRENCY * 2 });
const warm = await settlekitOnce();
await rawOnce(warm.flows, agent);
const kitTimes: number[] = [];
const rawTimes: number[] = [];
for (let i = 0; i < iterations; i++) {
  const { ms, flows } = await settlekitOnce();
  kitTimes.push(ms);
  rawTimes.push(await rawOnce(flows, agent));
}
await agent.close();
server.kill();
await rm(root, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const raw = median(rawTimes);
const settlekit = median(kitTimes);
console.log(`${FLOWS} flows × 5 JSON requests, concurrency ${CONCURRENCY}, against a node:http server in another process; median of ${iterations} runs`);
console.log(`  baseline  raw undici, same exchanges        ${raw.toFixed(1).padStart(8)} ms   1.00×`);
console.log(`  settlekit run (load+plan+run+report)        ${settlekit.toFixed(1).padStart(8)} ms   ${(settlekit / raw).toFixed(2)}×   (goal ≤ 1.50×)`);
