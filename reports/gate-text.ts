/**
 * The words every reporter uses for what decides a CI gate beyond plain results — the gate itself, the comparison with
 * a baseline, waivers, shards, a run the kit stopped — as pure functions of the report, so the console, JUnit and
 * Markdown say the same thing the same way (the HTML client script has its own copy of the labels).
 */
import type { BaselineChange, RunReport, ScenarioResult, WaiverMark, WaiverOutcome } from '../runner/model/report.ts';

/** Baseline changes in the order reports list them, with their words. */
export const CHANGE_LABELS: Readonly<Record<BaselineChange, string>> = {
  'new-failure': 'new failure',
  'still-failing': 'still failing',
  fixed: 'fixed',
  new: 'new',
  unchanged: 'unchanged',
};

/** Every change, in the order of {@link CHANGE_LABELS}. */
export const CHANGES = Object.keys(CHANGE_LABELS) as readonly BaselineChange[];

/** True when the report has anything that makes its gate differ from its plain verdict (so reporters show the gate). */
export function hasGateDetails(report: RunReport): boolean {
  return report.baseline !== undefined || report.waivers !== undefined || report.verdict.gate?.mode === 'regressions';
}

/** Whether the gate passed (reports of older kits have no gate: it is then the verdict). */
export function gatePassed(report: RunReport): boolean {
  return report.verdict.gate?.passed ?? report.verdict.conformant;
}

/**
 * The gate's decision in one line: `gate passed (regressions: no new failure; 2 failures waived)` or
 * `gate failed: BT-PS-05, BT-PS-07`.
 */
export function gateLine(report: RunReport, maxIds = 10): string {
  const gate = report.verdict.gate;
  // --strict counts SHOULD rules under either gate.
  const mode = `${gate?.mode === 'regressions' ? 'regressions' : 'failures'}${report.options.strict ? ', strict' : ''}`;
  const notes = [gate?.mode === 'regressions' ? 'only new failures count' : '', waivedText(report)].filter(Boolean);
  if (gatePassed(report)) return `gate passed (${[mode, ...notes].join('; ')})`;
  const blocking = gate?.blocking ?? [];
  const halted = report.interrupted ? 'the run was interrupted' : report.stopped ? 'the run was stopped' : '';
  const why = [blocking.length ? listIds(blocking, maxIds) : '', halted].filter(Boolean).join('; ');
  return `gate failed (${[mode, ...notes].join('; ')})${why ? `: ${why}` : ''}`;
}

/** Ids joined by commas, the first `max` only and a count of the rest: `A, B, … (+3)`. */
export function listIds(ids: readonly string[], max: number): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')}, … (+${ids.length - max})` : ids.join(', ');
}

/** `waived: 1 rule, 2 scenarios` (what waivers in date waive), or empty. */
export function waivedText(report: RunReport): string {
  const rules = report.rules.filter((r) => r.waiver?.state === 'applied').length;
  const scenarios = report.scenarios.filter((s) => s.waiver?.state === 'applied').length;
  const parts = [rules ? `${rules} rule${rules === 1 ? '' : 's'}` : '', scenarios ? `${scenarios} scenario${scenarios === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.length ? `waived: ${parts.join(', ')}` : '';
}

/** `waived until 2026-01-31: reason` or `waiver expired 2025-12-31: reason`. */
export function waiverMarkText(mark: WaiverMark): string {
  return `${mark.state === 'applied' ? `waived until ${mark.expires}` : `waiver expired ${mark.expires}`}: ${mark.reason}`;
}

/** What a waiver names: `rule BT-PS-05` or `scenario braintree/x/y`. */
export function waiverSubject(waiver: WaiverOutcome): string {
  return waiver.rule !== undefined ? `rule ${waiver.rule}` : `scenario ${waiver.scenario ?? ''}`;
}

/** One waiver and what became of it, in one line. */
export function waiverOutcomeText(waiver: WaiverOutcome): string {
  const what = waiverSubject(waiver);
  switch (waiver.state) {
    case 'applied':
      return `${what} waived until ${waiver.expires}: ${waiver.reason}`;
    case 'expired':
      return `${what}: waiver expired ${waiver.expires}, no longer waives${waiver.matched.length ? ` (${waiver.matched.join(', ')} failed)` : ''}: ${waiver.reason}`;
    case 'stale':
      return `${what}: stale waiver, nothing it names failed (${waiver.note ?? 'no failure'}): ${waiver.reason}`;
  }
}

/** True for a scenario the kit's stop kept from running: errored, with every step skipped. */
export function notRunByStop(report: RunReport, scenario: ScenarioResult): boolean {
  return report.stopped !== undefined && scenario.status === 'errored' && scenario.steps.every((st) => st.status === 'skipped');
}

/** `shard 2/3` or `merged from 3 shards`, when the report is either. */
export function shardText(report: RunReport): string | undefined {
  if (report.shard) return `shard ${report.shard.index}/${report.shard.total}${report.plan ? ` (${report.scenarios.length} of ${report.plan.scenarios.length} scenarios)` : ''}`;
  if (report.merged) return `merged from ${report.merged.shards.length} shard${report.merged.shards.length === 1 ? '' : 's'}`;
  return undefined;
}

/** `2 new failures · 1 fixed · 3 still failing · 4 new` (changes with a count, `unchanged` left out). */
export function changeCountsText(counts: Readonly<Record<BaselineChange, number>>): string {
  // Only "new failure" is a noun that takes a plural; "fixed", "still failing" and "new" do not.
  const counted = (c: BaselineChange): string => `${counts[c]} ${CHANGE_LABELS[c]}${c === 'new-failure' && counts[c] !== 1 ? 's' : ''}`;
  return CHANGES.filter((c) => c !== 'unchanged' && counts[c] > 0).map(counted).join(' · ') || 'no change';
}
