/**
 * Planning: which scenarios of the loaded project run, in which order, and which are skipped (with the reason) because
 * the target lacks a capability they require.
 */
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import type { Scenario, Suite } from '../model/scenario.ts';

/** The filters of a run; every list is OR within itself, AND across lists. */
export interface PlanFilters {
  readonly suites?: readonly string[];
  readonly tags?: readonly string[];
  readonly rules?: readonly string[];
  /** Case-insensitive substring of the id or title. */
  readonly grep?: string;
  /**
   * Exactly these scenario ids (the programmatic API only: the mutation-testing runner, scripts/mutation/, runs the
   * scenarios that reach a mutant). Unknown ids are refused by `checkFilters`.
   */
  readonly ids?: readonly string[];
}

/** One scenario of the plan. */
export interface PlannedScenario {
  readonly scenario: Scenario;
  readonly suite: Suite;
  /** Set when the scenario will not run, and why. */
  readonly skipReason?: string;
  /**
   * True when the scenario changes state every other scenario shares (it advances the target's clock, injects a
   * fault into the next request, or resets the target): it runs alone, after the concurrent ones.
   */
  readonly exclusive: boolean;
}

/** Test controls whose effect is not confined to the scenario's own payments. */
export const GLOBAL_CONTROLS: ReadonlySet<string> = new Set(['advance-clock', 'inject-fault', 'reset']);

/** Scenarios that pass the filters, in a deterministic order (suite order, then id). */
export function planScenarios(suites: readonly Suite[], filters: PlanFilters, capabilities: ReadonlySet<string>): PlannedScenario[] {
  const grep = filters.grep?.toLowerCase();
  const ids = filters.ids ? new Set(filters.ids) : undefined;
  const planned: PlannedScenario[] = [];
  for (const suite of suites) {
    if (filters.suites?.length && !filters.suites.includes(suite.id)) continue;
    for (const scenario of suite.scenarios) {
      if (filters.tags?.length && !scenario.tags.some((t) => filters.tags!.includes(t))) continue;
      if (filters.rules?.length && !scenarioRules(scenario).some((r) => filters.rules!.includes(r))) continue;
      if (grep && !scenario.id.toLowerCase().includes(grep) && !scenario.title.toLowerCase().includes(grep)) continue;
      if (ids && !ids.has(scenario.id)) continue;
      const skipReason = missingCapabilities(scenario, capabilities);
      const exclusive = scenario.steps.some((step) => step.action.kind === 'control' && GLOBAL_CONTROLS.has(step.action.action));
      planned.push({ scenario, suite, exclusive, ...(skipReason ? { skipReason } : {}) });
    }
  }
  return planned;
}

/** Every rule a scenario checks: its own and its steps'. */
export function scenarioRules(scenario: Scenario): string[] {
  return [...new Set([...scenario.rules, ...scenario.steps.flatMap((s) => s.rules)])];
}

/** Why a scenario cannot run against a target with `capabilities` (what it lacks, or has but must not), if it cannot. */
export function missingCapabilities(scenario: Scenario, capabilities: ReadonlySet<string>): string | undefined {
  const lacking = scenario.requires.filter((c) => !c.startsWith('!') && !capabilities.has(c));
  const excluded = scenario.requires.filter((c) => c.startsWith('!') && capabilities.has(c.slice(1))).map((c) => c.slice(1));
  const reasons = [
    ...(lacking.length ? [`the target does not declare ${lacking.join(', ')}`] : []),
    ...(excluded.length ? [`the target declares ${excluded.join(', ')}, which this scenario assumes absent`] : []),
  ];
  return reasons.length ? reasons.join('; ') : undefined;
}

/**
 * Unknown suite or rule names in the filters are usage errors, not silently empty runs (or listings).
 *
 * @throws {SettlekitErrorList} every unknown suite, rule or scenario id.
 */
export function checkFilters(project: { readonly suites: readonly Suite[] }, filters: PlanFilters): void {
  const errors: SettlekitError[] = [];
  const suiteIds = project.suites.map((s) => s.id);
  for (const suite of filters.suites ?? []) {
    if (!suiteIds.includes(suite)) errors.push(new SettlekitError('SETTLEKIT_E_USAGE', `unknown suite "${suite}" (suites: ${suiteIds.join(', ')})`));
  }
  const ruleIds = new Set(project.suites.flatMap((s) => s.rules.map((r) => r.id)));
  for (const rule of filters.rules ?? []) {
    if (!ruleIds.has(rule)) errors.push(new SettlekitError('SETTLEKIT_E_UNKNOWN_RULE', `unknown rule "${rule}"`));
  }
  const scenarioIds = new Set(project.suites.flatMap((s) => s.scenarios.map((scenario) => scenario.id)));
  for (const id of filters.ids ?? []) {
    if (!scenarioIds.has(id)) errors.push(new SettlekitError('SETTLEKIT_E_USAGE', `unknown scenario "${id}"`));
  }
  if (errors.length > 0) throw new SettlekitErrorList(errors);
}
