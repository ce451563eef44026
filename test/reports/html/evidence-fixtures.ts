/**
 * Extra report builders for the HTML report tests: per-step evidence the shared fixtures do not carry (schema errors
 * with paths into a JSON body, structured body diffs, truncated bodies, errored steps with hints, untestable rules).
 */
import type { RunReport } from '../../../runner/model/report.ts';
import { assembleReport, makeMixedReport, makeRule, makeScenario, makeStep } from '../../fixtures/report-fixtures.ts';

/** The decoded body of the schema-failing step. */
export const EVIDENCE_BODY = {
  transaction: { id: 'abc123', amount: 100, status: 'settling', 'partial-settlement-transaction-ids': ['c1', 'c2'] },
};

/** Scenario ids of {@link makeEvidenceReport}. */
export const EVIDENCE_IDS = { schema: 'braintree/evidence/schema-and-diff', timeout: 'braintree/evidence/timeout' } as const;

/** The hint of the errored step. */
export const TIMEOUT_HINT = 'The target did not answer within --timeout; raise it if the target is slow.';

/** The reason of the untestable rule. */
export const UNTESTABLE_REASON = 'Needs a real settlement batch run by the processor; no test control can produce one.';

/** A report whose failing scenario carries a schema error, a structured body mismatch and a truncated body. */
export function makeEvidenceReport(): RunReport {
  const schemaStep = makeStep({
    name: 'find returns the parent with both children',
    status: 'failed',
    action: 'transaction.find',
    operation: 'transaction.find',
    line: 21,
    request: { method: 'GET', url: 'http://127.0.0.1:4010/merchants/m/transactions/abc123', headers: { authorization: 'Basic ***', accept: 'application/json' } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(EVIDENCE_BODY), decoded: EVIDENCE_BODY, size: 118 },
    assertions: [
      { kind: 'status', passed: true, path: '', expected: 200, actual: 200, message: 'status is 200' },
      {
        kind: 'schema',
        passed: false,
        path: '/transaction/amount',
        schemaPath: '#/properties/transaction/properties/amount/type',
        message: 'must be string',
        expected: 'string',
        actual: 100,
      },
      {
        kind: 'body',
        passed: false,
        path: '/transaction/partial-settlement-transaction-ids',
        expected: ['c1'],
        actual: ['c1', 'c2'],
        message: 'expected 1 element, got 2',
      },
    ],
    curl: "curl 'http://127.0.0.1:4010/merchants/m/transactions/abc123' -H 'authorization: Basic ***'",
  });
  const truncatedStep = makeStep({
    name: 'list every child',
    line: 30,
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"items":[1,2,3', truncated: true, size: 5_000_000 },
    assertions: [{ kind: 'status', passed: true, path: '', expected: 200, actual: 200, message: 'status is 200' }],
  });
  const timeoutStep = makeStep({
    name: 'settle waits forever',
    status: 'errored',
    line: 12,
    response: undefined,
    assertions: [],
    error: { code: 'SETTLEKIT_E_TIMEOUT', message: 'no answer within 10000 ms', hint: TIMEOUT_HINT },
  });
  const scenarios = [
    makeScenario({ id: EVIDENCE_IDS.schema, rules: ['BT-PS-01'], steps: [makeStep(), schemaStep, truncatedStep], reason: 'must be string' }),
    makeScenario({ id: EVIDENCE_IDS.timeout, rules: ['BT-PS-02'], steps: [timeoutStep], reason: 'no answer within 10000 ms' }),
  ];
  const rules = [
    makeRule({ id: 'BT-PS-01' }),
    makeRule({ id: 'BT-PS-02', level: 'SHOULD' }),
    makeRule({ id: 'BT-PS-09', untestableReason: UNTESTABLE_REASON }),
  ];
  return assembleReport(scenarios, rules);
}

/** A report where everything passed. */
export function makeConformantReport(): RunReport {
  return assembleReport(
    [makeScenario({ id: 'braintree/ok/one' }), makeScenario({ id: 'braintree/ok/two', rules: ['BT-PS-04'] })],
    [makeRule({ id: 'BT-PS-01' }), makeRule({ id: 'BT-PS-04' })],
  );
}

/** The mixed report, stopped by a signal. */
export function makeInterruptedReport(): RunReport {
  return { ...makeMixedReport(), interrupted: true };
}
