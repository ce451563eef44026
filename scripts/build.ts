/**
 * `npm run build` (and `prepare`, so `npm ci` in a checkout leaves a working `npx settlekit`): the kit's JavaScript and
 * type declarations in dist/, then the run-time assets the compiled modules read next to themselves.
 *
 *   dist/<layer>/…/*.js, *.d.ts    tsc -p tsconfig.build.json (imports rewritten from .ts to .js)
 *   dist/reports/html/client.js…   ASSETS below: copied, or bundled with esbuild (the HTML report's script, from
 *                                  reports/html/client/*.ts, with the options the sources bundle it with)
 *   dist/load-cache.json           the bundled suites, parsed and checked (runner/load/load-cache.ts)
 *   dist/response-validators.cjs   their OpenAPI documents' response validators (runner/spec/precompiled.ts)
 *   dist/file-validators.cjs       the validators of the kit's file schemas, specs/*.schema.json (runner/load/schema-check.ts)
 *
 * A new layer or package entry point (e.g. `settlekit/pact`) is compiled once its folder is in tsconfig.build.json's
 * `include`; a new asset is one line in ASSETS.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLIENT_ENTRY, CLIENT_SCRIPT_FILE, INLINE_SCRIPT_BUNDLE } from '../reports/html/assets.ts';
import type * as LoadCache from '../runner/load/load-cache.ts';
import type * as LoadProject from '../runner/load/load-project.ts';
import type * as Precompiled from '../runner/spec/precompiled.ts';
import type * as SchemaCheck from '../runner/load/schema-check.ts';

/** One file the compiled modules read at run time: copied as it is, or bundled from TypeScript for the browser. */
export type Asset =
  | { readonly kind: 'copy'; readonly source: string; readonly output: string }
  | { readonly kind: 'bundle'; readonly entry: string; readonly output: string };

/** The run-time assets, paths relative to the kit's root (sources) and to dist/ (outputs). */
export const ASSETS: readonly Asset[] = [
  { kind: 'bundle', entry: join('reports/html', CLIENT_ENTRY), output: join('reports/html', CLIENT_SCRIPT_FILE) },
  { kind: 'copy', source: 'reports/html/styles.css', output: 'reports/html/styles.css' },
];

/** The kit's root (this script lives in scripts/). */
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Builds one asset into `outDir`. A bundle is one self-contained script (no imports left), as a page inlines it, made
 * with the same options as the sources make it in memory (reports/html/assets.ts), so the package inlines the very
 * script the tests ran.
 */
export async function buildAsset(asset: Asset, root: string, outDir: string): Promise<void> {
  const output = join(outDir, asset.output);
  await mkdir(dirname(output), { recursive: true });
  if (asset.kind === 'copy') {
    await copyFile(join(root, asset.source), output);
    return;
  }
  // esbuild arrives with tsx (a dev dependency); the build only runs where dev dependencies are installed.
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(root, asset.entry)], outfile: output, logLevel: 'warning', ...INLINE_SCRIPT_BUNDLE });
}

/** Compiles the sources with tsc; throws with tsc's output when it reports a problem. */
function compile(root: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc failed:\n${result.stdout}${result.stderr}`);
}

/**
 * The bundled suites loaded once by the compiled loader, cached in dist/load-cache.json (see
 * runner/load/load-cache.ts): a run then parses no YAML and compiles no file schema for them.
 */
async function writeLoadCache(root: string, outDir: string): Promise<void> {
  const { recordLoadCache, LOAD_CACHE_FILE } = (await import(compiledModule(outDir, 'runner/load/load-cache.js'))) as typeof LoadCache;
  const { loadProject } = (await import(compiledModule(outDir, 'runner/load/load-project.js'))) as typeof LoadProject;
  const data = await recordLoadCache((reader) => loadProject(join(root, 'scenarios'), { reader }));
  if (LOAD_CACHE_FILE !== join(outDir, 'load-cache.json')) throw new Error(`the compiled loader looks for its cache at ${LOAD_CACHE_FILE}`);
  await writeFile(LOAD_CACHE_FILE, JSON.stringify(data));
}

/**
 * The response validators of the bundled suites' OpenAPI documents, compiled once into dist/response-validators.cjs
 * (see runner/spec/precompiled.ts): a run then compiles no schema for them.
 */
async function writeResponseValidators(root: string, outDir: string): Promise<void> {
  const { precompileValidators, PRECOMPILED_VALIDATORS_FILE } = (await import(compiledModule(outDir, 'runner/spec/precompiled.js'))) as typeof Precompiled;
  const { loadProject } = (await import(compiledModule(outDir, 'runner/load/load-project.js'))) as typeof LoadProject;
  const project = await loadProject(join(root, 'scenarios'));
  if (PRECOMPILED_VALIDATORS_FILE !== join(outDir, 'response-validators.cjs')) throw new Error(`the compiled runner looks for its validators at ${PRECOMPILED_VALIDATORS_FILE}`);
  await writeFile(PRECOMPILED_VALIDATORS_FILE, precompileValidators(new Set(project.specs.values())));
}

/**
 * The validators of the kit's own file schemas (scenario, suite, rules, profile, waivers), compiled once into
 * dist/file-validators.cjs (see runner/load/schema-check.ts): a run that checks the user's own suites compiles none.
 */
async function writeFileValidators(outDir: string): Promise<void> {
  const { precompileFileValidators, FILE_VALIDATORS_FILE } = (await import(compiledModule(outDir, 'runner/load/schema-check.js'))) as typeof SchemaCheck;
  if (FILE_VALIDATORS_FILE !== join(outDir, 'file-validators.cjs')) throw new Error(`the compiled loader looks for its validators at ${FILE_VALIDATORS_FILE}`);
  await writeFile(FILE_VALIDATORS_FILE, precompileFileValidators());
}

/** The URL of a compiled module, for importing it. */
function compiledModule(outDir: string, file: string): string {
  return pathToFileURL(join(outDir, file)).href;
}

/** The whole build: an empty dist/, the compiled sources, the assets, the load cache. */
export async function build(root = ROOT): Promise<void> {
  const outDir = join(root, 'dist');
  await rm(outDir, { recursive: true, force: true });
  compile(root);
  for (const asset of ASSETS) await buildAsset(asset, root, outDir);
  await writeLoadCache(root, outDir);
  await writeResponseValidators(root, outDir);
  await writeFileValidators(outDir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await build();
  process.stderr.write(`settlekit: built dist/ in ${Math.round(performance.now() - started)} ms\n`);
}
