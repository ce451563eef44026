/**
 * Issue 9: Pact really checks, and bad input is a clear error, never a crash. A pact edited to expect what the
 * simulator does not do fails verification with Pact's message; a pact file that is not V4 JSON is named at its
 * file:line:col (exit 2) while the other files are still verified and the report written; an interaction whose
 * provider state is not settlekit's is an errored interaction naming the state.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactFileName } from '../../runner/pact/naming.ts';
import { exportPacts, removePactOutputs, tempFolder, verifyPacts, type PactExport, type PactJson } from '../helpers/pact-run.ts';
import { runCli } from '../helpers/cli.ts';
import { ROOT } from '../helpers/suite-run.ts';

const SCENARIO = 'worldpay-payments/partial-settlement/single-without-sequence';
let exported: PactExport;
let original: PactJson;
let work: string;

beforeAll(async () => {
  exported = await exportPacts(['--suite', 'worldpay-payments', '--grep', 'single-without-sequence']);
  original = exported.files.get(pactFileName('settlekit-worldpay-payments', 'worldpay-payments'))!;
  work = await tempFolder('pact-input');
}, 120_000);
afterAll(removePactOutputs);

/** Writes a variant of the exported pact into the work folder. */
async function variant(name: string, edit: (pact: PactJson & { interactions: Record<string, unknown>[] }) => void): Promise<string> {
  const pact = structuredClone(original) as PactJson & { interactions: Record<string, unknown>[] };
  edit(pact);
  const file = join(work, name);
  await writeFile(file, JSON.stringify(pact, null, 2));
  return file;
}

describe('a pact edited to expect what the simulator does not do', () => {
  it('fails verification: Pact compares the real answer with the pact', async () => {
    const file = await variant('edited.json', (pact) => {
      const settle = pact.interactions.find((i) => String(i.description).startsWith(`${SCENARIO} step 2:`)) as { response: { body: { content: Record<string, unknown> } } };
      settle.response.body.content.outcome = 'settled';
    });
    const { cli, report } = await verifyPacts([file]);
    expect(cli.code, cli.stderr).toBe(1);
    const scenario = report.scenarios.find((s) => s.id === SCENARIO)!;
    expect(scenario.status).toBe('failed');
    expect(scenario.steps.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(scenario.steps[1]!.assertions).toContainEqual(
      expect.objectContaining({ kind: 'body', path: '/outcome', expected: 'settled', actual: 'sentForSettlement', message: "Pact: Expected 'sentForSettlement' (String) to be equal to 'settled' (String)" }),
    );
    expect(report.verdict.conformant).toBe(false);
  });

  it('passes unedited (the edit, not the file, made the difference)', async () => {
    const { cli, report } = await verifyPacts([exported.dir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(report.scenarios.find((s) => s.id === SCENARIO)?.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
  });
});

describe('pact files that are not Pact V4 JSON', () => {
  it('are named at file:line:col with exit 2, and the other files are still verified and reported', async () => {
    const broken = join(work, 'broken.json');
    await writeFile(broken, '{\n  "consumer": { "name": "c" },\n  "provider": \n}\n');
    const v3 = await variant('v3.json', (pact) => {
      (pact.metadata.pactSpecification as { version: string }).version = '3.0.0';
    });
    const good = join(exported.dir, pactFileName('settlekit-worldpay-payments', 'worldpay-payments'));
    const { cli, report } = await verifyPacts([good, broken, v3]);
    expect(cli.code).toBe(2);
    const lines = cli.stderr.split('\n');
    expect(lines).toContain(`${broken}:4:1: SETTLEKIT_E_PACT_INPUT: not JSON: Unexpected token '}'`);
    const v3Text = await readFile(v3, 'utf8');
    const versionLine = v3Text.split('\n').findIndex((l) => l.includes('"3.0.0"')) + 1;
    expect(lines.find((l) => l.startsWith(`${v3}:${versionLine}:`))).toMatch(/SETTLEKIT_E_PACT_INPUT: Pact specification 3\.0\.0: settlekit verifies Pact V4 files$/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(report.summary.steps).toMatchObject({ total: 2, passed: 2 });
  });

  it('a missing pact folder is a usage error', async () => {
    const { code, stderr } = await runCli(['pact', 'verify', join(work, 'nowhere')], { cwd: ROOT });
    expect(code).toBe(2);
    expect(stderr).toMatch(/SETTLEKIT_E_USAGE: no pact file or folder at .*nowhere/);
  });
});

describe('consumer and provider names', () => {
  it('that would put two suites in one file, or are not file-safe, are usage errors before anything runs', async () => {
    const out = await tempFolder('names');
    const same = await runCli(['pact', 'export', '--output', out, '--consumer', 'shop', '--provider', 'payments'], { cwd: ROOT });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/SETTLEKIT_E_USAGE: the suites braintree and worldpay-payments would both be written to shop-payments\.json/);
    const unsafe = await runCli(['pact', 'export', '--output', out, '--provider', '../payments'], { cwd: ROOT });
    expect(unsafe.code).toBe(2);
    expect(unsafe.stderr).toMatch(/SETTLEKIT_E_USAGE: --provider "\.\.\/payments" is not a valid Pact participant name/);
  });
});

describe('interactions that are not settlekit\'s', () => {
  it('are errored interactions naming the state; the settlekit ones are still verified', async () => {
    const file = await variant('foreign.json', (pact) => {
      const copy = structuredClone(pact.interactions[0]!) as Record<string, unknown>;
      pact.interactions.push({ ...copy, description: 'a payment of the team', providerStates: [{ name: 'a payment exists', params: { id: 1 } }] });
      pact.interactions.push({ ...copy, description: 'a scenario this kit does not have', providerStates: [{ name: 'settlekit nowhere/x before step 1', params: { kit: 'settlekit', scenarioId: 'nowhere/x', stepNumber: 1, stepName: 's', replays: [], injects: [] } }] });
    });
    const { cli, report } = await verifyPacts([file]);
    expect(cli.code, cli.stderr).toBe(1);
    expect(report.verdict.conformant).toBe(false);
    const foreign = report.scenarios.find((s) => s.id === 'pact:foreign.json')!;
    expect(foreign).toMatchObject({ status: 'errored', suite: 'worldpay-payments', rules: [] });
    expect(foreign.steps.map((s) => [s.name, s.status, s.error?.code])).toEqual([
      ['a payment of the team', 'errored', 'SETTLEKIT_E_PACT_STATE'],
      ['a scenario this kit does not have', 'errored', 'SETTLEKIT_E_PACT_STATE'],
    ]);
    expect(foreign.steps[0]!.error?.message).toBe('the provider state "a payment exists" is not a settlekit state (its params have no kit: settlekit)');
    expect(foreign.steps[1]!.error?.message).toMatch(/names the scenario nowhere\/x, which is not in this kit's suites/);
    expect(foreign.file).toBe(file);
    expect(foreign.line).toBeGreaterThan(1);
    expect(report.scenarios.find((s) => s.id === SCENARIO)?.status).toBe('passed');
  });
});
