/**
 * Runs the `settlekit` command in a child process, as a user (or CI) would, with no standard input — from the
 * TypeScript sources through tsx, so the tests check the sources as they are, not a build that may be stale (the
 * compiled bin is tested from the packed tarball, test/package/package.test.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Node arguments that run the command from the sources: `spawn(process.execPath, [...CLI, 'run', …])`. tsx is named by
 * its loader's file, so the command runs from any working folder.
 */
export const CLI: readonly string[] = [
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  fileURLToPath(new URL('../../runner/cli/main.ts', import.meta.url)),
];

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `settlekit …args`; `onSpawn` gets the child (to signal it). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, CI: 'true', NO_COLOR: '1', PACT_DO_NOT_TRACK: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`settlekit ${args.join(' ')} did not finish within ${options.timeoutMs ?? 120_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
