/**
 * The report's tiny view library: elements built from data with DOM APIs only — `createElement`, text nodes,
 * `setAttribute` — never from markup, so a string from a target or a scenario file can only ever become text.
 */
import type { RuleStatus } from '../../../runner/model/report.ts';

/** One child of an element: a node, or a value shown as text; `null`, `undefined` and `false` are left out. */
export type Child = Node | string | number | null | undefined | false;

/** One child or a list of them. */
export type Children = Child | readonly Child[];

/** The glyph shown for each status. */
const ICON: Readonly<Record<RuleStatus, string>> = { passed: '\u2713', failed: '\u2715', errored: '!', skipped: '\u2212', untested: '?' };

/** Appends children to `node` (values as text nodes) and returns it. */
export function add<T extends Node>(node: T, children: Children): T {
  const list: readonly Child[] = Array.isArray(children) ? children : [children as Child];
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A new element with an optional class list and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string | null, children?: Children): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (children !== undefined) add(node, children);
  return node;
}

/** Sets attributes (values as strings) on `node` and returns it. */
export function attr<T extends Element>(node: T, map: Readonly<Record<string, string | number | boolean>>): T {
  for (const [k, v] of Object.entries(map)) node.setAttribute(k, String(v));
  return node;
}

/** A `type="button"` button, with an accessible name when its text is not one. */
export function button(cls: string, children: Children, label?: string): HTMLButtonElement {
  const b = el('button', cls, children);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  return b;
}

/** A link to `href` (always one of the report's own `#…` deep links). */
export function link(href: string, children: Children, cls?: string): HTMLAnchorElement {
  const a = el('a', cls, children);
  a.setAttribute('href', href);
  return a;
}

/** The status glyph, hidden from screen readers (which read {@link srOnly} text instead). */
export function icon(status: RuleStatus): HTMLSpanElement {
  return attr(el('span', `icon icon--${status}`, ICON[status] ?? '?'), { 'aria-hidden': 'true' });
}

/** Text for screen readers only. */
export function srOnly(text: string): HTMLSpanElement {
  return el('span', 'sr-only', text);
}

/** A coloured badge for a status (its text: the status, unless given). */
export function badge(status: string, text?: string): HTMLSpanElement {
  return el('span', `badge badge--${status}`, text || status);
}

/** A labelled `<select>` of `[value, text]` options. */
export function select(label: string, id: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = attr(el('select', 'select'), { id, 'aria-label': label });
  for (const [value, text] of options) s.appendChild(new Option(text, value));
  return s;
}

/** A two-column table of names and values, scrolling sideways when it is too wide. */
export function kvTable(rows: readonly (readonly [string, string])[]): HTMLDivElement {
  const tb = el('tbody');
  for (const [k, v] of rows) tb.appendChild(el('tr', null, [el('th', 'mono', k), el('td', 'mono', v)]));
  return el('div', 'table-scroll', el('table', 'kv', tb));
}

/** A list of terms and their values; `null` entries are left out. */
export function facts(list: readonly (readonly [string, Children] | null)[]): HTMLDListElement {
  const dl = el('dl', 'facts');
  for (const f of list) if (f) add(dl, [el('dt', null, f[0]), el('dd', null, f[1])]);
  return dl;
}

/** The element matching `selector` at or above an event's target (event delegation), if any. */
export function closest<T extends Element = HTMLElement>(target: EventTarget | null, selector: string): T | null {
  return target instanceof Element ? target.closest<T>(selector) : null;
}
