/**
 * Data access: the report read from the page's JSON data block, and the indexes every view shares (scenarios in list
 * order, by id, rules by id). The report's types are the JSON report's own (runner/model/report.ts), imported as types
 * only: nothing of the runner is in the script.
 */
import type { RuleResult, RuleStatus, RunReport, ScenarioResult, Status } from '../../../runner/model/report.ts';
import type { RuleLevel } from '../../../runner/model/scenario.ts';
import { DATA_ELEMENT_ID } from './page.ts';

/** The scenario and step statuses, in the order the report shows them. */
export const STATUSES: readonly Status[] = ['passed', 'failed', 'errored', 'skipped'];

/** The rule levels, strongest first (the report script imports only its own folder: lib/rule-levels.ts's order, held equal by test/reports/html). */
export const LEVELS: readonly RuleLevel[] = ['MUST', 'SHOULD', 'INFO'];

/** One scenario of the report, with what the list keeps about it. */
export interface Entry {
  readonly s: ScenarioResult;
  /** Its index in `report.scenarios` (the row's `data-index`). */
  readonly i: number;
  readonly rank: number;
  /** Its row while the list shows it. */
  row: HTMLLIElement | null;
  /** Its lower-cased search text, computed on the first search. */
  hay: string | null;
}

/** The report and its indexes. */
export interface ReportIndex {
  readonly report: RunReport;
  /** Every scenario, in report order. */
  readonly entries: readonly Entry[];
  /** Every scenario in list order: failed, then errored, then the rest, each in report order. */
  readonly ordered: readonly Entry[];
  /** The first scenario of each id. */
  readonly byId: ReadonlyMap<string, Entry>;
  /** The first rule of each id. */
  readonly rulesById: ReadonlyMap<string, RuleResult>;
  /** The run was compared with a baseline or had waivers: the lists show and filter by their marks. */
  readonly hasMarks: boolean;
}

/** The report embedded in the page (render.ts always writes the data block; without it there is nothing to show). */
export function readReport(doc: Document): RunReport {
  const text = doc.getElementById(DATA_ELEMENT_ID)?.textContent;
  if (!text) throw new Error(`settlekit: this page has no #${DATA_ELEMENT_ID} data block`);
  return JSON.parse(text) as RunReport;
}

/** Failing first: failed, then errored, then every other status. */
export function statusRank(status: RuleStatus): number {
  return status === 'failed' ? 0 : status === 'errored' ? 1 : 2;
}

/** The indexes of a report. */
export function indexReport(report: RunReport): ReportIndex {
  const entries: Entry[] = report.scenarios.map((s, i) => ({ s, i, rank: statusRank(s.status), row: null, hay: null }));
  const ordered = entries.slice().sort((x, y) => x.rank - y.rank || x.i - y.i);
  const byId = new Map<string, Entry>();
  for (const e of entries) if (!byId.has(e.s.id)) byId.set(e.s.id, e);
  const rulesById = new Map<string, RuleResult>();
  for (const r of report.rules) if (!rulesById.has(r.id)) rulesById.set(r.id, r);
  return { report, entries, ordered, byId, rulesById, hasMarks: !!(report.baseline || report.waivers) };
}

/** The text a scenario search looks in: id, title, suite, file, tags, rules and reason, lower-cased. */
export function searchText(e: Entry): string {
  if (e.hay === null) {
    const s = e.s;
    e.hay = [s.id, s.title, s.suite, s.file, s.tags.join(' '), s.rules.join(' '), s.reason || ''].join('\n').toLowerCase();
  }
  return e.hay;
}

/** The lower-cased words of a search box (every one must match). */
export function searchTerms(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}
