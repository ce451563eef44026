/**
 * The split of a plan into shards (runner/plan/shard.ts), as properties over generated plans: every scenario in
 * exactly one shard, in plan order; the scenarios that run alone together in one shard; the shards balanced within one
 * job's weight; the same input always the same split. And `i/n` parsing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import type { Scenario, Suite } from '../../runner/model/scenario.ts';
import type { PlannedScenario } from '../../runner/plan/plan.ts';
import { durationsOf, parseShard, planInfo, shardOf, splitPlan } from '../../runner/plan/shard.ts';

const suite = { id: 's', title: 's', specPath: '', rules: [], defaults: { params: {}, headers: {} }, scenarios: [], position: { file: '', line: 1, column: 1 } } as Suite;

function planned(i: number, exclusive: boolean, skipped: boolean): PlannedScenario {
  const scenario = { id: `s/scenario-${String(i).padStart(3, '0')}`, suite: 's', title: '', rules: [], tags: [], requires: [], vars: {}, steps: [], position: { file: '', line: 1, column: 1 } } as Scenario;
  return { scenario, suite, exclusive, ...(skipped ? { skipReason: 'the target does not declare x' } : {}) };
}

const plans = fc
  .array(fc.record({ exclusive: fc.boolean(), skipped: fc.boolean(), ms: fc.integer({ min: 0, max: 5000 }) }), { minLength: 1, maxLength: 60 })
  .map((items) => ({ plan: items.map((x, i) => planned(i, x.exclusive, x.skipped)), durations: new Map(items.map((x, i) => [`s/scenario-${String(i).padStart(3, '0')}`, x.ms])) }));

const runsAlone = (p: PlannedScenario): boolean => p.exclusive && !p.skipReason;

describe('splitPlan', () => {
  it('puts every scenario in exactly one shard, in plan order, the exclusive ones together, balanced, deterministically', () => {
    fc.assert(
      fc.property(plans, fc.integer({ min: 1, max: 8 }), fc.boolean(), ({ plan, durations }, total, byTime) => {
        const options = byTime ? { durations, concurrency: 4 } : {};
        const shards = splitPlan(plan, total, options);
        expect(shards).toHaveLength(total);
        const ids = shards.flat().map((p) => p.scenario.id);
        expect([...ids].sort()).toEqual(plan.map((p) => p.scenario.id).sort());
        for (const shard of shards) {
          const order = shard.map((p) => plan.indexOf(p));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
        const exclusive = plan.filter(runsAlone);
        if (exclusive.length > 0) expect(shards.filter((s) => s.some(runsAlone)).map((s) => s.filter(runsAlone).length)).toEqual([exclusive.length]);
        // Greedy longest-processing-time: no shard exceeds another by more than the heaviest job.
        const weight = (p: PlannedScenario): number => (!byTime ? 1 : p.skipReason ? 0 : p.exclusive ? durations.get(p.scenario.id)! : durations.get(p.scenario.id)! / 4);
        const jobs = [exclusive.reduce((sum, p) => sum + weight(p), 0), ...plan.filter((p) => !runsAlone(p)).map(weight)];
        const loads = shards.map((s) => s.reduce((sum, p) => sum + weight(p), 0));
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(Math.max(...jobs) + 1e-9);
        expect(splitPlan(plan, total, options)).toEqual(shards);
        expect(shardOf(plan, { index: total, total }, options)).toEqual(shards[total - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('balances by count into sizes that differ by at most one when nothing runs alone', () => {
    const plan = Array.from({ length: 148 }, (_, i) => planned(i, false, i % 7 === 0));
    expect(splitPlan(plan, 3).map((s) => s.length)).toEqual([50, 49, 49]);
  });

  it('weighs a scenario an earlier report does not have as the average one', () => {
    const plan = [planned(0, false, false), planned(1, false, false), planned(2, false, false), planned(3, false, false)];
    const durations = new Map([['s/scenario-000', 1000], ['s/scenario-001', 1000], ['s/scenario-002', 10]]);
    // 003 (new) weighs the average of the known ones, 670: heavier than 002 (10 ms), so it is placed before it.
    expect(splitPlan(plan, 2, { durations }).map((s) => s.map((p) => p.scenario.id.slice(-3)))).toEqual([['000', '003'], ['001', '002']]);
    // Without it the split would be by the 10 ms alone: 002 joins a heavy one, and 003 (weighing 1) the other.
    expect(splitPlan(plan, 2, { durations: new Map([...durations, ['s/scenario-003', 1]]) }).map((s) => s.map((p) => p.scenario.id.slice(-3)))).toEqual([['000', '002'], ['001', '003']]);
  });
});

describe('durationsOf', () => {
  it('takes no duration from a scenario the earlier run did not run (skipped, or halted by --max-duration), so it does not weigh nothing', () => {
    // The earlier run was cut short after two scenarios: the other six were halted, at 0 ms each.
    const earlier = Array.from({ length: 8 }, (_, i) => ({ id: `s/scenario-${String(i).padStart(3, '0')}`, timings: { durationMs: i < 2 ? 400 : 0 } }));
    const durations = durationsOf(earlier);
    expect([...durations.keys()]).toEqual(['s/scenario-000', 's/scenario-001']);
    const plan = Array.from({ length: 8 }, (_, i) => planned(i, false, false));
    // The six weigh the average of the two that ran: 4 scenarios a shard, not the six in one shard and two in the other.
    expect(splitPlan(plan, 2, { durations }).map((s) => s.length)).toEqual([4, 4]);
  });
});

describe('planInfo', () => {
  it('is the same for the same plan, and differs with the filters, the capabilities or the scenarios', () => {
    const plan = [planned(0, false, false), planned(1, true, false)];
    const base = planInfo(plan, {}, ['b', 'a']);
    expect(base).toEqual(planInfo(plan, {}, ['a', 'b']));
    expect(base.scenarios).toEqual(['s/scenario-000', 's/scenario-001']);
    expect(base.capabilities).toEqual(['a', 'b']);
    expect(planInfo(plan, { grep: 'x' }, ['a', 'b']).digest).not.toBe(base.digest);
    expect(planInfo(plan, {}, ['a']).digest).not.toBe(base.digest);
    expect(planInfo(plan.slice(0, 1), {}, ['a', 'b']).digest).not.toBe(base.digest);
  });
});

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
  });

  it.each(['0/3', '4/3', '1/0', '2', 'a/b', '1/2/3', '-1/2'])('refuses %s as a usage error', (text) => {
    let error: unknown;
    try {
      parseShard(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_USAGE');
    expect((error as SettlekitError).message).toBe(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${text}"`);
  });
});

describe('shardOf', () => {
  const plan = [planned(0, false, false), planned(1, false, false), planned(2, false, false)];

  it('runs more shards than scenarios: the shards beyond them are empty, every scenario in one', () => {
    const shards = [1, 2, 3, 4, 5].map((index) => shardOf(plan, { index, total: 5 }).map((p) => p.scenario.id));
    expect(shards.flat().sort()).toEqual(plan.map((p) => p.scenario.id));
    expect(shards.filter((s) => s.length === 0)).toHaveLength(2);
  });

  it.each([
    { index: 0, total: 2 },
    { index: 3, total: 2 },
    { index: 1, total: 0 },
    { index: 1.5, total: 2 },
    { index: Number.NaN, total: 2 },
  ])('refuses the shard %o of the programmatic API as a usage error, not an empty run', (spec) => {
    let error: unknown;
    try {
      shardOf(plan, spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_USAGE');
    expect((error as SettlekitError).message).toBe(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${spec.index}/${spec.total}"`);
  });
});
