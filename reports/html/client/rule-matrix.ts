/**
 * The rule matrix: every rule of the run with its level, status, suite, sentence, source and the scenarios checking
 * it, failing first; searchable and filtered by level, status and (for a judged run) baseline change or waiver.
 * Rendered when first shown.
 */
import type { RuleResult } from '../../../runner/model/report.ts';
import type { RuleLevel } from '../../../runner/model/scenario.ts';
import { scenarioHref } from './deep-links.ts';
import { add, attr, badge, button, closest, el, icon, link, select, srOnly } from './dom.ts';
import { plural } from './format.ts';
import { markBadges, markSelect, marksOf } from './gate.ts';
import { LEVELS, type ReportIndex, searchTerms, statusRank } from './report-data.ts';

/** Scenario links shown in a rule's row before "Show all". */
const MAX_RULE_LINKS = 8;

/** The rule matrix. */
export interface RuleMatrix {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  /** Renders the rows unless they already were (the matrix is built when first shown). */
  ensureRendered(): void;
  /** Shows the rules of one level only. */
  setLevel(level: RuleLevel): void;
  /** Clears the filters and highlights a rule's row, scrolled into view. */
  reveal(id: string): void;
  /** Escape: clears the filters, else leaves the search box. */
  escape(target: EventTarget | null): void;
}

/** The rule matrix of a report; `showScenarios` lists the scenarios of a rule. */
export function buildRuleMatrix(index: ReportIndex, showScenarios: (ruleId: string) => void): RuleMatrix {
  const { report, byId } = index;
  const search = attr(el('input', 'search'), { type: 'search', id: 'rule-search', placeholder: 'Search rule id, title, sentence, source', 'aria-label': 'Search rules', autocomplete: 'off' });
  const level = select('Filter rules by level', 'rule-level', [['', 'All levels'], ...LEVELS.map((l) => [l, l] as const)]);
  const status = select('Filter rules by status', 'rule-status', [['', 'All statuses'], ...(['failed', 'errored', 'untested', 'skipped', 'passed'] as const).map((s) => [s, s] as const)]);
  const mark = index.hasMarks ? markSelect('rule-mark', 'Filter rules by baseline change or waiver') : null;
  const filters = [level, status, ...(mark ? [mark] : [])];
  const count = attr(el('p', 'list-count'), { id: 'rule-count', 'aria-live': 'polite' });
  const body = el('tbody');
  let rendered = false;

  function row(r: RuleResult): HTMLTableRowElement {
    const tr = el('tr', `rule rule--${r.status}`);
    tr.dataset.rule = r.id;
    const links = el('div', 'rule-links');
    for (const id of r.scenarios.slice(0, MAX_RULE_LINKS)) {
      const st = byId.get(id)?.s.status ?? 'untested';
      links.appendChild(link(scenarioHref(id), [icon(st), srOnly(`${st}: `), id], 'scenario-link'));
    }
    if (r.scenarios.length > 1) {
      const b = button('linkish small', r.scenarios.length > MAX_RULE_LINKS ? `Show all ${r.scenarios.length} scenarios` : 'Filter scenarios by this rule');
      b.dataset.showRule = r.id;
      links.appendChild(b);
    }
    if (!r.scenarios.length) links.appendChild(el('span', 'muted', r.status === 'untested' ? 'none' : '\u2014'));
    const statusCell = el('td', null, [badge(r.status), ...markBadges(r)]);
    if (r.status === 'untested') {
      statusCell.appendChild(el('div', 'untested-why small', r.untestableReason ? `Untestable: ${r.untestableReason}` : 'No scenario in this run covers this rule.'));
    }
    const cell = (node: HTMLTableCellElement, label: string): HTMLTableCellElement => attr(node, { 'data-label': label });
    add(tr, [
      cell(
        el('td', 'rule-main', [
          el('div', 'rule-head', [el('span', 'rule-id mono', r.id), ' ', el('span', 'rule-title', r.title)]),
          el('blockquote', 'sentence', r.sentence),
          el('div', 'source small muted', ['Source: ', el('span', 'mono', r.source)]),
        ]),
        'Rule',
      ),
      cell(el('td', null, el('span', `level level--${r.level}`, r.level)), 'Level'),
      cell(statusCell, 'Status'),
      cell(el('td', 'mono small', r.suite), 'Suite'),
      cell(el('td', null, links), 'Scenarios'),
    ]);
    return tr;
  }

  function render(): void {
    rendered = true;
    const terms = searchTerms(search.value);
    const rules = report.rules
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => {
        if (level.value && r.level !== level.value) return false;
        if (status.value && r.status !== status.value) return false;
        if (mark?.value && !marksOf(r).some((m) => m === mark.value)) return false;
        const text = [r.id, r.title, r.sentence, r.source, r.suite, r.untestableReason || ''].join('\n').toLowerCase();
        return terms.every((t) => text.includes(t));
      })
      .sort((a, b) => statusRank(a.r.status) - statusRank(b.r.status) || a.i - b.i);
    body.textContent = '';
    const frag = document.createDocumentFragment();
    for (const { r } of rules) frag.appendChild(row(r));
    body.appendChild(frag);
    count.textContent = `Showing ${rules.length} of ${plural(report.rules.length, 'rule')}`;
    count.dataset.matching = String(rules.length);
  }

  /** Clears the search and the filters; true when any was set. */
  function clearFilters(): boolean {
    const active = [search, ...filters].some((c) => c.value);
    search.value = '';
    for (const f of filters) f.value = '';
    return active;
  }

  search.addEventListener('input', render);
  for (const f of filters) f.addEventListener('change', render);

  const head = el('tr', null, ['Rule', 'Level', 'Status', 'Suite', 'Scenarios'].map((h) => attr(el('th', null, h), { scope: 'col' })));
  const table = attr(el('table', 'rules', [el('thead', null, head), body]), { id: 'rule-matrix' });
  table.addEventListener('click', (ev) => {
    const b = closest(ev.target, 'button[data-show-rule]');
    if (b) showScenarios(b.dataset.showRule ?? '');
  });
  const element = attr(el('section', 'panel', [el('h2', 'sr-only', 'Rule matrix'), el('div', 'toolbar', [search, ...filters]), count, el('div', 'table-scroll', table)]), {
    id: 'panel-rules',
    role: 'tabpanel',
    'aria-labelledby': 'tab-rules',
  });
  element.hidden = true;

  return {
    element,
    search,
    ensureRendered() {
      if (!rendered) render();
    },
    setLevel(l) {
      level.value = l;
      render();
    },
    reveal(id) {
      clearFilters();
      render();
      const target = [...body.children].find((tr) => (tr as HTMLElement).dataset.rule === id);
      if (!target) return;
      target.classList.add('targeted');
      target.scrollIntoView({ block: 'center' });
      setTimeout(() => target.classList.remove('targeted'), 2500);
    },
    escape(target) {
      if (clearFilters()) render();
      else if (target === search) search.blur();
    },
  };
}
