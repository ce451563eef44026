/**
 * The levels of a documented rule and their order, strongest first: MUST fails the gate, SHOULD fails it with
 * `--strict`, INFO never fails it. One home for the order, which the report's counts, the console's and Markdown's
 * tables, the HTML report, the fuzzer and the mutation tooling all follow.
 */

/** The rule levels, strongest first. */
export const RULE_LEVELS = ['MUST', 'SHOULD', 'INFO'] as const;

/** Level of a documented rule: MUST fails the gate, SHOULD warns (fails with --strict), INFO never fails. */
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** A level's rank: 0 for MUST, the strongest; 2 for INFO. */
export function levelRank(level: RuleLevel): number {
  return RULE_LEVELS.indexOf(level);
}

/** The strongest of some levels, or `fallback` when there are none. */
export function strongestLevel<F extends RuleLevel | undefined>(levels: Iterable<RuleLevel>, fallback: F): RuleLevel | F {
  let strongest: RuleLevel | undefined;
  for (const level of levels) if (strongest === undefined || levelRank(level) < levelRank(strongest)) strongest = level;
  return strongest ?? fallback;
}
