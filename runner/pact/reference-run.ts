/**
 * What makes the export's reference run reproducible: the same suites give byte-identical pact files, export after
 * export, on any machine. A Pact Broker versions a pact by its content, so an example that changed by itself — a
 * random id, a timestamp of "now", a random `{{scenario.uid}}`, a link token signed with a random key, the port the
 * embedded simulator happened to get — would publish a new contract every time (a `contract_content_changed`
 * webhook, a provider verification for nothing, `can-i-deploy` answers tied to a version never seen again).
 *
 * Each scenario is played on a simulator of its own, seeded with the scenario's id: its ids, link tokens and clock
 * depend on nothing but the scenario (and the kit's version), not on the other scenarios exported with it, nor on the
 * order their requests happened to interleave in, nor on which filters picked it.
 */
import { createHash } from 'node:crypto';
import type { SimulatorOptions } from '../../simulator/index.ts';
import { isPlainObject } from './expectations.ts';
import { escapeRegex } from './regex.ts';

/**
 * The origin absolute links have in a pact's examples, in place of the reference simulator's ephemeral
 * `http://127.0.0.1:<port>`: a name under `.example`, reserved for documentation (it never resolves). A link's
 * matcher (its type, or the scenario's `$match`) accepts any origin, so a provider on any host and port verifies.
 */
export const EXAMPLE_ORIGIN = 'http://provider.example';

/** `{{run.id}}` of the reference run: one constant, as its examples are. */
export const REFERENCE_RUN_ID = 'settlekit-pact-export';

/** The options of the simulator a scenario's reference run plays on: seeded with the scenario's id. */
export function referenceSimulatorOptions(scenarioId: string): SimulatorOptions {
  return { seed: `settlekit pact export: ${scenarioId}` };
}

/**
 * `{{scenario.uid}}` in the reference run: derived from the scenario's id, so the example request bodies (order ids,
 * references) are stable. It has the shape of a fresh uid (`sk` and 16 characters of `[a-z0-9]`), fits every
 * reference field the APIs document, and differs between scenarios. The verifier's provider states still replay with
 * fresh uids (a real provider may refuse a reference it has seen).
 */
export function referenceUid(scenarioId: string): string {
  return `sk${createHash('sha256').update(scenarioId, 'utf8').digest('hex').slice(0, 16)}`;
}

/**
 * `value` with the reference simulator's `origin` replaced by {@link EXAMPLE_ORIGIN} in every string, deep (plain
 * objects and arrays): the answers, captures and scope a scenario's interactions are encoded from, so an example
 * link, and the path a followed link injects, read the same in every export.
 */
export function withExampleOrigin<T>(value: T, origin: string): T {
  // Not followed by a digit: `http://127.0.0.1:4010` is not the start of `http://127.0.0.1:40101`.
  const pattern = new RegExp(`${escapeRegex(origin)}(?![0-9])`, 'g');
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(origin) ? v.replace(pattern, EXAMPLE_ORIGIN) : v;
    if (Array.isArray(v)) return v.map(rewrite);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([key, item]) => [key, rewrite(item)]));
    return v;
  };
  return rewrite(value) as T;
}
