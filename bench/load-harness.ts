/**
 * What the simulator load benchmarks and their small test version share: running a load client (bench/load-client.ts,
 * or autocannon through bench/autocannon-client.ts) in its own process and reading its one-line JSON result, pinning
 * processes to cores, and forcing a full garbage collection before a memory reading.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
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
  const args = ['--url', url, '--requests', String(options.requests), '--connections', String(options.connections), '--mix', options.mix ?? 'mixed'];
  return runClientProcess<ClientResult>('bench/load-client.ts', args);
}

/** The result line of bench/autocannon-client.ts. */
export interface AutocannonFigures {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  /** The measured phase, epoch ms. */
  readonly startMs: number;
  readonly finishMs: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statuses: Record<string, number>;
  /** The mean size (bytes) of an answer on the wire — status line, headers and body — over the measured phase. */
  readonly answerBytes: number;
  /** CPU time of the load generator over its wall time (1.0 = one core busy all the time). */
  readonly cpuShare: number;
}

/** Options of {@link runAutocannon}. */
export interface AutocannonRun {
  /** A JSON file holding the request list (see bench/autocannon-client.ts). */
  readonly requestsFile: string;
  readonly connections: number;
  /** Seconds of measurement, or… */
  readonly duration?: number;
  /** …a fixed number of requests. */
  readonly amount?: number;
  /** Seconds of warm-up left out of the figures. */
  readonly warmup?: number;
  /** Run the generator on this core only (through taskset), when {@link canPin}. */
  readonly cpu?: number;
  /** One cursor over the list for every connection (each entry sent once per pass), see bench/autocannon-client.ts. */
  readonly shared?: boolean;
}

/** Runs autocannon in its own process (on its own core with `cpu`) against `url`. */
export function runAutocannon(url: string, options: AutocannonRun): Promise<{ code: number | null; result?: AutocannonFigures; stderr: string }> {
  const args = ['--url', url, '--requests', options.requestsFile, '--connections', String(options.connections)];
  if (options.amount !== undefined) args.push('--amount', String(options.amount));
  else args.push('--duration', String(options.duration ?? 4));
  if (options.warmup) args.push('--warmup', String(options.warmup));
  if (options.shared) args.push('--shared');
  return runClientProcess<AutocannonFigures>('bench/autocannon-client.ts', args, options.cpu);
}

/** The machine's cores — all of them, not only those this process may run on (that shrinks once it is pinned). */
export const CORES = cpus().length;

let pinnable: boolean | undefined;

/** True when processes can be pinned to cores: taskset is on the PATH and the machine has at least two cores. */
export function canPin(): boolean {
  pinnable ??= CORES >= 2 && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  return pinnable;
}

/** Pins every thread of this process to `cpu` (taskset -a); false when it could not. */
export function pinSelf(cpu: number): boolean {
  return canPin() && spawnSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs a client script of bench/ in its own Node process (pinned to `cpu` if given) and parses its last stdout line.
 * A child inherits its parent's cores: a client started by a pinned process must be given its own core explicitly.
 */
function runClientProcess<T>(script: string, args: readonly string[], cpu?: number): Promise<{ code: number | null; result?: T; stderr: string }> {
  return new Promise((resolve, reject) => {
    const node = [process.execPath, '--import', 'tsx', `${ROOT}${script}`, ...args];
    const [command, ...rest] = cpu !== undefined && canPin() ? ['taskset', '-c', String(cpu), ...node] : node;
    const child = spawn(command as string, rest, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      let result: T | undefined;
      try {
        result = line ? (JSON.parse(line) as T) : undefined;
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

/** CPU samples of this process, to tell how busy it was during a window another process measured. */
export interface CpuSampler {
  /** This process's CPU time over wall time between two epoch-ms instants (1.0 = one core busy all the time). */
  shareBetween(startMs: number, finishMs: number): number;
  stop(): void;
}

/** Samples this process's CPU time every `everyMs` (a timer that costs nothing measurable). */
export function sampleCpu(everyMs = 50): CpuSampler {
  const samples: { at: number; cpuMs: number }[] = [];
  const take = (): void => {
    const { user, system } = process.cpuUsage();
    samples.push({ at: Date.now(), cpuMs: (user + system) / 1000 });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    shareBetween(startMs, finishMs) {
      take();
      // The samples just inside the window: a window of a few seconds loses at most one interval at each end.
      const first = samples.find((s) => s.at >= startMs);
      const last = samples.findLast((s) => s.at <= finishMs);
      if (!first || !last || last.at <= first.at) return Number.NaN;
      return (last.cpuMs - first.cpuMs) / (last.at - first.at);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
