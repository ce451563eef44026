/**
 * A suite of one's own, tried as a new user would: a folder with the OpenAPI document, rule catalogue and 200
 * scenarios of a made-up refunds API (rule ids like ACME-REFUND-1, a capability of its own), checked with
 * `settlekit validate --scenarios` and run with `settlekit run --scenarios` against a tiny node:http implementation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const SCENARIOS = 200;
const AUTH = `Basic ${Buffer.from('acme:refund-secret').toString('base64')}`;

const SPEC = `openapi: 3.1.0
info: { title: ACME Refunds, version: '1' }
paths:
  /orders:
    post:
      operationId: orders.create
      responses:
        '201': { description: created, content: { application/json: { schema: { $ref: '#/components/schemas/Order' } } } }
  /orders/{orderId}/refunds:
    post:
      operationId: orders.refund
      parameters: [{ name: orderId, in: path, required: true, schema: { type: string } }]
      responses:
        '201': { description: refunded, content: { application/json: { schema: { $ref: '#/components/schemas/Refund' } } } }
        '422': { description: refused, content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }
components:
  schemas:
    Order: { type: object, required: [id, amount], properties: { id: { type: string }, amount: { type: integer } } }
    Refund: { type: object, required: [id, amount], properties: { id: { type: string }, amount: { type: integer } } }
    Error: { type: object, required: [code], properties: { code: { type: string } } }
`;

const RULES = `suite: acme
rules:
  - id: ACME-REFUND-1
    level: MUST
    title: A refund up to the order amount is accepted
    sentence: Refunds may be made up to the order amount.
    source: ACME API guide
  - id: ACME-REFUND-2
    level: MUST
    title: A refund past what is left is refused
    sentence: A refund may not exceed what is left of the order.
    source: ACME API guide
`;

const SUITE = `id: acme
title: ACME refunds
spec: ../acme.openapi.yaml
rules: ../acme.rules.yaml
ruleIdPattern: "ACME-[A-Z]+-[0-9]+"
capabilities:
  partial-refunds: The API refunds an order in several parts
defaults:
  headers:
    Authorization: "{{auth.basic}}"
    Content-Type: application/json
`;

/** Scenario `i`: an order of i × 10, a refund of i, then (needing partial refunds) one past what is left. */
const scenario = (i: number): string => `id: acme/refunds/refund-${i}
title: Refund ${i} of an order of ${i * 10}, then one past what is left
rules: [ACME-REFUND-1, ACME-REFUND-2]
requires: [partial-refunds]
steps:
  - name: create the order
    operation: orders.create
    body: { amount: ${i * 10} }
    expect: { status: 201 }
    capture: { order: $.id }
  - name: refund part of it
    operation: orders.refund
    params: { orderId: "{{order}}" }
    body: { amount: ${i} }
    expect: { status: 201, body: { amount: ${i} } }
  - name: refund more than is left
    operation: orders.refund
    params: { orderId: "{{order}}" }
    body: { amount: ${i * 10} }
    expect: { status: 422, body: { code: over_refund } }
`;

const PROFILE = `capabilities: [partial-refunds]
suites:
  acme:
    credentials: { username: { env: ACME_USER }, password: { env: ACME_PASS } }
`;

/** The made-up refunds API, conforming; counts requests and refuses any without the credentials. */
async function startRefundsServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  const orders = new Map<string, { amount: number; refunded: number }>();
  let requests = 0;
  let next = 0;
  const server: Server = createServer(async (req, res) => {
    requests += 1;
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== AUTH) return send(401, { code: 'unauthorized' });
    const body = JSON.parse(text || '{}') as { amount: number };
    if (req.method === 'POST' && req.url === '/orders') {
      const id = `o${++next}`;
      orders.set(id, { amount: body.amount, refunded: 0 });
      return send(201, { id, amount: body.amount });
    }
    const order = orders.get(/^\/orders\/([^/]+)\/refunds$/.exec(req.url ?? '')?.[1] ?? '');
    if (req.method === 'POST' && order) {
      if (order.refunded + body.amount > order.amount) return send(422, { code: 'over_refund' });
      order.refunded += body.amount;
      return send(201, { id: `r${++next}`, amount: body.amount });
    }
    return send(404, { code: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a suite of your own, through the command line', () => {
  let dir: string;
  let suites: string;
  let server: Awaited<ReturnType<typeof startRefundsServer>>;
  const env = { ACME_USER: 'acme', ACME_PASS: 'refund-secret' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-own-suite-'));
    suites = join(dir, 'suites');
    await mkdir(join(suites, 'acme', 'refunds'), { recursive: true });
    await writeFile(join(suites, 'acme.openapi.yaml'), SPEC);
    await writeFile(join(suites, 'acme.rules.yaml'), RULES);
    await writeFile(join(suites, 'acme', 'suite.yaml'), SUITE);
    await Promise.all(Array.from({ length: SCENARIOS }, (_, i) => writeFile(join(suites, 'acme', 'refunds', `refund-${i + 1}.yaml`), scenario(i + 1))));
    await writeFile(join(dir, 'profile.yaml'), PROFILE);
    server = await startRefundsServer();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('validates, with its own rule ids and capability', async () => {
    const result = await runCli(['validate', '--scenarios', 'suites', '--profile', 'profile.yaml'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`ok: 1 suite, ${SCENARIOS} scenarios, 2 rules, profile profile.yaml\n`);
    const rules = await runCli(['list', '--rules', '--scenarios', 'suites'], { cwd: dir });
    expect(rules.stdout.split('\n')[0]).toBe(`ACME-REFUND-1  MUST   ${SCENARIOS} scenario(s)  A refund up to the order amount is accepted`);
    const capabilities = await runCli(['list', '--capabilities', '--scenarios', 'suites'], { cwd: dir });
    expect(capabilities.stdout).toMatch(/^partial-refunds +The API refunds an order in several parts \(suite acme\)$/m);
  });

  it('runs against its implementation: every scenario and rule passed, exit 0', async () => {
    const before = server.requests();
    const result = await runCli(['run', '--scenarios', 'suites', '--target', server.url, '--profile', 'profile.yaml', '--reporter', 'json', '--output', 'out'], { cwd: dir, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'out', 'report.json'), 'utf8')) as { scenarios: { status: string }[]; rules: { id: string; status: string; scenarios: unknown[] }[] };
    expect(report.scenarios).toHaveLength(SCENARIOS);
    expect(report.scenarios.every((s) => s.status === 'passed')).toBe(true);
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([
      ['ACME-REFUND-1', 'passed'],
      ['ACME-REFUND-2', 'passed'],
    ]);
    expect(server.requests() - before).toBe(3 * SCENARIOS);
  }, 60_000);

  it('reports one broken rule named by 200 scenarios once, with the count and the first places, and sends nothing', async () => {
    const broken = join(dir, 'broken');
    await cp(suites, broken, { recursive: true });
    await writeFile(join(broken, 'acme.rules.yaml'), RULES.replace('level: MUST', 'level: MUTS'));
    const before = server.requests();
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, '--scenarios', 'broken', ...(command === 'run' ? ['--target', server.url, '--profile', 'profile.yaml', '--output', 'out-broken'] : [])], { cwd: dir, env });
      expect(result.code).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        'broken/acme.rules.yaml:4:12: SETTLEKIT_E_SCHEMA: rules.0.level must be one of ["MUST","SHOULD","INFO"], got "MUTS"',
        '  hint: See specs/rules.schema.json.',
        '  affects 200 places: broken/acme/refunds/refund-1.yaml:3:9, broken/acme/refunds/refund-10.yaml:3:9, broken/acme/refunds/refund-100.yaml:3:9 …and 197 more',
        '1 problem found (in 201 places).',
      ]);
    }
    expect(server.requests()).toBe(before);
  }, 60_000);

  it('reports a rule the catalogue lacks once, in every place it is named', async () => {
    const unknown = join(dir, 'unknown');
    await cp(suites, unknown, { recursive: true });
    await writeFile(join(unknown, 'acme.rules.yaml'), RULES.replace('ACME-REFUND-2', 'ACME-REFUND-3'));
    const result = await runCli(['validate', '--scenarios', 'unknown'], { cwd: dir });
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('unknown/acme/refunds/refund-1.yaml:3:24: SETTLEKIT_E_UNKNOWN_RULE: unknown rule ACME-REFUND-2 for suite acme (did you mean ACME-REFUND-1, ACME-REFUND-3?)');
    expect(lines[1]).toBe('  hint: Use a rule id of unknown/acme.rules.yaml (`settlekit list --rules`).');
    expect(lines[2]).toMatch(/^ {2}in 200 places: unknown\/acme\/refunds\/refund-1\.yaml:3:24, \S+, \S+ …and 197 more$/);
    expect(lines.slice(3)).toEqual(['1 problem found (in 200 places).']);
  }, 60_000);
});
