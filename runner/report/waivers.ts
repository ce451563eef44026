/**
 * Applying waivers (expected failures, OpenID-conformance style) to a run's results: a waiver in date marks the
 * failing rule or scenario it names as waived — it stays failed, but no longer fails the gate; a waiver past its date
 * marks it expired and waives nothing; a waiver whose rule or scenario did not fail is stale. A rule is also waived
 * when every failing scenario checking it is waived, and a failing scenario when every rule it checks is waived (or
 * marked expired when one of those waivers expired).
 * Pure: the date is an input.
 */
import type { RuleResult, ScenarioResult, Waiver, WaiverMark, WaiverOutcome, WaiverSummary } from '../model/report.ts';
import { isFailing } from './baseline.ts';
import { compareText } from '../../lib/text-order.ts';

/** The waivers of a run, as loaded from a waivers file (or carried by shard reports into a merge). */
export interface WaiverSet {
  /** The file, as shown to the user. */
  readonly file?: string;
  readonly entries: readonly Waiver[];
}

/** Today's date (UTC) as `YYYY-MM-DD`, the form waiver expiry dates are compared in. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The rules and scenarios marked with the waivers that matched them, and what became of each waiver. */
export function applyWaivers(
  rules: readonly RuleResult[],
  scenarios: readonly ScenarioResult[],
  waivers: WaiverSet,
  options: { readonly today: string; readonly shard?: boolean },
): { rules: RuleResult[]; scenarios: ScenarioResult[]; summary: WaiverSummary } {
  // The waiver lasts through its expiry day; the dates are both YYYY-MM-DD, so they compare as strings.
  const inDate = (w: Waiver): boolean => w.expires >= options.today;
  const markOf = (w: Waiver, extra: Partial<WaiverMark> = {}): WaiverMark => ({
    state: inDate(w) ? 'applied' : 'expired',
    reason: w.reason,
    expires: w.expires,
    ...(w.link ? { link: w.link } : {}),
    ...extra,
  });
  const matched = new Map<Waiver, string[]>(waivers.entries.map((w) => [w, []]));
  const forScenario = new Map(waivers.entries.filter((w) => w.scenario !== undefined).map((w) => [w.scenario!, w]));
  const forRule = new Map(waivers.entries.filter((w) => w.rule !== undefined).map((w) => [w.rule!, w]));

  const markedScenarios = scenarios.map((s) => {
    const waiver = isFailing(s.status) ? forScenario.get(s.id) : undefined;
    if (!waiver) return s;
    matched.get(waiver)!.push(s.id);
    return { ...s, waiver: markOf(waiver) };
  });
  const byId = new Map(markedScenarios.map((s) => [s.id, s]));
  const markedRules = rules.map((r) => {
    if (!isFailing(r.status)) return r;
    const direct = forRule.get(r.id);
    if (direct) matched.get(direct)!.push(r.id);
    if (direct && inDate(direct)) return { ...r, waiver: markOf(direct) };
    // Waived through its scenarios: every failing scenario that checks the rule is waived.
    const failing = r.scenarios.map((id) => byId.get(id)).filter((s): s is ScenarioResult => s !== undefined && isFailing(s.status));
    const waived = failing.filter((s) => s.waiver?.state === 'applied');
    if (failing.length > 0 && waived.length === failing.length) {
      const first = waived.map((s) => s.waiver!).sort((a, b) => compareText(a.expires, b.expires))[0]!;
      return { ...r, waiver: { state: 'applied' as const, reason: first.reason, expires: first.expires, ...(first.link ? { link: first.link } : {}), scenarios: waived.map((s) => s.id) } };
    }
    return direct ? { ...r, waiver: markOf(direct) } : r;
  });

  // Waived through its rules: a failing scenario each of whose rules is waived (it can fail no gate); when one of
  // those waivers expired, the scenario says so instead.
  const ruleMarks = new Map(markedRules.map((r) => [r.id, r.waiver]));
  const finalScenarios = markedScenarios.map((s) => {
    if (s.waiver || !isFailing(s.status) || s.rules.length === 0) return s;
    const marks = s.rules.map((id) => ruleMarks.get(id));
    if (!marks.every((m) => m !== undefined)) return s;
    const expired = (marks as WaiverMark[]).filter((m) => m.state === 'expired');
    const first = (expired.length ? expired : (marks as WaiverMark[])).slice().sort((a, b) => compareText(a.expires, b.expires))[0]!;
    return { ...s, waiver: { state: expired.length ? ('expired' as const) : ('applied' as const), reason: first.reason, expires: first.expires, ...(first.link ? { link: first.link } : {}), rules: s.rules } };
  });

  const ruleStatus = new Map(rules.map((r) => [r.id, r.status]));
  const scenarioStatus = new Map(scenarios.map((s) => [s.id, s.status]));
  const where = options.shard ? 'in this shard' : 'in this run';
  const entries = waivers.entries.map((w): WaiverOutcome => {
    const ids = matched.get(w)!;
    const base = { ...w, matched: ids };
    if (!inDate(w)) return { ...base, state: 'expired' };
    if (ids.length > 0) return { ...base, state: 'applied' };
    const kind = w.rule !== undefined ? 'rule' : 'scenario';
    const id = (w.rule ?? w.scenario)!;
    const status = w.rule !== undefined ? ruleStatus.get(id) : scenarioStatus.get(id);
    return { ...base, state: 'stale', note: status === undefined ? `no ${kind} ${id} ${where}` : `${kind} ${id} ${status} ${where}` };
  });
  return { rules: markedRules, scenarios: finalScenarios, summary: { ...(waivers.file ? { file: waivers.file } : {}), today: options.today, entries } };
}
