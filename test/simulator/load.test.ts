/**
 * A small version of bench/simulator-load.bench.ts: a few hundred requests of mixed operations from a second process
 * (bench/load-client.ts) against a simulator in this process. Every answer must be the expected one, and the heap
 * after a forced collection must not have grown past a generous bound. Memory, never time, is asserted.
 */
import { describe, expect, it } from 'vitest';
import { findGc, runLoadClient } from '../../bench/load-harness.ts';
import { useSimulator } from '../helpers/simulator.ts';

const MB = 1024 * 1024;

/** A full garbage collection, whether or not the process was started with --expose-gc. */
function gc(): void {
  const { gc: collect, how } = findGc();
  if (!collect) throw new Error(how);
  collect();
}

describe('the simulator under a bounded load from another process', () => {
  const simulator = useSimulator();

  it('answers every request of a mixed load as expected, and its heap stays bounded', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;

    const { code, result, stderr } = await runLoadClient(simulator.url, { requests: 600, connections: 4 });
    if (!result) throw new Error(`the load client printed no result (exit ${code}): ${stderr}`);
    expect(result.failures, stderr).toEqual([]);
    expect(result.failed).toBe(0);
    expect(code).toBe(0);
    // Exactly the requests asked for, all answered (no transport errors), over all three APIs' statuses.
    expect(Object.values(result.byStatus).reduce((n, v) => n + v, 0)).toBe(600);
    expect(result.byStatus.error).toBeUndefined();
    expect(Object.keys(result.byStatus).sort()).toEqual(['200', '201', '202', '400', '401', '404', '422']);
    // The money moved: payments of all three APIs are held in the ledger.
    expect(simulator.sim.ledger.payments.entries().filter((e) => e.kind === 'capture').length).toBeGreaterThan(50);

    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * MB);
    // Once its state is reset, the simulator gives the memory back (nothing else retained per request).
    simulator.sim.context.reset();
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * MB);
  }, 60_000);
});
