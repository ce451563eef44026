/**
 * Amounts drawn toward the edges the documents talk about. A command carries a symbolic {@link AmountEdge} ("exactly
 * what is left", "one minor unit more", zero, negative, many small amounts…); it is resolved against the model state
 * when the command is compiled, so a shrunk sequence keeps asking for "exactly what is left" of whatever is left
 * then. Integer minor units throughout (lib/money.ts formats them).
 */
import fc from 'fast-check';

/** A symbolic amount, relative to a base (what is left to settle or refund). */
export type AmountEdge =
  | { readonly edge: 'exact' }
  | { readonly edge: 'over' }
  | { readonly edge: 'zero' }
  | { readonly edge: 'negative' }
  | { readonly edge: 'one' }
  | { readonly edge: 'half' }
  | { readonly edge: 'part'; readonly percent: number }
  | { readonly edge: 'small'; readonly minor: number };

/** What each edge means, for step names. */
export function describeEdge(edge: AmountEdge): string {
  switch (edge.edge) {
    case 'exact':
      return 'exactly what is left';
    case 'over':
      return 'one minor unit more than is left';
    case 'zero':
      return 'zero';
    case 'negative':
      return 'a negative amount';
    case 'one':
      return 'the smallest amount';
    case 'half':
      return 'half of what is left';
    case 'part':
      return `${edge.percent}% of what is left`;
    case 'small':
      return 'a small amount';
  }
}

/**
 * Edges, weighted toward the boundaries. `exact` comes first so that shrinking, which prefers earlier options, moves
 * toward the plainest amount.
 */
export function amountEdge(options: { readonly invalid?: boolean } = {}): fc.Arbitrary<AmountEdge> {
  const valid: fc.WeightedArbitrary<AmountEdge>[] = [
    { weight: 5, arbitrary: fc.constant({ edge: 'exact' } as const) },
    { weight: 5, arbitrary: fc.constant({ edge: 'over' } as const) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 99 }).map((percent) => ({ edge: 'part', percent }) as const) },
    { weight: 2, arbitrary: fc.constant({ edge: 'half' } as const) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 500 }).map((minor) => ({ edge: 'small', minor }) as const) },
    { weight: 1, arbitrary: fc.constant({ edge: 'one' } as const) },
  ];
  const invalid: fc.WeightedArbitrary<AmountEdge>[] = options.invalid === false ? [] : [
    { weight: 1, arbitrary: fc.constant({ edge: 'zero' } as const) },
    { weight: 1, arbitrary: fc.constant({ edge: 'negative' } as const) },
  ];
  return fc.oneof(...valid, ...invalid);
}

/** The amount an edge stands for, in minor units, given what is left (`base`, minor units). */
export function resolveEdge(edge: AmountEdge, base: number): number {
  const left = Math.max(0, base);
  switch (edge.edge) {
    case 'exact':
      return left;
    case 'over':
      return left + 1;
    case 'zero':
      return 0;
    case 'negative':
      return -Math.max(1, left);
    case 'one':
      return 1;
    case 'half':
      return Math.max(1, Math.floor(left / 2));
    case 'part':
      return Math.max(1, Math.floor((left * edge.percent) / 100));
    case 'small':
      return edge.minor;
  }
}

/** A pick among candidates, counted from the most recent (0 = the latest), biased toward recent ones. */
export const recentPick: fc.Arbitrary<number> = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.nat(20) });

/** The candidate `pick` points at (from the most recent), or `undefined` when there is none. */
export function pickRecent<T>(candidates: readonly T[], pick: number): T | undefined {
  if (candidates.length === 0) return undefined;
  return candidates[candidates.length - 1 - (pick % candidates.length)];
}

/** The number of times a step is sent at once under `--race` (absent otherwise): mostly none, else 2 to 4. */
export function raceCount(race: boolean): fc.Arbitrary<number | undefined> {
  if (!race) return fc.constant(undefined);
  return fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 4 }) });
}
