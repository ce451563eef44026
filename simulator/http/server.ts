/**
 * The reference simulator's HTTP server: node:http, no framework. It owns one {@link Ledger} and one clock, and routes
 * each request to the first {@link Facade} with a path prefix (`paths`) that serves its path: the test controls under
 * `/__settlekit/`, then one façade per vendor API. A façade is registered with one line in {@link BUILTIN_FACADES}
 * (or passed in `SimulatorOptions.facades`).
 *
 * Imports run one way: this server → the façades (`./<api>/facade.ts`) → the plumbing they share (`./plumbing/`) →
 * the models and the generic ledger (`../models/`, `../ledger/`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SettlekitError } from '../../lib/errors.ts';
import { VirtualClock, type Clock } from '../ledger/clock.ts';
import type { IdGenerator } from '../ledger/ids.ts';
import { DEFAULT_AUTHORIZATION_EXPIRY_MS, DEFAULT_MERCHANT_ACCOUNTS, DEFAULT_SETTLEMENT_PENDING_MAX_MS, type MerchantAccount } from '../models/braintree/transactions.ts';
import { createLedger, type Ledger } from '../models/state.ts';
import { createBraintreeFacade } from './braintree/facade.ts';
import { BodyTooLargeError, DEFAULT_BODY_LIMIT_BYTES } from './plumbing/body.ts';
import type { Facade, FacadeFactory, RequestContext, SimulatorConfig, SimulatorContext } from './plumbing/context.ts';
import { FaultQueue, type Fault } from './plumbing/faults.ts';
import { checkListenArguments, checkSimulatorOptions, listenError } from './plumbing/options.ts';
import { createRequestContext } from './plumbing/request.ts';
import { createRouter } from './plumbing/routing.ts';
import { createSplitPaymentsFacade } from './split-payments/facade.ts';
import { createTestControls } from './test-controls/facade.ts';
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
  /**
   * Makes the simulator reproducible: the ids of every API (Braintree's 8 characters of `[a-z0-9]`, Worldpay's
   * `pay…0`, `cmd…0`, `spl…0`, `itm…0`), the Worldpay link-signing key and the start of the virtual clock are derived
   * from this string instead of drawn at random or read from the wall clock, so the same requests, sent in the same
   * order, get byte-identical answers — for snapshot tests, or contracts that must not change from one run to the
   * next (`settlekit pact export` plays each scenario on a simulator seeded with its id). The ids keep the shape the
   * APIs document; `ids`, `startTime` and `clock` still win when given. Default: none (random ids and key, the clock
   * starts now).
   */
  readonly seed?: string;
  /** Extra façades, routed after the built-in ones. */
  readonly facades?: readonly FacadeFactory[];
  /** How long `close()` waits for in-flight requests before cutting their connections (default 5000 ms). */
  readonly closeTimeoutMs?: number;
}

/**
 * The names {@link createSimulator} takes: `satisfies` holds this list to {@link SimulatorOptions}, both ways, so an
 * option added to the interface is accepted at run time too.
 */
const OPTION_NAMES: readonly string[] = Object.keys({
  merchantId: 0,
  publicKey: 0,
  privateKey: 0,
  merchantAccounts: 0,
  worldpay: 0,
  authorizationExpiryMs: 0,
  settlementPendingMaxMs: 0,
  bodyLimitBytes: 0,
  clock: 0,
  startTime: 0,
  ids: 0,
  seed: 0,
  facades: 0,
  closeTimeoutMs: 0,
} satisfies Record<keyof SimulatorOptions, 0>);

/** A started-or-not simulator. */
export interface Simulator {
  /**
   * Starts listening (default port 0 = any free port, host 127.0.0.1); resolves to the base URL
   * (`http://127.0.0.1:PORT`). Rejects with a `SETTLEKIT_E_SIMULATOR_OPTION` error for a port that is not 0–65535 or
   * an empty host, and a `SETTLEKIT_E_SIMULATOR_LISTEN` error when it is already listening or the system refuses
   * (port in use, an address not of this machine, no such host; the system's error is its `cause`) — after which it
   * can listen again.
   */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops accepting connections, lets in-flight requests finish (cutting them after `closeTimeoutMs`), closes idle
   * keep-alive sockets at once, and drops the waits of injected `delayMs` faults. Resolves at once when not
   * listening; calls made while it closes share one promise. It can listen again afterwards, with its state kept.
   */
  close(): Promise<void>;
  /**
   * Empties the state for the next test: every API's records (Braintree, Worldpay Payments, Split Payments), the
   * Worldpay link tokens remembered and the queue of injected faults — what `POST /__settlekit/reset` does. The clock
   * keeps its time and the id streams go on (a seeded simulator's ids after a reset are not its first ones: for
   * byte-identical snapshots per test, create a simulator per test).
   */
  reset(): void;
  /** The request listener, usable without a socket (e.g. with a mock request) or in another server. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The state of every API, to set up or inspect without HTTP: `payments` (the generic ledger), `braintree`, `worldpay`, `splitPayments`. */
  readonly ledger: Ledger;
  /** The virtual clock every API reads: `clock.advance(ms)` moves it (authorization expiry, the 30-day rule) at once. */
  readonly clock: Clock;
  /** The options with every default applied (merchant, keys, merchant accounts, credentials, durations). */
  readonly config: SimulatorConfig;
  /** What every façade shares (ledger, clock, config, fault queue, reset): what a façade of `SimulatorOptions.facades` gets. */
  readonly context: SimulatorContext;
  /** The base URL once listening, else `undefined`. */
  readonly url: string | undefined;
}

/** Where the virtual clock of a seeded simulator ({@link SimulatorOptions.seed}) starts: 2026-01-01T00:00:00Z. */
export const SEEDED_START_TIME = Date.UTC(2026, 0, 1);

/** Resolves options to a full configuration; throws a `SETTLEKIT_E_SIMULATOR_OPTION` error for a bad one. */
export function resolveConfig(options: SimulatorOptions = {}): SimulatorConfig {
  checkSimulatorOptions(options, OPTION_NAMES);
  return Object.freeze({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
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

/**
 * Creates an unstarted simulator (see {@link SimulatorOptions}; a bad option is a `SETTLEKIT_E_SIMULATOR_OPTION`
 * error naming it). Each one has its own ledger, clock and port: as many as a test run needs can live in one process.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveConfig(options);
  const clock = options.clock ?? new VirtualClock(options.startTime ?? (options.seed !== undefined ? SEEDED_START_TIME : undefined));
  const ledger = createLedger({
    clock,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    merchantAccounts: config.merchantAccounts,
    authorizationExpiryMs: config.authorizationExpiryMs,
    settlementPendingMaxMs: config.settlementPendingMaxMs,
    ...(options.ids ? { ids: options.ids } : {}),
  });
  const faults = new FaultQueue();
  const delays = new Delays();
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
  const route = createRouter(facades);

  let closing = false;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void dispatch(req, res);
  };
  const isClosing = (): boolean => closing;

  /** Answers one request; never rejects: a failure becomes a 500 with an empty body, or a cut connection. */
  async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let ctx: RequestContext | undefined;
    try {
      const request = createRequestContext(req, res, context, isClosing);
      ctx = request;
      const facade = route(request.pathname);
      if (!facade) {
        ctx.send(404);
        return;
      }
      if (facade.vendor !== false) {
        const fault = faults.take();
        if (fault) {
          await answerFault(ctx, facade, fault, delays);
          return;
        }
      }
      await facade.handle(ctx);
      if (!res.headersSent && !res.writableEnded) ctx.send(500);
    } catch (error) {
      try {
        if (error instanceof BodyTooLargeError && ctx) {
          req.resume(); // discard the rest so the client can read the answer
          if (!res.headersSent) ctx.send(413, undefined, { connection: 'close' });
          return;
        }
      } catch {
        // Answering 413 failed: answered as any other failure, below.
      }
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      } else res.destroy();
    }
  }

  let server: Server | undefined;
  let url: string | undefined;
  let closed: Promise<void> | undefined;
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
    reset: context.reset,
    listen(port = 0, host = '127.0.0.1') {
      try {
        checkListenArguments(port, host);
      } catch (error) {
        return Promise.reject(error);
      }
      if (server) {
        const why = closed ? 'still closing: await close() first' : `already listening on ${url ?? 'a port'}: close() it first, or create another simulator`;
        return Promise.reject(new SettlekitError('SETTLEKIT_E_SIMULATOR_LISTEN', `cannot listen on ${host}:${port}: ${why}`));
      }
      closing = false;
      const s = createServer({ keepAlive: true }, handler);
      server = s;
      s.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      return new Promise<string>((resolve, reject) => {
        const refused = (error: unknown): void => {
          // Nothing is bound: the simulator is as it was before this call, and may listen again.
          if (server === s) server = undefined;
          reject(listenError(error, host, port));
        };
        s.once('error', refused);
        s.listen(port, host, () => {
          s.off('error', refused);
          const address = s.address() as AddressInfo; // a TCP server's address: port and host were checked above
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          url = `http://${shownHost}:${address.port}`;
          resolve(url);
        });
      });
    },
    close() {
      const s = server;
      if (!s) return Promise.resolve();
      // A second call while closing (two afterAll hooks, a signal during a test's teardown) waits for the same close.
      if (closed) return closed;
      closing = true;
      closed = new Promise<void>((resolve, reject) => {
        const force = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
          delays.releaseAll();
        }, options.closeTimeoutMs ?? 5000);
        force.unref();
        s.close((error) => {
          clearTimeout(force);
          delays.releaseAll();
          server = undefined;
          url = undefined;
          closed = undefined;
          if (error) reject(error);
          else resolve();
        });
        s.closeIdleConnections();
      });
      return closed;
    },
  };
}

/**
 * The waits of injected `delayMs` faults, so that `close()` can end them: a 60-second delay must not keep a merchant's
 * test process alive after the simulator closed and the connection it was for was cut.
 */
class Delays {
  readonly #pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms`, or as soon as {@link releaseAll} is called. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve();
      }, ms);
      this.#pending.set(timer, resolve);
    });
  }

  /** Ends every wait now. */
  releaseAll(): void {
    for (const [timer, resolve] of this.#pending) {
      clearTimeout(timer);
      resolve();
    }
    this.#pending.clear();
  }
}

async function answerFault(ctx: RequestContext, facade: Facade, fault: Fault, delays: Delays): Promise<void> {
  if (fault.delayMs && fault.delayMs > 0) await delays.wait(fault.delayMs);
  // Released by close(): the connection is gone, or about to be, and nothing is left to answer.
  if (ctx.res.destroyed || ctx.req.socket.destroyed) return;
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
