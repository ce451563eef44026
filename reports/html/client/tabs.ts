/**
 * The two sections of the report — the scenario list and the rule matrix — as tabs (ARIA tab pattern: one tab
 * selected and focusable, arrow keys switch).
 */
import { attr, button, closest, el } from './dom.ts';

/** The report's sections. */
export type TabId = 'scenarios' | 'rules';

/** One tab and the panel it shows. */
export interface TabSpec {
  readonly id: TabId;
  readonly label: string;
  readonly count: number;
  readonly panel: HTMLElement;
}

/** The tab bar. */
export interface Tabs {
  readonly element: HTMLElement;
  /** The selected section. */
  current(): TabId;
  /** Selects a section (and tells the `shown` callback). */
  show(id: TabId): void;
}

/** A tab bar over two panels; `shown` is told each time a section is selected. */
export function buildTabs(specs: readonly [TabSpec, TabSpec], shown: (id: TabId) => void): Tabs {
  const bar = attr(el('div', 'tabs'), { role: 'tablist', 'aria-label': 'Report sections' });
  const tabs = specs.map((spec) => {
    const b = attr(button('tab', [spec.label, ' ', el('span', 'count', String(spec.count))]), { role: 'tab', id: `tab-${spec.id}`, 'aria-controls': `panel-${spec.id}` });
    b.dataset.tab = spec.id;
    bar.appendChild(b);
    return { spec, tab: b };
  });
  let current: TabId = specs[0].id;
  const show = (id: TabId): void => {
    current = id;
    for (const { spec, tab } of tabs) {
      const on = spec.id === id;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      spec.panel.hidden = !on;
    }
    shown(id);
  };
  bar.addEventListener('click', (ev) => {
    const b = closest(ev.target, 'button[data-tab]');
    if (b) show(b.dataset.tab as TabId);
  });
  bar.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    // Two tabs: either arrow goes to the other one.
    const next = tabs.find((t) => t.spec.id !== current);
    if (!next) return;
    show(next.spec.id);
    next.tab.focus();
  });
  return { element: bar, current: () => current, show };
}
