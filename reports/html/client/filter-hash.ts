/**
 * The scenario list's filters and the open tab in the address, so a reload, a bookmark or a link sent in a chat
 * message shows the same list, and back and forward go between the tabs:
 * `#tab=rules&status=failed&suite=braintree&tag=void&checks=BT-VD-01&mark=new-failure&q=refund`, beside a deep link's
 * `scenario=` (deep-links.ts has the grammar). The scenario list, the first tab, is named by no `tab=`.
 */
import { type DeepLink, hashOf, hashPairs } from './deep-links.ts';
import { type FilterState, noFilters } from './filters.ts';

/** The hash key of each filter (`checks`: the scenarios checking a rule, apart from `rule=`, a rule of the matrix). */
const KEYS: Readonly<Record<keyof FilterState, string>> = { status: 'status', suite: 'suite', tag: 'tag', rule: 'checks', mark: 'mark', query: 'q' };

/** The filters a hash names, the others off; `null` when it names none (a bare deep link keeps the list's filters). */
export function parseFilterHash(hash: string): FilterState | null {
  const pairs = hashPairs(hash);
  const state = noFilters();
  let any = false;
  for (const [kind, key] of Object.entries(KEYS) as [keyof FilterState, string][]) {
    const value = pairs.get(key);
    if (value === undefined) continue;
    any = true;
    // The panel checks the values against the report (an unknown status or option is dropped there).
    (state as Record<keyof FilterState, string>)[kind] = value;
  }
  return any ? state : null;
}

/** The tab a hash names (`tab=rules`), or `null` for the first. */
export function hashTab(hash: string): 'rules' | null {
  return hashPairs(hash).get('tab') === 'rules' ? 'rules' : null;
}

/** The hash of a deep link (or none) with the filters that are on, and the tab when it is not the first. */
export function filterHash(link: DeepLink | null, state: FilterState, tab: 'scenarios' | 'rules' = 'scenarios'): string {
  const pairs: [string, string][] = link ? [[link.kind, link.id]] : [];
  if (link?.step) pairs.push(['step', String(link.step)]);
  if (tab === 'rules') pairs.push(['tab', 'rules']);
  for (const [kind, key] of Object.entries(KEYS) as [keyof FilterState, string][]) {
    const value = state[kind];
    if (value && value !== 'all') pairs.push([key, value]);
  }
  return hashOf(pairs);
}
