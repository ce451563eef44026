/**
 * Comparing a run with a baseline report (`--baseline <report.json>`): each rule and scenario is a new failure, still
 * failing, fixed, new or unchanged (see {@link BaselineChange} for the exact meaning), which the regression gate
 * (`--gate regressions`) and every reporter read. Pure functions of the two reports.
 */
import { SettlekitError } from '../../lib/errors.ts';
import type { BaselineChange, BaselineMark, BaselineSummary, ChangeCounts, RuleResult, RuleStatus, RunReport, ScenarioResult, Status } from '../model/report.ts';

/** Every {@link BaselineChange}, in the order reports list them. */
export const BASELINE_CHANGES: readonly BaselineChange[] = ['new-failure', 'still-failing', 'fixed', 'new', 'unchanged'];

/** What a run is compared with: the statuses of a baseline report's rules and scenarios. */
export interface BaselineSnapshot {
  /** The baseline file, as given. */
  readonly source: string;
  readonly kitVersion: string;
  /** The baseline's target (`embedded simulator` for an embedded one). */
  readonly target: string;
  readonly startedAt: string;
  readonly rules: ReadonlyMap<string, RuleStatus>;
  readonly scenarios: ReadonlyMap<string, Status>;
}

/**
 * The snapshot of a baseline report read from `source`.
 *
 * @throws {SettlekitError} `SETTLEKIT_E_REPORT_INPUT` for the report of one shard: its rules roll up that shard's
 * scenarios only, and the other shards' scenarios are not in it, so every one of them would compare as new.
 */
export function snapshotOf(report: RunReport, source: string): BaselineSnapshot {
  if (report.shard && report.shard.total > 1) {
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${source} is the report of shard ${report.shard.index}/${report.shard.total} only: a baseline covers the whole plan`, {
      position: { file: source },
      hint: "Merge the shards' reports (`settlekit merge shard-*/report.json --reporter json`) and pass the merged report.json as the baseline.",
    });
  }
  return {
    source,
    kitVersion: report.kit.version,
    target: report.target.embedded ? 'embedded simulator' : report.target.url,
    startedAt: report.startedAt,
    rules: new Map(report.rules.map((r) => [r.id, r.status])),
    scenarios: new Map(report.scenarios.map((s) => [s.id, s.status])),
  };
}

/**
 * The baseline the shards of a merge were compared with, rebuilt from their marks (each mark keeps the baseline's
 * status), so `settlekit merge` can compare the merged run without the baseline file. Undefined when no shard had one.
 */
export function snapshotFromMarks(reports: readonly RunReport[]): BaselineSnapshot | undefined {
  const first = reports.find((r) => r.baseline)?.baseline;
  if (!first) return undefined;
  const rules = new Map<string, RuleStatus>();
  const scenarios = new Map<string, Status>();
  for (const report of reports) {
    for (const r of report.rules) if (r.baseline?.before !== undefined) rules.set(r.id, r.baseline.before);
    for (const s of report.scenarios) if (s.baseline?.before !== undefined) scenarios.set(s.id, s.baseline.before);
  }
  return { source: first.source, kitVersion: first.kitVersion, target: first.target, startedAt: first.startedAt, rules, scenarios };
}

/** True for the statuses that count as failing. */
export function isFailing(status: RuleStatus | undefined): boolean {
  return status === 'failed' || status === 'errored';
}

/** How an item with status `after` compares with its status `before` in the baseline (undefined: not in it). */
export function classify(before: RuleStatus | undefined, after: RuleStatus): BaselineChange {
  if (isFailing(after)) return isFailing(before) ? 'still-failing' : 'new-failure';
  if (before === undefined) return 'new';
  if (isFailing(before)) return after === 'passed' ? 'fixed' : 'still-failing';
  return 'unchanged';
}

/** The rules and scenarios marked with their comparison, and the summary of the comparison. */
export function compareWithBaseline(
  rules: readonly RuleResult[],
  scenarios: readonly ScenarioResult[],
  baseline: BaselineSnapshot,
): { rules: RuleResult[]; scenarios: ScenarioResult[]; summary: BaselineSummary } {
  const mark = <S extends RuleStatus>(before: S | undefined, after: S): BaselineMark<S> => ({ change: classify(before, after), ...(before !== undefined ? { before } : {}) });
  const markedRules = rules.map((r) => ({ ...r, baseline: mark(baseline.rules.get(r.id), r.status) }));
  const markedScenarios = scenarios.map((s) => ({ ...s, baseline: mark(baseline.scenarios.get(s.id), s.status) }));
  return {
    rules: markedRules,
    scenarios: markedScenarios,
    summary: {
      source: baseline.source,
      kitVersion: baseline.kitVersion,
      target: baseline.target,
      startedAt: baseline.startedAt,
      rules: countChanges(markedRules),
      scenarios: countChanges(markedScenarios),
    },
  };
}

function countChanges(items: readonly { readonly baseline?: { readonly change: BaselineChange } }[]): ChangeCounts {
  const counts = Object.fromEntries(BASELINE_CHANGES.map((c) => [c, 0])) as Record<BaselineChange, number>;
  for (const item of items) if (item.baseline) counts[item.baseline.change] += 1;
  return counts;
}
