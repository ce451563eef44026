/** HTTP Basic authentication, compared in constant time, for every façade that needs credentials. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The user and password of a `Basic` Authorization header, or `undefined` when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Compares two strings in constant time (on their SHA-256 digests, so lengths leak nothing either). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}

/** True when the request carries `Basic` credentials equal to `user`/`password` (both compared in constant time). */
export function checkBasicAuth(req: IncomingMessage, user: string, password: string): boolean {
  const given = parseBasicAuth(req.headers.authorization);
  // Both comparisons always run, so timing does not tell which part was wrong.
  const userOk = constantTimeEqual(given?.user ?? '', user);
  const passwordOk = constantTimeEqual(given?.password ?? '', password);
  return given !== undefined && userOk && passwordOk;
}
