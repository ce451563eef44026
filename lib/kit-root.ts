/**
 * Where the kit's own files are (package.json, specs/, scenarios/), whether this module runs from the TypeScript
 * sources (`lib/kit-root.ts`) or from the build (`dist/lib/kit-root.js`), in a checkout or in an installed package.
 * The one module that reads its own location; every other module asks it (or `runner/paths.ts`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The kit's root for a module at `moduleUrl` one folder below the root (sources) or two (the build under `dist/`):
 * the nearest of those two parents that holds a package.json.
 */
export function kitRootFrom(moduleUrl: string): string {
  const parent = fileURLToPath(new URL('../', moduleUrl));
  // dist/ holds no package.json; the folder above it does.
  return existsSync(join(parent, 'package.json')) ? parent : fileURLToPath(new URL('../../', moduleUrl));
}

/** The kit's root folder (the one holding package.json, specs/ and scenarios/). */
export const KIT_ROOT: string = kitRootFrom(import.meta.url);

/** The kit's JSON Schemas (scenario, suite, rules, profile, report) and OpenAPI documents. */
export const SCHEMAS_DIR: string = join(KIT_ROOT, 'specs');
