/**
 * What the simulator load benchmark and its small test version share: running bench/load-client.ts in its own process
 * and reading its one-line JSON result, and forcing a full garbage collection before a memory reading.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The load client's result line. */
export interface ClientResult {
  readonly requests: number;
  readonly rps: number;
  readonly ms: number;
  readonly failed: number;
  readonly byStatus: Record<string, number>;
  readonly failures: unknown[];
}

/** Runs the load client against `url`; `result` is absent when it printed none. */
export function runLoadClient(
  url: string,
  options: { readonly requests: number; readonly connections: number; readonly mix?: 'mixed' | 'clock' },
): Promise<{ code: number | null; result?: ClientResult; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', `${ROOT}bench/load-client.ts`, '--url', url, '--requests', String(options.requests), '--connections', String(options.connections), '--mix', options.mix ?? 'mixed'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      let result: ClientResult | undefined;
      try {
        result = line ? (JSON.parse(line) as ClientResult) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, ...(result ? { result } : {}), stderr: result ? stderr : `${stdout}${stderr}` });
    });
  });
}

/** A way to force a full collection, and how it was obtained. */
export function findGc(): { gc?: () => void; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { gc: exposed, how: 'forced gc (--expose-gc)' };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return { gc: gc as () => void, how: 'forced gc (V8 flag set at run time; run with --expose-gc to be sure)' };
  } catch {
    // No way to force one: the caller says so.
  }
  return { how: 'NO forced gc: run with node --expose-gc for comparable numbers' };
}
