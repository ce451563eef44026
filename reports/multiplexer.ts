/**
 * Fans the run's event stream out to many reporters. A reporter that throws (synchronously or by rejecting) never
 * stops the run: its failure is recorded and sent to the other reporters as an `onError` event.
 */
import type {
  Reporter,
  RunEndEvent,
  RunErrorEvent,
  RunStartEvent,
  ScenarioEndEvent,
  ScenarioStartEvent,
  StepEndEvent,
} from '../runner/model/events.ts';

/** The hooks of {@link Reporter} that carry an event. */
type Hook = Exclude<keyof Reporter, 'name'>;

/** The event type of one hook. */
type EventOf<H extends Hook> = Parameters<NonNullable<Reporter[H]>>[0];

/**
 * A {@link Reporter} that forwards each event to its reporters in order, awaiting each one before the next.
 *
 * When a reporter throws, the multiplexer records a `SETTLEKIT_E_REPORTER` error naming it (see {@link errors}) and
 * sends that error to every other reporter's `onError`. A reporter failing inside `onError` is recorded too but not
 * forwarded again, so two broken reporters cannot ping-pong errors forever.
 */
export class ReporterMultiplexer implements Reporter {
  /** Name shown if the multiplexer itself is nested in another one. */
  readonly name: string = 'multiplexer';
  readonly #reporters: readonly Reporter[];
  readonly #errors: RunErrorEvent[] = [];

  /** @param reporters the reporters to notify, in the order they are notified. */
  constructor(reporters: readonly Reporter[]) {
    this.#reporters = [...reporters];
  }

  /** The reporters this multiplexer notifies, in order. */
  get reporters(): readonly Reporter[] {
    return this.#reporters;
  }

  /** Every reporter failure so far, in the order it happened. */
  get errors(): readonly RunErrorEvent[] {
    return this.#errors;
  }

  /** Forwards the start of the run. */
  async onRunStart(event: RunStartEvent): Promise<void> {
    await this.#dispatch('onRunStart', event);
  }

  /** Forwards the start of a scenario. */
  async onScenarioStart(event: ScenarioStartEvent): Promise<void> {
    await this.#dispatch('onScenarioStart', event);
  }

  /** Forwards the end of a step. */
  async onStepEnd(event: StepEndEvent): Promise<void> {
    await this.#dispatch('onStepEnd', event);
  }

  /** Forwards the end (or skip) of a scenario. */
  async onScenarioEnd(event: ScenarioEndEvent): Promise<void> {
    await this.#dispatch('onScenarioEnd', event);
  }

  /** Forwards the end of the run. */
  async onRunEnd(event: RunEndEvent): Promise<void> {
    await this.#dispatch('onRunEnd', event);
  }

  /** Forwards a kit fault (or a nested multiplexer's reporter failure) to every reporter. */
  async onError(event: RunErrorEvent): Promise<void> {
    await this.#dispatch('onError', event);
  }

  async #dispatch<H extends Hook>(hook: H, event: EventOf<H>, except?: Reporter): Promise<void> {
    for (const reporter of this.#reporters) {
      if (reporter === except) continue;
      const fn = reporter[hook] as ((this: Reporter, e: EventOf<H>) => void | Promise<void>) | undefined;
      if (typeof fn !== 'function') continue;
      try {
        await fn.call(reporter, event);
      } catch (error) {
        const failure = reporterFailure(reporter, hook, error);
        this.#errors.push(failure);
        if (hook !== 'onError') await this.#dispatch('onError', failure, reporter);
      }
    }
  }
}

/** The error event describing `reporter` throwing `error` in `hook`. */
function reporterFailure(reporter: Reporter, hook: Hook, error: unknown): RunErrorEvent {
  const name = reporterName(reporter);
  return { code: 'SETTLEKIT_E_REPORTER', message: `reporter ${name} failed in ${hook}: ${describeError(error)}`, reporter: name };
}

function reporterName(reporter: Reporter): string {
  try {
    return typeof reporter.name === 'string' && reporter.name !== '' ? reporter.name : '(unnamed)';
  } catch {
    // A getter that throws must not escape the safety net either.
    return '(unnamed)';
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}
