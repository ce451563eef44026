/**
 * The ajv that validates responses against OpenAPI documents — at run time, and when the build precompiles the
 * bundled documents' validators (precompiled.ts): both must be made with the same options.
 */
import type { Options } from 'ajv';
import { createAjv, type AjvInstance } from '../../lib/ajv.ts';

/** Creates it; `options` adds to the fixed ones (the build asks for `code.source`). */
export function createOpenApiAjv(options: Options = {}): AjvInstance {
  // OpenAPI adds keywords JSON Schema does not know (xml, example, discriminator…): not strict.
  const ajv = createAjv({ strict: false, ...options });
  ajv.addVocabulary(['xml', 'example', 'discriminator', 'externalDocs']);
  return ajv;
}
