/**
 * The scenario panel: the filter toolbar over a list that renders a window of rows — the first {@link PAGE}, grown on
 * demand or when its end scrolls into view, or rows around a deep-linked scenario — never thousands at once unless the
 * reader scrolls through them. Rows open in place (details built on first open); arrow keys move between them.
 */
import type { Status } from '../../../runner/model/report.ts';
import { buildDetails } from './details.ts';
import { replaceHash } from './deep-links.ts';
import { filterHash } from './filter-hash.ts';
import { attr, button, closest, el } from './dom.ts';
import { copyCurl } from './exchange.ts';
import { type FilterKind, type FilterState, buildFilterControls, filtersActive, noFilters, passes } from './filters.ts';
import { plural } from './format.ts';
import { type Entry, type ReportIndex, STATUSES, searchTerms } from './report-data.ts';
import { buildRow } from './scenario-row.ts';

/** Rows rendered at a time. */
export const PAGE = 200;

/** The scenario panel. */
export interface ScenarioPanel {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  /** A status chip: that status, or every status when it is the one already chosen (or `all`). */
  toggleStatus(status: Status | 'all'): void;
  /** Narrows the list by one filter (its select shows it). */
  setFilter(kind: FilterKind, value: string): void;
  /** Sets every filter at once (from the address): a status or an option the report lacks is dropped. */
  setFilters(next: FilterState): void;
  /** The filters that are on. */
  filters(): Readonly<FilterState>;
  /** Every scenario checking a rule, from the top of the list. */
  showRule(id: string): void;
  /**
   * Opens a scenario (clearing filters that hide it), scrolls to it and focuses it, or to its step `step` (from 1),
   * opened; false when no scenario has that id.
   */
  reveal(id: string, step?: number): boolean;
  /** Escape: clears the search, else the filters, else leaves the search box. */
  escape(target: EventTarget | null): void;
  /** Applies the filters and renders the first rows. */
  apply(): void;
}

/** The scenario panel of a report; `applied` is told the filters each time they are applied. */
export function buildScenarioPanel(index: ReportIndex, applied: (state: FilterState) => void): ScenarioPanel {
  const { entries, ordered } = index;
  const state = noFilters();
  const controls = buildFilterControls(index);
  const { search, selects } = controls;
  let filtered: Entry[] = [];
  // The rendered window [winStart, winEnd) of `filtered`.
  let winStart = 0;
  let winEnd = 0;

  const count = attr(el('p', 'list-count'), { id: 'scenario-count', 'aria-live': 'polite' });
  const list = attr(el('ol', 'scenarios'), { id: 'scenario-list', 'aria-label': 'Scenarios' });
  const emptyClear = button('linkish', 'Clear filters');
  const empty = el('div', 'empty', ['No scenario matches these filters. ', emptyClear]);
  empty.hidden = true;
  const more = button('btn btn--more', '');
  more.id = 'show-more';
  const moreBar = el('div', 'more-bar', more);
  const earlier = button('btn btn--more', '');
  earlier.id = 'show-earlier';
  const earlierBar = el('div', 'more-bar', earlier);
  const sentinel = el('div', 'sentinel');

  function apply(): void {
    const terms = searchTerms(state.query);
    filtered = ordered.filter((e) => passes(e, state, terms));
    renderWindow(0);
    applied(state);
    controls.clear.disabled = !filtersActive(state);
    empty.hidden = filtered.length > 0;
    if (!entries.length) empty.textContent = 'No scenario ran in this run.';
  }

  function reset(): void {
    Object.assign(state, noFilters());
    search.value = '';
    for (const s of Object.values(selects)) s.value = '';
    apply();
  }

  function renderWindow(start: number): void {
    list.textContent = '';
    for (const e of entries) e.row = null;
    winStart = winEnd = start;
    renderMore(PAGE);
  }

  function renderMore(n: number): void {
    const end = Math.min(filtered.length, winEnd + n);
    const frag = document.createDocumentFragment();
    for (let k = winEnd; k < end; k++) frag.appendChild(buildRow(filtered[k]!));
    list.appendChild(frag);
    winEnd = end;
    updateStatus();
  }

  function renderEarlier(): void {
    const start = Math.max(0, winStart - PAGE);
    const anchor = list.firstElementChild;
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    const frag = document.createDocumentFragment();
    for (let k = start; k < winStart; k++) frag.appendChild(buildRow(filtered[k]!));
    list.insertBefore(frag, anchor);
    winStart = start;
    updateStatus();
    // Keep the rows the reader was looking at in place.
    if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  function updateStatus(): void {
    const after = filtered.length - winEnd;
    moreBar.hidden = after <= 0;
    more.textContent = `Show ${Math.min(PAGE, after)} more (${after} below not shown)`;
    earlierBar.hidden = winStart <= 0;
    earlier.textContent = `Show ${Math.min(PAGE, winStart)} earlier (${winStart} above not shown)`;
    const range = winStart > 0 ? `Showing ${winStart + 1}\u2013${winEnd}` : `Showing ${winEnd}`;
    count.textContent =
      filtered.length === entries.length
        ? `${range} of ${plural(entries.length, 'scenario')}`
        : `${range} of ${filtered.length} matching (${plural(entries.length, 'scenario')} in the report)`;
    count.dataset.matching = String(filtered.length);
    count.dataset.shown = String(winEnd - winStart);
  }

  function setOpen(e: Entry, open: boolean): void {
    const li = e.row;
    if (!li) return;
    let det = li.querySelector<HTMLElement>('.scn-details');
    if (open && !det) {
      performance.mark('settlekit:open-start');
      det = buildDetails(e.s, e.i, index.rulesById);
      li.appendChild(det);
      performance.measure('settlekit:open-scenario', 'settlekit:open-start');
    }
    if (det) det.hidden = !open;
    li.querySelector('.scn-toggle')?.setAttribute('aria-expanded', String(open));
    li.classList.toggle('open', open);
  }

  function setFilter(kind: FilterKind, value: string): void {
    state[kind] = value;
    const s = selects[kind];
    if (s) s.value = value;
    apply();
  }

  search.addEventListener('input', () => {
    state.query = search.value;
    apply();
  });
  for (const [kind, s] of Object.entries(selects) as [FilterKind, HTMLSelectElement][]) {
    s.addEventListener('change', () => {
      state[kind] = s.value;
      apply();
    });
  }
  controls.clear.addEventListener('click', () => {
    reset();
    search.focus();
  });
  emptyClear.addEventListener('click', reset);
  more.addEventListener('click', () => renderMore(PAGE));
  earlier.addEventListener('click', renderEarlier);
  if (typeof IntersectionObserver === 'function') {
    new IntersectionObserver(
      (items) => {
        if (items.some((it) => it.isIntersecting) && winEnd < filtered.length && winEnd > winStart) renderMore(PAGE);
      },
      { rootMargin: '600px 0px' },
    ).observe(sentinel);
  }

  list.addEventListener('click', (ev) => {
    const chip = closest(ev.target, 'button[data-filter]');
    if (chip) {
      setFilter(chip.dataset.filter as FilterKind, chip.dataset.value ?? '');
      return;
    }
    const copy = closest(ev.target, 'button[data-copy]');
    if (copy) {
      copyCurl(copy);
      return;
    }
    const toggle = closest(ev.target, 'button.scn-toggle');
    const li = toggle?.closest<HTMLElement>('li.scn');
    const e = li ? entries[Number(li.dataset.index)] : undefined;
    if (!toggle || !e) return;
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    setOpen(e, open);
    if (open) replaceHash(filterHash({ kind: 'scenario', id: e.s.id }, state));
  });

  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const target = ev.target;
    if (!(target instanceof HTMLElement) || !target.classList.contains('scn-toggle')) return;
    const li = target.closest('li.scn');
    if (!li) return;
    const down = ev.key === 'ArrowDown';
    let next = down ? li.nextElementSibling : li.previousElementSibling;
    if (!next && down && winEnd < filtered.length) {
      renderMore(PAGE);
      next = li.nextElementSibling;
    }
    if (!next && !down && winStart > 0) {
      renderEarlier();
      next = li.previousElementSibling;
    }
    if (next) {
      ev.preventDefault();
      next.querySelector<HTMLElement>('.scn-toggle')?.focus();
    }
  });

  const element = attr(el('section', 'panel', [el('h2', 'sr-only', 'Scenario list'), controls.toolbar, count, earlierBar, list, empty, moreBar, sentinel]), {
    id: 'panel-scenarios',
    role: 'tabpanel',
    'aria-labelledby': 'tab-scenarios',
  });

  return {
    element,
    search,
    apply,
    setFilter,
    setFilters(next) {
      Object.assign(state, noFilters());
      state.status = next.status === 'all' || STATUSES.includes(next.status) ? next.status : 'all';
      state.query = search.value = next.query;
      for (const [kind, s] of Object.entries(selects) as [FilterKind, HTMLSelectElement][]) {
        const known = [...s.options].some((o) => o.value === next[kind]);
        state[kind] = known ? next[kind] : '';
        s.value = state[kind];
      }
      apply();
    },
    filters: () => ({ ...state }),
    toggleStatus(status) {
      state.status = state.status === status && status !== 'all' ? 'all' : status;
      apply();
    },
    showRule(id) {
      reset();
      setFilter('rule', id);
      list.scrollIntoView({ block: 'start' });
    },
    reveal(id, step) {
      const e = index.byId.get(id);
      if (!e) return false;
      let idx = filtered.indexOf(e);
      if (idx < 0) {
        reset();
        idx = filtered.indexOf(e);
      }
      if (idx >= winEnd && idx < winEnd + PAGE) renderMore(idx + 1 - winEnd);
      else if (idx < winStart || idx >= winEnd) renderWindow(Math.max(0, idx - 5));
      setOpen(e, true);
      list.querySelector('li.targeted')?.classList.remove('targeted');
      const row = e.row!;
      row.classList.add('targeted');
      const stepDetails = step ? row.querySelectorAll<HTMLDetailsElement>('li.step > details')[step - 1] : undefined;
      if (stepDetails) {
        // Opening it fires its toggle event, which builds its body.
        stepDetails.open = true;
        stepDetails.scrollIntoView({ block: 'start' });
        stepDetails.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
      } else {
        row.scrollIntoView({ block: 'start' });
        row.querySelector<HTMLElement>('.scn-toggle')?.focus({ preventScroll: true });
      }
      replaceHash(filterHash(stepDetails ? { kind: 'scenario', id, step } : { kind: 'scenario', id }, state));
      return true;
    },
    escape(target) {
      if (state.query) {
        state.query = search.value = '';
        apply();
      } else if (filtersActive(state)) reset();
      else if (target === search) search.blur();
    },
  };
}
