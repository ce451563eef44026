/**
 * settlekit's provider states: reaching the state an interaction expects — "scenario S before step k" — through the
 * target's public API, by replaying steps 1…k-1 of S through the runner's executor (test controls included, when the
 * target declares their capability), then handing back the values step k takes from them (captures, the run's
 * `scenario.uid`, the target's `target.*`, the paths of captured links) for Pact to inject. A session keeps each
 * state's outcome, so the request filter can refuse to send a request whose state was not reached.
 */
import type { Redactor } from '../../lib/redact.ts';
import { HttpClient } from '../execute/http-client.ts';
import type { Project } from '../load/load-project.ts';
import type { ScenarioResult } from '../model/report.ts';
import type { Scenario } from '../model/scenario.ts';
import { missingCapabilities } from '../plan/plan.ts';
import type { ResolvedTarget } from '../target/profile.ts';
import { readState, stepTag } from './naming.ts';
import { replay } from './replay.ts';
import { injectedValue } from './template-values.ts';

/** The outcome of setting up one provider state. */
export type StateOutcome =
  | { readonly kind: 'ready'; readonly values: Readonly<Record<string, unknown>>; readonly replayed: ScenarioResult }
  /** The target lacks a capability the scenario requires: the interaction is not verified. */
  | { readonly kind: 'skipped'; readonly message: string }
  /** The state could not be reached (a replayed step did not pass), or is not a settlekit state. */
  | { readonly kind: 'failed'; readonly message: string; readonly replayed?: ScenarioResult };

/** What a session needs. */
export interface PactSessionOptions {
  readonly project: Project;
  readonly target: ResolvedTarget;
  readonly redactor: Redactor;
  /** Per-request deadline of the replayed steps, in ms. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** Aborting it stops replays. */
  readonly signal?: AbortSignal;
}

/** The provider states of one verification, and what became of each. */
export class PactSession {
  /** The outcome of each state set up, by step tag (`<scenario>#<step>`). */
  readonly outcomes = new Map<string, StateOutcome>();
  private readonly scenarios = new Map<string, Scenario>();
  private readonly runId = `pact-${Date.now().toString(36)}`;

  constructor(private readonly options: PactSessionOptions) {
    for (const suite of options.project.suites) for (const scenario of suite.scenarios) this.scenarios.set(scenario.id, scenario);
  }

  /** The scenario of an id, if the kit has it. */
  scenario(id: string): Scenario | undefined {
    return this.scenarios.get(id);
  }

  /** The `Authorization` value of the profile's credentials for the suite of a scenario (or, unknown, the first suite). */
  basicAuth(scenarioId: string | undefined): string | undefined {
    const suite = scenarioId === undefined ? undefined : this.scenarios.get(scenarioId)?.suite;
    const suites = suite ? [this.options.target.suites.get(suite)] : [...this.options.target.suites.values()];
    for (const target of suites) {
      const basic = (target?.context.auth as { basic?: unknown } | undefined)?.basic;
      if (typeof basic === 'string') return basic;
    }
    return undefined;
  }

  /** Sets up the provider state `name` (with the params the pact gives it), and records the outcome. */
  async setUp(name: string, params: unknown): Promise<StateOutcome> {
    const reading = readState(name, params);
    if (!reading.ok) return { kind: 'failed', message: reading.reason };
    const { scenarioId, stepNumber, stepName, injects } = reading.params;
    const outcome = await this.reach(name, scenarioId, stepNumber, stepName, injects);
    this.outcomes.set(stepTag(scenarioId, stepNumber), outcome);
    return outcome;
  }

  private async reach(name: string, scenarioId: string, stepNumber: number, stepName: string, injects: readonly string[]): Promise<StateOutcome> {
    const scenario = this.scenarios.get(scenarioId);
    if (!scenario) return { kind: 'failed', message: `the provider state "${name}" names the scenario ${scenarioId}, which is not in this kit's suites` };
    const step = scenario.steps[stepNumber - 1];
    if (!step || step.name !== stepName) {
      return {
        kind: 'failed',
        message: `the pact's step ${stepNumber} of ${scenarioId} is "${stepName}", but the scenario's is ${step ? `"${step.name}"` : 'missing'}: the pact comes from another version of the scenario; export it again`,
      };
    }
    const lacking = missingCapabilities(scenario, this.options.target.capabilities);
    if (lacking) return { kind: 'skipped', message: lacking };
    // Pact's verifier cannot be stopped mid-file: once interrupted, the states it still asks for are not set up.
    const interrupted: StateOutcome = { kind: 'skipped', message: 'the verification was interrupted' };
    if (this.options.signal?.aborted) return interrupted;
    const http = new HttpClient({ timeoutMs: this.options.timeoutMs, maxBodyBytes: this.options.maxBodyBytes, connections: 2 });
    try {
      const { outcome, scope, baseUrl } = await replay(
        scenario,
        { project: this.options.project, target: this.options.target, http, redactor: this.options.redactor, runId: this.runId, ...(this.options.signal ? { signal: this.options.signal } : {}) },
        stepNumber - 1,
      );
      if (this.options.signal?.aborted) return interrupted;
      if (outcome.result.status !== 'passed') {
        return { kind: 'failed', message: `the provider state "${name}" could not be set up: ${outcome.result.reason ?? `the steps before step ${stepNumber} ${outcome.result.status}`}`, replayed: outcome.result };
      }
      const values: Record<string, unknown> = {};
      for (const injected of injects) {
        const found = injectedValue(injected, scope, baseUrl);
        if (!found.found) return { kind: 'failed', message: `the provider state "${name}" has no value for ${injected} (no earlier step captures it)`, replayed: outcome.result };
        values[injected] = found.value;
      }
      return { kind: 'ready', values, replayed: outcome.result };
    } finally {
      await http.close().catch(() => undefined);
    }
  }
}
