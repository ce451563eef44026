/**
 * The validators of the kit's file schemas the build precompiles (runner/load/schema-check.ts) judge every file
 * exactly as the ones compiled at run time: for every kind, the same verdict and the same errors on the bundled files
 * and on broken variants of them.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../lib/ajv.ts';
import { FILE_KINDS, precompileFileValidators, schemaFileOf } from '../../runner/load/schema-check.ts';
import { parseYamlValue } from '../../runner/load/yaml-source.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_ROOT } from '../../runner/paths.ts';

function verdict(validate: ValidateFunction, value: unknown): { valid: boolean; errors: ErrorObject[] } {
  const valid = validate(value) as boolean;
  return { valid, errors: validate.errors ?? [] };
}

/** Broken variants of a file's value: keys removed, an unknown key, wrong types. */
function variants(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [value];
  const record = value as Record<string, unknown>;
  const out: unknown[] = [value, { ...record, nonsense: 1 }, [], 'text', null];
  for (const key of Object.keys(record)) {
    const { [key]: _removed, ...rest } = record;
    out.push(rest, { ...record, [key]: 42 });
  }
  const steps = record.steps;
  if (Array.isArray(steps) && steps.length > 0) {
    out.push({ ...record, steps: [{ name: 'no action' }, ...steps.slice(1)] });
    out.push({ ...record, steps: [{ ...(steps[0] as object), control: { action: 'reset' } }] });
    out.push({ ...record, steps: [{ ...(steps[0] as object), expect: { status: 'x', body: 3, bogus: true } }] });
  }
  return out;
}

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('precompiled file-schema validators', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('judge the bundled files and broken variants of them as the validators compiled at run time do, for every kind', async () => {
    // Written where the module's require('ajv/…') resolves, as it does from dist/.
    await mkdir(join(KIT_ROOT, 'node_modules', '.cache'), { recursive: true });
    const dir = await mkdtemp(join(KIT_ROOT, 'node_modules', '.cache', 'settlekit-file-validators-'));
    dirs.push(dir);
    await writeFile(join(dir, 'file-validators.cjs'), precompileFileValidators());
    const precompiled = createRequire(import.meta.url)(join(dir, 'file-validators.cjs')) as Record<string, ValidateFunction>;

    const files = await yamlFiles(BUNDLED_SCENARIOS_DIR);
    const values = await Promise.all(files.map(async (file) => parseYamlValue(await readFile(file, 'utf8'))));
    const probes = values.filter((_, i) => i % 5 === 0).flatMap(variants);
    let compared = 0;
    let refused = 0;
    for (const kind of FILE_KINDS) {
      const text = await readFile(schemaFileOf(kind), 'utf8');
      const built = precompiled[`${kind} ${createHash('sha256').update(text).digest('hex')}`];
      expect(built, kind).toBeTypeOf('function');
      const fresh = createAjv({ strict: true, strictRequired: false, allowUnionTypes: true }).compile(JSON.parse(text) as object);
      for (const probe of probes) {
        const expected = verdict(fresh, probe);
        expect(verdict(built!, probe), `${kind} ${JSON.stringify(probe).slice(0, 80)}`).toEqual(expected);
        compared += 1;
        if (!expected.valid) refused += 1;
      }
    }
    // Both verdicts were exercised: files each kind accepts, and many it refuses.
    expect(compared - refused).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(compared / 2);
  });
});
