/**
 * Issue 9: a provider team's own Pact setup. The state handlers (and the credentials filter) settlekit exports, given
 * to a plain Pact JS `Verifier`, verify settlekit's pacts against the reference simulator: every interaction passes,
 * each provider state reached by replaying its scenario on the provider. Telemetry stays off.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPacts } from '../../runner/pact/export.ts';
import { settlekitStateHandlers, settlekitVerifierOptions } from '../../runner/pact/index.ts';
import { disablePactTelemetry, loadPact } from '../../runner/pact/pact-runtime.ts';
import { parseVerifierOutput } from '../../runner/pact/verifier-output.ts';
import { removePactOutputs, tempFolder } from '../helpers/pact-run.ts';
import { useSimulator } from '../helpers/simulator.ts';

const simulator = useSimulator();
let dir: string;
let interactions: number;

beforeAll(async () => {
  dir = await tempFolder('team-pacts');
  // A slice of each suite: typed XML and captured ids (Braintree), followed links (Worldpay), split items.
  const slices = [
    { suites: ['braintree'], grep: 'links/child' },
    { suites: ['worldpay-payments'], grep: 'three-shipments' },
    { suites: ['worldpay-split-payments'], grep: 'fulfill-all' },
  ];
  const outcomes = [];
  for (const slice of slices) outcomes.push(await exportPacts({ ...slice, outputDir: dir }));
  interactions = outcomes.flatMap((o) => o.suites).reduce((n, s) => n + s.interactions, 0);
}, 120_000);
afterAll(removePactOutputs);

describe("settlekit's state handlers in a plain Pact JS Verifier", () => {
  it('verify the exported pacts against the simulator, every interaction passing', async () => {
    const { Verifier } = await loadPact();
    const { stateHandlers, requestFilter } = await settlekitVerifierOptions({ pacts: dir, target: simulator.url });
    const files = (await readdir(dir)).map((name) => join(dir, name));
    expect(files).toHaveLength(3);
    const verifier = new Verifier({ providerBaseUrl: simulator.url, pactUrls: files, stateHandlers, requestFilter, logLevel: 'error' });
    const output = parseVerifierOutput(String(await verifier.verifyProvider()));
    expect(output?.result).toBe(true);
    expect(output?.interactionResults).toHaveLength(interactions);
    expect(output?.interactionResults.every((r) => r.result === 'OK')).toBe(true);
    expect(interactions).toBeGreaterThan(12);
  });

  it('serve each settlekit state of the pacts, handing back the values the request injects', async () => {
    const handlers = await settlekitStateHandlers({ pacts: [dir], target: simulator.url });
    const name = 'settlekit worldpay-payments/partial-settlement/three-shipments before step 3';
    expect(Object.keys(handlers)).toContain(name);
    const values = await handlers[name]!.setup({
      kit: 'settlekit',
      scenarioId: 'worldpay-payments/partial-settlement/three-shipments',
      stepNumber: 3,
      stepName: 'shipment 2 of 3 — 3.00 GBP, following the link of shipment 1',
      replays: [],
      injects: ['settle.path', 'scenario.uid'],
    });
    expect(values['settle.path']).toMatch(/^\/api\/payments\/[A-Za-z0-9_-]+\/partialSettlements$/);
    expect(values['scenario.uid']).toMatch(/^sk/);
  });

  it('throw, naming the state, when a state cannot be reached (Pact JS reports it)', async () => {
    const handlers = await settlekitStateHandlers({ pacts: [dir], target: simulator.url });
    const name = 'settlekit worldpay-payments/partial-settlement/three-shipments before step 3';
    await expect(handlers[name]!.setup({ kit: 'settlekit', scenarioId: 'worldpay-payments/partial-settlement/three-shipments', stepNumber: 3, stepName: 'another name', replays: [], injects: [] })).rejects.toThrow(
      /the pact's step 3 of worldpay-payments\/partial-settlement\/three-shipments is "another name", but the scenario's is "shipment 2 of 3/,
    );
  });
});

describe('telemetry', () => {
  it('is off in the product unless the user decided otherwise', () => {
    const unset: NodeJS.ProcessEnv = {};
    disablePactTelemetry(unset);
    expect(unset.PACT_DO_NOT_TRACK).toBe('true');
    const chosen: NodeJS.ProcessEnv = { PACT_DO_NOT_TRACK: 'false' };
    disablePactTelemetry(chosen);
    expect(chosen.PACT_DO_NOT_TRACK).toBe('false');
  });
});
