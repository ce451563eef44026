/** The Braintree gateway façade (work in progress: answers 404 until the routes land). */
import type { Facade, SimulatorContext } from '../server.ts';

/** Builds the Braintree gateway façade. */
export function createBraintreeFacade(sim: SimulatorContext): Facade {
  const prefix = `/merchants/`;
  return {
    name: 'braintree',
    matches: (url) => url.pathname.startsWith(prefix),
    handle: (ctx) => {
      void sim;
      ctx.send(404);
    },
  };
}
