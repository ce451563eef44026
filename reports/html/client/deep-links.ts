/**
 * Deep links: `#scenario=<id>` opens a scenario, `#rule=<id>` a rule of the matrix — on load, on hashchange, and on a
 * click on a link to the hash the page already has (which fires no hashchange). A hash is `key=value` pairs joined by
 * `&`, each value URI-encoded (filter-hash.ts adds the scenario list's filters to it).
 */
import { closest } from './dom.ts';

/** What a hash links to. */
export type DeepLink = { readonly kind: 'scenario' | 'rule'; readonly id: string; /** A scenario's step, from 1. */ readonly step?: number };

const SCENARIO = '#scenario=';
const RULE = '#rule=';

/** The deep link to a scenario. */
export function scenarioHref(id: string): string {
  return SCENARIO + encodeURIComponent(id);
}

/** The deep link to a step (from 1) of a scenario. */
export function stepHref(id: string, step: number): string {
  return `${scenarioHref(id)}&step=${step}`;
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

/** A location hash's `key=value` pairs, values decoded (a key given twice: its first value). */
export function hashPairs(hash: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (!pairs.has(key)) pairs.set(key, decodeHashValue(part.slice(eq + 1)));
  }
  return pairs;
}

/** A hash of `key=value` pairs (values encoded), or `''` for none. */
export function hashOf(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length ? `#${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
}

/** What a location hash links to, if anything. */
export function parseDeepLink(hash: string): DeepLink | null {
  const pairs = hashPairs(hash);
  const scenario = pairs.get(SCENARIO.slice(1, -1));
  if (scenario !== undefined) {
    const step = Number(pairs.get('step'));
    return Number.isInteger(step) && step > 0 ? { kind: 'scenario', id: scenario, step } : { kind: 'scenario', id: scenario };
  }
  const rule = pairs.get(RULE.slice(1, -1));
  if (rule !== undefined) return { kind: 'rule', id: rule };
  return null;
}

/** Puts a deep link in the address without a history entry or a hashchange (`''`: no hash). */
export function replaceHash(hash: string): void {
  try {
    history.replaceState(null, '', hash || location.pathname + location.search);
  } catch {
    // Some file:// setups refuse; the permalink still works.
  }
}

/** Puts a hash in the address as a new history entry (back returns to the one before), without a hashchange. */
export function pushHash(hash: string): void {
  try {
    history.pushState(null, '', hash || location.pathname + location.search);
  } catch {
    // As replaceHash.
  }
}

/**
 * Follows the page's address with `open` — on load, on hashchange (back and forward too), on a click on a link to
 * the hash it has — with what its deep link names, or `null` for a hash without one (filters only, or none).
 */
export function followDeepLinks(open: (target: DeepLink | null) => void): void {
  const follow = (): void => open(parseDeepLink(location.hash));
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
