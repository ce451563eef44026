/**
 * The simulator's HTTP server: binding, façade registration, body limit, safe JSON, constant-time auth helpers, the
 * test controls (checked against specs/test-controls.openapi.yaml), fault injection and graceful close.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { constantTimeEqual, createSimulator, parseBasicAuth, parseJson, type FacadeFactory, type Simulator } from '../../simulator/index.ts';

const SPEC = fileURLToPath(new URL('../../specs/test-controls.openapi.yaml', import.meta.url));
const AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;

const started: Simulator[] = [];
async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<{ sim: Simulator; url: string }> {
  const sim = createSimulator({ startTime: Date.UTC(2025, 0, 1), ...options });
  started.push(sim);
  return { sim, url: await sim.listen() };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const json = (url: string, path: string, body?: unknown, method = 'POST') =>
  fetch(url + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });

/** A validator for one response schema of the test-controls spec. */
function responseValidator(path: string, method: string, status: string) {
  const doc = parseYaml(readFileSync(SPEC, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(doc, 'controls');
  const pointer = `#/paths/${path.replace(/\//g, '~1')}/${method}/responses/${status}`;
  const response = ajv.getSchema(`controls${pointer}`)?.schema as { $ref?: string; content?: Record<string, { schema: unknown }> };
  const resolved = response.$ref ? (ajv.getSchema(`controls${response.$ref}`)?.schema as typeof response) : response;
  const schema = resolved.content?.['application/json']?.schema as { $ref?: string } | undefined;
  const validate = ajv.compile({ $ref: `controls${schema?.$ref ?? `${pointer}/content/application~1json/schema`}` });
  return (value: unknown): void => {
    const ok = validate(value);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  };
}

describe('createSimulator', () => {
  it('binds 127.0.0.1 on a free port by default and reports its URL', async () => {
    const { sim, url } = await start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.url).toBe(url);
    await expect(sim.listen()).rejects.toThrow(/already listening/);
  });

  it('exposes its defaults for the other façades', () => {
    const sim = createSimulator();
    expect(sim.config).toMatchObject({
      merchantId: 'integration_merchant_id',
      publicKey: 'integration_public_key',
      privateKey: 'integration_private_key',
      worldpay: { username: 'settlekit', password: 'settlekit' },
      bodyLimitBytes: 1024 * 1024,
      authorizationExpiryMs: 7 * 86_400_000,
      settlementPendingMaxMs: 30 * 86_400_000,
    });
    expect(sim.config.merchantAccounts.map((a) => [a.id, a.processor, a.default === true])).toEqual([
      ['first_data_ma', 'first-data', true],
      ['chase_ma', 'chase', false],
    ]);
    expect(sim.ledger.braintree).toBeDefined();
    expect(sim.clock).toBe(sim.ledger.clock);
  });

  it('routes to extra façades that share the ledger and clock, and resets them', async () => {
    let resets = 0;
    const echo: FacadeFactory = (ctx) => ({
      name: 'echo',
      paths: ['/echo'],
      handle: async (req) => req.sendJson(200, { now: ctx.clock.now().toISOString(), body: (await req.readBody()).toString('utf8'), sameLedger: ctx.ledger === started.at(-1)?.ledger }),
      reset: () => {
        resets++;
      },
    });
    const { url } = await start({ facades: [echo] });
    const answer = await json(url, '/echo', { hello: 'world' });
    expect(await answer.json()).toEqual({ now: '2025-01-01T00:00:00.000Z', body: '{"hello":"world"}', sameLedger: true });
    await json(url, '/__settlekit/reset');
    expect(resets).toBe(1);
    expect((await fetch(`${url}/nothing-here`)).status).toBe(404);
  });

  it('routes by the path prefixes façades declare, in order: a prefix serves itself and below, one ending in / only below', async () => {
    const named =
      (name: string, paths: string[]): FacadeFactory =>
      () => ({ name, paths, handle: (ctx) => ctx.sendJson(200, { name }) });
    const { url } = await start({ facades: [named('files', ['/files/', '/attachments']), named('echo', ['/echo']), named('shadowed', ['/echo/deep', '/merchants/x']), named('rest', ['/'])] });
    const servedBy = async (path: string): Promise<unknown> => {
      const answer = await fetch(url + path);
      return answer.status === 200 ? ((await answer.json()) as { name?: string }).name : answer.status;
    };
    const expected: [string, unknown][] = [
      ['/files/a', 'files'],
      ['/files/', 'files'],
      ['/files', 'rest'],
      ['/attachments', 'files'],
      ['/attachments/1/2', 'files'],
      ['/attachmentsx', 'rest'],
      ['/echo', 'echo'],
      ['/echo/deep', 'echo'],
      ['/echoes', 'rest'],
      // The built-in façades come first: their paths are theirs (401: no credentials), the test controls' too.
      ['/merchants/x', 401],
      ['/__settlekit/clock', undefined],
      ['/merchants', 'rest'],
      ['/anything/else', 'rest'],
    ];
    for (const [path, facade] of expected) expect(await servedBy(path), path).toBe(facade);
  });

  it('refuses a façade that declares no path prefixes, naming it and what to declare', () => {
    const legacy = (() => ({ name: 'legacy', matches: () => true, handle: () => undefined })) as unknown as FacadeFactory;
    expect(() => createSimulator({ facades: [legacy] })).toThrow(
      /^Simulator façade "legacy" declares no paths \(`matches` and `matchesPath` are no longer read\): give it `paths`, the path prefixes it serves, e\.g\. paths: \['\/my-api'\]\.$/,
    );
    const none: FacadeFactory = () => ({ name: 'none', paths: [], handle: () => undefined });
    expect(() => createSimulator({ facades: [none] })).toThrow(/^Simulator façade "none" declares no paths: give it `paths`/);
    const relative: FacadeFactory = () => ({ name: 'relative', paths: ['api'], handle: () => undefined });
    expect(() => createSimulator({ facades: [relative] })).toThrow(`Simulator façade "relative": each of its paths must be a path prefix starting with '/', not "api".`);
  });

  it('a façade that throws answers 500, and the server keeps serving', async () => {
    const boom: FacadeFactory = () => ({
      name: 'boom',
      paths: ['/boom'],
      handle: () => {
        throw new Error('boom');
      },
    });
    const { url } = await start({ facades: [boom] });
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    expect((await fetch(`${url}/__settlekit/clock`)).status).toBe(200);
  });

  it('answers 413 past a configured body limit', async () => {
    const { url } = await start({ bodyLimitBytes: 64 });
    const answer = await json(url, '/__settlekit/clock/advance', { days: 1, pad: 'x'.repeat(100) });
    expect(answer.status).toBe(413);
    expect((await json(url, '/__settlekit/clock/advance', { days: 1 })).status).toBe(200);
  });

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const { url } = await start({ bodyLimitBytes: 1000 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${url}/merchants/integration_merchant_id/transactions`, { method: 'POST', headers: { authorization: AUTH, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(100));
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('graceful close', () => {
  it('finishes in-flight requests, closes idle keep-alive sockets, refuses new connections', async () => {
    let release: () => void = () => undefined;
    const slow: FacadeFactory = () => ({
      name: 'slow',
      paths: ['/slow'],
      handle: async (ctx) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        ctx.send(200, 'done');
      },
    });
    const sim = createSimulator({ facades: [slow] });
    const url = await sim.listen();
    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
        http
          .get(url + path, { agent }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
          })
          .on('error', reject);
      });
    expect((await get('/__settlekit/clock')).status).toBe(200); // leaves an idle keep-alive socket
    const inFlight = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = sim.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, body: 'done', connection: 'close' });
    await closed;
    await expect(fetch(`${url}/__settlekit/clock`)).rejects.toThrow();
    agent.destroy();
  });
});

describe('helpers', () => {
  it('parseJson never throws and drops prototype keys at any depth', () => {
    expect(parseJson('{"a":')).toMatchObject({ ok: false });
    const parsed = parseJson('{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"b":2},"prototype":3}');
    expect(parsed).toEqual({ ok: true, value: { a: { b: 2 } } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('parseBasicAuth decodes user:password (the password may contain colons)', () => {
    expect(parseBasicAuth(`Basic ${Buffer.from('u:p:q').toString('base64')}`)).toEqual({ user: 'u', password: 'p:q' });
    expect(parseBasicAuth('Basic bm9jb2xvbg==')).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
  });

  it('constantTimeEqual compares any lengths', () => {
    expect(constantTimeEqual('secret', 'secret')).toBe(true);
    expect(constantTimeEqual('secret', 'secret2')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('test controls', () => {
  it('the OpenAPI document is valid and names the five operations', async () => {
    const result = await new Validator().validate(SPEC);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const text = readFileSync(SPEC, 'utf8');
    for (const id of ['control.advanceClock', 'control.getClock', 'control.expireAuthorization', 'control.injectFault', 'control.reset']) {
      expect(text).toContain(`operationId: ${id}`);
    }
  });

  it('clock: get and advance, answers matching the spec', async () => {
    const { url } = await start();
    const get = await fetch(`${url}/__settlekit/clock`);
    const now = await get.json();
    responseValidator('/__settlekit/clock', 'get', '200')(now);
    expect(now).toEqual({ now: '2025-01-01T00:00:00.000Z' });
    const advanced = await (await json(url, '/__settlekit/clock/advance', { days: 31, hours: 1, minutes: 1, seconds: 1, ms: 1 })).json();
    responseValidator('/__settlekit/clock/advance', 'post', '200')(advanced);
    expect(advanced).toEqual({ now: '2025-02-01T01:01:01.001Z', advancedMs: 31 * 86_400_000 + 3_661_001 });
  });

  it.each([
    ['{"days":-1}', 'invalidValue'],
    ['{"days":1.5}', 'invalidValue'],
    ['{"weeks":1}', 'unknownField'],
    ['{}', 'emptyBody'],
    ['[1]', 'bodyIsNotJson'],
    ['{"days":', 'bodyIsNotJson'],
  ])('clock advance refuses %s with 400 %s', async (body, error) => {
    const { url } = await start();
    const answer = await json(url, '/__settlekit/clock/advance', body);
    expect(answer.status).toBe(400);
    const problem = await answer.json();
    responseValidator('/__settlekit/clock/advance', 'post', '400')(problem);
    expect(problem.error).toBe(error);
  });

  it('clock advance refuses a body that is not valid UTF-8 with 400 bodyIsNotJson (not a U+FFFD key taken as a field)', async () => {
    const { url } = await start();
    const bytes = Buffer.concat([Buffer.from('{"days":1,"'), Buffer.from([0xff]), Buffer.from('":1}')]);
    const answer = await fetch(`${url}/__settlekit/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(answer.status).toBe(400);
    const problem = await answer.json();
    responseValidator('/__settlekit/clock/advance', 'post', '400')(problem);
    expect(problem).toEqual({ error: 'bodyIsNotJson', message: 'The body is not JSON: it is not valid UTF-8' });
    // Nothing moved.
    expect(await (await fetch(`${url}/__settlekit/clock`)).json()).toEqual({ now: '2025-01-01T00:00:00.000Z' });
  });

  it('expire-authorization: 200, then 409 once expired, 404 for an unknown id', async () => {
    const { sim, url } = await start();
    const sale = sim.ledger.braintree.sale({ amount: '10.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    if (!sale.ok) throw new Error('sale failed');
    const answer = await json(url, `/__settlekit/transactions/${sale.transaction.id}/expire-authorization`);
    expect(answer.status).toBe(200);
    const body = await answer.json();
    responseValidator('/__settlekit/transactions/{id}/expire-authorization', 'post', '200')(body);
    expect(body).toEqual({ id: sale.transaction.id, status: 'authorization_expired', authorizationExpiresAt: '2025-01-01T00:00:00.000Z' });
    expect((await json(url, `/__settlekit/transactions/${sale.transaction.id}/expire-authorization`)).status).toBe(409);
    const missing = await json(url, '/__settlekit/transactions/nope/expire-authorization');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('notFound');
    // An id whose percent-escapes do not decode names no transaction: 404, as for any unknown control.
    const malformed = await fetch(`${url}/__settlekit/transactions/%E0%A4%A/expire-authorization`, { method: 'POST' });
    expect(malformed.status).toBe(404);
    expect(await malformed.json()).toEqual({ error: 'notFound', message: 'No test control POST /transactions/%E0%A4%A/expire-authorization' });
    expect((await fetch(`${url}/__settlekit/transactions/${encodeURIComponent('no such/id')}/expire-authorization`, { method: 'POST' })).status).toBe(404);
  });

  it('faults: the next vendor request fails once; controls are not affected; count, body, drop', async () => {
    const { url } = await start();
    const queued = await json(url, '/__settlekit/faults/next-request', { status: 500, count: 2 });
    expect(queued.status).toBe(200);
    const body = await queued.json();
    responseValidator('/__settlekit/faults/next-request', 'post', '200')(body);
    expect(body).toEqual({ queued: 2 });
    expect((await fetch(`${url}/__settlekit/clock`)).status).toBe(200);
    const vendor = () => fetch(`${url}/merchants/integration_merchant_id/transactions/nope`, { headers: { authorization: AUTH } });
    expect((await vendor()).status).toBe(500);
    expect((await vendor()).status).toBe(500);
    expect((await vendor()).status).toBe(404);

    await json(url, '/__settlekit/faults/next-request', { status: 502, body: '{"x":1}', contentType: 'application/json' });
    const custom = await vendor();
    expect(custom.status).toBe(502);
    expect(custom.headers.get('content-type')).toBe('application/json');
    expect(await custom.text()).toBe('{"x":1}');

    await json(url, '/__settlekit/faults/next-request', { drop: true });
    await expect(vendor()).rejects.toThrow();
    expect((await vendor()).status).toBe(404);
  });

  it.each([[{}], [{ status: 42 }], [{ status: 500, count: 0 }], [{ status: 500, delayMs: -1 }], [{ status: 500, extra: 1 }], [{ drop: 'yes' }]])(
    'faults refuse %j with 400',
    async (body) => {
      const { url } = await start();
      expect((await json(url, '/__settlekit/faults/next-request', body)).status).toBe(400);
    },
  );

  it('reset empties the ledger and the fault queue but keeps the clock', async () => {
    const { sim, url } = await start();
    const sale = sim.ledger.braintree.sale({ amount: '10.00', type: 'sale', paymentMethodNonce: 'fake-valid-visa-nonce' });
    if (!sale.ok) throw new Error('sale failed');
    await json(url, '/__settlekit/clock/advance', { days: 2 });
    await json(url, '/__settlekit/faults/next-request', { status: 500 });
    const answer = await json(url, '/__settlekit/reset', {});
    const body = await answer.json();
    responseValidator('/__settlekit/reset', 'post', '200')(body);
    expect(body).toEqual({ reset: true, now: '2025-01-03T00:00:00.000Z' });
    expect(sim.ledger.braintree.find(sale.transaction.id)).toMatchObject({ ok: false, kind: 'not-found' });
    expect(sim.context.faults.size).toBe(0);
  });

  it('an unknown control is 404 with a problem body', async () => {
    const { url } = await start();
    const answer = await fetch(`${url}/__settlekit/nothing`);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: 'notFound' });
  });
});
