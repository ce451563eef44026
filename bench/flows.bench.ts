/**
 * What the runner costs over raw HTTP on a plain JSON API: 200 flows × 5 requests (create, read, two partial
 * settlements, read; status and body checks on each, one capture per flow), written as a settlekit suite
 * (bench/fixtures/flows), run by the compiled kit (load, plan, run, the JSON report) against a trivial node:http server
 * in its own process (bench/flows-server.ts), compared with raw undici sending the same exchanges with the same
 * concurrency (4 flows at a time, each flow's requests in order, every body read and the create's JSON parsed for its
 * id, over connections of its own each run as a settlekit run opens its own) in the same run. Two figures, as the kit
 * is used:
 *
 * - in a process: `runConformance` (the programmatic API, as a test suite or a script calls it — warm: modules loaded,
 *   code compiled by V8) against raw undici's replay in the same process; the goal (≤ 1.5×) is this figure's — the
 *   runner's own cost per exchange, load and report included;
 * - the floor under the first figure: raw undici's replay plus the two parts of a run no runner can leave out — parsing
 *   the suite's 200 YAML files (with js-yaml, the fastest YAML parser for JavaScript and the kit's own fast path) and
 *   writing the JSON report the run promises (the same 2.3 MB the kit writes). What lies between the floor and the kit
 *   is the kit's own work per step and per file (templates, checks, schema validation, captures, redaction, records);
 * - cold: the command `settlekit run --reporter json` in a fresh process (what CI runs: node's start, the kit's
 *   modules, every validator, V8 compiling the kit's code as it goes) against a fresh `node` process that imports
 *   undici and replays the exchanges from a JSON file. The start of the bare command is measured on its own by
 *   cli-start.bench.ts.
 *
 *   npm run bench -- flows            (median of 5 runs after a warm-up; `-- flows 9` for 9)
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
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

const reportDir = join(root, '..', `${root.split('/').pop()!}-report`);

function checked(report: Kit.RunReport): Flow[] {
  if (!report.verdict.conformant || report.summary.steps.passed !== FLOWS * 5) throw new Error('the flows did not pass; benchmark meaningless');
  return report.scenarios.map((s) => s.steps.map((st) => st.request!));
}

async function settlekitOnce(): Promise<{ ms: number; flows: Flow[]; report: Kit.RunReport }> {
  const started = performance.now();
  const { report } = await kit.runConformance({ target: url, scenariosDir: root, reporters: ['json'], outputDir: reportDir, concurrency: CONCURRENCY });
  const ms = performance.now() - started;
  return { ms, flows: checked(report), report };
}

/** Wall time of a command in a fresh process, from spawn to exit; throws when it fails. */
async function timedProcess(args: readonly string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PACT_DO_NOT_TRACK: 'true' } });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
  return ms;
}

/** `settlekit run` as CI runs it: the compiled bin, JSON report, in a fresh process. */
async function settlekitColdOnce(): Promise<number> {
  const ms = await timedProcess([join(ROOT, 'bin/settlekit.js'), 'run', '--target', url, '--scenarios', root, '--reporter', 'json', '--output', reportDir, '--concurrency', String(CONCURRENCY)]);
  checked(JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Kit.RunReport);
  return ms;
}

/**
 * The raw replay in a fresh process: plain JavaScript (no TypeScript loader to start), undici imported as a user's
 * script would, the exchanges read from a JSON file, the same replay as {@link rawOnce}.
 */
const RAW_SCRIPT = `
import { readFileSync } from 'node:fs';
const { Agent, request } = await import(process.argv[1]);
const flows = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const agent = new Agent({ connections: ${CONCURRENCY * 2} });
let next = 0;
const worker = async () => {
  for (let i = next++; i < flows.length; i = next++) {
    const [create, ...rest] = flows[i];
    const created = await request(create.url, { method: 'POST', headers: create.headers, body: create.body ?? null, dispatcher: agent });
    const { id } = await created.body.json();
    const recordedId = /\\/payments\\/([^/]+)/.exec(rest[0].url)[1];
    for (const r of rest) {
      const { body } = await request(r.url.replace(recordedId, id), { method: r.method, headers: r.headers, body: r.body ?? null, dispatcher: agent });
      await body.text();
    }
  }
};
await Promise.all(Array.from({ length: ${CONCURRENCY} }, worker));
await agent.close();
`;
const undiciEntry = pathToFileURL(createRequire(import.meta.url).resolve('undici')).href;
const flowsFile = join(root, '..', `${root.split('/').pop()!}-flows.json`);

async function rawColdOnce(flows: readonly Flow[]): Promise<number> {
  await writeFile(flowsFile, JSON.stringify(flows));
  return timedProcess(['--input-type=module', '-e', RAW_SCRIPT, undiciEntry, flowsFile]);
}

/**
 * The same exchanges with raw undici: each flow's create answers the id its other requests use. A fresh Agent per run,
 * closed at its end, as a settlekit run opens (and closes) its own connections.
 */
async function rawOnce(flows: readonly Flow[]): Promise<number> {
  const started = performance.now();
  const agent = new Agent({ connections: CONCURRENCY * 2 });
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
  await agent.close();
  return performance.now() - started;
}

const jsYaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const floorReport = join(root, '..', `${root.split('/').pop()!}-floor.json`);

/**
 * The floor: {@link rawOnce}, after reading and parsing every YAML file of the suite, and followed by writing the
 * report of a kit run (as the JSON reporter writes it: two-space indentation).
 */
async function floorOnce(flows: readonly Flow[], report: Kit.RunReport): Promise<number> {
  const started = performance.now();
  for (const dir of [root, join(root, 'flows')]) {
    for (const name of (await readdir(dir)).sort()) if (name.endsWith('.yaml')) jsYaml.load(await readFile(join(dir, name), 'utf8'));
  }
  await rawOnce(flows);
  await writeFile(floorReport, JSON.stringify(report, null, 2));
  return performance.now() - started;
}

const warm = await settlekitOnce();
await rawOnce(warm.flows);
await floorOnce(warm.flows, warm.report);
await settlekitColdOnce();
await rawColdOnce(warm.flows);
const kitTimes: number[] = [];
const rawTimes: number[] = [];
const floorTimes: number[] = [];
const kitColdTimes: number[] = [];
const rawColdTimes: number[] = [];
for (let i = 0; i < iterations; i++) {
  const { ms, flows, report } = await settlekitOnce();
  kitTimes.push(ms);
  rawTimes.push(await rawOnce(flows));
  floorTimes.push(await floorOnce(flows, report));
  kitColdTimes.push(await settlekitColdOnce());
  rawColdTimes.push(await rawColdOnce(flows));
}
server.kill();
await rm(root, { recursive: true, force: true });
await rm(reportDir, { recursive: true, force: true });
await rm(flowsFile, { force: true });
await rm(floorReport, { force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
const raw = median(rawTimes);
const settlekit = median(kitTimes);
const floor = median(floorTimes);
const rawCold = median(rawColdTimes);
const settlekitCold = median(kitColdTimes);
console.log(`${FLOWS} flows × 5 JSON requests, concurrency ${CONCURRENCY}, against a node:http server in another process; median of ${iterations} runs (min–max)`);
console.log('  in a process (warm):');
console.log(`    baseline  raw undici, same exchanges              ${raw.toFixed(1).padStart(8)} ms   1.00×   (${spread(rawTimes)})`);
console.log(`    floor     raw + parse the YAML + write the report ${floor.toFixed(1).padStart(8)} ms   ${(floor / raw).toFixed(2)}×   (${spread(floorTimes)})   (what no runner can leave out)`);
console.log(`    settlekit runConformance (load+run+JSON report)   ${settlekit.toFixed(1).padStart(8)} ms   ${(settlekit / raw).toFixed(2)}×   (${spread(kitTimes)})   (goal ≤ 1.50×)`);
console.log('  cold, a fresh process each:');
console.log(`    baseline  node + undici replaying the exchanges   ${rawCold.toFixed(1).padStart(8)} ms   1.00×   (${spread(rawColdTimes)})`);
console.log(`    settlekit run --reporter json (the bin)           ${settlekitCold.toFixed(1).padStart(8)} ms   ${(settlekitCold / rawCold).toFixed(2)}×   (${spread(kitColdTimes)})`);
