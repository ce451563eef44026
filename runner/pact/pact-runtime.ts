/**
 * The one way settlekit loads `@pact-foundation/pact`. Pact's core reads `PACT_DO_NOT_TRACK` (its usage telemetry,
 * which would reach the network) from the environment, so it is set before the library is loaded and before every
 * call into it, unless the user set it. Everything Pact-related imports the library through {@link loadPact} (a
 * dynamic import), never statically: a static import would load the native core before the environment is ready,
 * and would load it for commands that never use Pact.
 */
import type * as PactModule from '@pact-foundation/pact';

/** The loaded `@pact-foundation/pact` module. */
export type Pact = typeof PactModule;

/** Pact's log levels, quietest last. */
export const PACT_LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;

/** A Pact log level. */
export type PactLogLevel = (typeof PACT_LOG_LEVELS)[number];

/** settlekit keeps Pact quiet unless asked: its own reports say what happened. */
export const DEFAULT_PACT_LOG_LEVEL: PactLogLevel = 'error';

let loaded: Promise<Pact> | undefined;

/** Turns Pact's telemetry off, unless the user decided otherwise. */
export function disablePactTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  if (env.PACT_DO_NOT_TRACK === undefined || env.PACT_DO_NOT_TRACK === '') env.PACT_DO_NOT_TRACK = 'true';
}

/** Loads `@pact-foundation/pact` once, with telemetry off. */
export function loadPact(): Promise<Pact> {
  disablePactTelemetry();
  loaded ??= import('@pact-foundation/pact');
  return loaded;
}
