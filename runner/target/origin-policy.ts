/**
 * The one home of the rule "settlekit only talks to the target": which origins a suite's requests may reach. Links
 * (`follow:` steps) and redirects are followed only to the suite's own origin and the further origins its profile
 * declares (an API gateway in front of the implementation, a proxy that rewrites `Host`); since nothing else is ever
 * sent, the suite's credentials reach only those origins.
 */

/** The origins one suite may talk to. */
export interface OriginPolicy {
  /** Every allowed origin, the target's own first (`http://127.0.0.1:8080`). */
  readonly origins: readonly string[];
  /** True when a request to `url` may be sent. */
  allows(url: string | URL): boolean;
}

/**
 * The policy of a suite whose base URL is `baseUrl`, with the `extra` origins its profile declares (each an origin,
 * optionally with a trailing slash; anything after the origin is ignored).
 */
export function createOriginPolicy(baseUrl: string, extra: readonly string[] = []): OriginPolicy {
  const origins = [...new Set([new URL(baseUrl).origin, ...extra.map((o) => new URL(o).origin)])];
  const allowed = new Set(origins);
  return {
    origins,
    allows(url) {
      try {
        return allowed.has((typeof url === 'string' ? new URL(url) : url).origin);
      } catch {
        return false;
      }
    },
  };
}
