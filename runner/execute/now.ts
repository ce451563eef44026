/**
 * The current time as an ISO 8601 string, for the `startedAt` of every step and scenario: formatting a Date costs a
 * microsecond or two, and a run starts several steps within the same millisecond, so the text of the last millisecond
 * is kept and given again while the clock has not moved.
 */

let lastMs = Number.NaN;
let lastText = '';

/** `new Date().toISOString()`, formatted at most once per millisecond. */
export function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastText = new Date(ms).toISOString();
  }
  return lastText;
}
