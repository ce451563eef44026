/**
 * The run report, built from scenario results as a pure function: rule statuses roll up from the scenarios that check
 * them, counts are derived, the rules and scenarios are compared with a baseline and matched with waivers when the run
 * has them, and the verdict follows (every MUST rule — and SHOULD with `strict` — passed, or was not tested), with the
 * gate's decision beside it (the exit code): failures, or with `gate: regressions` only new ones, that no waiver waives.
 */
import { RULE_LEVELS } from '../../lib/rule-levels.ts';
import type { RuleLevel, Suite } from '../model/scenario.ts';
import type { GateVerdict, RuleCounts, RuleResult, RuleStatus, RunReport, ScenarioResult, Status, StatusCounts } from '../model/report.ts';
import { compareWithBaseline, isFailing, type BaselineSnapshot } from './baseline.ts';
import { applyWaivers, todayUtc, type WaiverSet } from './waivers.ts';

/** Everything about a run that is not a scenario result. */
export interface RunFacts {
  readonly kitVersion: string;
  readonly target: RunReport['target'];
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly interrupted: boolean;
  readonly options: RunReport['options'];
  /** Why the kit stopped the run, when it did. */
  readonly stopped?: RunReport['stopped'];
  /** The whole plan (a shard's report holds part of it). */
  readonly plan?: RunReport['plan'];
  readonly shard?: RunReport['shard'];
  readonly merged?: RunReport['merged'];
  /** The baseline to compare with. */
  readonly baseline?: BaselineSnapshot;
  readonly waivers?: WaiverSet;
  /** The date waivers expire against (YYYY-MM-DD, UTC); default today. */
  readonly today?: string;
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
  const rolledUp: RuleResult[] = suites.flatMap((suite) =>
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
  const compared = facts.baseline ? compareWithBaseline(rolledUp, scenarios, facts.baseline) : undefined;
  const waived = facts.waivers
    ? applyWaivers(compared?.rules ?? rolledUp, compared?.scenarios ?? scenarios, facts.waivers, { today: facts.today ?? todayUtc(), shard: facts.shard !== undefined })
    : undefined;
  const rules = waived?.rules ?? compared?.rules ?? rolledUp;
  const results = waived?.scenarios ?? compared?.scenarios ?? scenarios;
  const strict = facts.options.strict;
  const halted = facts.interrupted || facts.stopped !== undefined;
  const conformant = (suiteId?: string): boolean =>
    !rules.some((r) => (suiteId === undefined || r.suite === suiteId) && failsGate(r.level, r.status, strict)) &&
    // A scenario that errored or failed on no catalogued rule still says the target is not behaving.
    !results.some((s) => (suiteId === undefined || s.suite === suiteId) && isFailing(s.status) && s.rules.length === 0);
  const ruleCounts = Object.fromEntries(RULE_LEVELS.map((level) => [level, countRules(rules.filter((r) => r.level === level))])) as Record<RuleLevel, RuleCounts>;
  return {
    schemaVersion: 1,
    kit: { name: 'settlekit', version: facts.kitVersion },
    target: facts.target,
    startedAt: facts.startedAt,
    finishedAt: facts.finishedAt,
    durationMs: facts.durationMs,
    interrupted: facts.interrupted,
    ...(facts.stopped ? { stopped: facts.stopped } : {}),
    ...(facts.shard ? { shard: facts.shard } : {}),
    ...(facts.merged ? { merged: facts.merged } : {}),
    options: facts.options,
    verdict: {
      conformant: conformant() && !halted,
      suites: suites.map((suite) => ({
        id: suite.id,
        title: suite.title,
        conformant: conformant(suite.id) && !halted,
        scenarios: countStatuses(results.filter((s) => s.suite === suite.id).map((s) => s.status)),
      })),
      gate: gateVerdict(rules, results, facts.options.gate ?? 'failures', strict, halted),
    },
    summary: {
      scenarios: countStatuses(results.map((s) => s.status)),
      steps: countStatuses(results.flatMap((s) => s.steps.map((step) => step.status))),
      rules: ruleCounts,
    },
    ...(compared ? { baseline: compared.summary } : {}),
    ...(waived ? { waivers: waived.summary } : {}),
    ...(facts.plan ? { plan: facts.plan } : {}),
    rules,
    scenarios: results,
  };
}

/**
 * The gate: the failing rules that count (MUST, and SHOULD with strict) and failing scenarios tied to no rule, except
 * those a waiver in date waives — and, with `regressions`, except those that were failing in the baseline too. A run
 * that was interrupted or stopped never passes.
 */
function gateVerdict(rules: readonly RuleResult[], scenarios: readonly ScenarioResult[], mode: GateVerdict['mode'], strict: boolean, halted: boolean): GateVerdict {
  // Without a baseline every failure is new: the regression gate then fails safe.
  const counts = (item: RuleResult | ScenarioResult): boolean => item.waiver?.state !== 'applied' && (mode === 'failures' || (item.baseline?.change ?? 'new-failure') === 'new-failure');
  const blocking = [
    ...rules.filter((r) => failsGate(r.level, r.status, strict) && counts(r)).map((r) => r.id),
    ...scenarios.filter((s) => s.rules.length === 0 && isFailing(s.status) && counts(s)).map((s) => s.id),
  ];
  return { mode, passed: blocking.length === 0 && !halted, blocking };
}

function countRules(rules: readonly RuleResult[]): RuleCounts {
  const counts = { total: rules.length, passed: 0, failed: 0, errored: 0, skipped: 0, untested: 0 };
  for (const rule of rules) counts[rule.status] += 1;
  return counts;
}
