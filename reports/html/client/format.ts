/**
 * How the report writes durations, dates, sizes, counts and values: pure functions, the same words everywhere.
 */

/** A duration: `4.2 ms`, `310 ms`, `3.0 s`, `2 min 5 s`; empty for a missing value. */
export function fmtMs(ms: number | undefined): string {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  // Each unit is chosen by the value as it will be written, rounded: 999.6 ms is "1.0 s", 119.7 s is "2 min 0 s".
  if (ms < 9.95) return `${ms.toFixed(1)} ms`;
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** An ISO timestamp as `YYYY-MM-DD hh:mm:ss UTC` (as given when it does not parse). */
export function fmtDate(iso: string): string {
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** A size in bytes: `512 B`, `4.0 KB`, `4.8 MB`; empty for a missing value. */
export function fmtBytes(n: number | undefined): string {
  if (typeof n !== 'number') return '';
  if (n < 1024) return `${n} B`;
  // As for durations: 1023.96 KB is written "1.0 MB", not "1024.0 KB".
  if (Math.round((n / 1024) * 10) < 10240) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `1 rule`, `2 rules`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** True for objects and arrays (values shown as a line diff rather than side by side). */
export function isStructured(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

/** A value as pretty JSON, `(absent)` when there is none. */
export function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v, null, 2);
}

/** A deep copy with every object's keys sorted, so two values diff by content rather than key order. */
export function sortedCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedCopy);
  if (!isStructured(v)) return v;
  const record = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(record).sort()) out[k] = sortedCopy(record[k]);
  return out;
}
