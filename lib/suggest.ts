/**
 * "Did you mean …?": the closest names to a misspelt one, for error messages (unknown operations, rules,
 * capabilities).
 */

/** " (did you mean …?)" with the closest candidates by edit distance, or nothing when none is close. */
export function suggest(name: string, candidates: readonly string[]): string {
  const scored = candidates
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 4)))
    .sort((a, b) => a.distance - b.distance);
  return scored.length > 0 ? ` (did you mean ${scored.slice(0, 3).map((s) => s.candidate).join(', ')}?)` : '';
}

/** Levenshtein distance, with transpositions counted as one edit (so "craete" is one edit from "create"). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
