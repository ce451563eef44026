/**
 * Everything a CI gate adds to plain results (issue 11): the gate beside the verdict, the shard or merge, baseline
 * changes and waivers — as header facts, badges, filter tokens, the waivers card — and the banner of a stopped run.
 * The other views call these functions only.
 */
import type { BaselineChange, BaselineMark, RunReport, ScenarioResult, WaiverMark, WaiverOutcome } from '../../../runner/model/report.ts';
import { ruleHref, scenarioHref } from './deep-links.ts';
import { type Children, attr, el, link, select } from './dom.ts';
import { fmtDate, plural } from './format.ts';

/** A rule or scenario, as far as its marks go. */
export interface Marked {
  readonly baseline?: BaselineMark<string>;
  readonly waiver?: WaiverMark;
}

/** A filter token of a mark: a baseline change, or what became of a waiver. */
export type MarkToken = BaselineChange | 'waived' | 'waiver-expired';

/** Adds one fact (term, value, element id) to the header. */
export type AddFact = (term: string, value: Children, id?: string) => void;

const CHANGE_LABEL: Readonly<Record<BaselineChange, string>> = {
  'new-failure': 'new failure',
  'still-failing': 'still failing',
  fixed: 'fixed',
  new: 'new',
  unchanged: 'unchanged',
};

const MARK_FILTERS: readonly (readonly [MarkToken, string])[] = [
  ['new-failure', 'New failures'],
  ['still-failing', 'Still failing'],
  ['fixed', 'Fixed'],
  ['new', 'New'],
  ['unchanged', 'Unchanged'],
  ['waived', 'Waived'],
  ['waiver-expired', 'Waiver expired'],
];

/** The filter tokens of a rule or scenario: its baseline change, and `waived` / `waiver-expired`. */
export function marksOf(item: Marked): MarkToken[] {
  const out: MarkToken[] = [];
  if (item.baseline) out.push(item.baseline.change);
  if (item.waiver) out.push(item.waiver.state === 'applied' ? 'waived' : 'waiver-expired');
  return out;
}

function waiverText(w: WaiverMark): string {
  return `${w.state === 'applied' ? 'Waived until ' : 'Waiver expired '}${w.expires}: ${w.reason}`;
}

/** Badges for a rule or scenario: its baseline change (unless unchanged) and its waiver. */
export function markBadges(item: Marked): HTMLSpanElement[] {
  const out: HTMLSpanElement[] = [];
  const b = item.baseline;
  if (b && b.change !== 'unchanged') {
    out.push(attr(el('span', `mark mark--${b.change}`, CHANGE_LABEL[b.change]), { title: b.before ? `In the baseline: ${b.before}` : 'Not in the baseline' }));
  }
  const w = item.waiver;
  if (w) {
    const applied = w.state === 'applied';
    out.push(attr(el('span', `mark mark--${applied ? 'waived' : 'expired'}`, applied ? 'waived' : 'waiver expired'), { title: waiverText(w) }));
  }
  return out;
}

/** The filter by baseline change or waiver. */
export function markSelect(id: string, label: string): HTMLSelectElement {
  return select(label, id, [['', 'Any change or waiver'], ...MARK_FILTERS]);
}

function gatePassed(report: RunReport): boolean {
  return report.verdict.gate ? report.verdict.gate.passed : report.verdict.conformant;
}

/** The gate's line in the verdict box, when it can differ from the verdict. */
export function gateLine(report: RunReport, hasMarks: boolean): HTMLDivElement | null {
  const g = report.verdict.gate;
  const regressions = g?.mode === 'regressions';
  if (!hasMarks && !regressions) return null;
  const passed = gatePassed(report);
  const waived = report.rules.filter((r) => r.waiver?.state === 'applied').length;
  const blocking = !passed && g && g.blocking.length ? ` \u00b7 blocking: ${g.blocking.slice(0, 8).join(', ')}${g.blocking.length > 8 ? ', \u2026' : ''}` : '';
  // --strict counts SHOULD rules under either gate, as the console and Markdown say (reports/gate-text.ts).
  const strict = report.options.strict ? (regressions ? ', strict' : ' (strict: SHOULD rules count)') : '';
  const text =
    (passed ? 'Gate passed' : 'Gate failed') +
    (regressions ? ` (regressions${strict}: only new failures count)` : strict) +
    (waived ? ` \u00b7 ${plural(waived, 'rule')} waived` : '') +
    blocking;
  const node = attr(el('div', `verdict-gate gate--${passed ? 'pass' : 'fail'}`, text), { id: 'gate' });
  node.dataset.passed = String(passed);
  return node;
}

/** Header facts: the shard or the merge, the baseline, the waivers. */
export function gateFacts(report: RunReport, fact: AddFact): void {
  const { shard, plan, merged, baseline: b, waivers: w } = report;
  if (shard) {
    const part = plan ? ` (${report.scenarios.length} of ${plural(plan.scenarios.length, 'scenario')})` : '';
    fact('Shard', `${shard.index} of ${shard.total}${part}, balanced by ${shard.balance}`, 'meta-shard');
  }
  if (merged) fact('Merged', `from ${plural(merged.shards.length, 'shard')}`, 'meta-merged');
  if (b) {
    const changes: readonly BaselineChange[] = ['new-failure', 'fixed', 'still-failing', 'new'];
    // Only "new failure" is a noun that takes a plural; "fixed", "still failing" and "new" do not.
    const counts = changes.filter((c) => b.rules[c]).map((c) => (c === 'new-failure' ? plural(b.rules[c], CHANGE_LABEL[c]) : `${b.rules[c]} ${CHANGE_LABEL[c]}`));
    fact('Baseline', [el('span', 'mono', b.source), ` (${fmtDate(b.startedAt)}): rules ${counts.join(', ') || 'unchanged'}`], 'meta-baseline');
  }
  if (w) {
    const by: Record<WaiverOutcome['state'], number> = { applied: 0, expired: 0, stale: 0 };
    for (const e of w.entries) by[e.state]++;
    fact('Waivers', [w.file ? el('span', 'mono', `${w.file} `) : null, `${by.applied} applied, ${by.expired} expired, ${by.stale} stale (on ${w.today})`], 'meta-waivers');
  }
}

/** The banner of a run the kit stopped itself, with how many scenarios it did not run. */
export function stoppedBanner(report: RunReport): HTMLDivElement | null {
  const stopped = report.stopped;
  if (!stopped) return null;
  const notRun = report.scenarios.filter((s) => s.status === 'errored' && s.steps.every((st) => st.status === 'skipped')).length;
  return attr(el('div', 'banner banner--fail', [el('strong', null, 'Run stopped: '), `${stopped.message} (${stopped.code}). ${plural(notRun, 'scenario')} not run, reported errored.`]), {
    role: 'alert',
    id: 'stopped',
  });
}

/** Every waiver and what became of it; expired and stale ones first. */
export function waiversCard(report: RunReport): HTMLElement | null {
  const w = report.waivers;
  if (!w) return null;
  const order: Readonly<Record<WaiverOutcome['state'], number>> = { expired: 0, stale: 1, applied: 2 };
  const list = attr(el('ul', 'waivers'), { id: 'waiver-list' });
  for (const e of w.entries.slice().sort((a, b) => order[a.state] - order[b.state])) {
    const what = e.rule ?? e.scenario ?? '';
    const li = el('li', `waiver waiver--${e.state}`, [
      el('span', `mark mark--${e.state === 'applied' ? 'waived' : e.state}`, e.state),
      ' ',
      link(e.rule !== undefined ? ruleHref(what) : scenarioHref(what), what, 'mono'),
      el('span', 'muted small', ` until ${e.expires}${w.file && e.line ? ` \u00b7 ${w.file}:${e.line}` : ''}`),
      el('div', 'small', e.reason),
      e.state === 'stale' && e.note ? el('div', 'muted small', `Nothing it names failed: ${e.note}`) : null,
      e.state === 'expired' ? el('div', 'small', `Past its date: it no longer waives${e.matched.length ? ` (${e.matched.join(', ')} failed)` : ''}.`) : null,
      e.link ? el('div', 'muted small mono', e.link) : null,
    ]);
    li.dataset.state = e.state;
    list.appendChild(li);
  }
  if (!w.entries.length) list.appendChild(el('li', 'muted', 'No waivers.'));
  return el('section', 'card', [el('h2', null, 'Waivers'), list]);
}

/** Facts of an opened scenario: its comparison with the baseline and its waiver. */
export function markFacts(s: ScenarioResult): (readonly [string, string] | null)[] {
  return [
    s.baseline ? ['Baseline', CHANGE_LABEL[s.baseline.change] + (s.baseline.before ? ` (was ${s.baseline.before})` : ' (not in the baseline)')] : null,
    s.waiver ? ['Waiver', waiverText(s.waiver) + (s.waiver.rules ? ` (through rules ${s.waiver.rules.join(', ')})` : '')] : null,
  ];
}
