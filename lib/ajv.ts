/**
 * One way to make an ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) with formats, for every layer. ajv and
 * ajv-formats ship CommonJS; under NodeNext their default exports arrive wrapped, which this module unwraps once.
 */
import * as ajvModule from 'ajv/dist/2020.js';
import * as formatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { Options } from 'ajv';

type Ajv2020Class = typeof ajvModule.Ajv2020;

const Ajv2020: Ajv2020Class = ajvModule.Ajv2020;
const addFormats = ((formatsModule as unknown as { default?: FormatsPlugin }).default ?? formatsModule) as unknown as FormatsPlugin;

/** An ajv instance type. */
export type AjvInstance = InstanceType<Ajv2020Class>;

/** Creates an ajv for draft 2020-12 with `ajv-formats`, all errors collected. */
export function createAjv(options: Options = {}): AjvInstance {
  const ajv = new Ajv2020({ allErrors: true, ...options });
  addFormats(ajv);
  return ajv;
}
