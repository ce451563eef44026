/**
 * HTTP Basic authentication for every façade that needs credentials: a check built once per façade from its
 * configured credentials ({@link basicAuthChecker}), comparing what each request sends in constant time.
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const BASIC = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i;

/** The decoded `user:password` of a `Basic` Authorization header, or `undefined` when absent, malformed or colon-less. */
function decodeBasic(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const token = BASIC.exec(header)?.[1];
  if (!token) return undefined;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  return decoded.includes(':') ? decoded : undefined;
}

/** The user and password of a `Basic` Authorization header, or `undefined` when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  const decoded = decodeBasic(header);
  if (decoded === undefined) return undefined;
  const colon = decoded.indexOf(':');
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Compares two strings in constant time (on their SHA-256 digests, so lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** How a Basic Authorization header compares with the configured credentials. */
export type BasicAuthOutcome = 'ok' | 'missing' | 'malformed' | 'wrong';

/**
 * The check of a request's `Authorization` header against one configured user and password, made once by
 * {@link basicAuthChecker} (when a façade is built) and called for every request.
 */
export type BasicAuthCheck = (header: string | undefined) => BasicAuthOutcome;

/**
 * The size of the buffer a presented header is compared in, whatever the configured credentials (unless their header
 * is longer: then the next power of two). A constant, so that neither the copy into the buffer nor the comparison
 * takes a time that shows the length of the configured credentials (at most, for long ones, a power of two above it).
 */
const HEADER_BUFFER_BYTES = 128;

/**
 * Builds the check of one user and password, for a façade to make once from its configured credentials: everything
 * derived from them (their digest, the header a client writes for them) is computed here, never per request, and
 * nothing about a request is remembered. A header is `missing` when absent or blank, `malformed` when it is not
 * `Basic base64(user:password)`, else `ok` or `wrong`. Every comparison of what a request sent with the configured
 * credentials is one `timingSafeEqual` of two buffers of a size fixed here, so the time taken shows neither where the
 * two first differ, nor whether the user or the password was wrong, nor the configured credentials' length:
 *
 * - the header as sent is compared, in a fixed-size zero-padded buffer, with the one clients write for these
 *   credentials (`Basic ` and the padded base64 of `user:password`, RFC 7617) — the whole check for a client that
 *   sends the right credentials, as every SDK and the kit's runner write them: no decoding, no digest;
 * - any other header (wrong credentials, or the right ones spelled otherwise: a lower-case scheme, extra blanks) is
 *   decoded, and the SHA-256 digest of its `user:password` compared with the configured one's.
 */
export function basicAuthChecker(user: string, password: string): BasicAuthCheck {
  // A user name cannot contain a colon in Basic auth (the first colon ends it): such credentials never match.
  const matchable = !user.includes(':');
  const expected = sha256(matchable ? `${user}:${password}` : '');
  // ASCII (base64), so one byte per character: a header whose bytes equal these and whose length is theirs is this one.
  const canonical = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  const size = canonical.length <= HEADER_BUFFER_BYTES ? HEADER_BUFFER_BYTES : 2 ** Math.ceil(Math.log2(canonical.length));
  const canonicalBytes = Buffer.alloc(size);
  canonicalBytes.write(canonical, 'latin1');
  // The buffer each request's header is copied into (the check is synchronous: one buffer serves every request).
  const presented = Buffer.alloc(size);
  return (header) => {
    if (header === undefined) return 'missing';
    presented.fill(0);
    presented.write(header, 'utf8');
    // Truncated to the buffer, a longer header can fill it like the canonical one: the length tells them apart.
    const sameHeader = timingSafeEqual(presented, canonicalBytes);
    if (sameHeader && header.length === canonical.length && matchable) return 'ok';
    const value = header.trim();
    if (!value) return 'missing';
    const given = decodeBasic(value);
    if (given === undefined) return 'malformed';
    // `given` is `user:password` split at its first colon, so equal strings mean an equal user and an equal password.
    return timingSafeEqual(sha256(given), expected) && matchable ? 'ok' : 'wrong';
  };
}

/**
 * True when the request carries `Basic` credentials that `check` accepts. Build the check once, where the
 * credentials are configured (e.g. when a façade is built: `const check = basicAuthChecker(user, password)`), and
 * call this per request.
 */
export function checkBasicAuth(req: IncomingMessage, check: BasicAuthCheck): boolean;
/**
 * True when the request carries `Basic` credentials equal to `user`/`password`.
 * @deprecated Builds a {@link basicAuthChecker} on every call (work that belongs where the credentials are
 * configured): build the check once and call `checkBasicAuth(req, check)`.
 */
export function checkBasicAuth(req: IncomingMessage, user: string, password: string): boolean;
export function checkBasicAuth(req: IncomingMessage, check: BasicAuthCheck | string, password = ''): boolean {
  const checker = typeof check === 'string' ? basicAuthChecker(check, password) : check;
  return checker(req.headers.authorization) === 'ok';
}
