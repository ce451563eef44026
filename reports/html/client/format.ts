/**
 * How the report writes durations, dates, sizes, counts and values: pure functions, the same words everywhere.
 */

/** A duration: `4.2 ms`, `310 ms`, `3.0 s`, `2 min 5 s`; empty for a missing value. */
export function fmtMs(ms: number | undefined): string {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : String(Math.round(ms))} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
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
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
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
