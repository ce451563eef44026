/**
 * The build's pieces that are not exercised by packing (test/package): the kit root found from either layout, and
 * the asset kinds — a copy, and an esbuild bundle such as the HTML report's script.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitRootFrom } from '../../lib/kit-root.ts';
import { clientScriptText } from '../../reports/html/assets.ts';
import { KIT_ROOT } from '../../runner/paths.ts';
import { ASSETS, buildAsset } from '../../scripts/build.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'settlekit-build-'));
  await mkdir(join(root, 'lib'), { recursive: true });
  await mkdir(join(root, 'dist', 'lib'), { recursive: true });
  await writeFile(join(root, 'package.json'), '{}');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the build', () => {
  it('finds the kit root from a module of the sources and from its build in dist/', () => {
    expect(kitRootFrom(pathToFileURL(join(root, 'lib', 'kit-root.ts')).href)).toBe(`${root}/`);
    expect(kitRootFrom(pathToFileURL(join(root, 'dist', 'lib', 'kit-root.js')).href)).toBe(`${root}/`);
  });

  it('copies an asset as it is', async () => {
    await mkdir(join(root, 'reports'), { recursive: true });
    await writeFile(join(root, 'reports', 'styles.css'), 'body { color: red }\n');
    await buildAsset({ kind: 'copy', source: 'reports/styles.css', output: 'reports/styles.css' }, root, join(root, 'dist'));
    expect(await readFile(join(root, 'dist', 'reports', 'styles.css'), 'utf8')).toBe('body { color: red }\n');
  });

  it('bundles a TypeScript entry and its imports into one self-contained ASCII script', async () => {
    await mkdir(join(root, 'client'), { recursive: true });
    await writeFile(join(root, 'client', 'greet.ts'), "export const greet = (name: string): string => `h\\u00e9llo ${name}`;\n");
    await writeFile(join(root, 'client', 'main.ts'), "import { greet } from './greet.ts';\n(globalThis as { out?: string }).out = greet('report');\n");
    await buildAsset({ kind: 'bundle', entry: 'client/main.ts', output: 'reports/client.js' }, root, join(root, 'dist'));
    const script = await readFile(join(root, 'dist', 'reports', 'client.js'), 'utf8');
    expect(script).not.toMatch(/\bimport\b|\bexport\b/);
    expect(/[^\t\n\r -~]/.test(script)).toBe(false);
    const context: { out?: string } = {};
    runInNewContext(script, context);
    expect(context.out).toBe('héllo report');
  });

  it("bundles the HTML report's script into the very text the sources inline (so the package's CSP hash is the tested one)", async () => {
    const bundles = ASSETS.filter((a) => a.kind === 'bundle');
    expect(bundles.map((a) => a.output)).toEqual(['reports/html/client.js']);
    await buildAsset(bundles[0]!, KIT_ROOT, join(root, 'dist'));
    expect(await readFile(join(root, 'dist', 'reports', 'html', 'client.js'), 'utf8')).toBe(clientScriptText());
  });
});
