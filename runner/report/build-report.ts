/**
 * The run report, built from scenario results as a pure function: rule statuses roll up from the scenarios that check
 * them, counts are derived, and the verdict follows the gate (every MUST rule — and SHOULD with `strict` — passed, or
 * was not tested).
 */
import type { RuleLevel, Suite } from '../model/scenario.ts';
import type { RuleCounts, RuleResult, RuleStatus, RunReport, ScenarioResult, Status, StatusCounts } from '../model/report.ts';

/** Everything about a run that is not a scenario result. */
export interface RunFacts {
  readonly kitVersion: string;
  readonly target: RunReport['target'];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly interrupted: boolean;
  readonly options: RunReport['options'];
}

/** Counts of a list of statuses. */
export function countStatuses(statuses: readonly Status[]): StatusCounts {
  const counts = { total: statuses.length, passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}

/** The status of a rule from the statuses of the scenarios that check it. */
export function rollUp(statuses: readonly Status[]): RuleStatus {
  if (statuses.length === 0) return 'untested';
  if (statuses.includes('failed')) return 'failed';
  if (statuses.includes('errored')) return 'errored';
  if (statuses.every((s) => s === 'skipped')) return 'skipped';
  return 'passed';
}

/** True when a rule of this level and status fails the gate. */
export function failsGate(level: RuleLevel, status: RuleStatus, strict: boolean): boolean {
  const counted = level === 'MUST' || (strict && level === 'SHOULD');
  return counted && (status === 'failed' || status === 'errored');
}

/** Builds the report. `suites` are the suites that took part (their whole rule catalogues are reported). */
export function buildReport(facts: RunFacts, suites: readonly Pick<Suite, 'id' | 'title' | 'rules'>[], scenarios: readonly ScenarioResult[]): RunReport {
  const rules: RuleResult[] = suites.flatMap((suite) =>
    suite.rules.map((rule) => {
      const covering = scenarios.filter((s) => s.suite === suite.id && s.rules.includes(rule.id));
      return {
        id: rule.id,
        level: rule.level,
        suite: suite.id,
        title: rule.title,
        sentence: rule.sentence,
        source: rule.source,
        status: rollUp(covering.map((s) => s.status)),
        scenarios: covering.map((s) => s.id),
        ...(rule.untestableReason ? { untestableReason: rule.untestableReason } : {}),
      };
    }),
  );
  const strict = facts.options.strict;
  const conformant = (suiteId?: string): boolean =>
    !rules.some((r) => (suiteId === undefined || r.suite === suiteId) && failsGate(r.level, r.status, strict)) &&
    // A scenario that errored or failed on no catalogued rule still says the target is not behaving.
    !scenarios.some((s) => (suiteId === undefined || s.suite === suiteId) && (s.status === 'failed' || s.status === 'errored') && s.rules.length === 0);
  const levels: RuleLevel[] = ['MUST', 'SHOULD', 'INFO'];
  const ruleCounts = Object.fromEntries(levels.map((level) => [level, countRules(rules.filter((r) => r.level === level))])) as Record<RuleLevel, RuleCounts>;
  return {
    schemaVersion: 1,
    kit: { name: 'settlekit', version: facts.kitVersion },
    target: facts.target,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    durationMs: facts.durationMs,
    interrupted: facts.interrupted,
    options: facts.options,
    verdict: {
      conformant: conformant() && !facts.interrupted,
      suites: suites.map((suite) => ({
        id: suite.id,
        title: suite.title,
        conformant: conformant(suite.id) && !facts.interrupted,
        scenarios: countStatuses(scenarios.filter((s) => s.suite === suite.id).map((s) => s.status)),
      })),
    },
    summary: {
      scenarios: countStatuses(scenarios.map((s) => s.status)),
      steps: countStatuses(scenarios.flatMap((s) => s.steps.map((step) => step.status))),
      rules: ruleCounts,
    },
    rules,
    scenarios,
  };
}

function countRules(rules: readonly RuleResult[]): RuleCounts {
  const counts = { total: rules.length, passed: 0, failed: 0, errored: 0, skipped: 0, untested: 0 };
  for (const rule of rules) counts[rule.status] += 1;
  return counts;
}
