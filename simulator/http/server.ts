/**
 * The reference simulator's HTTP server: node:http, no framework. It owns one {@link Ledger} and one clock, and routes
 * each request to the first {@link Facade} whose `matches` accepts it: the test controls under `/__settlekit/`, then
 * one façade per vendor API. A façade is registered with one line in {@link BUILTIN_FACADES} (or passed in
 * `SimulatorOptions.facades`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { VirtualClock, type Clock } from '../ledger/clock.ts';
import { DEFAULT_AUTHORIZATION_EXPIRY_MS, DEFAULT_MERCHANT_ACCOUNTS, DEFAULT_SETTLEMENT_PENDING_MAX_MS, type MerchantAccount } from '../ledger/braintree.ts';
import type { IdGenerator } from '../ledger/ids.ts';
import { createLedger, type Ledger } from '../ledger/ledger.ts';
import { createBraintreeFacade } from './braintree/facade.ts';
import { createSplitPaymentsFacade } from './split-payments/facade.ts';
import { createTestControls } from './test-controls.ts';
import { createWorldpayPaymentsFacade } from './worldpay-payments/facade.ts';

/**
 * The façades every simulator serves, in routing order. Add a vendor façade with one line here, e.g.
 * `createWorldpayPaymentsFacade,` (from `./worldpay-payments/facade.ts`). Test controls stay first.
 */
export const BUILTIN_FACADES: readonly FacadeFactory[] = [createTestControls, createBraintreeFacade, createWorldpayPaymentsFacade, createSplitPaymentsFacade];

/** Options of {@link createSimulator}; every one has a default matching the kit's default profile. */
export interface SimulatorOptions {
  /** Braintree merchant id (default `integration_merchant_id`). */
  readonly merchantId?: string;
  /** Braintree public key, the Basic-auth user (default `integration_public_key`). */
  readonly publicKey?: string;
  /** Braintree private key, the Basic-auth password (default `integration_private_key`). */
  readonly privateKey?: string;
  /** Braintree merchant accounts (default `first_data_ma` First Data — the default — and `chase_ma` Chase). */
  readonly merchantAccounts?: readonly MerchantAccount[];
  /** Basic-auth credentials of the Worldpay façades (default `settlekit` / `settlekit`). */
  readonly worldpay?: { readonly username?: string; readonly password?: string };
  /** Authorization lifetime on the virtual clock (default 7 days). */
  readonly authorizationExpiryMs?: number;
  /** How long a Braintree parent may stay settlement_pending (default 30 days). */
  readonly settlementPendingMaxMs?: number;
  /** Largest accepted request body; bigger ones get 413 (default 1 MiB). */
  readonly bodyLimitBytes?: number;
  /** The clock (default a virtual clock starting at `startTime`). */
  readonly clock?: Clock;
  /** Start of the default virtual clock (default: now, whole second). */
  readonly startTime?: Date | number;
  /** Record ids (default random 8-character ids). */
  readonly ids?: IdGenerator;
  /** Extra façades, routed after the built-in ones. */
  readonly facades?: readonly FacadeFactory[];
  /** How long `close()` waits for in-flight requests before cutting their connections (default 5000 ms). */
  readonly closeTimeoutMs?: number;
}

/** The options with every default applied, as façades see them. */
export interface SimulatorConfig {
  readonly merchantId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly merchantAccounts: readonly MerchantAccount[];
  readonly worldpay: { readonly username: string; readonly password: string };
  readonly authorizationExpiryMs: number;
  readonly settlementPendingMaxMs: number;
  readonly bodyLimitBytes: number;
}

/** A failure the next vendor request(s) answer with, set by `POST /__settlekit/faults/next-request`. */
export interface Fault {
  /** HTTP status to answer (ignored with `drop`). */
  readonly status: number;
  /** Raw body; without it the façade renders its own error body for `status` (or an empty body). */
  readonly body?: string;
  readonly contentType?: string;
  /** Wait this long before answering (ms). */
  readonly delayMs?: number;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
}

/** The queue of injected faults: each vendor request takes at most one. */
export class FaultQueue {
  #queue: Fault[] = [];
  /** Queues `fault` for the next `count` vendor requests. */
  push(fault: Fault, count = 1): void {
    for (let i = 0; i < count; i++) this.#queue.push(fault);
  }
  /** Takes the next fault, if any. */
  take(): Fault | undefined {
    return this.#queue.shift();
  }
  /** Number of queued faults. */
  get size(): number {
    return this.#queue.length;
  }
  /** Drops every queued fault. */
  clear(): void {
    this.#queue = [];
  }
}

/** What every façade shares: the ledger, the clock, the configuration, the fault queue. */
export interface SimulatorContext {
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly config: SimulatorConfig;
  readonly faults: FaultQueue;
  /** Empties the ledger, every façade's own state and the fault queue (the clock keeps its time). */
  reset(): void;
}

/** One request, as a façade handles it. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request URL, resolved against the server's own origin. */
  readonly url: URL;
  /** Upper-case method. */
  readonly method: string;
  readonly sim: SimulatorContext;
  /** Reads the whole body; rejects with {@link BodyTooLargeError} past the limit (the server then answers 413). */
  readBody(): Promise<Buffer>;
  /** Sends a response (`body` a string or bytes; nothing for an empty body). */
  send(status: number, body?: string | Buffer, headers?: OutgoingHttpHeaders): void;
  /** Sends `value` as `application/json`. */
  sendJson(status: number, value: unknown, headers?: OutgoingHttpHeaders): void;
}

/** An API served by the simulator. */
export interface Facade {
  /** Short name, for diagnostics (`braintree`, `worldpay-payments`, `test-controls`). */
  readonly name: string;
  /** False for the test controls: injected faults apply to vendor requests only (default true). */
  readonly vendor?: boolean;
  /** Whether this façade serves the request (usually a path-prefix test). */
  matches(url: URL, req: IncomingMessage): boolean;
  /** Answers the request. A throw becomes a 500 with an empty body. */
  handle(ctx: RequestContext): Promise<void> | void;
  /** Answers an injected fault with this API's own error body (default: an empty body with the status). */
  renderFault?(ctx: RequestContext, fault: Fault): void;
  /** Forgets the façade's own state on `POST /__settlekit/reset`. */
  reset?(): void;
}

/** Builds a façade over the shared context. */
export type FacadeFactory = (sim: SimulatorContext) => Facade;

/** A started-or-not simulator. */
export interface Simulator {
  /** Starts listening (default port 0 = any free port, host 127.0.0.1); resolves to the base URL (`http://127.0.0.1:PORT`). */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops accepting connections, lets in-flight requests finish, closes idle keep-alive sockets. */
  close(): Promise<void>;
  /** The request listener, usable without a socket (e.g. with a mock request) or in another server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  readonly ledger: Ledger;
  readonly clock: Clock;
  readonly config: SimulatorConfig;
  readonly context: SimulatorContext;
  /** The base URL once listening, else `undefined`. */
  readonly url: string | undefined;
}

/** Thrown by {@link RequestContext.readBody} when the body is larger than the limit. */
export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`Request body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Default largest request body: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Resolves options to a full configuration. */
export function resolveConfig(options: SimulatorOptions = {}): SimulatorConfig {
  return Object.freeze({
    merchantId: options.merchantId ?? 'integration_merchant_id',
    publicKey: options.publicKey ?? 'integration_public_key',
    privateKey: options.privateKey ?? 'integration_private_key',
    merchantAccounts: options.merchantAccounts ?? DEFAULT_MERCHANT_ACCOUNTS,
    worldpay: Object.freeze({ username: options.worldpay?.username ?? 'settlekit', password: options.worldpay?.password ?? 'settlekit' }),
    authorizationExpiryMs: options.authorizationExpiryMs ?? DEFAULT_AUTHORIZATION_EXPIRY_MS,
    settlementPendingMaxMs: options.settlementPendingMaxMs ?? DEFAULT_SETTLEMENT_PENDING_MAX_MS,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  });
}

/** Creates an unstarted simulator. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveConfig(options);
  const clock = options.clock ?? new VirtualClock(options.startTime);
  const ledger = createLedger({
    clock,
    merchantAccounts: config.merchantAccounts,
    authorizationExpiryMs: config.authorizationExpiryMs,
    settlementPendingMaxMs: config.settlementPendingMaxMs,
    ...(options.ids ? { ids: options.ids } : {}),
  });
  const faults = new FaultQueue();
  const facades: Facade[] = [];
  const context: SimulatorContext = {
    ledger,
    clock,
    config,
    faults,
    reset() {
      ledger.reset();
      faults.clear();
      for (const facade of facades) facade.reset?.();
    },
  };
  for (const factory of [...BUILTIN_FACADES, ...(options.facades ?? [])]) facades.push(factory(context));

  let closing = false;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void dispatch(req, res).catch(() => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    });
  };

  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx = makeContext(req, res, context, () => closing);
    const facade = facades.find((f) => f.matches(ctx.url, req));
    try {
      if (!facade) {
        ctx.send(404);
        return;
      }
      if (facade.vendor !== false) {
        const fault = faults.take();
        if (fault) {
          await answerFault(ctx, facade, fault);
          return;
        }
      }
      await facade.handle(ctx);
      if (!res.headersSent && !res.writableEnded) ctx.send(500);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        req.resume(); // discard the rest so the client can read the answer
        if (!res.headersSent) ctx.send(413, undefined, { connection: 'close' });
        return;
      }
      throw error;
    }
  }

  let server: Server | undefined;
  let url: string | undefined;
  const sockets = new Set<Socket>();

  return {
    handler,
    ledger,
    clock,
    config,
    context,
    get url() {
      return url;
    },
    listen(port = 0, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('Simulator is already listening'));
      closing = false;
      const s = createServer({ keepAlive: true }, handler);
      server = s;
      s.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      return new Promise<string>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          const address = s.address();
          if (address === null || typeof address === 'string') {
            reject(new Error('Simulator: unexpected server address'));
            return;
          }
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${shownHost}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      const s = server;
      if (!s) return Promise.resolve();
      closing = true;
      return new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, options.closeTimeoutMs ?? 5000);
        force.unref();
        s.close((error) => {
          clearTimeout(force);
          server = undefined;
          url = undefined;
          if (error) reject(error);
          else resolve();
        });
        s.closeIdleConnections();
      });
    },
  };
}

async function answerFault(ctx: RequestContext, facade: Facade, fault: Fault): Promise<void> {
  if (fault.delayMs && fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.drop) {
    ctx.req.socket.destroy();
    return;
  }
  if (fault.body !== undefined) {
    ctx.send(fault.status, fault.body, { 'content-type': fault.contentType ?? 'text/plain; charset=utf-8' });
    return;
  }
  if (facade.renderFault) facade.renderFault(ctx, fault);
  else ctx.send(fault.status);
}

function makeContext(req: IncomingMessage, res: ServerResponse, sim: SimulatorContext, isClosing: () => boolean): RequestContext {
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.once('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

/** The result of {@link parseJson}. */
export type JsonParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8, or `undefined` when they are not valid UTF-8 (JSON text must be UTF-8, RFC 8259 §8.1: a
 * lenient decode would turn broken bytes into U+FFFD and accept a malformed body).
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Parses JSON defensively: never throws, and drops `__proto__`, `constructor` and `prototype` keys wherever they are,
 * so a body can never reach an object's prototype chain through later merging. Bytes must be valid UTF-8.
 */
export function parseJson(input: string | Uint8Array): JsonParseResult {
  const text = typeof input === 'string' ? input : decodeUtf8(input);
  if (text === undefined) return { ok: false, message: 'the body is not valid UTF-8' };
  try {
    const value: unknown = JSON.parse(text, (key, v: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : v));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** The user and password of a `Basic` Authorization header, or `undefined` when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Compares two strings in constant time (on their SHA-256 digests, so lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** True when the request carries `Basic` credentials equal to `user`/`password` (both compared in constant time). */
export function checkBasicAuth(req: IncomingMessage, user: string, password: string): boolean {
  const given = parseBasicAuth(req.headers.authorization);
  // Both comparisons always run, so timing does not tell which part was wrong.
  const userOk = constantTimeEqual(given?.user ?? '', user);
  const passwordOk = constantTimeEqual(given?.password ?? '', password);
  return given !== undefined && userOk && passwordOk;
}
