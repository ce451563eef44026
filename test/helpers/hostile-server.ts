/**
 * A deliberately hostile target for the kit's reliability tests (issue 6): a node:http server on a free loopback port
 * with one route per transport or encoding fault, probed by the scenarios of test/fixtures/hostile. Routes live under
 * `/json/<route>` (documented as application/json) and `/xml/<route>` (documented as application/xml):
 *
 * | route | what it does |
 * |---|---|
 * | `ok` | the healthy answer: 200 `{"ok":true}` (or `<probe><ok type="boolean">true</ok></probe>`) |
 * | `reset` | headers and half the announced body, then the socket is destroyed |
 * | `silent` | never answers |
 * | `drip` | headers at once, then one byte of body every {@link DRIP_INTERVAL_MS} ms, forever |
 * | `not-json` / `not-xml` | 200 with the documented Content-Type and a body that is not that |
 * | `bad-utf8` | 200 JSON whose bytes are not valid UTF-8 |
 * | `huge` | 200 JSON streamed up to {@link HUGE_BODY_BYTES} bytes, as fast as the client reads |
 * | `redirect-loop` | 302 to `redirect-loop-2`, which redirects back |
 * | `server-error` | 503 with a JSON error body |
 * | `wrong-type` | 200 `text/html` |
 *
 * {@link startVanishingServer} is the "connection refused" target: it accepts exactly one connection (the kit's
 * pre-run reachability check), then stops listening, so every later connection is refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** Bytes the `huge` route would send if the client read them all (64 MiB). */
export const HUGE_BODY_BYTES = 64 * 1024 * 1024;

/** Pause between two bytes of the `drip` route. */
export const DRIP_INTERVAL_MS = 50;

/** The routes of the hostile server. */
export const HOSTILE_ROUTES = ['ok', 'reset', 'silent', 'drip', 'not-json', 'not-xml', 'bad-utf8', 'huge', 'redirect-loop', 'server-error', 'wrong-type'] as const;

/** A started hostile server. */
export interface HostileServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Requests received per path (e.g. `/json/ok`). */
  readonly hits: ReadonlyMap<string, number>;
  /** Body bytes the `huge` route managed to write (before the client stopped reading). */
  readonly hugeBytesWritten: () => number;
  /** Resolves once a request for `path` has been received (at once if one already was). */
  waitFor(path: string): Promise<void>;
  /** Paths whose response the client abandoned (closed the connection) before it was complete. */
  readonly abandoned: readonly string[];
  /** Every request received, in order (path, headers, body as text). */
  readonly requests: readonly { readonly path: string; readonly headers: IncomingMessage['headers']; readonly body: string }[];
  /** Stops listening and closes every open connection (the silent and dripping ones too). */
  close(): Promise<void>;
}

/** Options of {@link startHostileServer}. */
export interface HostileServerOptions {
  /**
   * Handles paths the fault routes do not (e.g. an echo of secrets for the redaction tests). Return false to fall
   * through to the 404.
   */
  readonly extra?: (req: IncomingMessage, res: ServerResponse, body: string) => boolean;
}

const OK_JSON = '{"ok":true}';
const OK_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<probe><ok type="boolean">true</ok></probe>\n';

/** Starts the hostile server on 127.0.0.1 (a free port). */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const hits = new Map<string, number>();
  const requests: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let hugeWritten = 0;
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Map<string, (() => void)[]>();
  const abandoned: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      hits.set(path, (hits.get(path) ?? 0) + 1);
      requests.push({ path, headers: req.headers, body });
      res.on('close', () => {
        if (!res.writableFinished) abandoned.push(path);
      });
      for (const wake of waiters.get(path) ?? []) wake();
      waiters.delete(path);
      if (options.extra?.(req, res, body)) return;
      const match = /^\/(json|xml)\/([a-z0-9-]+)$/.exec(path);
      if (!match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no route"}');
        return;
      }
      const [, family, route] = match as unknown as [string, 'json' | 'xml', string];
      const contentType = family === 'json' ? 'application/json' : 'application/xml';
      switch (route) {
        case 'ok':
          res.writeHead(200, { 'content-type': contentType }).end(family === 'json' ? OK_JSON : OK_XML);
          return;
        case 'reset': {
          const full = JSON.stringify({ ok: true, padding: 'x'.repeat(200) });
          res.writeHead(200, { 'content-type': contentType, 'content-length': String(full.length) });
          // Flush the headers and half the body, then drop the connection without a FIN handshake.
          res.write(full.slice(0, full.length / 2), () => res.socket?.destroy());
          return;
        }
        case 'silent':
          // Never answer; the connection is closed by the client's deadline or by close().
          return;
        case 'drip': {
          res.writeHead(200, { 'content-type': contentType });
          res.write('{"ok":');
          const timer = setInterval(() => res.write(' '), DRIP_INTERVAL_MS);
          timers.add(timer);
          res.on('close', () => {
            clearInterval(timer);
            timers.delete(timer);
          });
          return;
        }
        case 'not-json':
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('<html><body>502 Bad Gateway</body></html>');
          return;
        case 'not-xml':
          res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end('{"probe":{"ok":true}} <not xml');
          return;
        case 'bad-utf8':
          // {"ok":"<FF FE C3>"}: a lone FF, FE and a truncated two-byte sequence.
          res.writeHead(200, { 'content-type': contentType }).end(Buffer.concat([Buffer.from('{"ok":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]));
          return;
        case 'huge':
          streamHuge(res, (n) => (hugeWritten += n));
          return;
        case 'redirect-loop':
          res.writeHead(302, { location: `/${family}/redirect-loop-2` }).end();
          return;
        case 'redirect-loop-2':
          res.writeHead(302, { location: `/${family}/redirect-loop` }).end();
          return;
        case 'server-error':
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' }).end('{"error":"service unavailable"}');
          return;
        case 'wrong-type':
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>ok</p>');
          return;
        default:
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no route"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    requests,
    hugeBytesWritten: () => hugeWritten,
    abandoned,
    waitFor: (path) =>
      hits.has(path)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.set(path, [...(waiters.get(path) ?? []), resolve]);
          }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Writes a JSON array of zeros up to {@link HUGE_BODY_BYTES}, respecting back-pressure, stopping when the client goes. */
function streamHuge(res: ServerResponse, wrote: (bytes: number) => void): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE_BODY_BYTES) });
  const chunk = Buffer.from('0,'.repeat(32 * 1024));
  let sent = 0;
  let closed = false;
  res.on('close', () => (closed = true));
  const pump = (): void => {
    while (!closed && sent < HUGE_BODY_BYTES) {
      const piece = sent === 0 ? Buffer.concat([Buffer.from('['), chunk.subarray(1)]) : chunk.subarray(0, Math.min(chunk.length, HUGE_BODY_BYTES - sent));
      sent += piece.length;
      wrote(piece.length);
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  pump();
}

/** A server that is there for the pre-run reachability check and gone after it. */
export interface VanishingServer {
  /** Its base URL; after the first connection, connecting there is refused. */
  readonly url: string;
  /** Connections it accepted (1 once the check ran). */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1 that accepts one connection, then stops listening. */
export async function startVanishingServer(): Promise<VanishingServer> {
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Stop listening at once: the next connection to this port is refused.
    server.close();
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}
