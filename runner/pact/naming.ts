/**
 * The names settlekit gives to what it writes into a pact, and reads back when it verifies one: interaction
 * descriptions, provider states and their parameters, the header that tags each request with its step, the
 * placeholder of the profile's credentials, and the pact file names. One home, so the export, the verification and
 * the state handlers can never disagree.
 */

/**
 * The request header that names the scenario step an interaction stands for (`<scenario id>#<step number>`). It makes
 * every request of a pact distinct (Pact's mock server matches requests to interactions by their content, and many
 * steps send the same request shape), and it shows up in the provider's logs, which says which settlekit step sent a
 * request.
 */
export const STEP_HEADER = 'X-Settlekit-Step';

/**
 * What a pact holds instead of the `Authorization` header a step builds from the profile's credentials
 * (`{{auth.basic}}`): settlekit never writes credentials into a pact. The verifier's request filter puts the real
 * credentials in its place (see {@link settlekitRequestFilter} in runner/pact/index.ts).
 */
export const CREDENTIALS_PLACEHOLDER = 'Basic <settlekit: credentials of the target profile>';

/** The suffix of an injected value that holds the path of a captured link (`settle.path` for `{{settle}}`). */
export const LINK_PATH_SUFFIX = '.path';

/** The parameters of a settlekit provider state, as written into the pact. */
export interface SettlekitStateParams {
  /** Always `settlekit`: marks the state as one settlekit serves. */
  readonly kit: 'settlekit';
  readonly scenarioId: string;
  /** The step the interaction stands for, 1-based; the state is the scenario after the steps before it. */
  readonly stepNumber: number;
  readonly stepName: string;
  /** Names of the steps replayed to reach the state, in order (for people reading the pact). */
  readonly replays: readonly string[];
  /** The values the state hands back for the request (`fromProviderState` expressions), e.g. `parent`, `settle.path`. */
  readonly injects: readonly string[];
}

/** The provider state of step `stepNumber` of a scenario: where the scenario stands before that step. */
export function stateName(scenarioId: string, stepNumber: number): string {
  return `settlekit ${scenarioId} before step ${stepNumber}`;
}

/** The description of the interaction of step `stepNumber` of a scenario. */
export function interactionDescription(scenarioId: string, stepNumber: number, stepName: string): string {
  return `${scenarioId} step ${stepNumber}: ${stepName}`;
}

/** The value of {@link STEP_HEADER} for a step. */
export function stepTag(scenarioId: string, stepNumber: number): string {
  return `${scenarioId}#${stepNumber}`;
}

/** The default consumer name of a suite's pact: settlekit's scenarios of that suite are the consumer. */
export function defaultConsumer(suiteId: string): string {
  return `settlekit-${suiteId}`;
}

/** The default provider name of a suite's pact: the API the suite describes. */
export function defaultProvider(suiteId: string): string {
  return suiteId;
}

/** A consumer or provider name given on the command line, with `{suite}` replaced by the suite id. */
export function participantName(template: string | undefined, suiteId: string, fallback: (suiteId: string) => string): string {
  return template === undefined ? fallback(suiteId) : template.replaceAll('{suite}', suiteId);
}

/** Names that are safe in a file name and in a Pact Broker URL. */
export const PARTICIPANT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The file Pact writes for a consumer and provider, as the Pact Broker CLI publishes it. */
export function pactFileName(consumer: string, provider: string): string {
  return `${consumer}-${provider}.json`;
}

/** A provider state read back from a pact: settlekit's, or why it is not. */
export type StateReading = { readonly ok: true; readonly params: SettlekitStateParams } | { readonly ok: false; readonly reason: string };

/** Reads a provider state of a pact: is it a settlekit state, and for which scenario step. */
export function readState(name: string, params: unknown): StateReading {
  if (!isRecord(params) || params.kit !== 'settlekit') {
    return { ok: false, reason: `the provider state "${name}" is not a settlekit state (its params have no kit: settlekit)` };
  }
  const { scenarioId, stepNumber, stepName, replays, injects } = params;
  if (typeof scenarioId !== 'string' || !Number.isInteger(stepNumber) || (stepNumber as number) < 1 || typeof stepName !== 'string') {
    return { ok: false, reason: `the provider state "${name}" lacks its scenarioId, stepNumber or stepName` };
  }
  if (name !== stateName(scenarioId, stepNumber as number)) {
    return { ok: false, reason: `the provider state "${name}" does not match its params (expected "${stateName(scenarioId, stepNumber as number)}")` };
  }
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined);
  const replayed = strings(replays);
  const injected = strings(injects);
  if (!replayed || !injected) return { ok: false, reason: `the provider state "${name}" has malformed replays or injects` };
  return { ok: true, params: { kit: 'settlekit', scenarioId, stepNumber: stepNumber as number, stepName, replays: replayed, injects: injected } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
