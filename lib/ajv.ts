/**
 * One way to make an ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) with formats, for every layer. ajv and
 * ajv-formats ship CommonJS; they are required on the first {@link createAjv} call, not when this module loads, so a
 * command that validates nothing (`settlekit --version`, `list` on the bundled suites) never loads them.
 */
import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';
import type { Options } from 'ajv';

type Ajv2020Class = typeof AjvModule.Ajv2020;

/** An ajv instance type. */
export type AjvInstance = InstanceType<Ajv2020Class>;

let loaded: { readonly Ajv2020: Ajv2020Class; readonly addFormats: FormatsPlugin } | undefined;

function ajvLibrary(): NonNullable<typeof loaded> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const formats = require('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
    loaded = { Ajv2020: (require('ajv/dist/2020.js') as typeof AjvModule).Ajv2020, addFormats: formats.default ?? formats };
  }
  return loaded;
}

/** Creates an ajv for draft 2020-12 with `ajv-formats`, all errors collected. */
export function createAjv(options: Options = {}): AjvInstance {
  const { Ajv2020, addFormats } = ajvLibrary();
  const ajv = new Ajv2020({ allErrors: true, ...options });
  addFormats(ajv);
  return ajv;
}
