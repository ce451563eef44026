/**
 * The contract between the simulator's server and its façades: what every façade shares ({@link SimulatorContext}),
 * one request as a façade handles it ({@link RequestContext}), and a façade itself ({@link Facade}). Types only, so
 * the server (which builds them) and the façades (which use them) both depend on this module and never on each other.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Clock } from '../../ledger/clock.ts';
import type { MerchantAccount } from '../../models/braintree/transactions.ts';
import type { Ledger } from '../../models/state.ts';
import type { Fault, FaultQueue } from './faults.ts';

/** The simulator's options with every default applied, as façades see them. */
export interface SimulatorConfig {
  readonly merchantId: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly merchantAccounts: readonly MerchantAccount[];
  readonly worldpay: { readonly username: string; readonly password: string };
  readonly authorizationExpiryMs: number;
  readonly settlementPendingMaxMs: number;
  readonly bodyLimitBytes: number;
  /** `SimulatorOptions.seed`: a façade that draws randomness of its own (a signing key) derives it from this. */
  readonly seed?: string;
}

/** What every façade shares: the ledger, the clock, the configuration, the fault queue. */
export interface SimulatorContext {
  /** The state of every API (the generic ledger and the vendor models). */
  readonly ledger: Ledger;
  /** The virtual clock every API reads. */
  readonly clock: Clock;
  /** The simulator's options with every default applied. */
  readonly config: SimulatorConfig;
  /** The injected faults the next vendor requests answer with (`POST /__settlekit/faults/next-request`). */
  readonly faults: FaultQueue;
  /** Empties the ledger, every façade's own state and the fault queue (the clock keeps its time). */
  reset(): void;
}

/** One request, as a façade handles it. */
export interface RequestContext {
  /** node's request. */
  readonly req: IncomingMessage;
  /** node's response (prefer `send` and `sendJson`). */
  readonly res: ServerResponse;
  /** The request URL, resolved against the server's own origin (parsed when first read). */
  readonly url: URL;
  /** The URL's path, the same as `url.pathname` (without parsing a URL for a plain path). */
  readonly pathname: string;
  /** Upper-case method. */
  readonly method: string;
  /** What every façade shares: the ledger, the clock, the configuration, the fault queue. */
  readonly sim: SimulatorContext;
  /**
   * A request header's value (`name` in lower case), or `undefined` when absent; a header sent more than once is one
   * value joined with `, ` (as node joins most of them itself; it keeps only the first Host or Content-Type).
   */
  header(name: string): string | undefined;
  /** Reads the whole body; rejects with a `BodyTooLargeError` past the limit (the server then answers 413). */
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
  /**
   * The path prefixes this façade serves (at least one): the server gives a request to the first façade, in routing
   * order, with a prefix that serves its path. A prefix that ends with `/` serves the paths below it (`/merchants/`:
   * `/merchants/x`, not `/merchants`); any other serves itself and the paths below it (`/api/payments`:
   * `/api/payments` and `/api/payments/x`, not `/api/paymentsx`). Read once, when the simulator is built.
   */
  readonly paths: readonly string[];
  /** Answers the request. A throw becomes a 500 with an empty body. */
  handle(ctx: RequestContext): Promise<void> | void;
  /** Answers an injected fault with this API's own error body (default: an empty body with the status). */
  renderFault?(ctx: RequestContext, fault: Fault): void;
  /** Forgets the façade's own state on `POST /__settlekit/reset` (the ledger and its models are reset by the server). */
  reset?(): void;
}

/** Builds a façade over the shared context. */
export type FacadeFactory = (sim: SimulatorContext) => Facade;
