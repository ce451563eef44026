/**
 * A deliberately lax server for negative tests of the kit: an HTTP proxy in front of a conforming implementation
 * (usually the reference simulator) that rewrites requests and/or responses, so that a suite run through it must fail
 * with the rule the rewrite breaks. The `Host` header is forwarded unchanged, so absolute links the target builds from
 * it point back at the proxy and stay rewritten when followed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy forwards it; header names are lower case. */
export interface ProxyRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/payments/abc/partialSettlements`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** A response as the proxy returns it; header names are lower case. */
export interface ProxyResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The rewrites of one lax server. Each hook may return a replacement, or nothing to keep the value as it is. */
export interface LaxTransform {
  /** Rewrites the request before it is forwarded. */
  readonly request?: (request: ProxyRequest) => ProxyRequest | void;
  /** Rewrites the target's response before it is returned; gets the request as forwarded. */
  readonly response?: (response: ProxyResponse, request: ProxyRequest) => ProxyResponse | void;
  /**
   * Handles the request itself when it returns a response (the `response` hook still sees it): a lax server with a
   * check of its own. It may wait (a slow check, a race window) and may `forward` the request, e.g. under a lock.
   */
  readonly intercept?: (request: ProxyRequest, forward: (request: ProxyRequest) => Promise<ProxyResponse>) => ProxyResponse | void | Promise<ProxyResponse | void>;
}

/** A started lax proxy. */
export interface LaxProxy {
  /** Base URL of the proxy, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

// Hop-by-hop headers, and the length, which the proxy recomputes after a rewrite.
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection']);

function flatHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || DROPPED.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function forward(target: URL, request: ProxyRequest): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body.length > 0) headers['content-length'] = request.body.length;
    const outgoing = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.path, headers, agent: false },
      (incoming) => {
        readBody(incoming).then(
          (body) => resolve({ status: incoming.statusCode ?? 502, headers: flatHeaders(incoming.headers), body }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body.length > 0 ? request.body : undefined);
  });
}

/**
 * Starts a lax proxy on 127.0.0.1 (a free port) in front of `targetUrl` (an `http://` base URL).
 * @param targetUrl the conforming implementation to forward to
 * @param transform the rewrites that make the proxy lax
 */
export async function startLaxProxy(targetUrl: string, transform: LaxTransform): Promise<LaxProxy> {
  const target = new URL(targetUrl);
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        let request: ProxyRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: flatHeaders(req.headers), body };
        request = transform.request?.(request) ?? request;
        let response = (await transform.intercept?.(request, (r) => forward(target, r))) ?? (await forward(target, request));
        response = transform.response?.(response, request) ?? response;
        res.writeHead(response.status, { ...response.headers, 'content-length': String(response.body.length) });
        res.end(response.body);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`lax proxy: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A response rewrite for JSON bodies: `edit` gets the parsed body (and may mutate it or return a replacement).
 * Non-JSON responses, and responses for which `when` is false, pass through untouched.
 * @param edit rewrites the parsed body
 * @param when which responses to rewrite (default: every JSON response)
 */
export function editJsonResponse(
  edit: (body: unknown, response: ProxyResponse, request: ProxyRequest) => unknown,
  when: (response: ProxyResponse, request: ProxyRequest) => boolean = () => true,
): NonNullable<LaxTransform['response']> {
  return (response, request) => {
    if (!(response.headers['content-type'] ?? '').includes('json') || !when(response, request)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body.toString('utf8'));
    } catch {
      return undefined;
    }
    const edited = edit(parsed, response, request);
    return { ...response, body: Buffer.from(JSON.stringify(edited === undefined ? parsed : edited), 'utf8') };
  };
}
