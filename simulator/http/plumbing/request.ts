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
/** The origin request targets are resolved against (the server's own address does not matter to a path). */
const BASE = 'http://simulator.invalid';
/**
 * A request target made only of characters the URL parser keeps as they are in a path (unreserved, sub-delims, `:`,
 * `@`, `%` and `/`), starting with one slash (`//x` would name a host).
 */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/** A `.` or `..` segment, spelled with `%2e` too: the URL parser resolves those. */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * The path of a request target, exactly as `new URL(target, base).pathname` gives it: the target itself when the
 * parser would keep it unchanged (no query, no dot segment, nothing it would percent-encode or normalize — what every
 * client of the simulator sends), else the parser's answer.
 */
export function pathnameOf(target: string): string {
  return PLAIN_PATH.test(target) && !DOT_SEGMENT.test(target) ? target : new URL(target, BASE).pathname;
}

/** {@link RequestContext} as a class: one object per request, its methods shared (no closures made per request). */
class HttpRequestContext implements RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly pathname: string;
  readonly method: string;
  readonly sim: SimulatorContext;
  readonly #isClosing: () => boolean;
  #url: URL | undefined;
  #body: Promise<Buffer> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, sim: SimulatorContext, isClosing: () => boolean) {
    this.req = req;
    this.res = res;
    // The path alone is what routing needs: a URL is parsed only for a façade that asks for one.
    this.pathname = pathnameOf(req.url ?? '/');
    this.method = (req.method ?? 'GET').toUpperCase();
    this.sim = sim;
    this.#isClosing = isClosing;
  }

  get url(): URL {
    this.#url ??= new URL(this.req.url ?? '/', BASE);
    return this.#url;
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  readBody(): Promise<Buffer> {
    this.#body ??= readBody(this.req, this.sim.config.bodyLimitBytes);
    return this.#body;
  }

  send(status: number, payload?: string | Buffer, headers?: OutgoingHttpHeaders): void {
    this.#write(status, payload, headers === undefined ? {} : { ...headers });
  }

  sendJson(status: number, value: unknown, headers?: OutgoingHttpHeaders): void {
    this.#write(status, JSON.stringify(value), headers === undefined ? { 'content-type': JSON_TYPE } : { 'content-type': JSON_TYPE, ...headers });
  }

  /** Writes the answer; `out` is this answer's own header object (completed here, never the caller's). */
  #write(status: number, payload: string | Buffer | undefined, out: OutgoingHttpHeaders): void {
    out['content-length'] = payload === undefined ? '0' : String(typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length);
    if (this.#isClosing()) out.connection = 'close';
    this.res.writeHead(status, out);
    // A string goes out as is: node writes the head and a string body in one piece, without a copy into a Buffer.
    this.res.end(payload);
  }
}

/** A percent-decoded path segment, or `undefined` when its escapes are malformed (`%E0%A4%A`). */
export function decodeSegment(segment: string): string | undefined {
  // Without a `%` there is nothing to decode (decodeURIComponent would give the segment back).
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
