/**
 * The scenario list's filters: status, suite, tag, rule, baseline change or waiver, and a search where every word must
 * match — their state, the predicate over a scenario, and the toolbar that edits them.
 */
import type { Status } from '../../../runner/model/report.ts';
import { attr, button, el, select } from './dom.ts';
import { markSelect, marksOf } from './gate.ts';
import { type Entry, type ReportIndex, searchText } from './report-data.ts';

/** The filters chosen in a select (or by a chip on a row). */
export type FilterKind = 'suite' | 'tag' | 'rule' | 'mark';

/** What the list is narrowed to; empty strings and `all` mean no filter. */
export interface FilterState extends Record<FilterKind, string> {
  status: Status | 'all';
  query: string;
}

/** No filter at all. */
export function noFilters(): FilterState {
  return { status: 'all', suite: '', tag: '', rule: '', mark: '', query: '' };
}

/** True when any filter narrows the list. */
export function filtersActive(state: FilterState): boolean {
  return state.status !== 'all' || !!state.suite || !!state.tag || !!state.rule || !!state.mark || !!state.query;
}

/** True when a scenario passes every filter; `terms` are the search's words. */
export function passes(e: Entry, state: FilterState, terms: readonly string[]): boolean {
  const s = e.s;
  if (state.status !== 'all' && s.status !== state.status) return false;
  if (state.suite && s.suite !== state.suite) return false;
  if (state.tag && !s.tags.includes(state.tag)) return false;
  if (state.rule && !s.rules.includes(state.rule)) return false;
  if (state.mark && !marksOf(s).some((m) => m === state.mark)) return false;
  return terms.every((t) => searchText(e).includes(t));
}

function countBy(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** The toolbar's controls. */
export interface FilterControls {
  readonly toolbar: HTMLElement;
  readonly search: HTMLInputElement;
  readonly selects: Readonly<Partial<Record<FilterKind, HTMLSelectElement>>>;
  readonly clear: HTMLButtonElement;
}

/**
 * The toolbar: the search box, a select per filter with its options from the report (suites, tags and rules with
 * their scenario counts; marks only for a judged run), and the clear button.
 */
export function buildFilterControls(index: ReportIndex): FilterControls {
  const { report, entries } = index;
  const search = attr(el('input', 'search'), {
    type: 'search',
    id: 'search',
    placeholder: 'Search id, title, tag, rule, reason  ( / )',
    'aria-label': 'Search scenarios',
    autocomplete: 'off',
    spellcheck: 'false',
  });

  const suiteOpts: [string, string][] = [['', 'All suites'], ...report.verdict.suites.map((s) => [s.id, s.title] as [string, string])];
  for (const e of entries) if (!suiteOpts.some((o) => o[0] === e.s.suite)) suiteOpts.push([e.s.suite, e.s.suite]);

  const tags = countBy(entries.flatMap((e) => e.s.tags));
  const tagOpts: [string, string][] = [['', 'All tags'], ...[...tags.keys()].sort().map((t) => [t, `${t} (${tags.get(t)})`] as [string, string])];

  const ruleCounts = countBy(entries.flatMap((e) => e.s.rules));
  const ruleIds = report.rules.map((r) => r.id);
  for (const id of ruleCounts.keys()) if (!ruleIds.includes(id)) ruleIds.push(id);
  const ruleOpts: [string, string][] = [['', 'All rules'], ...ruleIds.map((id) => [id, `${id} (${ruleCounts.get(id) ?? 0})`] as [string, string])];

  const selects: Partial<Record<FilterKind, HTMLSelectElement>> = {
    suite: select('Filter by suite', 'filter-suite', suiteOpts),
    tag: select('Filter by tag', 'filter-tag', tagOpts),
    rule: select('Filter by rule', 'filter-rule', ruleOpts),
  };
  if (index.hasMarks) selects.mark = markSelect('filter-mark', 'Filter by baseline change or waiver');

  const clear = button('btn', 'Clear filters');
  clear.id = 'clear-filters';
  const toolbar = el('div', 'toolbar', [search, selects.suite, selects.tag, selects.rule, selects.mark, clear]);
  return { toolbar, search, selects, clear };
}
