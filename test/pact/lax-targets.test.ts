/**
 * Issue 9: Pact really judges. Against the deliberately lax servers the suite tests use (the reference simulator
 * behind a rewriting proxy), `settlekit pact verify` fails, and its report names the same rules as `settlekit run`
 * against the same target; a provider state the target cannot reach is an errored interaction naming the state and
 * the step that failed, and its request is never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_HEADER } from '../../runner/pact/naming.ts';
import { editJsonResponse, startLaxProxy, type LaxProxy, type LaxTransform } from '../helpers/lax-proxy.ts';
import { exportPacts, removePactOutputs, rulesNotPassed, verifyPacts, type PactExport, type PactVerification } from '../helpers/pact-run.ts';
import { useSimulator } from '../helpers/simulator.ts';
import { removeSuiteOutputs, runSuites, type SuiteRun } from '../helpers/suite-run.ts';

const simulator = useSimulator();
const proxies: LaxProxy[] = [];
afterAll(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await removePactOutputs();
  await removeSuiteOutputs();
});

/** The step tags of the requests that reached the target through a proxy. */
async function laxTarget(transform: LaxTransform): Promise<{ url: string; tags: string[] }> {
  const tags: string[] = [];
  const proxy = await startLaxProxy(simulator.url, {
    request: (request) => {
      const tag = request.headers[STEP_HEADER.toLowerCase()];
      if (tag) tags.push(tag);
      return transform.request?.(request);
    },
    ...(transform.response ? { response: transform.response } : {}),
  });
  proxies.push(proxy);
  return { url: proxy.url, tags };
}

/** `settlekit run` and `settlekit pact verify` of the same scenarios against the same lax target. */
async function runAndVerify(exported: PactExport, runArgs: { suites: string[]; grep?: string }, transform: LaxTransform): Promise<{ run: SuiteRun; verified: PactVerification; tags: string[] }> {
  const target = await laxTarget(transform);
  const [run, verified] = [await runSuites({ ...runArgs, target: target.url }), await verifyPacts([exported.dir, '--target', target.url])];
  return { run, verified, tags: target.tags };
}

describe('a gateway that lets a pending parent be voided', () => {
  let exported: PactExport;
  beforeAll(async () => {
    exported = await exportPacts(['--suite', 'braintree', '--grep', 'void']);
  }, 120_000);

  it('fails BT-VD-01 under Pact, as under settlekit run, with Pact\'s own mismatch messages', async () => {
    const { run, verified } = await runAndVerify(exported, { suites: ['braintree'], grep: 'void' }, {
      response: (response, request) =>
        request.method === 'PUT' && request.path.endsWith('/void') && response.status === 422
          ? { status: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<transaction><id>x</id><status>voided</status></transaction>') }
          : undefined,
    });
    expect(run.code).toBe(1);
    expect(verified.cli.code, verified.cli.stderr).toBe(1);
    expect(rulesNotPassed(verified.report)).toEqual(rulesNotPassed(run.report));
    expect(rulesNotPassed(verified.report)['BT-VD-01']).toBe('failed');
    const refused = verified.report.scenarios.find((s) => s.id === 'braintree/void/pending-parent-refused')!;
    expect(refused.status).toBe('failed');
    const step = refused.steps.find((s) => s.status === 'failed')!;
    expect(step.name).toBe('voiding the settlement_pending parent is refused');
    expect(step.assertions[0]).toMatchObject({ kind: 'status', passed: false, expected: 422, actual: 200, message: 'Pact: expected 422 but was 200' });
    expect(step.assertions.some((a) => a.kind === 'body' && /^Pact: Expected 'api-error-response' to be equal to 'transaction'/.test(a.message))).toBe(true);
    expect(refused.reason).toMatch(/^step "voiding the settlement_pending parent is refused" \(line \d+\): Pact: expected 422 but was 200/);
  });
});

describe('a server that drops _actions from its 202 answers', () => {
  let exported: PactExport;
  let outcome: { run: SuiteRun; verified: PactVerification; tags: string[] };
  beforeAll(async () => {
    exported = await exportPacts(['--suite', 'worldpay-payments']);
    outcome = await runAndVerify(exported, { suites: ['worldpay-payments'] }, {
      response: editJsonResponse(
        (body) => {
          delete (body as Record<string, unknown>)._actions;
        },
        (res) => res.status === 202,
      ),
    });
  }, 300_000);

  it('fails WP-PS-02 under Pact, and the report names the same rules as settlekit run', () => {
    const { run, verified } = outcome;
    expect(run.code).toBe(1);
    expect(verified.cli.code, verified.cli.stderr).toBe(1);
    expect(rulesNotPassed(verified.report)['WP-PS-02']).toBe('failed');
    expect(Object.keys(rulesNotPassed(verified.report)).sort()).toEqual(Object.keys(rulesNotPassed(run.report)).sort());
    const failed = verified.report.scenarios.filter((s) => s.status === 'failed').map((s) => s.id);
    expect(failed).toEqual(expect.arrayContaining(['worldpay-payments/partial-settlement/actions-after-partial-settlement', 'worldpay-payments/partial-settlement/three-shipments']));
  });

  it('errors the interactions whose provider state the target cannot reach, naming the state and the failed step', () => {
    const scenario = outcome.verified.report.scenarios.find((s) => s.id === 'worldpay-payments/partial-settlement/three-shipments')!;
    const [, shipment1, shipment2] = scenario.steps;
    expect(shipment1).toMatchObject({ name: 'shipment 1 of 3 — 3.00 GBP', status: 'failed' });
    expect(shipment1!.assertions.map((a) => a.message).join('\n')).toMatch(/Pact: .*_actions/);
    expect(shipment2).toMatchObject({ status: 'errored', error: { code: 'SETTLEKIT_E_PACT_STATE' } });
    expect(shipment2!.error!.message).toMatch(
      /^the provider state "settlekit worldpay-payments\/partial-settlement\/three-shipments before step 3" could not be set up: step "shipment 1 of 3 — 3\.00 GBP" \(line \d+\): /,
    );
  });

  it('does not send the request of an interaction whose state was not reached', () => {
    expect(outcome.verified.report.summary.steps.errored).toBeGreaterThan(5);
    // Interaction requests reach the target with their step tag; state set-ups replay steps without one.
    const reached = new Set(outcome.tags);
    for (const scenario of outcome.verified.report.scenarios) {
      for (const step of scenario.steps.filter((s) => s.status === 'errored')) {
        const stepNumber = Number(/^the provider state "[^"]* before step (\d+)"/.exec(step.error?.message ?? '')?.[1]);
        expect(reached.has(`${scenario.id}#${stepNumber}`), `${scenario.id} step ${stepNumber}`).toBe(false);
        expect(step.request).toBeUndefined();
      }
    }
    expect(reached.has('worldpay-payments/partial-settlement/three-shipments#2')).toBe(true);
  });
});
