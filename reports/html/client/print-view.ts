/**
 * The printed report (print, or save as PDF for an audit): the interactive list shows a window of rows with their
 * details built on demand, so paper would get the first rows' titles and none of the evidence. Printing instead shows
 * this section — every failed and errored scenario with its details (failing steps open: assertions, request,
 * response, the error and its hint) and what was left out — built when the page first turns to print.
 */
import { buildDetails } from './details.ts';
import { attr, el, icon } from './dom.ts';
import { plural } from './format.ts';
import type { ReportIndex } from './report-data.ts';

/** The print section: hidden on screen (styles.css), built on the first print. */
export interface PrintView {
  readonly element: HTMLElement;
  /** Builds the section unless it already was (idempotent; the page calls it on `beforeprint` and on print media). */
  ensureBuilt(): void;
}

/** The print section of a report. */
export function buildPrintView(index: ReportIndex): PrintView {
  const element = attr(el('section', 'print-view'), { id: 'print-view', 'aria-label': 'Failures, as printed' });
  let built = false;

  function ensureBuilt(): void {
    if (built) return;
    built = true;
    // `ordered` holds failed, then errored scenarios first, in report order: the list's own order.
    const failing = index.ordered.filter((e) => e.s.status === 'failed' || e.s.status === 'errored');
    const c = index.report.summary.scenarios;
    element.appendChild(el('h2', null, failing.length ? `Failed and errored scenarios (${failing.length})` : 'No scenario failed or errored'));
    const others = [c.passed ? `${c.passed} passed` : '', c.skipped ? `${c.skipped} skipped` : ''].filter(Boolean);
    if (others.length) {
      element.appendChild(el('p', 'muted', `Not printed: the ${others.join(' and ')} of the ${plural(c.total, 'scenario')} (the JSON report has them all).`));
    }
    for (const e of failing) {
      const details = buildDetails(e.s, e.i, index.rulesById);
      // The list may hold the same scenario's details open: one id per page.
      details.removeAttribute('id');
      element.appendChild(
        el('article', `print-scn scn--${e.s.status}`, [
          el('h3', 'print-scn-title', [icon(e.s.status), ` ${e.s.status.toUpperCase()}: `, e.s.title]),
          el('div', 'scn-id', e.s.id),
          details,
        ]),
      );
    }
  }

  return { element, ensureBuilt };
}

/** Builds `view` when the page is about to print: `beforeprint`, and print media (emulated print, some engines' PDF). */
export function onPrint(view: PrintView): void {
  window.addEventListener('beforeprint', view.ensureBuilt);
  const media = window.matchMedia('print');
  if (media.matches) view.ensureBuilt();
  media.addEventListener('change', (ev) => {
    if (ev.matches) view.ensureBuilt();
  });
}
