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
  return new HttpRequestContext(req, res, sim, isClosing);
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** {@link RequestContext} as a class: one object per request, its methods shared (no closures made per request). */
class HttpRequestContext implements RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
  readonly sim: SimulatorContext;
  readonly #isClosing: () => boolean;
  #body: Promise<Buffer> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, sim: SimulatorContext, isClosing: () => boolean) {
    this.req = req;
    this.res = res;
    this.url = new URL(req.url ?? '/', 'http://simulator.invalid');
    this.method = (req.method ?? 'GET').toUpperCase();
    this.sim = sim;
    this.#isClosing = isClosing;
  }

  readBody(): Promise<Buffer> {
    this.#body ??= readBody(this.req, this.sim.config.bodyLimitBytes);
    return this.#body;
  }

  send(status: number, payload?: string | Buffer, headers?: OutgoingHttpHeaders): void {
    const out: OutgoingHttpHeaders = headers === undefined ? {} : { ...headers };
    out['content-length'] = payload === undefined ? '0' : String(typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length);
    if (this.#isClosing()) out.connection = 'close';
    this.res.writeHead(status, out);
    // A string goes out as is: node writes the head and a string body in one piece, without a copy into a Buffer.
    this.res.end(payload);
  }

  sendJson(status: number, value: unknown, headers?: OutgoingHttpHeaders): void {
    const out: OutgoingHttpHeaders = headers === undefined ? { 'content-type': JSON_TYPE } : { 'content-type': JSON_TYPE, ...headers };
    this.send(status, JSON.stringify(value), out);
  }
}

/** A percent-decoded path segment, or `undefined` when its escapes are malformed (`%E0%A4%A`). */
export function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
