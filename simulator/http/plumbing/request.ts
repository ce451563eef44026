/**
 * One request as a façade sees it: the {@link RequestContext} the server builds for each request, and the small URL
 * and header readers the façades share.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { readBody } from './body.ts';
import type { RequestContext, SimulatorContext } from './context.ts';

/**
 * The context of one request. `isClosing` tells whether the server is shutting down: answers then carry
 * `Connection: close`, so keep-alive clients do not send another request to a server that is going away.
 */
export function createRequestContext(req: IncomingMessage, res: ServerResponse, sim: SimulatorContext, isClosing: () => boolean): RequestContext {
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  let body: Promise<Buffer> | undefined;
  const send = (status: number, payload?: string | Buffer, headers: OutgoingHttpHeaders = {}): void => {
    const bytes = payload === undefined ? undefined : typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    const out: OutgoingHttpHeaders = { ...headers, 'content-length': String(bytes?.length ?? 0) };
    if (isClosing()) out.connection = 'close';
    res.writeHead(status, out);
    res.end(bytes);
  };
  return {
    req,
    res,
    url,
    method: (req.method ?? 'GET').toUpperCase(),
    sim,
    readBody() {
      body ??= readBody(req, sim.config.bodyLimitBytes);
      return body;
    },
    send,
    sendJson(status, value, headers = {}) {
      send(status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
    },
  };
}

/** A percent-decoded path segment, or `undefined` when its escapes are malformed (`%E0%A4%A`). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
