/**
 * The aspect → rule tables are data: every rule they name is in the suite's catalogue, lookups go from the most
 * specific cell to the catch-all, and a difference takes the highest level of its rules (INFO, marked uncatalogued,
 * when no rule speaks about it).
 */
import { describe, expect, it } from 'vitest';
import { differenceOf, levelOf, rulesFor, tableRules } from '../../runner/fuzz/aspects.ts';
import type { AspectTable } from '../../runner/fuzz/model.ts';
import { COMMAND_MODELS } from '../../runner/fuzz/models/index.ts';
import { loadProject } from '../../runner/load/load-project.ts';
import type { StepResult } from '../../runner/model/report.ts';
import type { Rule } from '../../runner/model/scenario.ts';
import { BUNDLED_SCENARIOS_DIR } from '../../runner/paths.ts';

describe('aspect tables', () => {
  it('name only rules of their suite’s catalogue, and every suite with a command model is a bundled suite', async () => {
    const project = await loadProject(BUNDLED_SCENARIOS_DIR);
    expect(Object.keys(COMMAND_MODELS).sort()).toEqual(project.suites.map((s) => s.id).sort());
    for (const [suiteId, model] of Object.entries(COMMAND_MODELS)) {
      const catalogue = new Set(project.suites.find((s) => s.id === suiteId)?.rules.map((r) => r.id));
      const named = tableRules(model.aspects);
      expect(named.length, suiteId).toBeGreaterThan(0);
      expect(named.filter((id) => !catalogue.has(id)), suiteId).toEqual([]);
    }
  });

  const table: AspectTable = {
    op: { status: { accepted: ['A-AA-01'], '*': ['A-AA-02'] }, 'action:*': { accepted: ['A-AA-03'] }, '*': { accepted: ['A-AA-04'], refused: ['A-AA-05'] } },
    '*': { 'action:cancel': { '*': ['A-AA-06'] }, '*': { 'not-found': ['A-AA-07'] } },
  };

  it('look up the operation’s aspect first, then the global aspect, then the catch-alls', () => {
    expect(rulesFor(table, 'op', 'status', 'accepted')).toEqual(['A-AA-01']);
    expect(rulesFor(table, 'op', 'status', 'refused')).toEqual(['A-AA-02']);
    expect(rulesFor(table, 'op', 'action:settle', 'accepted')).toEqual(['A-AA-03']);
    expect(rulesFor(table, 'op', 'action:cancel', 'refused')).toEqual(['A-AA-06']);
    expect(rulesFor(table, 'op', 'amount', 'refused')).toEqual(['A-AA-05']);
    expect(rulesFor(table, 'other', 'amount', 'not-found')).toEqual(['A-AA-07']);
    expect(rulesFor(table, 'other', 'amount', 'accepted')).toEqual([]);
    // An answer that never came is judged like a wrong status.
    expect(rulesFor({ op: { outcome: { '*': ['A-AA-08'] } } }, 'op', 'transport', 'x')).toEqual(['A-AA-08']);
  });

  const rule = (id: string, level: Rule['level']): Rule => ({ id, level, suite: 's', title: id, sentence: '', source: '' });
  const catalogue = new Map([rule('A-AA-01', 'INFO'), rule('A-AA-02', 'SHOULD'), rule('A-AA-04', 'MUST')].map((r) => [r.id, r]));

  it('give a difference the highest level of its rules', () => {
    expect(levelOf(['A-AA-01', 'A-AA-02'], catalogue)).toBe('SHOULD');
    expect(levelOf(['A-AA-01', 'A-AA-04'], catalogue)).toBe('MUST');
    expect(levelOf([], catalogue)).toBe('INFO');
  });

  const result = (assertions: StepResult['assertions'], status: StepResult['status'] = 'failed'): StepResult => ({
    name: 'step',
    status,
    action: 'op',
    line: 0,
    assertions,
    timings: { startedAt: '', durationMs: 0 },
  });
  const model = { aspects: table, aspectOf: (pointer: string) => (pointer.startsWith('/status') ? 'status' : 'amount') };

  it('read a wrong status as the whole difference, and body differences by their pointer', () => {
    const wrongStatus = differenceOf(
      result([
        { kind: 'status', passed: false, path: '', message: 'expected status 422, got 201' },
        { kind: 'body', passed: false, path: '/status', message: 'x' },
      ]),
      model,
      'op',
      'accepted',
      catalogue,
    );
    expect(wrongStatus).toMatchObject({ aspects: ['outcome'], rules: ['A-AA-04'], level: 'MUST', messages: ['expected status 422, got 201'] });
    const body = differenceOf(result([{ kind: 'body', passed: false, path: '/status', message: 'expected "settled", got "settlement_pending"' }]), model, 'op', 'refused', catalogue);
    expect(body).toMatchObject({ aspects: ['status'], rules: ['A-AA-02'], level: 'SHOULD' });
    const race = differenceOf(result([{ kind: 'body', passed: false, path: '#2/amount', message: 'x' }]), model, 'op', 'nothing', catalogue);
    expect(race).toMatchObject({ aspects: ['amount'], rules: [], level: 'INFO', uncatalogued: true });
    expect(differenceOf(result([], 'passed'), model, 'op', 'accepted', catalogue)).toBeUndefined();
  });
});
