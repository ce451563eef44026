/**
 * Deep links: `#scenario=<id>` opens a scenario, `#rule=<id>` a rule of the matrix — on load, on hashchange, and on a
 * click on a link to the hash the page already has (which fires no hashchange).
 */
import { closest } from './dom.ts';

/** What a hash links to. */
export type DeepLink = { readonly kind: 'scenario' | 'rule'; readonly id: string };

const SCENARIO = '#scenario=';
const RULE = '#rule=';

/** The deep link to a scenario. */
export function scenarioHref(id: string): string {
  return SCENARIO + encodeURIComponent(id);
}

/** The deep link to a rule. */
export function ruleHref(id: string): string {
  return RULE + encodeURIComponent(id);
}

function decodeHashValue(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** What a location hash links to, if anything. */
export function parseDeepLink(hash: string): DeepLink | null {
  if (hash.startsWith(SCENARIO)) return { kind: 'scenario', id: decodeHashValue(hash.slice(SCENARIO.length)) };
  if (hash.startsWith(RULE)) return { kind: 'rule', id: decodeHashValue(hash.slice(RULE.length)) };
  return null;
}

/** Puts a deep link in the address without a history entry or a hashchange. */
export function replaceHash(hash: string): void {
  try {
    history.replaceState(null, '', hash);
  } catch {
    // Some file:// setups refuse; the permalink still works.
  }
}

/** Follows the page's deep links with `open`, starting with the one it was opened with. */
export function followDeepLinks(open: (target: DeepLink) => void): void {
  const follow = (): void => {
    const target = parseDeepLink(location.hash);
    if (target) open(target);
  };
  window.addEventListener('hashchange', follow);
  document.addEventListener('click', (ev) => {
    const a = closest<HTMLAnchorElement>(ev.target, `a[href^="${SCENARIO}"], a[href^="${RULE}"]`);
    if (a && a.getAttribute('href') === location.hash && !ev.defaultPrevented) {
      ev.preventDefault();
      follow();
    }
  });
  follow();
}
