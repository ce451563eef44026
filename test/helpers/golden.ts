/**
 * Golden outputs: a run's JSON report and console output with what legitimately differs between two runs of the same
 * deterministic run — wall-clock times, durations, ports, the run id, scenario uids and the random ids and tokens the
 * simulator mints — replaced by stable placeholders, so a comparison with a committed fixture shows only real changes.
 */
import { createHash } from 'node:crypto';

/** Response bodies and curl lines longer than this are kept as a digest, so the fixture stays reviewable. */
const DIGEST_ABOVE = 240;

/** Keys whose values are wall-clock readings. */
const WALL_CLOCK_KEYS = new Set(['startedAt', 'finishedAt', 'durationMs', 'date']);

/** Random values, each mapped to `<kind-N>` in order of first appearance (so equal values stay visibly equal). */
const RANDOM_VALUES: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  // A scenario's uid: `sk` + Date.now() in base 36 + 8 hex digits.
  { kind: 'uid', pattern: /\bsk[0-9a-z]{8,9}[0-9a-f]{8}\b/g },
  { kind: 'run', pattern: /\brun-[0-9a-z]{6,}\b/g },
  // Worldpay payment and command ids; Split Payments split and item ids.
  { kind: 'wp-id', pattern: /\b(?:pay|cmd)[A-Za-z0-9_-]{21}0\b/g },
  { kind: 'sp-id', pattern: /\b(?:spl|itm)[a-z0-9]{21}0\b/g },
  // Signed linkData tokens (base64url, random key): long runs with digits and capitals.
  { kind: 'token', pattern: /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])/g },
];

/** `sha256:<hex> (N chars)` of a normalized text. */
function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')} (${text.length} chars)`;
}

/** Replaces ports and random values in `text` with placeholders; `seen` keeps the numbering across calls. */
export function normalizeText(text: string, seen: Map<string, string> = new Map()): string {
  let result = text.replace(/\b127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
  for (const { kind, pattern } of RANDOM_VALUES) {
    result = result.replace(pattern, (value) => {
      let placeholder = seen.get(value);
      if (!placeholder) {
        placeholder = `<${kind}-${[...seen.values()].filter((p) => p.startsWith(`<${kind}-`)).length + 1}>`;
        seen.set(value, placeholder);
      }
      return placeholder;
    });
  }
  return result;
}

/** The JSON report, normalized (see the module comment), with decoded and long bodies as `sha256:… (N chars)`. */
export function normalizeReport(report: unknown): unknown {
  const seen = new Map<string, string>();
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (key !== undefined && WALL_CLOCK_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number')) return `<${key}>`;
    // A decoded body is kept as a digest too: the fixture shows that it is unchanged, the report shows what it is.
    if (key === 'decoded' && value !== undefined) return digest(JSON.stringify(walk(value, undefined)));
    if (typeof value === 'string') {
      const text = normalizeText(value, seen);
      if ((key === 'body' || key === 'curl') && text.length > DIGEST_ABOVE) return digest(text);
      return text;
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, undefined));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(report, undefined);
}

/** The console output, normalized: durations and the report folder too. */
export function normalizeConsole(text: string, outputDir: string): string {
  return normalizeText(text.split(outputDir).join('<output>'))
    .replace(/\(\d+ ms\)/g, '(<ms>)')
    .replace(/^Duration: .*$/m, 'Duration:  <duration>');
}
