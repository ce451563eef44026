/**
 * The response validators the build precompiles (runner/spec/precompiled.ts) judge every body exactly as the ones a
 * run compiles: for every response schema of the bundled suites' documents, the same verdict and the same problems
 * on a set of probe bodies, valid and not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../runner/load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR, KIT_ROOT } from '../../runner/paths.ts';
import { createOpenApiAjv } from '../../runner/spec/openapi-ajv.ts';
import { precompileValidators } from '../../runner/spec/precompiled.ts';

/** Bodies of many shapes: each schema accepts some and refuses others. */
const PROBES: unknown[] = [{}, [], null, 'text', 12, true, { transaction: {} }, { transaction: { id: 'abc', status: 'authorized', amount: '10.00' } }, { paymentId: 'x', outcome: 'sentForSettlement', _links: {} }, { errorName: 'x', message: 'y' }, { splitPaymentId: 7 }];

/** What a validator said about a body, with the registered document's name taken out of schema paths. */
function verdict(validate: ValidateFunction, body: unknown): { valid: boolean; errors: unknown[] } {
  const valid = validate(body) as boolean;
  const errors = (validate.errors ?? []).map((e: ErrorObject) => ({ ...e, schemaPath: e.schemaPath.replace(/^settlekit:spec\/[^#]*#/, '#') }));
  return { valid, errors };
}

describe('precompiled response validators', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('judge every probe body as the validators compiled at run time do, for every response schema', async () => {
    const project = await loadProject(BUNDLED_SCENARIOS_DIR);
    const indexes = [...new Set(project.specs.values())];
    // Written where the module's require('ajv/…') resolves, as it does from dist/.
    await mkdir(join(KIT_ROOT, 'node_modules', '.cache'), { recursive: true });
    const dir = await mkdtemp(join(KIT_ROOT, 'node_modules', '.cache', 'settlekit-precompiled-'));
    dirs.push(dir);
    await writeFile(join(dir, 'validators.cjs'), precompileValidators(indexes));
    const precompiled = createRequire(import.meta.url)(join(dir, 'validators.cjs')) as Record<string, ValidateFunction>;

    const ajv = createOpenApiAjv();
    let compared = 0;
    for (const index of indexes) {
      const uri = `settlekit:spec/${index.fingerprint}`;
      const { document, schemas } = index.responseSchemas(uri);
      ajv.addSchema(document, undefined, undefined, false);
      expect(schemas.length).toBeGreaterThan(0);
      for (const { key, schema } of schemas) {
        const fresh = ajv.compile(schema);
        const built = precompiled[`${index.fingerprint} ${key}`];
        expect(built, key).toBeTypeOf('function');
        for (const body of PROBES) {
          expect(verdict(built!, body), `${key} ${JSON.stringify(body)}`).toEqual(verdict(fresh, body));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(100 * PROBES.length / 2);
  });
});
