/**
 * The package as a user gets it: `npm pack` (which runs the build, `prepare`), the tarball unpacked into an empty
 * project's node_modules the way npm installs it — with only the kit's production dependencies beside it, linked from
 * this checkout's node_modules, so no network is needed and no development tool (tsx, typescript) is in reach.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KIT_ROOT, KIT_VERSION } from '../../runner/paths.ts';

const run = promisify(execFile);

/** What `npm pack --json` says about the tarball. */
export interface PackResult {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** A temporary project with the packed kit installed in it. */
export interface PackedProject {
  /** The folder holding the tarball and the project. */
  readonly work: string;
  /** The project (`package.json` with settlekit as a development dependency, `node_modules/`). */
  readonly project: string;
  readonly packed: PackResult;
  /** Links one of the checkout's own (development) dependencies into the project, as the merchant's own dependency. */
  linkDependency(name: string): Promise<void>;
  /** Removes the whole folder. */
  remove(): Promise<void>;
}

/** The top-level packages (`name` or `@scope/name`) of the kit's production dependency tree. */
function productionPackages(): string[] {
  const parseable = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: KIT_ROOT, encoding: 'utf8' });
  const prefix = join(KIT_ROOT, 'node_modules') + '/';
  const names = new Set<string>();
  for (const line of parseable.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const [first, second] = line.slice(prefix.length).split('/');
    names.add(first!.startsWith('@') ? `${first}/${second}` : first!);
  }
  return [...names].sort();
}

/** Packs the checkout and installs the tarball into a fresh project under the system's temporary folder. */
export async function installPackedKit(prefix = 'settlekit-package-'): Promise<PackedProject> {
  const work = await mkdtemp(join(tmpdir(), prefix));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: KIT_ROOT, maxBuffer: 64 * 1024 * 1024 });
  const packed = (JSON.parse(stdout) as PackResult[])[0]!;
  const project = join(work, 'project');
  const installed = join(project, 'node_modules', 'settlekit');
  await mkdir(installed, { recursive: true });
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'merchant-tests', private: true, type: 'module', devDependencies: { settlekit: `^${KIT_VERSION}` } }));
  await run('tar', ['xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  // What npm does on install: the dependencies beside the package, and its bin linked and executable.
  const linkDependency = async (name: string): Promise<void> => {
    await mkdir(join(project, 'node_modules', name, '..'), { recursive: true });
    await symlink(join(KIT_ROOT, 'node_modules', name), join(project, 'node_modules', name), 'dir').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  };
  for (const name of productionPackages()) await linkDependency(name);
  await mkdir(join(project, 'node_modules', '.bin'), { recursive: true });
  await symlink('../settlekit/bin/settlekit.js', join(project, 'node_modules', '.bin', 'settlekit'));
  await chmod(join(installed, 'bin', 'settlekit.js'), 0o755);
  return { work, project, packed, linkDependency, remove: () => rm(work, { recursive: true, force: true }) };
}
