/**
 * Which façade serves a request: each façade declares the path prefixes it serves ({@link Facade.paths}); the router
 * made from them once, when the simulator is built, matches a request's path against them in the façades' order.
 */
import type { Facade } from './context.ts';

/** One prefix of one façade, as the router tests it: the path itself (if it serves it) and the start of the paths below. */
interface Route {
  readonly exact: string | undefined;
  readonly below: string;
  readonly facade: Facade;
}

/** A router: the façade that serves a request path, or `undefined` (the server then answers 404). */
export type Router = (pathname: string) => Facade | undefined;

/**
 * The router of `facades`, in their order (the first whose prefix serves a path gets it). A prefix that ends with `/`
 * serves the paths below it (`/merchants/` serves `/merchants/x`, not `/merchants`); any other serves itself and the
 * paths below it (`/api/payments` serves `/api/payments` and `/api/payments/x`, not `/api/paymentsx`).
 * @throws TypeError naming the façade when one declares no `paths`, or a prefix that is not a path (`/…`).
 */
export function createRouter(facades: readonly Facade[]): Router {
  const routes: Route[] = [];
  for (const facade of facades) {
    for (const prefix of pathsOf(facade)) {
      // The two tests of a prefix, their strings made once here rather than per request.
      routes.push(prefix.endsWith('/') ? { exact: undefined, below: prefix, facade } : { exact: prefix, below: `${prefix}/`, facade });
    }
  }
  return (pathname) => {
    for (const route of routes) if (pathname === route.exact || pathname.startsWith(route.below)) return route.facade;
    return undefined;
  };
}

/** The prefixes a façade declares, checked: a façade from `SimulatorOptions.facades` is the user's code. */
function pathsOf(facade: Facade): readonly string[] {
  const paths: unknown = (facade as { paths?: unknown }).paths;
  const name = JSON.stringify(String(facade.name));
  if (!Array.isArray(paths) || paths.length === 0) {
    // The façade API before `paths`: the request test was the façade's own function.
    const old = 'matches' in facade || 'matchesPath' in facade ? ' (`matches` and `matchesPath` are no longer read)' : '';
    throw new TypeError(`Simulator façade ${name} declares no paths${old}: give it \`paths\`, the path prefixes it serves, e.g. paths: ['/my-api'].`);
  }
  for (const prefix of paths) {
    if (typeof prefix !== 'string' || !prefix.startsWith('/')) {
      throw new TypeError(`Simulator façade ${name}: each of its paths must be a path prefix starting with '/', not ${JSON.stringify(prefix)}.`);
    }
  }
  return paths as readonly string[];
}
