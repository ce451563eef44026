/**
 * The one order of text settlekit sorts by where the order must be the same on every machine: by UTF-16 code units,
 * as `Array.prototype.sort` compares strings. `localeCompare` follows the machine's locale (ICU reads LANG), so a
 * matrix of CI machines could plan scenarios in different orders — and `--shard i/n` splits the plan, so shards would
 * overlap or miss scenarios — and Pact files or reports would differ between machines.
 */

/** Compares two strings by UTF-16 code units (negative, zero, positive), the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
