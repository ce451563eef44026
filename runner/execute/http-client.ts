/**
 * The one way the runner talks HTTP: undici over a shared keep-alive Agent, with a per-request deadline that covers
 * the whole exchange (a body that drips slower than the deadline times out too), a cap on the body kept in memory,
 * redirects within the allowed origins followed a bounded number of times, and every transport fault turned into a
 * coded error — never an exception that escapes.
 *
 * Exchanges go through undici's dispatcher API (`Agent.dispatch` with a handler) rather than `request()`: the body is
 * wanted whole, as bytes, so the readable stream, its async iterator and the abort-signal plumbing `request()` builds
 * around every response are work the runner would only undo (about a third of the client's time per exchange).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import { SettlekitError } from '../../lib/errors.ts';
import type { OriginPolicy } from '../target/origin-policy.ts';
import { haltReason } from './run-guard.ts';

/**
 * undici's Agent class, from its own module: the package's index loads every API undici has (fetch, WebSocket,
 * caches, mocks…) — two thirds of its load time, on every run — for a client that needs only the Agent. It is the
 * class `import { Agent } from 'undici'` gives (test/runner/http-client.test.ts holds them the same). The module's
 * path is undici's own, not part of its public API: an installation where a later undici 7 moved it falls back to
 * the package's index, slower to load but the same class, so a user's run never depends on undici's file layout.
 */
export const Agent = loadAgent();
type Agent = UndiciAgent;

function loadAgent(): typeof UndiciAgent {
  const require = createRequire(import.meta.url);
  try {
    return require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;
  } catch {
    return (require('undici') as { Agent: typeof UndiciAgent }).Agent;
  }
}

/** A request to send. */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response received (the body possibly cut at the cap). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Bytes received (when truncated, at least this many). */
  readonly size: number;
  readonly truncated: boolean;
  /** URLs of the redirects followed to get here. */
  readonly redirects: readonly string[];
}

/** The outcome of one exchange. */
export type HttpOutcome =
  | { readonly ok: true; readonly response: HttpResponse; readonly durationMs: number }
  | { readonly ok: false; readonly error: SettlekitError; readonly durationMs: number };

/** Options of an {@link HttpClient}. */
export interface HttpClientOptions {
  /** Deadline of one exchange, headers and body included (ms). */
  readonly timeoutMs: number;
  /** Bytes of a response body kept; the rest is not read. */
  readonly maxBodyBytes: number;
  /** Same-origin redirects followed before the exchange is an error. */
  readonly maxRedirects?: number;
  /** Connections per origin. */
  readonly connections?: number;
  /** Sees the outcome of every exchange (the run's guard counts timeouts). */
  readonly observe?: (outcome: HttpOutcome) => void;
}

/** Per-request options of {@link HttpClient.send}. */
export interface SendOptions {
  /** Aborts the request (the run was interrupted or stopped). */
  readonly signal?: AbortSignal;
  /** Origins redirects may lead to; default: the request's own origin only. */
  readonly origins?: OriginPolicy;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A client shared by every scenario of a run. Close it at the end. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly options: Required<Omit<HttpClientOptions, 'observe'>>;
  private readonly observe: ((outcome: HttpOutcome) => void) | undefined;
  private readonly inflight = new WeakMap<AbortSignal, Set<Exchange>>();

  constructor(options: HttpClientOptions) {
    const { observe, ...rest } = options;
    this.options = { maxRedirects: 5, connections: 16, ...rest };
    this.observe = observe;
    this.agent = new Agent({
      connections: this.options.connections,
      keepAliveTimeout: 4_000,
      connect: { timeout: Math.min(this.options.timeoutMs, 10_000) },
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
    });
  }

  /** Sends a request. Never throws. */
  async send(req: HttpRequest, options: SendOptions = {}): Promise<HttpOutcome> {
    const outcome = await this.sendOnce(req, options);
    this.observe?.(outcome);
    return outcome;
  }

  private async sendOnce(req: HttpRequest, { signal, origins }: SendOptions): Promise<HttpOutcome> {
    const started = performance.now();
    // One timer per exchange, cleared when it ends (cheaper than AbortSignal.timeout and .any, which are built for
    // signals that live on); it and the run's signal abort the dispatch in flight directly.
    const exchange = new Exchange(this.agent, this.options.maxBodyBytes);
    const timer = setTimeout(() => exchange.expire(), this.options.timeoutMs);
    if (signal?.aborted) exchange.abort();
    else if (signal) this.watch(signal).add(exchange);
    const redirects: string[] = [];
    let current: HttpRequest = req;
    try {
      for (;;) {
        const response = await exchange.send(current);
        const location = response.headers.location;
        if (!REDIRECT_STATUSES.has(response.status) || !location) {
          return { ok: true, response: withRedirects(response, redirects), durationMs: performance.now() - started };
        }
        const next = new URL(location, current.url);
        // Never leave the target: a redirect to an origin it was not given is reported, not followed.
        if (origins ? !origins.allows(next) : next.origin !== new URL(current.url).origin) {
          return { ok: true, response: withRedirects(response, redirects), durationMs: performance.now() - started };
        }
        redirects.push(next.href);
        if (redirects.length > this.options.maxRedirects) {
          const loop = [new URL(req.url).pathname, ...redirects.map((u) => new URL(u).pathname)].join(' → ');
          throw new SettlekitError('SETTLEKIT_E_REDIRECT', `more than ${this.options.maxRedirects} redirects: ${loop}`);
        }
        const keepsBody = response.status === 307 || response.status === 308;
        current = {
          method: keepsBody ? current.method : current.method === 'HEAD' ? 'HEAD' : 'GET',
          url: next.href,
          headers: current.headers,
          ...(keepsBody && current.body !== undefined ? { body: current.body } : {}),
        };
      }
    } catch (error) {
      return { ok: false, error: this.classify(error, signal, exchange.expired, current), durationMs: performance.now() - started };
    } finally {
      clearTimeout(timer);
      if (signal) this.watch(signal).delete(exchange);
    }
  }

  /**
   * The exchanges in flight under a run's signal: one listener per signal aborts them all, instead of one listener
   * per exchange (which would trip Node's listener-leak warning with many requests at once).
   */
  private watch(signal: AbortSignal): Set<Exchange> {
    let inflight = this.inflight.get(signal);
    if (!inflight) {
      const set = new Set<Exchange>();
      inflight = set;
      this.inflight.set(signal, set);
      signal.addEventListener('abort', () => {
        for (const exchange of set) exchange.abort();
      }, { once: true });
    }
    return inflight;
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private classify(error: unknown, runSignal: AbortSignal | undefined, deadlinePassed: boolean, req: HttpRequest): SettlekitError {
    if (error instanceof SettlekitError) return error;
    const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const where = `${req.method} ${req.url}`;
    if (runSignal?.aborted) {
      const halt = haltReason(runSignal);
      return new SettlekitError(halt.code, `${where} was aborted: ${halt.message}`, { hint: halt.hint });
    }
    const code = e.code ?? e.cause?.code ?? '';
    if (deadlinePassed || /TIMEOUT/i.test(code) || e.name === 'TimeoutError') {
      return new SettlekitError('SETTLEKIT_E_TIMEOUT', `${where}: no complete response within ${this.options.timeoutMs} ms`);
    }
    const detail = describeNetworkCode(code) ?? e.message ?? String(error);
    return new SettlekitError('SETTLEKIT_E_NETWORK', `${where}: ${detail}${code ? ` (${code})` : ''}`);
  }
}

/** A response as one exchange received it (before redirects are followed). */
type Received = Omit<HttpResponse, 'redirects'>;

/** Why an exchange was aborted by the kit: its deadline passed, or the run's signal was aborted. */
class ExchangeAborted extends Error {
  constructor(deadline: boolean) {
    super(deadline ? 'the deadline passed' : 'aborted');
    this.name = 'AbortError';
  }
}

/**
 * One exchange (and the redirects it follows, one request at a time), as an undici dispatch handler: the response's
 * status and headers, its body collected as chunks up to the cap (past it, the request is aborted and what was kept
 * is the answer), and aborts — by the deadline or the run — that reach the request in flight.
 */
class Exchange implements Dispatcher.DispatchHandler {
  /** True once the deadline passed (the exchange is then aborted). */
  expired = false;
  #aborted: ExchangeAborted | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #kept = 0;
  #size = 0;
  #settled = true;
  #resolve: (received: Received) => void = () => undefined;
  #reject: (error: unknown) => void = () => undefined;

  constructor(
    private readonly agent: Agent,
    private readonly maxBodyBytes: number,
  ) {}

  /** Sends one request; resolves to its response, rejects with the transport's (or the abort's) error. */
  send(req: HttpRequest): Promise<Received> {
    if (this.#aborted) return Promise.reject(this.#aborted);
    const url = new URL(req.url);
    this.#controller = undefined;
    this.#status = 0;
    this.#headers = {};
    this.#chunks = [];
    this.#kept = 0;
    this.#size = 0;
    this.#settled = false;
    return new Promise<Received>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.agent.dispatch(
        { origin: url.origin, path: `${url.pathname}${url.search}`, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body ?? null },
        this,
      );
    });
  }

  /** The deadline passed: aborts the request in flight, and every later one. */
  expire(): void {
    this.expired = true;
    this.abort();
  }

  /** Aborts the request in flight (and every later one). */
  abort(): void {
    this.#aborted ??= new ExchangeAborted(this.expired);
    this.#controller?.abort(this.#aborted);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#aborted) controller.abort(this.#aborted);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx answers are informational: the final response follows.
    if (statusCode < 200) return;
    this.#status = statusCode;
    const flat: Record<string, string> = {};
    for (const name in headers) {
      const value = headers[name];
      if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    this.#headers = flat;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    if (this.#kept < this.maxBodyBytes) {
      const room = this.maxBodyBytes - this.#kept;
      this.#chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      this.#kept += Math.min(room, chunk.length);
    }
    if (this.#size > this.maxBodyBytes) {
      // Over the cap: stop reading instead of holding the whole body; what was kept is the answer.
      this.#finish(true);
      controller.abort(new Error('the body is over the cap'));
    }
  }

  onResponseEnd(): void {
    this.#finish(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#reject(error);
  }

  #finish(truncated: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    // A copy, even of a single chunk: a chunk is a view into the socket's read buffer, which it would keep alive.
    this.#resolve({ status: this.#status, headers: this.#headers, body: Buffer.concat(this.#chunks), size: this.#size, truncated });
  }
}

/** The response with the redirects followed to get it (a literal of one shape, not a spread). */
function withRedirects(r: Received, redirects: readonly string[]): HttpResponse {
  return { status: r.status, headers: r.headers, body: r.body, size: r.size, truncated: r.truncated, redirects };
}

function describeNetworkCode(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was reset or closed before the response was complete';
    case 'ENOTFOUND':
      return 'host not found';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'the body did not match its Content-Length';
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_INVALID_CHUNK_SIZE':
      return 'the response is not valid HTTP';
    default:
      return undefined;
  }
}
