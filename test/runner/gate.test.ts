/**
 * The judgement of a run beyond plain results (runner/report/baseline.ts, waivers.ts, build-report.ts): every
 * baseline change as defined, waivers in date, on their last day, expired, stale, through scenarios and through rules,
 * and the gate each mode gives.
 */
import { describe, expect, it } from 'vitest';
import type { RuleStatus, Waiver } from '../../runner/model/report.ts';
import { classify } from '../../runner/report/baseline.ts';
import { applyWaivers, todayUtc } from '../../runner/report/waivers.ts';
import { assembleReport, makeRule, makeScenario, makeStep } from '../fixtures/report-fixtures.ts';

describe('classify (status in the baseline → status now)', () => {
  it.each<[RuleStatus | undefined, RuleStatus, string]>([
    [undefined, 'failed', 'new-failure'],
    [undefined, 'errored', 'new-failure'],
    [undefined, 'passed', 'new'],
    [undefined, 'untested', 'new'],
    ['passed', 'failed', 'new-failure'],
    ['skipped', 'errored', 'new-failure'],
    ['untested', 'failed', 'new-failure'],
    ['failed', 'errored', 'still-failing'],
    ['errored', 'failed', 'still-failing'],
    ['failed', 'skipped', 'still-failing'],
    ['failed', 'untested', 'still-failing'],
    ['failed', 'passed', 'fixed'],
    ['errored', 'passed', 'fixed'],
    ['passed', 'passed', 'unchanged'],
    ['passed', 'skipped', 'unchanged'],
    ['skipped', 'passed', 'unchanged'],
  ])('%s → %s is %s', (before, after, change) => {
    expect(classify(before, after)).toBe(change);
  });
});

describe('applyWaivers', () => {
  const failing = (id: string, rules: string[]) => makeScenario({ id, rules, steps: [makeStep({ status: 'failed' })] });
  const scenarios = [failing('b/x/one', ['BT-PS-01']), failing('b/x/two', ['BT-PS-01', 'BT-PS-02']), makeScenario({ id: 'b/x/ok', rules: ['BT-PS-03'] })];
  const rules = [makeRule({ id: 'BT-PS-01', status: 'failed', scenarios: ['b/x/one', 'b/x/two'] }), makeRule({ id: 'BT-PS-02', status: 'failed', scenarios: ['b/x/two'] }), makeRule({ id: 'BT-PS-03', scenarios: ['b/x/ok'] })];
  const apply = (entries: Waiver[], today = '2026-06-15') => applyWaivers(rules, scenarios, { file: 'w.yaml', entries }, { today });

  it('waives through the expiry day, and not the day after', () => {
    const waiver = { rule: 'BT-PS-02', reason: 'r', expires: '2026-06-15' };
    expect(apply([waiver]).rules[1]!.waiver?.state).toBe('applied');
    expect(apply([waiver], '2026-06-16').rules[1]!.waiver?.state).toBe('expired');
    expect(apply([waiver], '2026-06-16').summary.entries[0]).toMatchObject({ state: 'expired', matched: ['BT-PS-02'] });
  });

  it('waives a rule through its scenarios only when every failing scenario checking it is waived', () => {
    const one = apply([{ scenario: 'b/x/one', reason: 'r1', expires: '2027-01-01' }]);
    expect(one.rules[0]!.waiver).toBeUndefined();
    const both = apply([
      { scenario: 'b/x/one', reason: 'r1', expires: '2027-01-01' },
      { scenario: 'b/x/two', reason: 'r2', expires: '2026-12-01' },
    ]);
    // The earliest expiry speaks for the rule.
    expect(both.rules[0]!.waiver).toEqual({ state: 'applied', reason: 'r2', expires: '2026-12-01', scenarios: ['b/x/one', 'b/x/two'] });
    expect(both.rules[1]!.waiver?.scenarios).toEqual(['b/x/two']);
  });

  it('waives a failing scenario through its rules only when every rule it checks is waived', () => {
    const partly = apply([{ rule: 'BT-PS-01', reason: 'r', expires: '2027-01-01' }]);
    expect(partly.scenarios.map((s) => s.waiver?.state)).toEqual(['applied', undefined, undefined]);
    expect(partly.scenarios[0]!.waiver?.rules).toEqual(['BT-PS-01']);
    const expired = apply([{ rule: 'BT-PS-01', reason: 'r', expires: '2027-01-01' }, { rule: 'BT-PS-02', reason: 'old', expires: '2026-01-01' }]);
    expect(expired.scenarios[1]!.waiver).toEqual({ state: 'expired', reason: 'old', expires: '2026-01-01', rules: ['BT-PS-01', 'BT-PS-02'] });
  });

  it('reports stale waivers: a rule that passed, an id not in the run', () => {
    const result = apply([{ rule: 'BT-PS-03', reason: 'r', expires: '2027-01-01' }, { scenario: 'b/x/gone', reason: 'r', expires: '2027-01-01' }]);
    expect(result.summary.entries.map((e) => [e.state, e.note])).toEqual([
      ['stale', 'rule BT-PS-03 passed in this run'],
      ['stale', 'no scenario b/x/gone in this run'],
    ]);
  });

  it('takes today in UTC', () => {
    expect(todayUtc(new Date('2026-06-15T23:59:59.999-05:00'))).toBe('2026-06-16');
  });
});

describe('the gate', () => {
  const failing = makeScenario({ id: 'b/x/fails', rules: ['BT-PS-01'], steps: [makeStep({ status: 'failed' })] });
  const ruleless = makeScenario({ id: 'b/x/no-rule', rules: [], steps: [makeStep({ status: 'failed' })] });
  const should = makeScenario({ id: 'b/x/should', rules: ['BT-PS-02'], steps: [makeStep({ status: 'failed' })] });
  const rules = [makeRule({ id: 'BT-PS-01' }), makeRule({ id: 'BT-PS-02', level: 'SHOULD' })];

  it('fails on failing MUST rules and failing scenarios without a rule; SHOULD only when strict', () => {
    expect(assembleReport([failing, ruleless, should], rules).verdict.gate).toEqual({ mode: 'failures', passed: false, blocking: ['BT-PS-01', 'b/x/no-rule'] });
    const strict = assembleReport([failing, should], rules, {}, { options: { suites: ['braintree'], tags: [], rules: [], concurrency: 4, timeoutMs: 1, strict: true } });
    expect(strict.verdict.gate?.blocking).toEqual(['BT-PS-01', 'BT-PS-02']);
  });

  it('with regressions, fails only on new failures; without a baseline every failure is new', () => {
    const options = { suites: ['braintree'], tags: [], rules: [], concurrency: 4, timeoutMs: 1, strict: false, gate: 'regressions' as const };
    const baseline = { source: 'b.json', kitVersion: '0.1.0', target: 't', startedAt: '2026-01-01T00:00:00.000Z', rules: new Map([['BT-PS-01', 'failed' as const]]), scenarios: new Map() };
    expect(assembleReport([failing, ruleless], rules, {}, { options, baseline }).verdict.gate).toEqual({ mode: 'regressions', passed: false, blocking: ['b/x/no-rule'] });
    expect(assembleReport([failing], rules, {}, { options, baseline }).verdict.gate?.passed).toBe(true);
    expect(assembleReport([failing], rules, {}, { options }).verdict.gate?.blocking).toEqual(['BT-PS-01']);
  });

  it('never passes a run that was interrupted or stopped, and keeps the verdict a plain conformance claim', () => {
    const passing = makeScenario({ id: 'b/x/ok', rules: ['BT-PS-01'] });
    expect(assembleReport([passing], rules, {}, { stopped: { code: 'SETTLEKIT_E_TARGET_STOPPED', message: 'x' } }).verdict).toMatchObject({ conformant: false, gate: { passed: false, blocking: [] } });
    const waived = assembleReport([failing], rules, {}, { waivers: { entries: [{ rule: 'BT-PS-01', reason: 'r', expires: '2099-01-01' }] } });
    expect(waived.verdict).toMatchObject({ conformant: false, gate: { passed: true } });
  });
});
