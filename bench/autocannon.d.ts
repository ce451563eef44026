/**
 * The part of autocannon's programmatic API the benchmarks use (the package ships no type declarations). See
 * https://github.com/mcollina/autocannon#api.
 */
declare module 'autocannon' {
  /** One request of a `requests` list; requests without `setupRequest` are built once and replayed as bytes. */
  export interface AutocannonRequest {
    readonly method?: string;
    readonly path?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
    /** Builds the request as it is sent (then it is rebuilt every time). */
    readonly setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
  }

  /** Options of a run (a subset). */
  export interface AutocannonOptions {
    readonly url: string;
    readonly connections?: number;
    readonly pipelining?: number;
    /** Seconds to run (ignored when `amount` is set). */
    readonly duration?: number;
    /** Total number of requests to send, then stop. */
    readonly amount?: number;
    readonly timeout?: number;
    /** How often (ms) the figures are sampled, and so how soon after the last request a run ends. */
    readonly sampleInt?: number;
    /** Cycled through by every connection, in order. */
    readonly requests?: readonly AutocannonRequest[];
    /** A first phase whose figures are left out of the result. */
    readonly warmup?: { readonly connections?: number; readonly duration?: number };
  }

  /** A histogram summary as autocannon reports it. */
  export interface Histogram {
    readonly average: number;
    readonly mean: number;
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
    readonly total: number;
  }

  /** The result of a run (a subset). */
  export interface AutocannonResult {
    /** Seconds. */
    readonly duration: number;
    readonly start: Date | string;
    readonly finish: Date | string;
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly throughput: Histogram;
    readonly errors: number;
    readonly timeouts: number;
    readonly non2xx: number;
    readonly '2xx': number;
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number }>>;
  }

  /** A running load: a promise of its result that also emits `start` (of the measured phase) and `response`. */
  export interface AutocannonRun extends Promise<AutocannonResult> {
    on(event: 'start', listener: () => void): this;
    /** After each answer: the client, its status, its size in bytes on the wire (head and body), its time in ms. */
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
  }

  /** Runs a load. */
  export default function autocannon(options: AutocannonOptions): AutocannonRun;
}
