import { describe, expect, it } from 'vitest';
import { ReporterMultiplexer } from '../../reports/multiplexer.ts';
import type { Reporter, RunErrorEvent, RunStartEvent } from '../../runner/model/events.ts';
import { makeMixedReport } from '../fixtures/report-fixtures.ts';

const start: RunStartEvent = {
  kitVersion: '0.1.0',
  target: { url: 'http://127.0.0.1:4010', embedded: true },
  startedAt: '2026-11-22T10:00:00.000Z',
  scenarioCount: 4,
  suites: ['braintree'],
};

/** A reporter that logs every hook it receives into a shared journal. */
function recorder(name: string, journal: string[], errors: RunErrorEvent[] = []): Reporter {
  return {
    name,
    onRunStart: () => void journal.push(`${name}:start`),
    onScenarioEnd: async (e) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      journal.push(`${name}:scenario:${e.scenario.id}`);
    },
    onRunEnd: () => void journal.push(`${name}:end`),
    onError: (e) => {
      errors.push(e);
      journal.push(`${name}:error:${e.reporter ?? ''}`);
    },
  };
}

describe('ReporterMultiplexer', () => {
  it('fans every event out to each reporter in order, awaiting each one', async () => {
    const journal: string[] = [];
    const mux = new ReporterMultiplexer([recorder('a', journal), recorder('b', journal)]);
    const report = makeMixedReport();
    await mux.onRunStart(start);
    for (const scenario of report.scenarios.slice(0, 2)) await mux.onScenarioEnd({ scenario });
    await mux.onRunEnd({ report, outputDir: 'out' });
    const [first, second] = report.scenarios.map((s) => s.id);
    expect(journal).toEqual([
      'a:start', 'b:start',
      `a:scenario:${first}`, `b:scenario:${first}`,
      `a:scenario:${second}`, `b:scenario:${second}`,
      'a:end', 'b:end',
    ]);
    expect(mux.errors).toEqual([]);
  });

  it('skips hooks a reporter does not implement', async () => {
    const journal: string[] = [];
    const mux = new ReporterMultiplexer([{ name: 'empty' }, recorder('a', journal)]);
    await mux.onStepEnd({ scenarioId: 'x', step: makeMixedReport().scenarios[0]!.steps[0]! });
    await mux.onRunStart(start);
    expect(journal).toEqual(['a:start']);
  });

  it('turns a synchronous throw into an onError to the others and records it', async () => {
    const journal: string[] = [];
    const seenByA: RunErrorEvent[] = [];
    const seenByC: RunErrorEvent[] = [];
    const broken: Reporter = {
      name: 'broken',
      onRunStart: () => {
        throw new Error('disk full');
      },
      onError: () => void journal.push('broken:error'),
    };
    const mux = new ReporterMultiplexer([recorder('a', journal, seenByA), broken, recorder('c', journal, seenByC)]);
    await expect(mux.onRunStart(start)).resolves.toBeUndefined();

    const expected = { code: 'SETTLEKIT_E_REPORTER', reporter: 'broken', message: 'reporter broken failed in onRunStart: disk full' };
    expect(mux.errors).toEqual([expected]);
    expect(seenByA).toEqual([expected]);
    expect(seenByC).toEqual([expected]);
    // The failing reporter is not told about its own failure; the later reporter still gets the original event.
    expect(journal).toEqual(['a:start', 'a:error:broken', 'c:error:broken', 'c:start']);
  });

  it('turns an async rejection (even a non-Error) into a reported error', async () => {
    const journal: string[] = [];
    const mux = new ReporterMultiplexer([
      { name: 'async-broken', onRunEnd: () => Promise.reject('nope') },
      recorder('a', journal),
    ]);
    await mux.onRunEnd({ report: makeMixedReport(), outputDir: 'out' });
    expect(mux.errors).toEqual([{ code: 'SETTLEKIT_E_REPORTER', reporter: 'async-broken', message: 'reporter async-broken failed in onRunEnd: nope' }]);
    expect(journal).toEqual(['a:error:async-broken', 'a:end']);
  });

  it('records a failure inside onError without forwarding it again', async () => {
    const journal: string[] = [];
    const throwsEverywhere = (name: string): Reporter => ({
      name,
      onRunStart: () => {
        throw new Error(`${name} start`);
      },
      onError: () => {
        throw new Error(`${name} error`);
      },
    });
    const mux = new ReporterMultiplexer([throwsEverywhere('x'), throwsEverywhere('y'), recorder('a', journal)]);
    await mux.onRunStart(start);
    expect(mux.errors.map((e) => e.message)).toEqual([
      'reporter x failed in onRunStart: x start',
      'reporter y failed in onError: y error',
      'reporter y failed in onRunStart: y start',
      'reporter x failed in onError: x error',
    ]);
    expect(journal).toEqual(['a:error:x', 'a:error:y', 'a:start']);
  });

  it('forwards kit errors sent to it to every reporter', async () => {
    const journal: string[] = [];
    const mux = new ReporterMultiplexer([recorder('a', journal), recorder('b', journal)]);
    await mux.onError({ code: 'SETTLEKIT_E_INTERNAL', message: 'oops' });
    expect(journal).toEqual(['a:error:', 'b:error:']);
    expect(mux.errors).toEqual([]);
  });

  it('names an unnamed reporter and exposes a read-only reporter list', async () => {
    const mux = new ReporterMultiplexer([
      { name: '', onRunStart: () => { throw new Error('x'); } },
    ]);
    await mux.onRunStart(start);
    expect(mux.errors[0]?.reporter).toBe('(unnamed)');
    expect(mux.reporters).toHaveLength(1);
  });
});
