/**
 * Loading a suite of one's own: its rule-id pattern (ruleIdPattern in suite.yaml), its capabilities, its spec and
 * catalogue beside its scenarios, and a broken catalogue entry reported once for every scenario that names it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettlekitErrorList } from '../../lib/errors.ts';
import { loadProject } from '../../runner/load/load-project.ts';
import { BUNDLED_SCENARIOS_DIR } from '../../runner/paths.ts';

const SPEC = `openapi: 3.1.0
info: { title: Orders, version: '1' }
paths:
  /orders:
    post:
      operationId: createOrder
      responses:
        '201': { description: created, content: { application/json: { schema: { type: object } } } }
`;

/** A rule catalogue entry. */
const rule = (id: string, level = 'MUST'): string => `  - { id: ${id}, level: ${level}, title: t, sentence: s, source: guide }\n`;

/** A scenario naming `rules`. */
const scenario = (id: string, rules: readonly string[], requires: readonly string[] = []): string =>
  `id: ${id}\ntitle: t\nrules: [${rules.join(', ')}]\n${requires.length ? `requires: [${requires.join(', ')}]\n` : ''}steps:\n  - name: create\n    operation: createOrder\n`;

/** Writes `files` (path → text) under a new temporary folder. */
async function folder(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'settlekit-own-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** The suite.yaml of suite `acme`, its spec and catalogue in its own folder. */
const suiteYaml = (extra = ''): string => `id: acme\ntitle: ACME\nspec: acme.openapi.yaml\nrules: acme.rules.yaml\n${extra}`;

async function loadError(root: string): Promise<SettlekitErrorList> {
  const error = await loadProject(root).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SettlekitErrorList);
  return error as SettlekitErrorList;
}

/** `file:line:col CODE message`, the file by base name. */
const lines = (list: SettlekitErrorList): string[] => list.errors.map((e) => `${(e.where ?? '').replace(/^.*\//, '')} ${e.code} ${e.message}`);

describe('a suite of your own', () => {
  const roots: string[] = [];
  const make = async (files: Readonly<Record<string, string>>): Promise<string> => {
    const root = await folder(files);
    roots.push(root);
    return root;
  };
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  it('takes rule ids of its own shape: any by default, those of its ruleIdPattern when it declares one', async () => {
    const free = await make({
      'acme/suite.yaml': suiteYaml(),
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('PB-01')}${rule('ACME-REFUND-1')}`,
      'acme/refund.yaml': scenario('acme/refund', ['PB-01', 'ACME-REFUND-1']),
    });
    const project = await loadProject(free);
    expect(project.suites[0]!.rules.map((r) => r.id)).toEqual(['PB-01', 'ACME-REFUND-1']);
    // The spec and the catalogue beside suite.yaml are what it names, not scenarios.
    expect(project.suites[0]!.scenarios.map((s) => s.id)).toEqual(['acme/refund']);

    const patterned = await make({
      'acme/suite.yaml': suiteYaml('ruleIdPattern: "ACME-[A-Z]+-[0-9]+"\n'),
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('ACME-REFUND-1')}${rule('ACME-VOID-12')}`,
      'acme/refund.yaml': scenario('acme/refund', ['ACME-REFUND-1', 'ACME-VOID-12']),
    });
    const loaded = await loadProject(patterned);
    expect(loaded.suites[0]!.ruleIdPattern).toBe('ACME-[A-Z]+-[0-9]+');
    expect(loaded.suites[0]!.rules.map((r) => r.id)).toEqual(['ACME-REFUND-1', 'ACME-VOID-12']);
  });

  it('refuses a catalogue entry of another shape at its id, matched as a whole, and the scenarios naming it follow from it', async () => {
    const root = await make({
      'acme/suite.yaml': suiteYaml('ruleIdPattern: "ACME-[A-Z]+-[0-9]+"\n'),
      'acme/acme.openapi.yaml': SPEC,
      // XACME-REFUND-1 contains a match, but is not one as a whole.
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('ACME-REFUND-1')}${rule('PB-01')}${rule('XACME-REFUND-1')}`,
      'acme/a.yaml': scenario('acme/a', ['ACME-REFUND-1', 'PB-01']),
      'acme/b.yaml': scenario('acme/b', ['PB-01']),
    });
    const list = await loadError(root);
    expect(lines(list)).toEqual([
      `acme.rules.yaml:4:11 SETTLEKIT_E_SCHEMA rule id "PB-01" does not match the suite's ruleIdPattern ACME-[A-Z]+-[0-9]+`,
      `acme.rules.yaml:5:11 SETTLEKIT_E_SCHEMA rule id "XACME-REFUND-1" does not match the suite's ruleIdPattern ACME-[A-Z]+-[0-9]+`,
      'a.yaml:3:24 SETTLEKIT_E_UNKNOWN_RULE rule PB-01 cannot be checked: its entry in the rule catalogue is broken',
      'b.yaml:3:9 SETTLEKIT_E_UNKNOWN_RULE rule PB-01 cannot be checked: its entry in the rule catalogue is broken',
    ]);
    expect(list.errors[0]!.hint).toMatch(/ruleIdPattern in .*suite\.yaml says what the rule ids of suite acme look like/);
    expect(list.groups.map((g) => [g.error.message, g.places.length])).toEqual([
      [`rule id "PB-01" does not match the suite's ruleIdPattern ACME-[A-Z]+-[0-9]+`, 2],
      [`rule id "XACME-REFUND-1" does not match the suite's ruleIdPattern ACME-[A-Z]+-[0-9]+`, 1],
    ]);
  });

  it('points a ruleIdPattern that is not a regular expression at itself, and still checks the rest', async () => {
    const root = await make({
      'acme/suite.yaml': suiteYaml('ruleIdPattern: "ACME-("\n'),
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('ACME-1')}`,
      'acme/a.yaml': scenario('acme/a', ['ACME-2']),
    });
    expect(lines(await loadError(root))).toEqual([
      'suite.yaml:5:16 SETTLEKIT_E_SCHEMA ruleIdPattern "ACME-(" is not a valid regular expression: Unterminated group',
      'a.yaml:3:9 SETTLEKIT_E_UNKNOWN_RULE unknown rule ACME-2 for suite acme (did you mean ACME-1?)',
    ]);
  });

  it('reports one broken rule named by 200 scenarios once, with the 200 places', async () => {
    const files: Record<string, string> = {
      'acme/suite.yaml': suiteYaml(),
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('AC-RF-01')}${rule('AC-RF-02', 'MUTS')}`,
    };
    for (let i = 1; i <= 200; i++) files[`acme/refund-${String(i).padStart(3, '0')}.yaml`] = scenario(`acme/refund-${i}`, ['AC-RF-01', 'AC-RF-02']);
    const list = await loadError(await make(files));
    expect(list.errors).toHaveLength(201);
    const [group, ...others] = list.groups;
    expect(others).toEqual([]);
    expect(group!.error.where).toMatch(/acme\.rules\.yaml:4:28$/);
    expect(group!.error.message).toBe('rules.1.level must be one of ["MUST","SHOULD","INFO"], got "MUTS"');
    expect(group!.places).toHaveLength(200);
    expect(group!.places[0]).toMatch(/refund-001\.yaml:3:19$/);
  });

  it('makes every rule a scenario names follow from a catalogue that does not load', async () => {
    const root = await make({
      'acme/suite.yaml': suiteYaml(),
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': 'suite: acme\nrules: [\n',
      'acme/a.yaml': scenario('acme/a', ['AC-RF-01', 'AC-RF-02']),
      'acme/b.yaml': scenario('acme/b', ['AC-RF-03']),
    });
    const list = await loadError(root);
    expect(list.errors.map((e) => e.code)).toEqual(['SETTLEKIT_E_YAML_SYNTAX', 'SETTLEKIT_E_UNKNOWN_RULE', 'SETTLEKIT_E_UNKNOWN_RULE', 'SETTLEKIT_E_UNKNOWN_RULE']);
    expect(list.errors[1]!.message).toBe('rule AC-RF-01 cannot be checked: the rule catalogue did not load');
    expect(list.groups).toHaveLength(1);
    expect(list.groups[0]!.places).toHaveLength(3);
  });

  it('loads a folder that is itself one suite', async () => {
    const root = await make({
      'suite.yaml': suiteYaml(),
      'acme.openapi.yaml': SPEC,
      'acme.rules.yaml': `suite: acme\nrules:\n${rule('R1')}`,
      'topic/a.yaml': scenario('acme/topic/a', ['R1']),
    });
    const project = await loadProject(root);
    expect(project.suites.map((s) => [s.id, s.scenarios.map((x) => x.id)])).toEqual([['acme', ['acme/topic/a']]]);
  });

  it('declares capabilities of its own, which its scenarios may require, but not the kit’s', async () => {
    const files = {
      'acme/acme.openapi.yaml': SPEC,
      'acme/acme.rules.yaml': `suite: acme\nrules:\n${rule('R1')}`,
      'acme/a.yaml': scenario('acme/a', ['R1'], ['partial-refunds', '"!clock-control"']),
    };
    const own = await loadProject(await make({ ...files, 'acme/suite.yaml': suiteYaml('capabilities:\n  partial-refunds: The API refunds in parts\n') }));
    expect(own.suites[0]!.capabilities).toEqual({ 'partial-refunds': 'The API refunds in parts' });
    expect(own.suites[0]!.scenarios[0]!.requires).toEqual(['partial-refunds', '!clock-control']);

    const list = await loadError(await make({ ...files, 'acme/suite.yaml': suiteYaml('capabilities:\n  partial-refund: The API refunds in parts\n  clock-control: mine\n') }));
    expect(lines(list)).toEqual([
      `suite.yaml:7:3 SETTLEKIT_E_SCHEMA capability "clock-control" is one of the kit's; a suite declares only capabilities of its own`,
      'a.yaml:4:12 SETTLEKIT_E_UNKNOWN_CAPABILITY unknown capability "partial-refunds" (did you mean partial-refund?)',
    ]);
    expect(list.errors[1]!.hint).toContain('partial-refund;');
  });

  it('keeps the bundled suites to their XX-XX-00 rule ids, declared in their suite.yaml', async () => {
    const project = await loadProject(BUNDLED_SCENARIOS_DIR);
    expect(project.suites.map((s) => s.ruleIdPattern)).toEqual(project.suites.map(() => '[A-Z]{2}-[A-Z]{2}-[0-9]{2}'));
    for (const rule of project.suites.flatMap((s) => s.rules)) expect(rule.id).toMatch(/^[A-Z]{2}-[A-Z]{2}-[0-9]{2}$/);
  });
});
