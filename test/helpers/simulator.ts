/**
 * The reference simulator for the tests of one file or `describe` block: started on a free loopback port before them,
 * closed after them, and (optionally) emptied before each test.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';

/** The running simulator and its base URL (available from the first test on). */
export interface RunningSimulator {
  readonly sim: Simulator;
  readonly url: string;
}

/** Registers the hooks; read `sim` and `url` inside tests and hooks, not at module load. */
export function useSimulator(options: SimulatorOptions & { readonly resetEach?: boolean } = {}): RunningSimulator {
  const { resetEach, ...simulatorOptions } = options;
  let sim: Simulator | undefined;
  let url = '';
  beforeAll(async () => {
    sim = createSimulator(simulatorOptions);
    url = await sim.listen();
  });
  afterAll(async () => {
    await sim?.close();
  });
  if (resetEach) beforeEach(() => sim?.context.reset());
  return {
    get sim() {
      if (!sim) throw new Error('the simulator is not started yet: use it inside a test or hook');
      return sim;
    },
    get url() {
      return url;
    },
  };
}
