/**
 * The braintree suite end to end, through the CLI: it passes against the reference simulator, and against
 * deliberately lax servers (the simulator behind a rewriting proxy) the broken rules are named and the run exits 1.
 * Also: the spec is valid OpenAPI 3.1, and every catalogued rule is covered by a scenario.
 */
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTypedXml } from '../../lib/typed-xml.ts';
import type { ProxyRequest, ProxyResponse } from '../helpers/lax-proxy.ts';
import { failedRules, failedScenarios, reasons, removeSuiteOutputs, ROOT, ruleStatus, runSuites, uncoveredRules, useLaxTargets, type SuiteRun } from '../helpers/suite-run.ts';

const SPEC = join(ROOT, 'specs/braintree-gateway.openapi.yaml');
const SUITE = 'braintree';

afterAll(removeSuiteOutputs);

describe('the braintree spec and catalogue', () => {
  it('is valid OpenAPI 3.1 according to a real validator', async () => {
    const result = await new Validator().validate(SPEC);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('catalogues every BT rule of the domain, and a scenario covers each', async () => {
    const { ruleIds, uncovered } = await uncoveredRules(SUITE);
    for (const id of ['BT-PS-01', 'BT-PS-05', 'BT-PS-07', 'BT-PS-10', 'BT-PS-11', 'BT-PS-12', 'BT-PS-13', 'BT-PS-14', 'BT-PS-15', 'BT-LK-01', 'BT-RF-01', 'BT-RF-02', 'BT-RF-03', 'BT-RF-04', 'BT-RF-05', 'BT-VD-01', 'BT-AV-01']) {
      expect(ruleIds).toContain(id);
    }
    expect(uncovered).toEqual([]);
  });
});

describe('the braintree suite against the reference simulator', () => {
  let run: SuiteRun;
  beforeAll(async () => {
    run = await runSuites({ suites: [SUITE] });
  });

  it('exits 0: every scenario passes or is skipped with a reason', () => {
    expect(run.code, reasons(run)).toBe(0);
    expect(run.report.verdict.conformant).toBe(true);
    expect(run.report.scenarios.length).toBeGreaterThanOrEqual(60);
    for (const s of run.report.scenarios) {
      expect(['passed', 'skipped'], `${s.id}: ${s.reason ?? ''}`).toContain(s.status);
      if (s.status === 'skipped') expect(s.reason).toMatch(/^the target (does not declare|declares)/);
    }
  });

  it('passes every MUST and SHOULD rule, each response validated against the spec', () => {
    const notPassed = run.report.rules.filter((r) => r.level !== 'INFO' && r.status !== 'passed');
    expect(notPassed.map((r) => `${r.id}: ${r.status}`)).toEqual([]);
    const operationSteps = run.report.scenarios.flatMap((s) => s.steps).filter((st) => st.operation);
    expect(operationSteps.length).toBeGreaterThan(200);
    for (const step of operationSteps) expect(step.assertions.some((a) => a.kind === 'schema' && a.passed), step.name).toBe(true);
  });

  it('speaks the gateway protocol: JSON requests under /merchants/{id}, typed XML answers', () => {
    const step = run.report.scenarios.find((s) => s.id === 'braintree/multi-shipment/two-shipments')!.steps[1]!;
    expect(step.request!.url).toMatch(/\/merchants\/integration_merchant_id\/transactions\/[^/]+\/submit_for_partial_settlement$/);
    expect(step.request!.headers['X-ApiVersion']).toBe('6');
    expect(step.request!.headers.Authorization).toMatch(/^Basic \*+/);
    expect(step.response!.headers['content-type']).toMatch(/^application\/xml/);
    expect(step.response!.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
    expect((step.response!.decoded as { transaction: { 'authorized-transaction-id': string } }).transaction['authorized-transaction-id']).toBeTruthy();
  });
});

describe('the braintree suite against deliberately lax servers', () => {
  const { runThrough } = useLaxTargets([SUITE]);

  /** Runs the suite through a proxy that rewrites XML answers with `edit`. */
  function runRewritingXml(edit: (xml: string, request: ProxyRequest) => string): Promise<SuiteRun> {
    return runThrough({
      response: (response: ProxyResponse, request) =>
        (response.headers['content-type'] ?? '').includes('xml') ? { ...response, body: Buffer.from(edit(response.body.toString('utf8'), request), 'utf8') } : undefined,
    });
  }

  it('a gateway that answers an over-amount settle with another code fails BT-PS-05', async () => {
    const run = await runRewritingXml((xml) => xml.replace(/<code>91522<\/code>/g, '<code>91521</code>'));
    expect(run.code, reasons(run)).toBe(1);
    expect(ruleStatus(run.report, 'BT-PS-05')).toBe('failed');
    expect(failedScenarios(run.report)).toEqual(expect.arrayContaining(['braintree/over-amount/single-one-cent-over', 'braintree/over-amount/cumulative-one-cent-over']));
    expect(ruleStatus(run.report, 'BT-VD-01')).toBe('passed');
  });

  it('a gateway whose status history names every change "api" fails only BT-SH-01, an INFO rule', async () => {
    // How status-history records a derived change is undocumented (settlekit's reference behaviour: "unrecognized").
    const run = await runRewritingXml((xml) => xml.replace(/<transaction-source>unrecognized<\/transaction-source>/g, '<transaction-source>api</transaction-source>'));
    expect(ruleStatus(run.report, 'BT-SH-01')).toBe('failed');
    expect(run.report.rules.filter((r) => r.level !== 'INFO' && r.status === 'failed').map((r) => r.id)).toEqual([]);
    expect(run.code, reasons(run)).toBe(0);
  });

  it('a gateway that settles an expired parent only once every child is settled fails BT-PS-11', async () => {
    // "The original authorization is EXPIRED and there are one or more SETTLED child transactions": this gateway reads
    // it as "all children settled". A parent it would settle with an unsettled child, other than by the 30-day rule,
    // is shown settlement_pending instead.
    const DAY = 86_400_000;
    const run = await runThrough({
      intercept: async (request, forward) => {
        const found = /^(\/merchants\/[^/]+\/transactions\/)[^/]+$/.exec(request.path);
        if (request.method !== 'GET' || !found) return undefined;
        const answer = await forward(request);
        const xml = answer.body.toString('utf8');
        if (answer.status !== 200) return answer;
        const tx = decodeTypedXml(xml).transaction as Record<string, unknown>;
        const children = (tx['partial-settlement-transaction-ids'] ?? []) as string[];
        if (tx.status !== 'settled' || children.length === 0) return answer;
        const history = (tx['status-history'] ?? []) as Array<{ status: string; timestamp: string }>;
        const pendingSince = Date.parse(history.find((e) => e.status === 'settlement_pending')?.timestamp ?? '');
        const settledAt = Date.parse(history.find((e) => e.status === 'settled')?.timestamp ?? '');
        if (settledAt - pendingSince > 30 * DAY) return answer;
        const statuses = await Promise.all(
          children.map(async (id) => {
            const child = await forward({ ...request, path: `${found[1]}${id}` });
            return (decodeTypedXml(child.body.toString('utf8')).transaction as Record<string, unknown>).status;
          }),
        );
        if (statuses.every((status) => status === 'settled')) return answer;
        return { ...answer, body: Buffer.from(xml.replace(/^(\s*)<status>settled<\/status>/m, '$1<status>settlement_pending</status>'), 'utf8') };
      },
    });
    expect(ruleStatus(run.report, 'BT-PS-11')).toBe('failed');
    expect(failedScenarios(run.report)).toContain('braintree/parent-settled/expired-with-one-of-two-children-settled');
    expect(run.code, reasons(run)).toBe(1);
  });

  it('a gateway whose PayPal children start submitted_for_settlement, as the seed lifecycle allows, fails only BT-PS-17 (SHOULD)', async () => {
    // The seed: a child moves AUTHORIZED > SUBMITTED_FOR_SETTLEMENT > SETTLING > SETTLED. That a PayPal child is
    // answered settling at once comes from the SDKs' integration tests (DOMAIN.md), not from the document.
    const run = await runRewritingXml((xml) =>
      /<payment-instrument-type>paypal_account<\/payment-instrument-type>/.test(xml) && !/<authorized-transaction-id nil="true"\/>/.test(xml)
        ? xml.replace(/^(\s*)<status>settling<\/status>/m, '$1<status>submitted_for_settlement</status>')
        : xml,
    );
    expect(ruleStatus(run.report, 'BT-PS-17')).toBe('failed');
    expect(run.report.rules.filter((r) => r.level === 'MUST' && r.status === 'failed').map((r) => r.id)).toEqual([]);
    expect(run.code, reasons(run)).toBe(0);
  });

  it('a gateway that refuses an over-amount settle with 91522 in its own words fails only BT-PS-18 (SHOULD)', async () => {
    // The seed gives no message; "Settlement amount is too large." is DOMAIN.md's wire fact, seen from the SDKs.
    const run = await runRewritingXml((xml) => xml.replace(/Settlement amount is too large\./g, 'The amount exceeds what is left of the authorization.'));
    expect(ruleStatus(run.report, 'BT-PS-18')).toBe('failed');
    expect(ruleStatus(run.report, 'BT-PS-05')).toBe('passed');
    expect(run.report.rules.filter((r) => r.level === 'MUST' && r.status !== 'passed').map((r) => r.id)).toEqual([]);
    expect(run.code, reasons(run)).toBe(0);
  });

  it('a gateway that refuses to void an authorized sale passes every MUST rule (the seed speaks only of settlement_pending parents)', async () => {
    // "A parent transaction in a SETTLEMENT_PENDING state may not be voided" says nothing of other voids: BT-VD-02 (INFO).
    const run = await runThrough({
      intercept: async (request, forward) => {
        const voiding = /^(\/merchants\/[^/]+\/transactions\/[^/]+)\/void$/.exec(request.path);
        if (request.method !== 'PUT' || !voiding) return undefined;
        const found = await forward({ ...request, method: 'GET', path: voiding[1]!, body: Buffer.alloc(0) });
        if (!/^\s*<status>authorized<\/status>/m.test(found.body.toString('utf8'))) return undefined;
        return {
          status: 422,
          headers: { 'content-type': 'application/xml; charset=utf-8' },
          body: Buffer.from(
            '<?xml version="1.0" encoding="UTF-8"?>\n<api-error-response><errors><errors type="array"/><transaction><errors type="array"><error><code>91504</code><attribute type="symbol">base</attribute><message>Transaction cannot be voided.</message></error></errors></transaction></errors><message>Transaction cannot be voided.</message></api-error-response>',
          ),
        };
      },
    });
    expect(ruleStatus(run.report, 'BT-VD-02')).toBe('failed');
    expect(run.report.rules.filter((r) => r.level === 'MUST' && r.status !== 'passed').map((r) => r.id)).toEqual([]);
    expect(run.code, reasons(run)).toBe(0);
  });

  it('a gateway that refuses a partial settlement of a child with 91507 fails only BT-PS-15 (SHOULD: the code is the SDK\'s)', async () => {
    const run = await runRewritingXml((xml) => xml.replace(/<code>915103<\/code>/g, '<code>91507</code>'));
    expect(ruleStatus(run.report, 'BT-PS-15')).toBe('failed');
    expect(ruleStatus(run.report, 'BT-PS-02')).toBe('passed');
    expect(run.report.rules.filter((r) => r.level === 'MUST' && r.status !== 'passed').map((r) => r.id)).toEqual([]);
    expect(run.code, reasons(run)).toBe(0);
  });

  it('a gateway whose parent never shows settlement_pending fails BT-PS-08', async () => {
    const run = await runRewritingXml((xml, request) =>
      request.method === 'GET' ? xml.replace(/^(\s*)<status>settlement_pending<\/status>/m, '$1<status>authorized</status>') : xml,
    );
    expect(run.code, reasons(run)).toBe(1);
    expect(failedRules(run.report)).toContain('BT-PS-08');
  });

  it('a gateway that loses the parent link of children fails BT-LK-01', async () => {
    const run = await runRewritingXml((xml) => xml.replace(/<authorized-transaction-id>[^<]+<\/authorized-transaction-id>/g, '<authorized-transaction-id nil="true"/>'));
    expect(run.code, reasons(run)).toBe(1);
    expect(ruleStatus(run.report, 'BT-LK-01')).toBe('failed');
    expect(failedScenarios(run.report)).toContain('braintree/links/child-names-parent');
  });

  it('a gateway that lets a pending parent be voided fails BT-VD-01', async () => {
    const run = await runThrough({
      // The lax gateway answers a void with the transaction as if it had worked.
      response: (response, request) =>
        request.method === 'PUT' && request.path.endsWith('/void') && response.status === 422
          ? { status: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<transaction><id>x</id><status>voided</status></transaction>') }
          : undefined,
    });
    expect(run.code, reasons(run)).toBe(1);
    expect(ruleStatus(run.report, 'BT-VD-01')).toBe('failed');
    expect(failedScenarios(run.report)).toContain('braintree/void/pending-parent-refused');
  });
});
