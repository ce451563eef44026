/**
 * One server of the throughput benchmark (bench/simulator-throughput.bench.ts), each in a process of its own, so that
 * neither shares a heap, a garbage collector or the inline caches of node:http's own code with the other: in one
 * process the simulator's growing heap was collected during the bare handler's runs too, and node:http's code, made
 * polymorphic by the simulator's many shapes of answers, ran slower for both — the baseline paid for the simulator.
 *
 *   child = fork('bench/throughput-server.ts', ['simulator' | 'bare'], { execArgv: ['--import', 'tsx'] })
 *
 * It pins itself to core 0 (where taskset exists), listens on 127.0.0.1:0, and speaks with its parent over IPC:
 * it sends `{ type: 'listening', url, pinned }`, and answers `{ type: 'cpu', startMs, finishMs }` with its own CPU share
 * over that window (`{ type: 'cpu', share }`), `{ type: 'record', bytes }` (bare handler only) with
 * `{ type: 'record' }` once its answers carry a resource of about that size, and `{ type: 'spin', micros }` (bare
 * handler only) with `{ type: 'spin' }` once it busy-waits that many µs in every request before answering (the
 * calibration rows: what a plain server's rate becomes with a fixed amount of work per request). `{ type: 'stop' }`
 * ends it.
 *
 * The simulator is the compiled one (dist/, built by the benchmark first), as users run it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as SimulatorModule from '../simulator/index.ts';
import { pinSelf, sampleCpu } from './load-harness.ts';

/** A message from the benchmark to this server. */
export type ToServer =
  | { readonly type: 'cpu'; readonly startMs: number; readonly finishMs: number }
  | { readonly type: 'record'; readonly bytes: number }
  | { readonly type: 'spin'; readonly micros: number }
  | { readonly type: 'stop' };
/** A message from this server to the benchmark. */
export type FromServer =
  | { readonly type: 'listening'; readonly url: string; readonly pinned: boolean }
  | { readonly type: 'cpu'; readonly share: number }
  | { readonly type: 'record' }
  | { readonly type: 'spin' };

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * What the bare handler answers besides the echo of the request: a resource object of the size the simulator's answers
 * have (set by the benchmark once the mean size of the simulator's answers to the mixed traffic is known), serialized
 * per request. Sending 1–2 KB costs a server more than sending 100 bytes; a fair baseline pays for an answer of the
 * same size.
 */
let bareRecord: Record<string, unknown> = {};

/**
 * Milliseconds of fixed work the bare handler does per request (0: none): a busy-wait on the monotonic clock, the
 * stand-in for a server's own work of that many µs, to show how the rate of a plain server falls with it.
 */
let spinMs = 0;

/**
 * The baseline: what any node:http JSON server must do for these requests, and nothing of the simulator's domain —
 * read the body, parse it as JSON when there is one, answer a JSON body (JSON.stringify per request) of the size the
 * simulator answers.
 */
function bareJsonHandler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (spinMs > 0) {
      const until = performance.now() + spinMs;
      while (performance.now() < until);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    const body = JSON.stringify({ ok: true, method: req.method, path: req.url, fields: parsed && typeof parsed === 'object' ? Object.keys(parsed).length : 0, record: bareRecord });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

/** A resource of about `bytes` bytes as JSON: the fields of a payment, and status events until it is that large. */
function recordOfSize(bytes: number): Record<string, unknown> {
  const history: Record<string, unknown>[] = [];
  const record: Record<string, unknown> = {
    id: 'pay_0000000001',
    status: 'partially_settled',
    currency: 'GBP',
    amount: 100000,
    settled: 2500,
    createdAt: '2026-01-15T09:30:00Z',
    updatedAt: '2026-01-15T09:30:00Z',
    merchant: { entity: 'default', account: 'first_data_ma' },
    instrument: { type: 'card', bin: '401288', last4: '1881', brand: 'Visa', expiry: { month: 12, year: 2030 } },
    history,
  };
  for (let n = 0; JSON.stringify(record).length < bytes; n++) history.push({ at: '2026-01-15T09:30:00Z', status: 'settled', amount: 100 + n, source: 'api' });
  return record;
}

/** Starts the server of `kind`; resolves to its base URL and a way to close it. */
async function start(kind: string): Promise<{ url: string; close: () => Promise<void> }> {
  if (kind === 'simulator') {
    const { createSimulator } = (await import(pathToFileURL(join(ROOT, 'dist/simulator/index.js')).href)) as typeof SimulatorModule;
    const simulator = createSimulator();
    return { url: await simulator.listen(0), close: () => simulator.close() };
  }
  if (kind !== 'bare') throw new Error(`throughput-server: unknown server ${JSON.stringify(kind)} (simulator or bare)`);
  const bare = createServer({ keepAlive: true }, bareJsonHandler);
  const url = await new Promise<string>((resolve) => bare.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(bare.address() as { port: number }).port}`)));
  return { url, close: () => new Promise((resolve) => bare.close(() => resolve())) };
}

// Only as a forked child: it needs its parent on the other end of the IPC channel.
if (process.send) {
  const send = (message: FromServer): void => void process.send?.(message);
  // Every thread (the collector's and the compiler's too) on core 0; the load generator runs on core 1.
  const pinned = pinSelf(0);
  // Every 10 ms: a run lasts a few seconds.
  const cpu = sampleCpu(10);
  const server = await start(process.argv[2] ?? '');
  process.on('message', (message: ToServer) => {
    if (message.type === 'cpu') send({ type: 'cpu', share: cpu.shareBetween(message.startMs, message.finishMs) });
    else if (message.type === 'record') {
      bareRecord = recordOfSize(message.bytes);
      send({ type: 'record' });
    } else if (message.type === 'spin') {
      spinMs = message.micros / 1000;
      send({ type: 'spin' });
    } else {
      cpu.stop();
      void server.close().then(() => process.exit(0));
    }
  });
  send({ type: 'listening', url: server.url, pinned });
}
