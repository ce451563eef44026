/**
 * Response validators compiled when the kit was built: ajv's standalone code for every response schema of the
 * bundled suites' OpenAPI documents, written by scripts/build.ts (through {@link precompileValidators}) to
 * dist/response-validators.cjs and found by the document's fingerprint (a digest of its contents), so a run compiles
 * none of them. A document that is not in it — the user's own, or one edited since the build — has its validators
 * compiled at run time, once each, as before.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { KIT_ROOT } from '../paths.ts';
import { createOpenApiAjv } from './openapi-ajv.ts';

/** Where the build writes the precompiled validators. */
export const PRECOMPILED_VALIDATORS_FILE = join(KIT_ROOT, 'dist', 'response-validators.cjs');

const require = createRequire(import.meta.url);
const loaded = new Map<string, Readonly<Record<string, ValidateFunction>> | null>();

/**
 * The validator exported as `name` by a module of precompiled validators the build wrote (loaded once per file), if
 * there is one: {@link precompiledValidator} for responses, and the kit's file schemas (runner/load/schema-check.ts).
 */
export function precompiledExport(file: string, name: string): ValidateFunction | undefined {
  let module = loaded.get(file);
  if (module === undefined) {
    try {
      module = require(file) as Record<string, ValidateFunction>;
    } catch {
      // Running from the sources without a build, or a build without them: validators are compiled at run time.
      module = null;
    }
    loaded.set(file, module);
  }
  return module?.[name];
}

/**
 * The CommonJS source of a module exporting the schemas registered in `ajv` (made with `code.source`) under the names
 * of `exported` (export name → schema id). Its `require`s (ajv's run-time helpers) resolve from where it is written,
 * which must see the kit's node_modules.
 */
export function standaloneModule(ajv: object, exported: Readonly<Record<string, string>>): string {
  const { default: standaloneCode } = require('ajv/dist/standalone/index.js') as { default: (ajv: unknown, refs: Record<string, string>) => string };
  return standaloneCode(ajv, { ...exported });
}

/** The precompiled validator `key` of the document with this fingerprint, if the build made one. */
export function precompiledValidator(fingerprint: string, key: string, file = PRECOMPILED_VALIDATORS_FILE): ValidateFunction | undefined {
  return precompiledExport(file, exportName(fingerprint, key));
}

const exportName = (fingerprint: string, key: string): string => `${fingerprint} ${key}`;

/** What the build needs of an OpenAPI document (an `OpenApiIndex`) to precompile its response validators. */
export interface PrecompilableDocument {
  /** A digest of the document's contents. */
  readonly fingerprint: string;
  /** The document, and each response schema with the key its validator is found by. */
  responseSchemas(uri: string): { readonly document: object; readonly schemas: readonly { readonly key: string; readonly schema: object }[] };
}

/**
 * The CommonJS source of a module exporting every response validator of `indexes`, each named
 * `<fingerprint> <operationId> <status> <media type>`. Its `require`s (ajv's run-time helpers) resolve from where it
 * is written, which must see the kit's node_modules.
 */
export function precompileValidators(indexes: Iterable<PrecompilableDocument>): string {
  const ajv = createOpenApiAjv({ code: { source: true } });
  const exported: Record<string, string> = {};
  for (const index of indexes) {
    // Named by contents, not by path, so nothing of the build machine ends up in the module.
    const uri = `settlekit:spec/${index.fingerprint}`;
    const { document, schemas } = index.responseSchemas(uri);
    ajv.addSchema(document, undefined, undefined, false);
    schemas.forEach(({ key, schema }, n) => {
      const id = `${uri}/validator/${n}`;
      ajv.addSchema(schema, id);
      exported[exportName(index.fingerprint, key)] = id;
    });
  }
  return standaloneModule(ajv, exported);
}
