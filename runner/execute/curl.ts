/**
 * A copyable curl command reproducing a recorded request, for reports. Every argument is single-quoted for POSIX
 * shells, so any URL, header or body (quotes, `$`, backticks, newlines) reaches curl byte for byte. Redaction is the
 * caller's job: the headers given here are printed as they are.
 */

/** The request to reproduce. */
export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  /** Headers as sent (already redacted). A `Content-Length` is left out: curl computes its own. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, sent verbatim with `--data-raw`. */
  readonly body?: string;
}

/** Characters that never need quoting in a POSIX shell word. */
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+,-]+$/;
/** Characters curl's URL globbing would interpret. */
const GLOB = /[[\]{}]/;

/**
 * A POSIX-shell word holding exactly `value`: single-quoted, each `'` written as `'\''`; plain words are left bare.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The curl command for a request, one option per line (joined with ` \` continuations):
 * `-X METHOD` unless the method is a body-less GET (`--head` for HEAD), `--globoff` when the URL holds `[ ] { }`,
 * `-H 'Name: value'` per header in the given order (`-H 'Name;'` for an empty or blank value, which curl would otherwise drop),
 * and `--data-raw` for the body.
 */
export function toCurl(request: CurlRequest): string {
  const parts = ['curl'];
  const method = request.method.toUpperCase();
  const hasBody = request.body !== undefined && request.body !== '';
  if (method === 'HEAD') parts.push('--head');
  else if (method !== 'GET' || hasBody) parts.push(`-X ${shellQuote(request.method)}`);
  if (GLOB.test(request.url)) parts.push('--globoff');
  parts.push(shellQuote(request.url));
  const headers = headerOptions(request.headers);
  if (headers !== '') parts.push(headers);
  if (hasBody) parts.push(`--data-raw ${shellQuote(request.body as string)}`);
  return parts.join(SEPARATOR);
}

const SEPARATOR = ' \\\n  ';

/**
 * The last header map turned into options, and its text: the steps of a suite mostly send one shared map (the suite's
 * defaults, see compiled-step.ts), whose options are then written once, not once per step. Header maps are never
 * mutated once formed.
 */
let lastHeaders: Readonly<Record<string, string>> | undefined;
let lastOptions = '';

/** `-H 'Name: value'` per header, joined as {@link toCurl} joins its parts (`''` for none). */
function headerOptions(headers: Readonly<Record<string, string>>): string {
  if (headers === lastHeaders) return lastOptions;
  const options: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-length') continue;
    // curl drops a header given as `Name:` with nothing after it; `Name;` sends it empty.
    options.push(`-H ${shellQuote(value.trim() === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  lastHeaders = headers;
  lastOptions = options.join(SEPARATOR);
  return lastOptions;
}
