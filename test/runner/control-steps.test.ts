import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../runner/run-conformance.ts';
import { ROOT } from '../helpers/suite-run.ts';

/** A braintree scenario that authorizes, moves the clock by `hours`, then reads the authorization back. */
function clockScenario(id: string, hours: number, status: string): string {
  return [
    `id: braintree/${id}`,
    `title: ${hours} hours later the authorization is ${status}`,
    'rules: [BT-PS-02]',
    'requires: [clock-control]',
    'steps:',
    '  - name: authorize',
    '    operation: transaction.sale',
    '    body: { transaction: { amount: "10.00", payment_method_nonce: fake-valid-visa-nonce, type: sale } }',
    '    expect: { status: 201 }',
    '    capture: { parent: $.transaction.id }',
    `  - name: ${hours} hours pass`,
    `    control: { action: advance-clock, hours: ${hours} }`,
    '  - name: read it back',
    '    operation: transaction.find',
    '    params: { id: "{{parent}}" }',
    `    expect: { status: 200, body: { transaction: { status: ${status} } } }`,
    '',
  ].join('\n');
}

describe('test-control steps', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'settlekit-controls-'));
    await mkdir(join(root, 'braintree'));
    await writeFile(
      join(root, 'braintree', 'suite.yaml'),
      [
        'id: braintree',
        'title: Braintree (control steps)',
        `spec: ${join(ROOT, 'specs/braintree-gateway.openapi.yaml')}`,
        `rules: ${join(ROOT, 'specs/rules/braintree.rules.yaml')}`,
        'defaults:',
        '  params: { merchantId: "{{target.merchantId}}" }',
        '  headers: { Authorization: "{{auth.basic}}", X-ApiVersion: "6", Accept: application/xml, Content-Type: application/json }',
        '',
      ].join('\n'),
    );
    // The simulator's authorizations last 7 days (168 hours).
    await writeFile(join(root, 'braintree', 'before.yaml'), clockScenario('clock/before-expiry', 167, 'authorized'));
    await writeFile(join(root, 'braintree', 'after.yaml'), clockScenario('clock/after-expiry', 169, 'authorization_expired'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('moves the target clock by the hours given, one scenario at a time', async () => {
    const { report, exitCode } = await runConformance({ scenariosDir: root, reporters: [] });
    expect(report.scenarios.map((s) => [s.id, s.status, s.reason ?? ''])).toEqual([
      ['braintree/clock/after-expiry', 'passed', ''],
      ['braintree/clock/before-expiry', 'passed', ''],
    ]);
    const control = report.scenarios[0]!.steps[1]!;
    expect(control.action).toBe('control:advance-clock');
    expect(control.request!.url).toMatch(/\/__settlekit\/clock\/advance$/);
    expect(JSON.parse(control.request!.body!)).toEqual({ hours: 169 });
    expect(exitCode).toBe(0);
  });
});
