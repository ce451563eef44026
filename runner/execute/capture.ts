/**
 * Captures: values taken from a response for later steps. An expression is one of
 * - `status` — the HTTP status code (a number);
 * - `header:Name` — a response header (name case-insensitive, spaces after the colon allowed);
 * - `$…` — a JSONPath into the decoded body, evaluated by jsonpath-plus without script evaluation.
 *
 * Only a safe, predictable subset of JSONPath is accepted (jsonpath-plus itself is lenient: `$.[` silently means
 * "every descendant"): `.name`, `['name']`, `..name` (recursive descent), `*`, `[n]`, `[a,b]`, `[start:end:step]`.
 * Filters and script expressions (`?(…)`, `(…)`) are refused, as are jsonpath-plus extensions (`~`, `^`, `@type()`).
 * A path with a wildcard, descent, union or slice yields an array of every match; a plain path yields the value.
 */
import { JSONPath } from 'jsonpath-plus';

/** What a capture expression reads from. */
export interface CaptureSource {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The decoded body (JSON, or typed XML as an object); `undefined` when there is none. */
  readonly body: unknown;
}

/** The captured value, or why there is none. */
export type CaptureResult = { readonly found: true; readonly value: unknown } | { readonly found: false; readonly reason: string };

const HEADER = /^header:\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;

// The accepted JSONPath subset, one segment at a time. Quoted names exclude quotes, backslashes and brackets, and the
// characters jsonpath-plus gives a meaning to even inside quotes (`,` union, `;` its internal separator, `$` root,
// `~ ^ @ ( ) ?` and backticks); `['*']` and names with `..` are refused too, as jsonpath-plus reads them as selectors.
const NAME = String.raw`[A-Za-z0-9_-]+`;
const QUOTED = String.raw`'[^'"\\\[\]~^@()?\x60,;$]+'|"[^'"\\\[\]~^@()?\x60,;$]+"`;
const SLICE = String.raw`(?:-?\d+)?:(?:-?\d+)?(?::(?:-?\d+)?)?`;
const SELECTOR = String.raw`\*|${SLICE}|\d+(?:,\d+)*|${QUOTED}`;
// Groups: 1 `.` or `..`, 2 the name or `*` after it; 3 `..` before a bracket, 4 the bracket's selector.
const SEGMENT = new RegExp(String.raw`(\.\.|\.)(${NAME}|\*)|(\.\.)?\[(${SELECTOR})\]`, 'y');

/**
 * Parses a JSONPath of the accepted subset: `undefined` when it is not one; otherwise whether it can match several
 * values (a wildcard, descent, union or slice), in which case every match is captured as an array.
 */
function parseJsonPath(expression: string): { readonly multi: boolean } | undefined {
  if (!expression.startsWith('$')) return undefined;
  let multi = false;
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < expression.length) {
    const segment = SEGMENT.exec(expression);
    if (!segment) return undefined;
    const [, dots, name, descent, selector] = segment;
    if (dots === '..' || name === '*' || descent !== undefined) multi = true;
    if (selector === undefined) continue;
    if (/^['"]/.test(selector)) {
      if (!validQuoted(selector.slice(1, -1))) return undefined;
    } else if (selector === '*' || selector.includes(':') || selector.includes(',')) {
      multi = true;
    }
  }
  return { multi };
}

function validQuoted(name: string): boolean {
  return name !== '*' && !name.includes('..');
}

/**
 * True when `expression` is a capture expression {@link extractCapture} understands: `status`, `header:Name` (a valid
 * header name) or a JSONPath of the accepted subset. For the loader, so that a bad capture is a load error.
 */
export function isValidCaptureExpression(expression: string): boolean {
  return expression === 'status' || HEADER.test(expression) || parseJsonPath(expression) !== undefined;
}

/**
 * Reads a capture expression from a response. A JSONPath that matches nothing is `found: false`; a match on a `null`
 * value is found (the value is `null`). Never throws.
 */
export function extractCapture(expression: string, source: CaptureSource): CaptureResult {
  if (expression === 'status') return { found: true, value: source.status };

  const header = HEADER.exec(expression);
  if (header) {
    const wanted = (header[1] as string).toLowerCase();
    for (const [name, value] of Object.entries(source.headers)) {
      if (name.toLowerCase() === wanted) return { found: true, value };
    }
    return { found: false, reason: `no header "${header[1] as string}" in the response` };
  }

  const path = parseJsonPath(expression);
  if (!path) {
    return { found: false, reason: `invalid capture expression "${expression}": use status, header:Name or a JSONPath like $.transaction.id` };
  }
  if (source.body === undefined) return { found: false, reason: `the response has no decoded body to read "${expression}" from` };
  // jsonpath-plus answers undefined for any falsy document (0, '', false, null), even for `$` itself.
  if (expression === '$') return { found: true, value: source.body };

  let matches: unknown;
  try {
    // wrap: true (not false) so that one match of an array value and several matches stay distinguishable.
    matches = JSONPath({ path: expression, json: source.body as object, eval: false, wrap: true });
  } catch (error) {
    return { found: false, reason: `JSONPath "${expression}" failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!Array.isArray(matches) || matches.length === 0) return { found: false, reason: `"${expression}" matched nothing in the body` };
  // A plain path matches at most once and yields the value; a wildcard, descent, union or slice yields every match.
  return { found: true, value: path.multi ? matches : matches[0] };
}
