/**
 * Cold starts of the compiled command, each a fresh `node` process as a user's shell or CI starts it, against a bare
 * `node -e 0` measured in the same run, interleaved so machine load hits both alike:
 *
 *   settlekit --version        goal ≤ 3× node -e 0
 *   settlekit list             goal ≤ 300 ms
 *   settlekit run              every bundled scenario on the embedded simulator, default reporters:
 *                              goal ≤ 1.5 s wall and ≤ 110 MB peak RSS
 *
 * Peak RSS is the child's own high-water mark (`process.resourceUsage().maxRSS`), written at exit by a one-line
 * preload that both the command and the baseline get.
 *
 *   npm run bench -- cli-start        (median of 9 starts, 5 runs; `-- cli-start 15` for 15 starts)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '../scripts/build.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'settlekit.js');
const starts = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 9);
const runs = Math.max(3, Math.ceil(starts / 2));

await build();
const work = await mkdtemp(join(tmpdir(), 'settlekit-cli-bench-'));
const rssFile = join(work, 'rss.json');
const preload = join(work, 'rss-at-exit.mjs');
await writeFile(preload, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);

/** One cold process: wall time (ms) and peak RSS (MB). Fails loudly when the command does. */
function start(args: readonly string[]): { ms: number; rssMb: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', PACT_DO_NOT_TRACK: 'true' },
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const measure = (n: number, commands: Record<string, readonly string[]>): Record<string, { ms: number; rssMb: number }> => {
  const samples: Record<string, { ms: number[]; rss: number[] }> = {};
  for (let i = 0; i < n; i++) {
    for (const [name, args] of Object.entries(commands)) {
      const { ms, rssMb } = start(args);
      (samples[name] ??= { ms: [], rss: [] }).ms.push(ms);
      samples[name].rss.push(rssMb);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, { ms: median(s.ms), rssMb: median(s.rss) }]));
};

const quick = measure(starts, { baseline: ['-e', '0'], version: [BIN, '--version'], list: [BIN, 'list'] });
const full = measure(runs, { baseline: ['-e', '0'], run: [BIN, 'run', '--output', join(work, 'report')] });
const report = JSON.parse(await readFile(join(work, 'report', 'report.json'), 'utf8')) as { summary: { scenarios: { total: number; failed: number; errored: number } } };
if (report.summary.scenarios.failed + report.summary.scenarios.errored > 0) throw new Error('the default run did not pass; benchmark meaningless');
await rm(work, { recursive: true, force: true });

const base = quick.baseline!;
const row = (label: string, value: string, ratio: string, goal: string): void => console.log(`  ${label.padEnd(34)} ${value.padStart(18)}   ${ratio.padStart(7)}   ${goal}`);
console.log(`cold starts of the compiled bin, medians of ${starts} (runs: ${runs}), interleaved with the baseline`);
row('baseline  node -e 0', `${base.ms.toFixed(0)} ms ${base.rssMb.toFixed(0)} MB`, '1.00×', '');
row('settlekit --version', `${quick.version!.ms.toFixed(0)} ms`, `${(quick.version!.ms / base.ms).toFixed(2)}×`, '(goal ≤ 3.00×)');
row('settlekit list', `${quick.list!.ms.toFixed(0)} ms`, `${(quick.list!.ms / base.ms).toFixed(2)}×`, '(goal ≤ 300 ms)');
row(`settlekit run (${report.summary.scenarios.total} scenarios)`, `${full.run!.ms.toFixed(0)} ms`, `${(full.run!.ms / full.baseline!.ms).toFixed(2)}×`, '(goal ≤ 1500 ms)');
row('settlekit run, peak RSS', `${full.run!.rssMb.toFixed(0)} MB`, `${(full.run!.rssMb / full.baseline!.rssMb).toFixed(2)}×`, '(goal ≤ 110 MB)');
