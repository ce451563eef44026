/**
 * The aspect → rule tables are data: every rule they name is in the suite's catalogue, lookups go from the most
 * specific cell to the catch-all, and a difference takes the highest level of its rules (INFO, marked uncatalogued,
 * when no rule speaks about it).
 */
import { describe, expect, it } from 'vitest';
import { differenceOf, levelOf, rulesFor, tableRules } from '../../runner/fuzz/aspects.ts';
import type { AspectTable } from '../../runner/fuzz/model.ts';
import type { CommandModel, Observed } from '../../runner/fuzz/model.ts';
import { BRAINTREE_METHODS } from '../../runner/fuzz/models/braintree.ts';
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

describe('the Braintree model', () => {
  const model = COMMAND_MODELS.braintree as CommandModel<unknown>;
  const env = { capabilities: new Set<string>(), race: false };
  const answer = (status: number, transaction: Record<string, unknown>): Observed => ({ status, headers: {}, body: { transaction }, captures: {} });
  const child = (instrument: string, status: string): Observed =>
    answer(201, { id: 'child1', type: 'sale', status, amount: '50.00', 'currency-iso-code': 'USD', 'authorized-transaction-id': 'sale1', 'payment-instrument-type': instrument });

  it('judges a PayPal child’s status by BT-PS-17 (SHOULD, the SDKs’ fact), any other child’s by BT-PS-09 (MUST)', async () => {
    const state = model.initial(env);
    const paypal = BRAINTREE_METHODS.findIndex((m) => m.label === 'PayPal');
    const sale = model.compile({ op: 'sale', method: paypal, account: 'default', amount: 10_000, submit: false }, state, env)!;
    model.observe(sale, { ...answer(201, { id: 'sale1', type: 'sale', status: 'authorized', amount: '100.00', 'currency-iso-code': 'USD', 'payment-instrument-type': 'paypal_account' }), captures: { sale0: 'sale1' } }, state);
    const settle = model.compile({ op: 'partialSettle', of: 'parent', pick: 0, amount: { edge: 'exact' }, finalCapture: false }, state, env)!;
    expect(settle.operation).toBe('transaction.submitForPartialSettlement');
    const noProbe = () => Promise.resolve(undefined);

    const onPaypal = await settle.situation(child('paypal_account', 'settling'), noProbe);
    expect(onPaypal).toBe('accepted-paypal');
    expect(rulesFor(model.aspects, settle.operation, 'status', onPaypal)).toEqual(['BT-PS-17']);
    // Every other aspect of a PayPal child is judged as any child's.
    expect(rulesFor(model.aspects, settle.operation, 'amount', onPaypal)).toEqual(['BT-PS-01']);
    expect(rulesFor(model.aspects, settle.operation, 'settlement-links', onPaypal)).toEqual(['BT-LK-01']);
    expect(rulesFor(model.aspects, settle.operation, 'outcome', onPaypal)).toEqual(['BT-PS-04', 'BT-PS-02', 'BT-PS-06']);

    const onCard = await settle.situation(child('credit_card', 'submitted_for_settlement'), noProbe);
    expect(onCard).toBe('accepted');
    expect(rulesFor(model.aspects, settle.operation, 'status', onCard)).toEqual(['BT-PS-09']);
    // A refusal stays a refusal, whatever the method.
    expect(await settle.situation({ status: 422, headers: {}, body: { 'api-error-response': { errors: { transaction: { errors: [{ code: '91522' }] } } } }, captures: {} }, noProbe)).toBe('over-amount');

    // Found later, the same split.
    model.observe(settle, { ...child('paypal_account', 'settling'), captures: { child1: 'child1' } }, state);
    const find = model.compile({ op: 'find', id: 'child1' }, state, env)!;
    expect(find.operation).toBe('transaction.find');
    const found = await find.situation(answer(200, { id: 'child1', status: 'settling', 'authorized-transaction-id': 'sale1', 'payment-instrument-type': 'paypal_account' }), noProbe);
    expect(found).toBe('child-paypal');
    expect(await find.situation(answer(200, { id: 'child1', status: 'settling', 'authorized-transaction-id': 'sale1', 'payment-instrument-type': 'credit_card' }), noProbe)).toBe('child');
    expect(rulesFor(model.aspects, 'transaction.find', 'status', 'child-paypal')).toEqual(['BT-PS-17']);
    expect(rulesFor(model.aspects, 'transaction.find', 'status', 'child')).toEqual(['BT-PS-09']);
    expect(rulesFor(model.aspects, 'transaction.find', 'refund-links', 'child-paypal')).toEqual(['BT-RF-03']);
  });
});
