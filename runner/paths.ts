/**
 * Where the kit's own files are, wherever it is installed or run from.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The kit's root folder (the one holding package.json, specs/ and scenarios/). */
export const KIT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The bundled scenarios. */
export const BUNDLED_SCENARIOS_DIR = join(KIT_ROOT, 'scenarios');

/** The kit's JSON Schemas. */
export const SCHEMAS_DIR = join(KIT_ROOT, 'specs');

/** The kit's version, from package.json. */
export const KIT_VERSION: string = (JSON.parse(readFileSync(join(KIT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The `settlekit` command (for the kit's own child processes). */
export const BIN_PATH = join(KIT_ROOT, 'bin', 'settlekit.js');
