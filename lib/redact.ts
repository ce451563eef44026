/**
 * Redaction of everything the kit records or prints: request and response headers, URLs, bodies (as text or decoded)
 * and curl commands. Built once per run from the known secrets (the profile's credentials), then applied to every
 * exchange, so every pattern is compiled up front and every pass is a single linear scan.
 *
 * What is masked (with `***`, card digits with `*`):
 * - header values of Authorization and Proxy-Authorization (keeping the scheme word: `Basic ***`), X-Api-Key and
 *   headers named like a token, secret or password; Cookie and Set-Cookie values (keeping cookie names and attributes);
 * - credentials in URLs: `http://user:pass@host` → `http://***:***@host`; and, in {@link Redactor.url}, the values of
 *   query parameters named like a credential (`password`, `token`, `api_key`, `signature`…);
 * - every known secret, as written and in the forms it takes inside bodies and URLs: JSON-escaped, XML-escaped,
 *   percent- and form-encoded, base64; the base64 of `a:b` for every pair of secrets (a Basic credential); and, in text,
 *   any `Basic <base64>` whose decoded form is a `user:pass` pair or holds a secret, and any long `Bearer` token;
 * - card security codes and passwords in fields named `cvv`, `cvc`, `security_code`, `password`, `private_key`…
 *   (JSON and XML text, and object keys in {@link Redactor.value});
 * - card numbers: a run of 13–19 digits, optionally grouped by single spaces or dashes, that passes the Luhn check
 *   and starts as a card can, keeping the last four digits (`************1111`, `****-****-****-1111`). Digit runs
 *   that fail Luhn (amounts, ids, most timestamps) are kept. A run of more than 19 ungrouped digits is never a card;
 *   the integer or fraction part of a decimal number (`1234567890123.45`) is never a card. By the first digit (the
 *   major industry identifier of ISO/IEC 7812): no card starts with 0, and the only cards that start with 1 are UATP's,
 *   of 15 digits — so epoch timestamps in milliseconds (13 digits), microseconds (16) and nanoseconds (19), which all
 *   start with 1 until 2286, are kept whether or not they pass Luhn.
 *
 * Limits, on purpose: secrets shorter than 4 characters are ignored (masking every `abc` in every body would destroy
 * the record and protect nothing); a Luhn-valid 13–19 digit id that starts with 2–9 (1 in 10 of them) is masked too,
 * the safe direction.
 */

import { setOwn } from './own-property.ts';

/** Masks secrets in everything the kit records. All methods return new values and never throw. */
export interface Redactor {
  /** Masks secrets, URL credentials, credential fields and card numbers in free text (a body, a message). */
  text(s: string): string;
  /** A header map with its secrets masked (names kept as given): the map itself when nothing in it is masked. */
  headers(h: Readonly<Record<string, string>>): Readonly<Record<string, string>>;
  /** A URL with credentials (userinfo and credential-named query parameters) and secrets masked. */
  url(u: string): string;
  /**
   * A redacted deep copy of a JSON-like value: strings through {@link Redactor.text}, values of credential-named keys
   * replaced, and numbers that are card numbers replaced by their masked string. Keys are never changed.
   */
  value<T>(v: T): T;
}

/** Options of {@link createRedactor}. */
export interface RedactorOptions {
  /** Known secret values (passwords, API keys, private keys). Values shorter than 4 characters are ignored. */
  readonly secrets?: readonly string[];
}

/** The replacement of a masked value. */
export const MASK = '***';

/** Secrets shorter than this are ignored. */
export const MIN_SECRET_LENGTH = 4;

/** How many secrets are combined pairwise into `base64(a:b)` forms (the pairs grow quadratically). */
const MAX_PAIRED_SECRETS = 16;

const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization']);
const SECRET_HEADERS = /^(?:x-api-key|api-key|apikey)$|(?:^|-)(?:token|secret|password|passwd)(?:-|$)/i;
const COOKIE_ATTRIBUTES = new Set(['path', 'domain', 'expires', 'max-age', 'samesite', 'secure', 'httponly', 'partitioned', 'priority']);
// Cookie values cannot contain `,` or `;` (RFC 6265), which keeps `Expires=Wed, 21 Oct …` and folded lists safe.
const COOKIE_PAIR = /(^|[;,]\s*)([^=;,\s]+)=([^;,]*)/g;

const URL_USERINFO = /:\/\/([^\s/?#@:"'<>\\]*)(?::([^\s/?#@"'<>\\]*))?@/g;
const CREDENTIAL_PARAMS = /^(?:password|passwd|pass|pwd|secret|client_secret|token|access_token|refresh_token|id_token|api_key|apikey|key|signature|sig|auth|authorization)$/i;
const QUERY_PAIR = /([?&])([^=&#\s]+)=([^&#\s]*)/g;

const BASIC_TOKEN = /\b(Basic)(\s+)([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/gi;
/** A decoded Basic credential: `user:pass` with no whitespace in the user and no control or undecodable characters. */
const CREDENTIAL_PAIR = /^[^\s:\p{Cc}\uFFFD]+:[^\p{Cc}\uFFFD]*$/u;
const BEARER_TOKEN = /\b(Bearer)(\s+)[A-Za-z0-9._~+/-]{16,}=*/gi;

const FIELD_NAMES = String.raw`cvv2?|cvc2?|cvn|(?:card[-_]?)?security[-_]?code|password|passwd|private[-_]?key|client[-_]?secret`;
const SENSITIVE_KEY = new RegExp(`^(?:${FIELD_NAMES})$`, 'i');
const JSON_FIELD = new RegExp(String.raw`("(?:${FIELD_NAMES})"\s*:\s*)(?:"(?:[^"\\]|\\.)*"|-?\d+)`, 'gi');
const XML_FIELD = new RegExp(String.raw`(<(${FIELD_NAMES})(?:\s[^<>]*)?>)[^<]+(?=</\2>)`, 'gi');

/**
 * True for any text one of the passes of `text` could change: a URL with userinfo (`://` then an `@` before the host
 * ends — what {@link URL_USERINFO} needs; a plain URL has nothing to mask), a Basic or Bearer credential, a sensitive
 * field name (JSON or XML), or thirteen digits in a row with at most one space or dash between them (every
 * card-number candidate has them). Secrets from the profile are tested on their own.
 */
const MAYBE_SENSITIVE = new RegExp(String.raw`:\/\/[^\s/?#@"'<>\\]*@|basic\s|bearer\s|${FIELD_NAMES}|\d(?:[ -]?\d){12}`, 'i');

/** Header values memoized per redactor: at most this many, each at most this long. */
const MEMO_MAX_ENTRIES = 512;
const MEMO_MAX_VALUE = 256;

const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/** Builds a redactor for a run. Secrets are compiled once into a single pattern. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const secrets = [...new Set(options.secrets ?? [])].filter((secret) => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH);
  const secretPattern = compileSecrets(secrets);

  const maskSecrets = (s: string): string => (secretPattern ? s.replace(secretPattern, MASK) : s);
  // The same alternation without the global flag, for a test that keeps no lastIndex.
  const secretTest = secretPattern ? new RegExp(secretPattern.source) : undefined;

  const maskBasic = (s: string): string =>
    s.replace(BASIC_TOKEN, (match, scheme: string, space: string, token: string) => {
      // Basic credentials are padded base64 (RFC 7617); anything else is a word after "basic".
      if (token.length % 4 !== 0) return match;
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      const credential = CREDENTIAL_PAIR.test(decoded) || secrets.some((secret) => decoded.includes(secret));
      return credential ? `${scheme}${space}${MASK}` : match;
    });

  const text = (s: string): string => {
    if (typeof s !== 'string' || s.length === 0) return s;
    // Most texts hold nothing to mask: one scan for what every pass below needs decides it.
    if (!MAYBE_SENSITIVE.test(s) && !secretTest?.test(s)) return s;
    let out = maskUserinfo(s);
    out = maskBasic(out);
    out = out.replace(BEARER_TOKEN, (_match, scheme: string, space: string) => `${scheme}${space}${MASK}`);
    out = out.replace(JSON_FIELD, (_match, prefix: string) => `${prefix}"${MASK}"`);
    out = out.replace(XML_FIELD, (_match, open: string) => `${open}${MASK}`);
    out = maskSecrets(out);
    return maskCards(out);
  };

  // Header values repeat from one exchange to the next (content types, the suite's default headers…): each distinct
  // short (name, value) is redacted once per redactor. Bounded, so a target that varies its headers cannot grow it.
  // Memoized by name, then value: no key string is built per lookup.
  const headerMemo = new Map<string, Map<string, string>>();
  let memoSize = 0;
  const header = (name: string, value: string): string => {
    if (value.length > MEMO_MAX_VALUE) return redactHeader(name, value, text);
    let byValue = headerMemo.get(name);
    let masked = byValue?.get(value);
    if (masked === undefined) {
      masked = redactHeader(name, value, text);
      if (memoSize >= MEMO_MAX_ENTRIES) {
        headerMemo.clear();
        memoSize = 0;
        byValue = undefined;
      }
      if (!byValue) headerMemo.set(name, (byValue = new Map()));
      byValue.set(value, masked);
      memoSize += 1;
    }
    return masked;
  };
  // Copy on write, as for values: most header maps hold nothing to mask and are recorded as they are.
  const headers = (h: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
    const names = Object.keys(h);
    let copy: Record<string, string> | undefined = Object.getPrototypeOf(h) === Object.prototype ? undefined : {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value: unknown = h[name];
      const masked = header(name, String(value));
      if (!copy && masked !== value) {
        copy = {};
        for (let j = 0; j < i; j++) setOwn(copy, names[j]!, h[names[j]!]!);
      }
      if (copy) setOwn(copy, name, masked);
    }
    return copy ?? h;
  };

  const url = (u: string): string => {
    const query = u.indexOf('?');
    if (query === -1) return text(u);
    const fragment = u.indexOf('#', query);
    const end = fragment === -1 ? u.length : fragment;
    const maskedQuery = u
      .slice(query, end)
      .replace(QUERY_PAIR, (match, lead: string, name: string) => (CREDENTIAL_PARAMS.test(safeDecode(name)) ? `${lead}${name}=${MASK}` : match));
    return text(u.slice(0, query) + maskedQuery + u.slice(end));
  };

  // Copy on write: a value with nothing to mask comes back as it is (most decoded bodies), and a copy is made only
  // of the arrays and objects on the way to something masked.
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number') return maskCardNumber(v);
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const masked = walk(item);
        if (masked !== item) copy ??= v.slice(0, i);
        if (copy) copy.push(masked);
      }
      return copy ?? v;
    }
    if (isPlainObject(v)) {
      const entries = Object.entries(v);
      let changed = Object.getPrototypeOf(v) !== Object.prototype;
      const masked = entries.map(([key, item]) => {
        const out = SENSITIVE_KEY.test(key) && (typeof item === 'string' || typeof item === 'number') ? MASK : walk(item);
        if (out !== item) changed = true;
        return [key, out] as const;
      });
      return changed ? Object.fromEntries(masked) : v;
    }
    return v;
  };

  return { text, headers, url, value: <T>(v: T): T => walk(v) as T };
}

function redactHeader(name: string, value: string, text: (s: string) => string): string {
  const lower = name.toLowerCase();
  if (AUTH_HEADERS.has(lower)) {
    const scheme = /^([A-Za-z][\w.+-]*)\s+\S/.exec(value);
    return scheme ? `${scheme[1] as string} ${MASK}` : MASK;
  }
  if (lower === 'cookie' || lower === 'set-cookie') {
    let pairs = 0;
    const masked = value.replace(COOKIE_PAIR, (match, lead: string, cookie: string) => {
      if (lower === 'set-cookie' && COOKIE_ATTRIBUTES.has(cookie.toLowerCase())) return text(match);
      pairs += 1;
      return `${lead}${cookie}=${MASK}`;
    });
    // A cookie without `name=` is a bare secret value.
    return pairs > 0 || value === '' ? masked : MASK;
  }
  if (SECRET_HEADERS.test(lower)) return MASK;
  return text(value);
}

function maskUserinfo(s: string): string {
  if (!s.includes('://')) return s;
  return s.replace(URL_USERINFO, (match, user: string, password: string | undefined) => {
    if (user === '' && !password) return match;
    return password === undefined ? `://${MASK}@` : `://${MASK}:${MASK}@`;
  });
}

/** Every form a secret can take in a recorded exchange, in one alternation (longest first, so overlaps mask fully). */
function compileSecrets(secrets: readonly string[]): RegExp | undefined {
  const forms = new Map<string, string>();
  for (const secret of secrets) {
    addForm(forms, secret);
    addForm(forms, JSON.stringify(secret).slice(1, -1));
    // XML writers differ on quotes: escape both, only the double one, or neither.
    addForm(forms, xmlEscape(secret, ['"', "'"]));
    addForm(forms, xmlEscape(secret, ['"']));
    addForm(forms, xmlEscape(secret, []));
    addForm(forms, encodeURIComponent(secret));
    addForm(forms, new URLSearchParams({ s: secret }).toString().slice(2));
    addBase64(forms, secret);
  }
  const paired = secrets.slice(0, MAX_PAIRED_SECRETS);
  for (const a of paired) for (const b of paired) if (a !== b) addBase64(forms, `${a}:${b}`);
  const usable = [...forms.entries()].filter(([form]) => form.length >= MIN_SECRET_LENGTH).sort(([a], [b]) => b.length - a.length);
  if (usable.length === 0) return undefined;
  return new RegExp(usable.map(([, source]) => source).join('|'), 'g');
}

/** Adds a literal form of a secret (form → regex source). */
function addForm(forms: Map<string, string>, form: string): void {
  if (!forms.has(form)) forms.set(form, escapeRegExp(form));
}

function addBase64(forms: Map<string, string>, value: string): void {
  const encoded = Buffer.from(value, 'utf8');
  // Matched without its padding too, as a value may be followed by more encoded data.
  const unpadded = encoded.toString('base64').replace(/=+$/, '');
  forms.set(unpadded, `${escapeRegExp(unpadded)}={0,2}`);
  addForm(forms, encoded.toString('base64url'));
}

function xmlEscape(s: string, quotes: readonly string[]): string {
  let out = s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  if (quotes.includes('"')) out = out.replaceAll('"', '&quot;');
  if (quotes.includes("'")) out = out.replaceAll("'", '&apos;');
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll('+', ' '));
  } catch {
    return s;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// ---------------------------------------------------------------------------------------------------------------
// Card numbers

function maskCards(s: string): string {
  return s.replace(DIGIT_RUN, (run: string, offset: number) => {
    if (run.length < MIN_CARD_DIGITS) return run;
    // The integer or fraction part of a decimal number is an amount, not a card.
    if (s[offset - 1] === '.' && isDigit(s[offset - 2])) return run;
    const after = offset + run.length;
    if (s[after] === '.' && isDigit(s[after + 1])) return run;
    return maskRun(run);
  });
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Masks the card numbers in one run of digit groups: the whole run when it is one, otherwise the longest Luhn-valid
 * windows of whole groups (a card written after a date, `2024-01-15 4111 1111 1111 1111`). Groups are never split,
 * so a 20-digit id stays intact. A window holds at most 19 digits, so the work is linear in the run.
 */
function maskRun(run: string): string {
  // A single group (the common case): a card or not, no windows.
  if (!run.includes(' ') && !run.includes('-')) {
    return run.length <= MAX_CARD_DIGITS && startsLikeCard(run.charCodeAt(0) - 48, run.length) && luhnAt(run, 0, run.length) ? '*'.repeat(run.length - 4) + run.slice(-4) : run;
  }
  // Digits laid out flat; group g holds digits [groupStart[g], groupStart[g + 1]), and its first digit sits at
  // char groupStart[g] + g of the run (separators are single characters).
  const digits = new Uint8Array(run.length);
  const groupStart: number[] = [0];
  let count = 0;
  for (let index = 0; index < run.length; index += 1) {
    const code = run.charCodeAt(index);
    if (code >= 48 && code <= 57) digits[count++] = code - 48;
    else groupStart.push(count);
  }
  groupStart.push(count);
  const groups = groupStart.length - 1;
  let chars: string[] | undefined;
  for (let first = 0; first < groups; ) {
    const from = groupStart[first] as number;
    let last = -1;
    // Luhn sums of the growing window for both parities of its last digit, kept incrementally: `even` is the sum
    // when the last digit sits at an even position (even positions count once, odd ones doubled), `odd` the other.
    let even = 0;
    let odd = 0;
    for (let group = first; group < groups; group += 1) {
      const to = groupStart[group + 1] as number;
      if (to - from > MAX_CARD_DIGITS) break;
      for (let position = groupStart[group] as number; position < to; position += 1) {
        const digit = digits[position] as number;
        const doubled = digit > 4 ? digit * 2 - 9 : digit * 2;
        if (position % 2 === 0) {
          even += digit;
          odd += doubled;
        } else {
          even += doubled;
          odd += digit;
        }
      }
      if (to - from >= MIN_CARD_DIGITS && startsLikeCard(digits[from] as number, to - from) && ((to - 1) % 2 === 0 ? even : odd) % 10 === 0) last = group;
    }
    if (last === -1) {
      first += 1;
      continue;
    }
    chars ??= [...run];
    // Mask every digit of the window but the last four.
    const to = groupStart[last + 1] as number;
    for (let group = first; group <= last; group += 1) {
      for (let digit = groupStart[group] as number; digit < (groupStart[group + 1] as number) && digit < to - 4; digit += 1) {
        chars[digit + group] = '*';
      }
    }
    first = last + 1;
  }
  return chars ? chars.join('') : run;
}

/**
 * Whether a card number of `length` digits can start with `first` (ISO/IEC 7812's major industry identifier): none
 * starts with 0 (industry assignments, no card scheme), and 1 (airlines) holds one scheme, UATP, whose numbers have 15
 * digits. Every other first digit has card schemes of lengths from 13 to 19.
 */
function startsLikeCard(first: number, length: number): boolean {
  return first >= 2 || (first === 1 && length === 15);
}

/** Luhn over chars [start, end) of a digit string. */
function luhnAt(digits: string, start: number, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let index = end - 1; index >= start; index -= 1) {
    sum += luhnDigit(digits.charCodeAt(index) - 48, double);
    double = !double;
  }
  return sum % 10 === 0;
}

function luhnDigit(digit: number, double: boolean): number {
  if (!double) return digit;
  return digit > 4 ? digit * 2 - 9 : digit * 2;
}

/** A number that is a card number (an integer of 13–19 digits passing Luhn) becomes its masked string. */
function maskCardNumber(n: number): number | string {
  if (!Number.isSafeInteger(n) || n < 10 ** (MIN_CARD_DIGITS - 1)) return n;
  const digits = String(n);
  return digits.length <= MAX_CARD_DIGITS && startsLikeCard(digits.charCodeAt(0) - 48, digits.length) && luhnAt(digits, 0, digits.length) ? maskRun(digits) : n;
}
