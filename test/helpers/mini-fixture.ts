/**
 * The mini suite (test/fixtures/mini) copied into a temporary folder, so a test can break one file and load the rest.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pristine mini suite root. */
export const MINI_ROOT = fileURLToPath(new URL('../fixtures/mini/', import.meta.url));

/** A temporary copy of the mini suite root; `write` adds or replaces a scenario file; `dispose` removes it. */
export async function copyMini(): Promise<{ root: string; write(name: string, text: string): Promise<string>; dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'settlekit-mini-'));
  await cp(MINI_ROOT, root, { recursive: true });
  return {
    root,
    async write(name, text) {
      const file = join(root, 'mini', name);
      await writeFile(file, text);
      return file;
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
