/**
 * settlekit's provider states for a provider team's own Pact setup: the `stateHandlers` map (and the request filter)
 * a plain Pact JS `Verifier` takes, so a team that verifies pacts from its broker can verify settlekit's too. Each
 * state is reached on the team's provider by replaying the scenario's earlier steps (state-setup.ts); a state that
 * cannot be reached throws, which Pact JS reports, and the request filter then holds the interaction's request back.
 */
import { createRedactor } from '../../lib/redact.ts';
import { loadProject } from '../load/load-project.ts';
import type { TargetProfile } from '../model/profile.ts';
import { BUNDLED_SCENARIOS_DIR } from '../paths.ts';
import { loadRunProfile } from '../target/profile.ts';
import { checkTargetUrl } from '../target/open-target.ts';
import { resolveTarget } from '../target/profile.ts';
import { readState } from './naming.ts';
import { readPactFiles } from './pact-file.ts';
import { disablePactTelemetry } from './pact-runtime.ts';
import { createRequestFilter, type RequestFilter } from './request-filter.ts';
import { PactSession } from './state-setup.ts';
import { SettlekitErrorList } from '../../lib/errors.ts';

/** A JSON value (what a state hands back for Pact to inject). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A state handler as Pact JS takes it: `setup` returns the values to inject. It is callable too, because Pact JS types
 * `stateHandlers` as both HTTP and message state handlers; Pact JS calls `setup` for HTTP interactions.
 */
export type SettlekitStateHandler = ((state?: string, params?: unknown) => Promise<{ [key: string]: JsonValue }>) & {
  setup(params?: unknown): Promise<{ [key: string]: JsonValue }>;
};

/** The `stateHandlers` option of a Pact JS `Verifier`. */
export type SettlekitStateHandlers = Record<string, SettlekitStateHandler>;

/** Options of {@link settlekitVerifierOptions}. */
export interface SettlekitPactOptions {
  /** settlekit's pact files, or folders of them: the states they name are the ones served. */
  readonly pacts: string | readonly string[];
  /** Base URL of the provider (the Verifier's `providerBaseUrl`): the states are set up on it. */
  readonly target: string;
  /** The target profile: a YAML/JSON file, or the profile itself (credentials, merchant accounts, capabilities). */
  readonly profile?: string | TargetProfile;
  /** Folder of suites the pacts were exported from (default: the bundled scenarios). */
  readonly scenariosDir?: string;
  /** Per-request deadline of the replayed steps, in ms (default 10000). */
  readonly timeoutMs?: number;
  /** Where credentials named by the profile are read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The `stateHandlers` and `requestFilter` of a Pact JS `Verifier` that verifies settlekit's pacts:
 *
 * ```ts
 * const { stateHandlers, requestFilter } = await settlekitVerifierOptions({ pacts: 'pacts', target: url, profile: 'settlekit.profile.yaml' });
 * await new Verifier({ providerBaseUrl: url, pactUrls: ['pacts/settlekit-braintree-braintree.json'], stateHandlers, requestFilter }).verifyProvider();
 * ```
 *
 * The request filter puts the profile's credentials in place of the pact's placeholder (a team with its own filter
 * can set `Authorization` itself instead) and answers 412 for a request whose state was not reached.
 *
 * @throws SettlekitErrorList on a pact file that is not Pact V4 JSON, an invalid profile or a credential not set.
 */
export async function settlekitVerifierOptions(options: SettlekitPactOptions): Promise<{ stateHandlers: SettlekitStateHandlers; requestFilter: RequestFilter }> {
  disablePactTelemetry();
  checkTargetUrl(options.target);
  const project = await loadProject(options.scenariosDir ?? BUNDLED_SCENARIOS_DIR);
  const { pacts, errors } = await readPactFiles(typeof options.pacts === 'string' ? [options.pacts] : options.pacts);
  if (errors.length > 0) throw new SettlekitErrorList(errors);
  const profile = await loadRunProfile(typeof options.profile === 'string' ? { profile: options.profile } : options.profile ? { profileObject: options.profile } : {}, project.suites);
  const states = new Map<string, string>();
  for (const pact of pacts) {
    for (const interaction of pact.interactions) {
      for (const state of interaction.providerStates) {
        const reading = readState(state.name, state.params);
        if (reading.ok) states.set(state.name, reading.params.scenarioId);
      }
    }
  }
  const suiteIds = project.suites.filter((s) => s.scenarios.some((sc) => [...states.values()].includes(sc.id))).map((s) => s.id);
  const target = resolveTarget(profile, {
    targetUrl: options.target,
    embedded: false,
    ...(typeof options.profile === 'string' ? { profilePath: options.profile } : {}),
    suiteIds,
    ...(options.env ? { env: options.env } : {}),
  });
  const session = new PactSession({ project, target, redactor: createRedactor({ secrets: target.secrets }), timeoutMs: options.timeoutMs ?? 10_000, maxBodyBytes: 1024 * 1024 });
  return { stateHandlers: stateHandlersOf(session, [...states.keys()], { throwOnFailure: true }), requestFilter: createRequestFilter(session) };
}

/**
 * The Pact JS state handlers of a session for the states `names`. A state that cannot be reached throws (Pact JS
 * prints it) with `throwOnFailure`, else hands back nothing; either way the session keeps its outcome, for the
 * request filter and the report.
 */
export function stateHandlersOf(session: PactSession, names: readonly string[], options: { readonly throwOnFailure: boolean }): SettlekitStateHandlers {
  const handlers: SettlekitStateHandlers = {};
  for (const name of names) {
    const setup = async (params?: unknown): Promise<{ [key: string]: JsonValue }> => {
      const outcome = await session.setUp(name, params);
      if (outcome.kind === 'ready') return outcome.values as { [key: string]: JsonValue };
      if (options.throwOnFailure) throw new Error(outcome.kind === 'skipped' ? `not verifiable here: ${outcome.message}` : outcome.message);
      return {};
    };
    handlers[name] = Object.assign((_state?: string, params?: unknown) => setup(params), { setup });
  }
  return handlers;
}

/** The `stateHandlers` map alone (see {@link settlekitVerifierOptions}, which also gives the credentials filter). */
export async function settlekitStateHandlers(options: SettlekitPactOptions): Promise<SettlekitStateHandlers> {
  return (await settlekitVerifierOptions(options)).stateHandlers;
}
