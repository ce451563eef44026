/**
 * Issue 9: every suite as a Pact V4 file written by Pact's core, read back — one interaction per step that sends one
 * request, provider states with parameters, provider-state injection wherever a step uses an earlier capture,
 * matching rules, typed XML for Braintree, no credentials, and a summary whose counts match the files — and then
 * verified by `settlekit pact verify` (Pact's own verifier) against the reference simulator: every interaction passes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateNames } from '../../runner/execute/template.ts';
import { loadProject, type Project } from '../../runner/load/load-project.ts';
import type { Scenario, Step } from '../../runner/model/scenario.ts';
import { CREDENTIALS_PLACEHOLDER, interactionDescription, pactFileName, stateName, STEP_HEADER } from '../../runner/pact/naming.ts';
import { planScenarios } from '../../runner/plan/plan.ts';
import { DEFAULT_PROFILE } from '../../runner/target/profile.ts';
import { runCli } from '../helpers/cli.ts';
import { exportPacts, removePactOutputs, tempFolder, verifyPacts, type PactExport, type PactInteractionJson, type PactJson, type PactVerification } from '../helpers/pact-run.ts';
import { ROOT } from '../helpers/suite-run.ts';

const SUITES = ['braintree', 'worldpay-payments', 'worldpay-split-payments'] as const;
/** The simulator's default credentials, as the runner sends them (Basic base64) and as written. */
const SECRETS = ['integration_private_key', Buffer.from('integration_public_key:integration_private_key').toString('base64'), Buffer.from('settlekit:settlekit').toString('base64')];

let exported: PactExport;
let project: Project;

beforeAll(async () => {
  [exported, project] = await Promise.all([exportPacts(), loadProject(join(ROOT, 'scenarios'))]);
}, 300_000);
afterAll(removePactOutputs);

const fileOf = (suite: string): PactJson => {
  const file = exported.files.get(pactFileName(`settlekit-${suite}`, suite));
  if (!file) throw new Error(`no pact for ${suite} among ${[...exported.files.keys()].join(', ')}`);
  return file;
};
const interaction = (suite: string, scenarioId: string, stepNumber: number): PactInteractionJson => {
  const found = fileOf(suite).interactions.find((i) => i.description.startsWith(`${scenarioId} step ${stepNumber}:`));
  if (!found) throw new Error(`no interaction for ${scenarioId} step ${stepNumber}`);
  return found;
};
const scenarioOf = (id: string): Scenario => project.suites.flatMap((s) => s.scenarios).find((s) => s.id === id)!;
/** Every template name a step's request uses. */
const requestNames = (step: Step): string[] => templateNames([step.params, step.query, step.headers, step.body, 'href' in step.action ? step.action.href : undefined, 'path' in step.action ? step.action.path : undefined]);

describe('settlekit pact export of all three suites', () => {
  it('writes one Pact V4 file per suite, named <consumer>-<provider>.json as the Pact Broker CLI publishes them', () => {
    expect(exported.cli.code, exported.cli.stderr).toBe(0);
    expect([...exported.files.keys()].sort()).toEqual(SUITES.map((s) => `settlekit-${s}-${s}.json`).sort());
    for (const suite of SUITES) {
      const pact = fileOf(suite);
      expect(pact.metadata.pactSpecification.version).toBe('4.0');
      expect(pact.consumer.name).toBe(`settlekit-${suite}`);
      expect(pact.provider.name).toBe(suite);
      expect(pact.interactions.length).toBeGreaterThan(100);
      expect(new Set(pact.interactions.map((i) => i.type))).toEqual(new Set(['Synchronous/HTTP']));
      expect(new Set(pact.interactions.map((i) => i.description)).size, 'descriptions are unique').toBe(pact.interactions.length);
      expect(exported.summary.suites.find((s) => s.suite === suite)?.file).toBe(join(exported.dir, pactFileName(`settlekit-${suite}`, suite)));
    }
  });

  it('makes one interaction of every step that sends one request, and says why any other step is left out', () => {
    const plan = planScenarios(project.suites, {}, new Set(DEFAULT_PROFILE.capabilities));
    for (const suite of SUITES) {
      const summary = exported.summary.suites.find((s) => s.suite === suite)!;
      const descriptions = new Set(fileOf(suite).interactions.map((i) => i.description));
      let steps = 0;
      for (const { scenario, skipReason } of plan.filter((p) => p.suite.id === suite)) {
        scenario.steps.forEach((step, i) => {
          steps += 1;
          const leftOut = summary.leftOut.find((l) => l.scenarioId === scenario.id && l.stepNumber === i + 1);
          const isInteraction = descriptions.has(interactionDescription(scenario.id, i + 1, step.name));
          const where = `${scenario.id} step ${i + 1}`;
          expect(isInteraction !== (leftOut !== undefined), `${where}: an interaction or left out, never both`).toBe(true);
          if (step.action.kind === 'control') expect(leftOut?.category, where).toBe('test control');
          else if (step.repeat > 1) expect(leftOut?.category, where).toBe('repeated');
          else if (skipReason) expect(leftOut?.category, where).toBe('skipped');
          else if (leftOut) expect(leftOut.category, `${where}: ${leftOut.reason}`).toBe('request');
          if (leftOut) expect(leftOut.reason.length, where).toBeGreaterThan(20);
        });
      }
      expect(summary.steps).toBe(steps);
      expect(summary.interactions).toBe(descriptions.size);
      expect(summary.interactions + summary.leftOut.length).toBe(summary.steps);
    }
    // A request whose body is not what its Content-Type says cannot be a Pact interaction: said, with the reason.
    const refused = exported.summary.suites.find((s) => s.suite === 'worldpay-payments')!.leftOut.find((l) => l.scenarioId === 'worldpay-payments/validation/body-not-json');
    expect(refused).toMatchObject({ category: 'request', stepNumber: 2 });
    expect(refused?.reason).toMatch(/not valid JSON but is sent as application\/json/);
  });

  it('gives each interaction one provider state: the scenario before its step, with parameters', () => {
    for (const suite of SUITES) {
      for (const i of fileOf(suite).interactions) {
        expect(i.providerStates).toHaveLength(1);
        const [{ name, params }] = i.providerStates as [{ name: string; params: Record<string, unknown> }];
        const scenario = scenarioOf(params.scenarioId as string);
        const stepNumber = params.stepNumber as number;
        expect(name).toBe(stateName(scenario.id, stepNumber));
        expect(params).toMatchObject({ kit: 'settlekit', stepName: scenario.steps[stepNumber - 1]!.name, replays: scenario.steps.slice(0, stepNumber - 1).map((s) => s.name) });
        expect(i.request.headers?.[STEP_HEADER]).toEqual([`${scenario.id}#${stepNumber}`]);
      }
    }
  });

  it('injects every value a step takes from an earlier step or the run as a provider-state value (fromProviderState)', () => {
    for (const suite of SUITES) {
      for (const i of fileOf(suite).interactions) {
        const params = i.providerStates[0]!.params;
        const step = scenarioOf(params.scenarioId as string).steps[(params.stepNumber as number) - 1]!;
        const captured = new Set(scenarioOf(params.scenarioId as string).steps.slice(0, (params.stepNumber as number) - 1).flatMap((s) => Object.keys(s.capture)));
        const expressions = JSON.stringify(i.request.generators ?? {});
        for (const name of requestNames(step).filter((n) => captured.has(n) || n === 'scenario.uid' || n.startsWith('target.'))) {
          const injected = step.action.kind === 'follow' && templateNames(step.action.href).includes(name) ? `${name}.path` : name;
          expect(params.injects, `${i.description}: ${name}`).toContain(injected);
          expect(expressions, `${i.description}: a ProviderState generator uses \${${injected}}`).toContain(`\${${injected}}`);
          expect(expressions).toContain('"type":"ProviderState"');
        }
      }
    }
    // A path parameter captured earlier (Braintree) and a followed link (Worldpay), as Pact's core wrote them.
    const find = interaction('braintree', 'braintree/void/pending-parent-refused', 4);
    expect(find.request.generators?.path).toEqual({ type: 'ProviderState', expression: '/merchants/${target.merchantId}/transactions/${parent}' });
    expect(find.request.path).toMatch(/^\/merchants\/integration_merchant_id\/transactions\/[a-z0-9]+$/);
    const shipment = interaction('worldpay-payments', 'worldpay-payments/partial-settlement/three-shipments', 2);
    expect(shipment.request.generators?.path).toEqual({ type: 'ProviderState', expression: '${settle.path}' });
    expect((shipment.request.generators?.body as Record<string, { expression: string }>)['$.reference']?.expression).toBe('${scenario.uid}-1');
  });

  it('never writes credentials: the profile credentials are a placeholder a verifier fills in', async () => {
    for (const suite of SUITES) {
      const text = await readFile(join(exported.dir, pactFileName(`settlekit-${suite}`, suite)), 'utf8');
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const authorizations = new Set(fileOf(suite).interactions.flatMap((i) => i.request.headers?.Authorization ?? []));
      expect(authorizations).toContain(CREDENTIALS_PLACEHOLDER);
    }
    // A scenario that sends wrong credentials on purpose keeps them: they are what the step tests.
    expect(interaction('worldpay-payments', 'worldpay-payments/headers/credentials-wrong', 2).request.headers?.Authorization).toEqual(['Basic d3Jvbmc6Y3JlZGVudGlhbHM=']);
    expect(interaction('worldpay-payments', 'worldpay-payments/headers/credentials-missing', 2).request.headers?.Authorization).toBeUndefined();
  });

  it('turns expectations into matching rules: literals stay literal, settlekit matchers become Pact matchers', () => {
    const shipment = interaction('worldpay-payments', 'worldpay-payments/partial-settlement/three-shipments', 2);
    expect(shipment.response.status).toBe(202);
    expect((shipment.response.body?.content as { outcome: string }).outcome).toBe('sentForSettlement');
    const rules = shipment.response.matchingRules?.body ?? {};
    expect(rules['$.outcome'], 'a literal expectation is compared for equality').toBeUndefined();
    // `$match: "^[A-Za-z0-9_-]+$"` (unanchored, JavaScript) as a whole-value Pact regex.
    expect(rules['$.paymentId']?.matchers).toEqual([{ match: 'regex', regex: String.raw`[\s\S]*?(?:\A[A-Za-z0-9_-]+\z)[\s\S]*` }]);
    expect(rules['$._actions.partiallySettlePayment.method'], 'a literal nested in a matcher-free object').toBeUndefined();

    const authorize = interaction('braintree', 'braintree/void/pending-parent-refused', 1);
    expect(authorize.response.matchingRules?.status).toEqual({ $: { combine: 'AND', matchers: [{ match: 'statusCode', status: [201, 200] }] } });

    const splitErrors = fileOf('worldpay-split-payments').interactions.flatMap((i) => Object.values(i.response.matchingRules?.body ?? {}).flatMap((r) => r.matchers));
    expect(splitErrors.some((m) => m.match === 'arrayContains'), '$contains on a JSON list: array-contains').toBe(true);
    for (const suite of SUITES) {
      const withRules = fileOf(suite).interactions.filter((i) => Object.keys(i.response.matchingRules?.body ?? {}).length > 0);
      expect(withRules.length / fileOf(suite).interactions.length).toBeGreaterThan(0.5);
    }
  });

  it('writes Braintree bodies as typed XML with Pact XML matching, and the Worldpay bodies as JSON', () => {
    for (const i of fileOf('braintree').interactions.filter((x) => x.response.body)) {
      expect(i.response.body?.contentType).toBe('application/xml');
      expect(String(i.response.body?.content)).toMatch(/^<\?xml version='1\.0'\?><(transaction|api-error-response)>/);
    }
    const voided = interaction('braintree', 'braintree/void/pending-parent-refused', 3);
    // `errors: { $contains: { code: "91504" } }`: the error element, its code literal.
    expect(String(voided.response.body?.content)).toContain('<errors type=\'array\'><error><code>91504</code>');
    const find = interaction('braintree', 'braintree/void/pending-parent-refused', 4);
    expect(String(find.response.body?.content)).toContain('<status>settlement_pending</status>');
    expect(Object.keys(find.response.matchingRules?.body ?? {})).toContain('$.transaction.partial-settlement-transaction-ids.item.#text');
    for (const suite of ['worldpay-payments', 'worldpay-split-payments']) {
      for (const i of fileOf(suite).interactions.filter((x) => x.response.body)) expect(i.response.body?.contentType).toBe('application/json');
    }
  });

  it('says where Pact checks other than settlekit, never silently', () => {
    const wp = exported.summary.suites.find((s) => s.suite === 'worldpay-payments')!;
    const absent = wp.notes.find((n) => n.expectation === '$exists: false');
    expect(absent).toMatchObject({ kind: 'not-expressible' });
    expect(absent?.count).toBe(absent?.occurrences.length);
    expect(absent?.pact).toMatch(/cannot require a key to be absent/);
    expect(wp.notes.find((n) => n.expectation === 'the OpenAPI response schema')?.count).toBe(wp.interactions);
    // The notes are in the pact too, as comments on each interaction.
    const lastShipment = interaction('worldpay-payments', 'worldpay-payments/undocumented/last-sequence-closes', 3);
    expect(lastShipment.comments?.text?.join('\n')).toMatch(/not checked by Pact: body \/_actions\/partiallySettlePayment: \$exists: false/);
  });

  it('prints the summary for people: counts per suite, and the steps left out with the reason', async () => {
    const { code, stdout } = await runCli(['pact', 'export', '--output', await tempFolder('pacts'), '--suite', 'braintree', '--grep', 'after-31-days'], { cwd: ROOT });
    expect(code).toBe(0);
    expect(stdout).toMatch(/braintree: settlekit-braintree → braintree: /);
    expect(stdout).toMatch(/\d+ step\(s\): \d+ interaction\(s\), 1 left out\n\s+1 test control\n\s+a test control \(advance-clock\), not an API request/);
  });
});

describe('settlekit pact verify against the reference simulator', () => {
  let verified: PactVerification;
  beforeAll(async () => {
    verified = await verifyPacts([exported.dir]);
  }, 300_000);

  it('passes every interaction, through Pact\'s own verifier', () => {
    expect(verified.cli.code, verified.cli.stderr).toBe(0);
    const interactions = SUITES.reduce((n, s) => n + fileOf(s).interactions.length, 0);
    const { report } = verified;
    expect(report.summary.steps).toMatchObject({ total: interactions, passed: interactions });
    expect(report.verdict.conformant).toBe(true);
    expect(report.target.embedded).toBe(true);
    for (const scenario of report.scenarios) {
      expect(scenario.status, scenario.reason).toBe('passed');
      for (const step of scenario.steps) expect(step.assertions[0]?.message).toMatch(/^Pact verified the response/);
    }
    expect(report.rules.filter((r) => r.level === 'MUST').every((r) => r.status === 'passed')).toBe(true);
  });

  it('sends the profile\'s credentials in place of the placeholder, and masks them in the report and in Pact\'s log', async () => {
    const step = verified.report.scenarios.find((s) => s.id === 'braintree/void/pending-parent-refused')!.steps[0]!;
    expect(step.request?.headers.authorization).toBe('Basic ***');
    expect(step.response?.status).toBe(201);
    const log = await readFile(join(verified.output, 'pact-verifier.log'), 'utf8');
    expect(log).toMatch(/Verifying a pact between .*-braintree and braintree/);
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    // The console report is settlekit's own: Pact's log is in the file, not on the console.
    expect(verified.cli.stdout).not.toMatch(/Verifying a pact between/);
  });
});
