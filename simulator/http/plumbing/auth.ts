/** HTTP Basic authentication, compared in constant time, for every façade that needs credentials. */
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

/** How a Basic Authorization header compares with the expected credentials. */
export type BasicAuthOutcome = 'ok' | 'missing' | 'malformed' | 'wrong';

/** How many distinct headers a checker remembers the digest of (clients send one or two; more are forgotten at once). */
const REMEMBERED_HEADERS = 64;

/**
 * A checker of one user and password, for a façade to make once: the expected credentials are digested once, and each
 * request costs a constant-time comparison of the SHA-256 digest of what it sent with that one — so neither the length
 * nor the part that was wrong (user or password) shows in the time taken. A header is `missing` when absent or blank,
 * `malformed` when it is not `Basic base64(user:password)`, else `ok` or `wrong`.
 *
 * Clients send the very same header on every request: the decoding and digest of a header are remembered (a few
 * dozen headers at most), so a request that repeats one costs a map look-up and the digest comparison, not a regular
 * expression, a base64 decoding and a SHA-256. The look-up depends on the header sent, never on the expected
 * credentials, and the comparison that decides is still the constant-time one of two digests.
 */
export function basicAuthChecker(user: string, password: string): (header: string | undefined) => BasicAuthOutcome {
  // A user name cannot contain a colon in Basic auth (the first colon ends it): such credentials never match.
  const matchable = !user.includes(':');
  const expected = sha256(matchable ? `${user}:${password}` : '');
  /** Header → the digest of its `user:password`, or the outcome when it carries none. */
  const seen = new Map<string, Buffer | 'missing' | 'malformed'>();
  const digestOf = (header: string): Buffer | 'missing' | 'malformed' => {
    const value = header.trim();
    if (!value) return 'missing';
    const given = decodeBasic(value);
    // `given` is `user:password` split at its first colon, so equal strings mean an equal user and an equal password.
    return given === undefined ? 'malformed' : sha256(given);
  };
  return (header) => {
    if (header === undefined) return 'missing';
    let digest = seen.get(header);
    if (digest === undefined) {
      digest = digestOf(header);
      // Bounded: a client cycling through headers costs a digest each, never memory.
      if (seen.size >= REMEMBERED_HEADERS) seen.clear();
      seen.set(header, digest);
    }
    if (typeof digest === 'string') return digest;
    return timingSafeEqual(digest, expected) && matchable ? 'ok' : 'wrong';
  };
}

/** True when the request carries `Basic` credentials equal to `user`/`password` (see {@link basicAuthChecker}). */
export function checkBasicAuth(req: IncomingMessage, user: string, password: string): boolean {
  return basicAuthChecker(user, password)(req.headers.authorization) === 'ok';
}
