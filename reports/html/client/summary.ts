/**
 * The summary cards: scenario counts as status chips (filters of the list), rule counts per level (links into the
 * rule matrix), the suites and their verdicts (filters of the list), and the waivers card of a judged run.
 */
import type { RuleLevel } from '../../../runner/model/scenario.ts';
import type { RunReport, Status } from '../../../runner/model/report.ts';
import { attr, badge, button, closest, el, icon } from './dom.ts';
import { waiversCard } from './gate.ts';
import { LEVELS, STATUSES } from './report-data.ts';

const RULE_COLUMNS = ['passed', 'failed', 'errored', 'skipped', 'untested', 'total'] as const;

/** What the summary's controls ask for. */
export interface SummaryActions {
  /** A status chip was pressed (`all` for the first). */
  readonly status: (status: Status | 'all') => void;
  /** A rule level was chosen. */
  readonly level: (level: RuleLevel) => void;
  /** A suite was chosen. */
  readonly suite: (id: string) => void;
}

/** The summary cards, and how to show which status chip is pressed. */
export interface Summary {
  readonly element: HTMLElement;
  pressStatus(status: string): void;
}

const capitalized = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

function scenarioCard(report: RunReport, actions: SummaryActions): { card: HTMLElement; chips: HTMLElement } {
  const counts = report.summary.scenarios;
  const chips = attr(el('div', 'chips'), { role: 'group', 'aria-label': 'Filter scenarios by status' });
  const all = button('chip chip--all', ['All ', el('span', 'count', String(counts.total))]);
  all.dataset.status = 'all';
  chips.appendChild(all);
  for (const st of STATUSES) {
    const b = button(`chip chip--${st}`, [icon(st), ` ${capitalized(st)} `, el('span', 'count', String(counts[st]))]);
    b.dataset.status = st;
    b.id = `count-${st}`;
    chips.appendChild(b);
  }
  chips.addEventListener('click', (ev) => {
    const b = closest(ev.target, 'button[data-status]');
    if (b) actions.status(b.dataset.status as Status | 'all');
  });
  const steps = report.summary.steps;
  const card = el('section', 'card', [
    el('h2', null, 'Scenarios'),
    chips,
    el('p', 'muted small', `Steps: ${STATUSES.map((s) => `${steps[s]} ${s}`).join(', ')} (${steps.total} in all)`),
  ]);
  return { card, chips };
}

function ruleCard(report: RunReport, actions: SummaryActions): HTMLElement {
  const table = el('table', 'levels');
  table.appendChild(el('thead', null, el('tr', null, [el('th', null, 'Level'), ...RULE_COLUMNS.map((c) => el('th', 'num', capitalized(c)))])));
  const tbody = el('tbody');
  for (const level of LEVELS) {
    const rc = report.summary.rules[level];
    if (!rc) continue;
    const lb = button('linkish', level, `Show ${level} rules`);
    lb.dataset.level = level;
    const tr = el('tr', null, [
      el('th', `level level--${level}`, lb),
      ...RULE_COLUMNS.map((c) => {
        const n = rc[c];
        return el('td', `num${n && c !== 'total' ? ` n--${c}` : ''}`, String(n));
      }),
    ]);
    tr.id = `rules-${level}`;
    tbody.appendChild(tr);
  }
  table.appendChild(tbody);
  table.addEventListener('click', (ev) => {
    const b = closest(ev.target, 'button[data-level]');
    if (b) actions.level(b.dataset.level as RuleLevel);
  });
  return el('section', 'card', [el('h2', null, 'Rules'), el('div', 'table-scroll', table)]);
}

function suiteCard(report: RunReport, actions: SummaryActions): HTMLElement {
  const suites = el('ul', 'suites');
  for (const sv of report.verdict.suites) {
    const c = sv.scenarios;
    const b = button('linkish suite-name', sv.title, `Show scenarios of suite ${sv.title}`);
    b.dataset.suite = sv.id;
    const li = el('li', 'suite', [
      badge(sv.conformant ? 'passed' : 'failed', sv.conformant ? 'CONFORMANT' : 'NOT CONFORMANT'),
      b,
      sv.title !== sv.id ? el('span', 'muted mono small', sv.id) : null,
      el('span', 'muted small suite-counts', STATUSES.filter((s) => c[s]).map((s) => `${c[s]} ${s}`).join(' \u00b7 ') || 'no scenarios'),
    ]);
    li.dataset.suite = sv.id;
    li.dataset.conformant = String(sv.conformant);
    suites.appendChild(li);
  }
  suites.addEventListener('click', (ev) => {
    const b = closest(ev.target, 'button[data-suite]');
    if (b) actions.suite(b.dataset.suite ?? '');
  });
  return el('section', 'card', [el('h2', null, 'Suites'), suites]);
}

/** The summary cards of a report. */
export function buildSummary(report: RunReport, actions: SummaryActions): Summary {
  const { card, chips } = scenarioCard(report, actions);
  const element = el('div', 'summary', [card, ruleCard(report, actions), suiteCard(report, actions), waiversCard(report)]);
  return {
    element,
    pressStatus(status) {
      for (const b of chips.querySelectorAll<HTMLButtonElement>('button[data-status]')) b.setAttribute('aria-pressed', String(b.dataset.status === status));
    },
  };
}
