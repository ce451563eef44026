/**
 * The worldpay-split-payments suite end to end, through the CLI: it passes against the reference simulator (alone and
 * together with the other two suites), and each error scenario fails — with its rule named in the report — against
 * deliberately lax servers (the simulator behind a rewriting proxy). Also: the spec is valid OpenAPI 3.1, and every
 * catalogued rule is covered by a scenario.
 */
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../runner/model/report.ts';
import { editJsonResponse, type ProxyRequest, type ProxyResponse } from '../helpers/lax-proxy.ts';
import { failedRules, failedScenarios as failedScenariosOf, reasons, removeSuiteOutputs, ROOT, ruleStatus, runSuites, uncoveredRules, useLaxTargets, type SuiteRun } from '../helpers/suite-run.ts';

const SPEC = join(ROOT, 'specs/worldpay-split-payments-2025-06-25.openapi.yaml');
const SUITE = 'worldpay-split-payments';
const SEED_RULES = ['SP-FF-01', 'SP-FF-02', 'SP-FF-03', 'SP-FF-04', 'SP-FF-05', 'SP-FF-06', 'SP-FF-07', 'SP-FF-08'];

/** Runs `settlekit run` on `suites` (all by default) against `target` (the embedded simulator by default). */
const runCli = runSuites;
const failedScenarios = (report: RunReport): string[] => failedScenariosOf(report, `${SUITE}/`);

afterAll(removeSuiteOutputs);

describe('the worldpay-split-payments spec and catalogue', () => {
  it('is valid OpenAPI 3.1 according to a real validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(SPEC);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents item fulfillment with every error status of the seed', async () => {
    const validator = new Validator();
    await validator.validate(SPEC);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const spec = validator.resolveRefs() as any;
    const op = spec.paths['/splitPayments/{splitPaymentId}/items/{itemId}/fulfillments'].post;
    expect(op.operationId).toBe('splitPayments.fulfillItem');
    expect(Object.keys(op.responses).sort()).toEqual(['201', '400', '401', '406', '415', '500']);
    const request = op.requestBody.content['application/json'].schema;
    expect(request.required).toEqual(['paymentCommandId', 'transactionType']);
    expect(request.properties.transactionType.enum).toEqual(['settle', 'refund']);
    expect(request.properties.paymentCommandId.pattern).toBe('^cmd[A-Za-z0-9_-]{21}0$');
    const error400 = op.responses['400'].content['application/json'].schema;
    expect(error400.properties.errorName.enum).toEqual(['headerIsMissing', 'headerHasInvalidValue', 'bodyIsEmpty', 'bodyIsNotJson', 'bodyDoesNotMatchSchema']);
    expect(error400.properties.validationErrors.items.properties.errorName.enum).toEqual([
      'fieldIsNull',
      'fieldIsEmpty',
      'numberIsTooLarge',
      'numberIsTooSmall',
      'stringFailedRegexCheck',
    ]);
    expect(op.responses['401'].content['application/json'].schema.properties.errorName.enum).toEqual(['unauthorizedAccess', 'headerHasInvalidValue', 'headerIsMissing']);
    expect(op.responses['500'].content['application/json'].schema.properties.errorName.enum).toEqual(['internalErrorOccurred']);
    const headers = op.parameters.filter((p: { in: string }) => p.in === 'header').map((p: { name: string; required: boolean }) => [p.name, p.required]);
    expect(headers).toEqual([
      ['Content-Type', true],
      ['WP-Api-Version', true],
    ]);
  });

  it('has a scenario for every catalogued rule, and the seed rules SP-FF-01..08', async () => {
    const { ruleIds, uncovered } = await uncoveredRules(SUITE);
    expect(uncovered).toEqual([]);
    for (const id of SEED_RULES) expect(ruleIds).toContain(id);
  });
});

describe('the worldpay-split-payments suite against the reference simulator', () => {
  let run: SuiteRun;
  beforeAll(async () => {
    run = await runCli({ suites: [SUITE] });
  });

  it('exits 0 and every scenario passes', () => {
    expect(run.code, reasons(run)).toBe(0);
    expect(failedScenarios(run.report)).toEqual([]);
    expect(run.report.scenarios.length).toBeGreaterThanOrEqual(29);
    expect(run.report.scenarios.filter((s) => s.status !== 'passed').map((s) => s.id)).toEqual([]);
  });

  it('passes every SP rule, the seed rules SP-FF-01..08 included', () => {
    const sp = run.report.rules.filter((r) => r.suite === SUITE);
    expect(sp.length).toBeGreaterThanOrEqual(20);
    expect(sp.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status}`)).toEqual([]);
    for (const id of SEED_RULES) expect(ruleStatus(run.report, id)).toBe('passed');
  });

  it('authorizes through the Payments API with its own version, and sends the documented cases as raw requests', () => {
    const scenario = run.report.scenarios.find((s) => s.id === `${SUITE}/errors/body-empty`);
    const authorize = scenario?.steps[0];
    expect(authorize?.request?.url).toMatch(/\/api\/payments$/);
    expect(authorize?.request?.headers).toMatchObject({ 'WP-Api-Version': '2024-06-01' });
    const raw = scenario?.steps.find((s) => s.action === 'request' && s.request?.url.includes('/fulfillments'));
    expect(raw?.request?.body ?? '').toBe('');
    expect(raw?.response?.status).toBe(400);
    expect(raw?.assertions.some((a) => a.kind === 'schema' && a.passed)).toBe(true);
  });
});

describe('all three suites together', () => {
  it('run by default, and stay green', async () => {
    const run = await runCli();
    expect(run.code, reasons(run)).toBe(0);
    expect(new Set(run.report.scenarios.map((s) => s.suite))).toEqual(new Set(['braintree', 'worldpay-payments', SUITE]));
    expect(run.report.scenarios.filter((s) => s.status === 'failed' || s.status === 'errored').map((s) => s.id)).toEqual([]);
    expect(run.report.verdict.conformant).toBe(true);
  });
});

describe('the worldpay-split-payments suite against deliberately lax servers', () => {
  const { runThrough } = useLaxTargets([SUITE]);

  const isSplit = (request: ProxyRequest) => request.path.startsWith('/splitPayments');
  /** A response rewrite of /splitPayments answers with `status` (optionally only those whose errorName is `errorName`). */
  const whenError =
    (status: number, errorName?: string) =>
    (response: ProxyResponse, request: ProxyRequest): boolean => {
      if (!isSplit(request) || response.status !== status) return false;
      if (errorName === undefined) return true;
      try {
        return (JSON.parse(response.body.toString('utf8')) as { errorName?: unknown }).errorName === errorName;
      } catch {
        return false;
      }
    };
  const withStatus = (status: number, body: unknown): ProxyResponse => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)),
  });

  /** Checks the run failed with exit 1, these rules failed and these scenarios among the failures. */
  function expectFailure(run: SuiteRun, rules: readonly string[], scenarios: readonly string[]): void {
    expect(run.code, reasons(run)).toBe(1);
    expect(run.report.verdict.conformant).toBe(false);
    for (const id of rules) expect(ruleStatus(run.report, id), `${id} in ${failedRules(run.report).join(', ')}`).toBe('failed');
    expect(failedScenarios(run.report)).toEqual(expect.arrayContaining([...scenarios]));
  }

  it('a server answering 400 instead of 415 for a wrong Content-Type fails SP-FF-06', async () => {
    const run = await runThrough({
      response: (response, request) =>
        whenError(415)(response, request) ? withStatus(400, { errorName: 'headerHasInvalidValue', message: 'Content-Type must be application/json' }) : undefined,
    });
    expectFailure(run, ['SP-FF-06'], ['errors/content-type-wrong']);
    // A missing Content-Type may be 400 or 415, so that scenario still passes.
    expect(failedScenarios(run.report)).not.toContain('errors/content-type-missing');
    expect(ruleStatus(run.report, 'SP-FF-04')).toBe('passed');
  });

  it('a server that accepts any Content-Type as JSON fails SP-FF-06', async () => {
    const run = await runThrough({
      request: (r) => (isSplit(r) && r.headers['content-type'] === 'text/plain' ? { ...r, headers: { ...r.headers, 'content-type': 'application/json' } } : undefined),
    });
    expectFailure(run, ['SP-FF-06'], ['errors/content-type-wrong']);
  });

  it('a server answering 400 without validationErrors fails SP-FF-03 (and SP-FF-02)', async () => {
    const run = await runThrough({
      response: editJsonResponse((body) => {
        delete (body as Record<string, unknown>).validationErrors;
      }, whenError(400)),
    });
    expectFailure(run, ['SP-FF-02', 'SP-FF-03'], [
      'errors/payment-command-id-empty',
      'errors/payment-command-id-pattern',
      'errors/field-null',
      'errors/transaction-type-outside-enum',
      'errors/required-field-missing',
    ]);
    expect(failedScenarios(run.report)).not.toContain('errors/body-empty');
    expect(ruleStatus(run.report, 'SP-FF-06')).toBe('passed');
  });

  it('a server answering 500 with another errorName fails SP-FF-07', async () => {
    const run = await runThrough({
      response: editJsonResponse(() => ({ errorName: 'serverError', message: 'Something went wrong' }), whenError(500)),
    });
    expectFailure(run, ['SP-FF-07'], ['errors/internal-error']);
    const step = run.report.scenarios.find((s) => s.id === `${SUITE}/errors/internal-error`)?.steps.find((s) => s.response?.status === 500);
    expect(step?.assertions.filter((a) => !a.passed).map((a) => a.kind)).toEqual(expect.arrayContaining(['body', 'schema']));
  });

  it('a server calling an empty body bodyIsNotJson fails SP-FF-03', async () => {
    const run = await runThrough({
      response: editJsonResponse((body) => ({ ...(body as object), errorName: 'bodyIsNotJson' }), whenError(400, 'bodyIsEmpty')),
    });
    expectFailure(run, ['SP-FF-03'], ['errors/body-empty']);
    expect(failedScenarios(run.report)).not.toContain('errors/body-not-json');
  });

  it('a server answering 500 to a body that is not JSON fails SP-FF-03', async () => {
    const run = await runThrough({
      response: (response, request) =>
        whenError(400, 'bodyIsNotJson')(response, request) ? withStatus(500, { errorName: 'internalErrorOccurred', message: 'Unexpected token' }) : undefined,
    });
    expectFailure(run, ['SP-FF-03'], ['errors/body-not-json']);
  });

  it('a server that reads a JSON array as its first element fails SP-FF-03', async () => {
    const run = await runThrough({
      request: (r) => {
        const text = r.body.toString('utf8');
        if (!isSplit(r) || !text.startsWith('[')) return undefined;
        const first = (JSON.parse(text) as unknown[])[0];
        return { ...r, body: Buffer.from(JSON.stringify(first)) };
      },
    });
    expectFailure(run, ['SP-FF-03'], ['errors/body-json-array']);
  });

  it('a server calling a null field fieldIsEmpty fails SP-FF-03', async () => {
    const run = await runThrough({
      response: editJsonResponse((body) => {
        const errors = (body as { validationErrors?: { errorName: string }[] }).validationErrors ?? [];
        for (const error of errors) if (error.errorName === 'fieldIsNull') error.errorName = 'fieldIsEmpty';
      }, whenError(400, 'bodyDoesNotMatchSchema')),
    });
    expectFailure(run, ['SP-FF-03'], ['errors/field-null']);
  });

  it('a server answering 401 accessDenied (not a documented name) fails SP-FF-04', async () => {
    const run = await runThrough({
      response: editJsonResponse((body) => ({ ...(body as object), errorName: 'accessDenied' }), whenError(401)),
    });
    expectFailure(run, ['SP-FF-04'], ['errors/credentials-missing', 'errors/credentials-invalid']);
  });

  it('a server without authentication fails SP-FF-04', async () => {
    const good = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
    const run = await runThrough({ request: (r) => (isSplit(r) ? { ...r, headers: { ...r.headers, authorization: good } } : undefined) });
    expectFailure(run, ['SP-FF-04'], ['errors/credentials-missing', 'errors/credentials-invalid']);
  });

  it('a server that serves any WP-Api-Version fails SP-FF-05', async () => {
    const run = await runThrough({
      request: (r) => (isSplit(r) && r.headers['wp-api-version'] === '2024-06-01' ? { ...r, headers: { ...r.headers, 'wp-api-version': '2025-06-25' } } : undefined),
    });
    expectFailure(run, ['SP-FF-05'], ['errors/version-unsupported']);
  });

  it('a server answering 404 for an unknown split payment or item fails SP-FF-05', async () => {
    const run = await runThrough({
      response: (response, request) =>
        whenError(406, 'urlContainsInvalidValue')(response, request) ? withStatus(404, { errorName: 'urlContainsInvalidValue', message: 'Not found' }) : undefined,
    });
    expectFailure(run, ['SP-FF-05'], ['errors/unknown-path']);
    expect(failedScenarios(run.report)).not.toContain('errors/version-unsupported');
  });

  it('a server whose 201 has no fulfillment fails SP-FF-01', async () => {
    const run = await runThrough({
      response: editJsonResponse(
        () => ({}),
        (response, request) => isSplit(request) && response.status === 201 && request.path.endsWith('/fulfillments'),
      ),
    });
    expectFailure(run, ['SP-FF-01'], ['fulfillment/settle-then-refund-one-item', 'fulfillment/two-items-independently']);
  });

  it('a server that refunds an item never settled is reported on SP-FF-08, an INFO rule, without failing the gate', async () => {
    const run = await runThrough({
      response: (response, request) => {
        if (!whenError(400, 'bodyDoesNotMatchSchema')(response, request) || !request.path.includes('/items/')) return undefined;
        if (!/a refund needs the line item/.test(response.body.toString('utf8'))) return undefined;
        return withStatus(201, { fulfillment: 'fulfilled' });
      },
    });
    expect(ruleStatus(run.report, 'SP-FF-08')).toBe('failed');
    expect(failedScenarios(run.report)).toEqual(['undocumented/refund-before-settle']);
    expect(run.code, reasons(run)).toBe(0);
    expect(run.report.verdict.conformant).toBe(true);
  });
});
