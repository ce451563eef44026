/**
 * One row of the scenario list: the toggle (status, title, id), its suite, rule and tag chips (filters), its marks,
 * duration and permalink, and why it did not pass.
 */
import { scenarioHref } from './deep-links.ts';
import { add, attr, button, el, icon, link, srOnly } from './dom.ts';
import { fmtMs } from './format.ts';
import type { FilterKind } from './filters.ts';
import { markBadges } from './gate.ts';
import type { Entry } from './report-data.ts';

function chipButton(kind: FilterKind, value: string, cls: string): HTMLButtonElement {
  const b = button(`tagchip ${cls}`, value);
  b.dataset.filter = kind;
  b.dataset.value = value;
  b.setAttribute('title', `Show only scenarios with ${kind} ${value}`);
  return b;
}

/** The row of a scenario (its details are built when it is opened). */
export function buildRow(e: Entry): HTMLLIElement {
  const s = e.s;
  const li = el('li', `scn scn--${s.status}`);
  li.dataset.index = String(e.i);
  // The title and id wrap inside their own box, so a long title never pushes them below the status icon.
  const toggle = attr(
    button('scn-toggle', [icon(s.status), srOnly(`${s.status}: `), el('span', 'scn-text', [el('span', 'scn-title', s.title), el('span', 'scn-id', s.id)])]),
    { 'aria-expanded': 'false', 'aria-controls': `scn-details-${e.i}` },
  );
  const meta = el('div', 'scn-meta', [
    el('span', 'tagchip tagchip--suite', s.suite),
    ...s.rules.map((r) => chipButton('rule', r, 'tagchip--rule')),
    ...s.tags.map((t) => chipButton('tag', t, 'tagchip--tag')),
    ...markBadges(s),
    el('span', 'dur', fmtMs(s.timings.durationMs)),
    attr(link(scenarioHref(s.id), '#', 'permalink'), { 'aria-label': `Link to scenario ${s.id}`, title: 'Link to this scenario' }),
  ]);
  // The toggle inside a heading (the accordion pattern): a screen reader moves from scenario to scenario by heading.
  add(li, [el('div', 'scn-head', [el('h3', 'scn-h', toggle), meta])]);
  if (s.reason && s.status !== 'passed') li.appendChild(el('div', 'scn-reason', s.reason));
  e.row = li;
  return li;
}
