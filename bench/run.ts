/**
 * `npm run bench`: every benchmark of bench/, one after the other; each prints its measurements as ratios against a
 * baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${file}`], { stdio: 'inherit', env: { ...process.env, PACT_DO_NOT_TRACK: 'true' } });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
