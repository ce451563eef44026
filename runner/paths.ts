/**
 * Where the kit's own files are, wherever it is installed or run from (sources or the build in `dist/`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIT_ROOT } from '../lib/kit-root.ts';

export { KIT_ROOT, SCHEMAS_DIR } from '../lib/kit-root.ts';

/** The bundled scenarios. */
export const BUNDLED_SCENARIOS_DIR = join(KIT_ROOT, 'scenarios');

/** The kit's version, from package.json. */
export const KIT_VERSION: string = (JSON.parse(readFileSync(join(KIT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
