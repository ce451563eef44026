/**
 * Injected faults: what `POST /__settlekit/faults/next-request` queues and the server answers the next vendor
 * requests with, before any façade sees them.
 */

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
