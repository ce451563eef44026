/**
 * Pact files of the same name in different folders (Pact names every file `<consumer>-<provider>.json`, so two
 * folders fetched from a broker often hold one each): the interactions that are not settlekit's are reported per file
 * under distinct scenario ids, which the HTML report's deep links, baselines and waivers rely on.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPacts } from '../../runner/pact/verify.ts';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

function teamPact(description: string): string {
  return JSON.stringify({
    consumer: { name: 'web' },
    provider: { name: 'payments' },
    metadata: { pactSpecification: { version: '4.0' } },
    interactions: [{ type: 'Synchronous/HTTP', description, providerStates: [{ name: 'a payment exists' }], request: { method: 'GET', path: '/nothing' }, response: { status: 200 } }],
  });
}

describe('pact files of one name in two folders', () => {
  it('are two scenarios with two ids, each naming its file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'settlekit-same-names-'));
    dirs.push(dir);
    const files = [join(dir, 'a', 'web-payments.json'), join(dir, 'b', 'web-payments.json'), join(dir, 'other.json')];
    for (const [i, file] of files.entries()) {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, teamPact(`interaction ${i}`));
    }
    const outcome = await verifyPacts({ pacts: files, outputDir: join(dir, 'report'), reporters: ['json'], env: { ...process.env } });
    const ids = outcome.report.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(outcome.report.scenarios.map((s) => [s.id, s.file, s.steps.map((step) => step.name)])).toEqual([
      [`pact:${files[0]}`, files[0], ['interaction 0']],
      [`pact:${files[1]}`, files[1], ['interaction 1']],
      // A name no other file has stays as short as before.
      ['pact:other.json', files[2], ['interaction 2']],
    ]);
  }, 120_000);
});
