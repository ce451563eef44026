import { afterEach, describe, expect, it } from 'vitest';
import { SettlekitErrorList } from '../../lib/errors.ts';
import { loadProject } from '../../runner/load/load-project.ts';
import { copyMini, MINI_ROOT } from '../helpers/mini-fixture.ts';

/** Loads and returns the collected errors as `file:line:col CODE message` lines (file by base name). */
async function loadErrors(root: string): Promise<string[]> {
  try {
    await loadProject(root);
  } catch (error) {
    expect(error).toBeInstanceOf(SettlekitErrorList);
    return (error as SettlekitErrorList).errors.map((e) => `${(e.where ?? '').replace(/^.*\//, '')} ${e.code} ${e.message}`);
  }
  return [];
}

describe('loadProject', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('loads the mini suite with its rules, spec and scenarios in id order', async () => {
    const project = await loadProject(MINI_ROOT);
    expect(project.suites.map((s) => s.id)).toEqual(['mini']);
    const [suite] = project.suites;
    expect(suite!.rules.map((r) => r.id)).toEqual(['MN-PY-01', 'MN-PY-02', 'MN-PY-03']);
    expect(suite!.scenarios.map((s) => s.id)).toEqual(['mini/bad-amount', 'mini/create-and-get', 'mini/unknown']);
    const create = suite!.scenarios.find((s) => s.id === 'mini/create-and-get')!;
    expect(create.steps[1]!.action).toEqual({ kind: 'operation', operation: 'payments.get' });
    expect(create.steps[1]!.position.line).toBe(13);
    expect(project.specs.get('mini')!.operation('payments.get')!.pathParams).toEqual(['accountId', 'id']);
  });

  it('reports a YAML syntax error with its file, line and column', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write('broken.yaml', 'id: mini/broken\ntitle: x\nrules: [MN-PY-01\nsteps: []\n');
    const errors = await loadErrors(mini.root);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^broken\.yaml:\d+:\d+ SETTLEKIT_E_YAML_SYNTAX /);
  });

  it('points an unknown key at the key itself', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write(
      'typo.yaml',
      ['id: mini/typo', 'title: typo', 'rules: [MN-PY-01]', 'steps:', '  - name: create', '    operation: payments.create', '    expct: { status: 201 }', ''].join('\n'),
    );
    expect(await loadErrors(mini.root)).toEqual(['typo.yaml:7:5 SETTLEKIT_E_SCHEMA unknown key "expct" in steps.0']);
  });

  it('names a step with no action, and one with two', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write(
      'actions.yaml',
      ['id: mini/actions', 'title: t', 'rules: [MN-PY-01]', 'steps:', '  - name: nothing', '    expect: { status: 201 }', '  - name: two', '    request: { method: GET, path: /x }', '    follow: { href: /x }', ''].join('\n'),
    );
    const errors = await loadErrors(mini.root);
    expect(errors).toContain('actions.yaml:5:5 SETTLEKIT_E_SCHEMA steps.0 needs one of: operation, request, follow, control');
    expect(errors).toContain('actions.yaml:7:5 SETTLEKIT_E_SCHEMA steps.1 has more than one action (request, follow); a step does exactly one');
  });

  it('rejects an unknown operation, an unknown rule, an unknown capability and a missing path parameter', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write(
      'refs.yaml',
      [
        'id: mini/refs',
        'title: t',
        'rules: [MN-PY-01, MN-XX-99]',
        'requires: [teleportation]',
        'steps:',
        '  - name: bad op',
        '    operation: payments.destroy',
        '  - name: no id',
        '    operation: payments.get',
        '',
      ].join('\n'),
    );
    const errors = await loadErrors(mini.root);
    expect(errors).toContain('refs.yaml:3:19 SETTLEKIT_E_UNKNOWN_RULE unknown rule MN-XX-99 for suite mini');
    expect(errors).toContain('refs.yaml:4:12 SETTLEKIT_E_UNKNOWN_CAPABILITY unknown capability "teleportation"');
    expect(errors).toContain('refs.yaml:7:16 SETTLEKIT_E_UNKNOWN_OPERATION unknown operation "payments.destroy" in Mini API');
    expect(errors).toContain('refs.yaml:8:5 SETTLEKIT_E_SCHEMA operation payments.get needs the path parameter "id" under params');
  });

  it('rejects a capture used before it is defined, and an unknown matcher', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write(
      'early.yaml',
      [
        'id: mini/early',
        'title: t',
        'rules: [MN-PY-01]',
        'steps:',
        '  - name: read first',
        '    operation: payments.get',
        '    params: { id: "{{payment}}" }',
        '    expect: { body: { id: { $matches: x } } }',
        '  - name: create',
        '    operation: payments.create',
        '    capture: { payment: $.id }',
        '',
      ].join('\n'),
    );
    const errors = await loadErrors(mini.root);
    expect(errors).toContain('early.yaml:7:19 SETTLEKIT_E_CAPTURE_UNDEFINED {{payment}} is used before any step captures it');
    expect(errors.some((e) => e.startsWith('early.yaml:8:') && e.includes('unknown matcher "$matches"'))).toBe(true);
  });

  it('suggests the operation meant by a typo', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write('typo-op.yaml', 'id: mini/typo-op\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: x\n    operation: payments.craete\n');
    expect(await loadErrors(mini.root)).toEqual(['typo-op.yaml:6:16 SETTLEKIT_E_UNKNOWN_OPERATION unknown operation "payments.craete" in Mini API (did you mean payments.create?)']);
  });

  it('rejects a duplicate scenario id naming the first file', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write('zz-dup.yaml', 'id: mini/bad-amount\ntitle: again\nrules: [MN-PY-02]\nsteps:\n  - name: x\n    operation: payments.create\n');
    const errors = await loadErrors(mini.root);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^zz-dup\.yaml:1:5 SETTLEKIT_E_DUPLICATE_ID scenario id "mini\/bad-amount" is already used by .*bad-amount\.yaml:1$/);
  });

  it('requires the capability a control step needs', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write('clock.yaml', 'id: mini/clock\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: wait\n    control: { action: advance-clock, days: 31 }\n');
    expect(await loadErrors(mini.root)).toEqual(['clock.yaml:6:14 SETTLEKIT_E_SCHEMA a advance-clock control step needs "clock-control" under requires']);
  });

  it('collects the problems of several files in one load', async () => {
    const mini = await copyMini();
    dispose = mini.dispose;
    await mini.write('a.yaml', 'id: mini/a\ntitle: t\nrules: []\nsteps: []\n');
    await mini.write('b.yaml', 'id: [\n');
    const errors = await loadErrors(mini.root);
    expect(errors.filter((e) => e.startsWith('a.yaml:')).length).toBeGreaterThanOrEqual(1);
    expect(errors.filter((e) => e.startsWith('b.yaml:')).length).toBe(1);
  });
});
