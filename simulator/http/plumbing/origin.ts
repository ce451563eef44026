/**
 * The origin a façade builds its absolute links on — one rule for every API that answers links (Worldpay Payments'
 * `_links`/`_actions`, Split Payments' `_links.self`).
 */

/** The last plain Host header {@link originOf} saw, and its origin. */
let lastHost: string | undefined;
let lastOrigin = '';

/**
 * The origin links are built on: the request's `Host` (so links work through whatever address the client used,
 * including a proxy that forwards the Host header), or the fallback when the header is absent or not a plain host
 * (`name[:port]` or `[ipv6][:port]`: a Host with a path, userinfo or spaces in it never reaches a link).
 */
export function originOf(hostHeader: string | undefined, fallback = 'http://127.0.0.1'): string {
  // Clients send the same Host on every request: the last one's answer is remembered.
  if (hostHeader === lastHost && lastHost !== undefined) return lastOrigin;
  if (hostHeader && /^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]{1,5})?$/.test(hostHeader)) {
    lastHost = hostHeader;
    lastOrigin = `http://${hostHeader}`;
    return lastOrigin;
  }
  return fallback;
}
