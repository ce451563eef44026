/**
 * The simulator as a server facing hostile or careless clients: the request body limit (413, and the server goes on),
 * malformed JSON answered in each API's documented error shape, prototype keys in bodies that change nothing,
 * credentials compared in constant time, loopback by default, and a graceful shutdown.
 */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadOpenApi } from '../../runner/spec/openapi-index.ts';
import { basicAuthChecker, checkBasicAuth, constantTimeEqual, createSimulator, type FacadeFactory, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';
import { CLI } from '../helpers/cli.ts';

// Every digest and comparison the simulator makes goes through these spies (they call the real functions).
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, hash: vi.fn(actual.hash), timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BT_AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const WP_AUTH = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
const BT = '/merchants/integration_merchant_id/transactions';
const BT_HEADERS = { authorization: BT_AUTH, 'content-type': 'application/json', 'x-apiversion': '6' };
const WP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2024-06-01' };
const SP_HEADERS = { authorization: WP_AUTH, 'content-type': 'application/json', 'wp-api-version': '2025-06-25' };

const started: Simulator[] = [];
async function start(options: SimulatorOptions = {}): Promise<{ sim: Simulator; url: string }> {
  const sim = createSimulator({ startTime: Date.UTC(2025, 0, 1), ...options });
  started.push(sim);
  return { sim, url: await sim.listen() };
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
}

/** One request on a fresh connection; `body` bytes as given, `chunked` leaves Content-Length out. */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const bytes = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(url + path, { method, agent: false, headers: { ...headers, ...(bytes && !chunked ? { 'content-length': String(bytes.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (bytes && chunked) {
      // Several writes: the body arrives in pieces, with no announced length.
      for (let i = 0; i < bytes.length; i += 16 * 1024) req.write(bytes.subarray(i, i + 16 * 1024));
      req.end();
    } else req.end(bytes);
  });
}

const json = (reply: Reply): Record<string, unknown> => JSON.parse(reply.text) as Record<string, unknown>;

const SALE = (amount = '10.00') => JSON.stringify({ transaction: { amount, payment_method_nonce: 'fake-valid-visa-nonce', type: 'sale' } });
const WP_AUTHORIZE = (amount = 1000) =>
  JSON.stringify({
    transactionReference: 'hardening',
    merchant: { entity: 'default' },
    instruction: {
      narrative: { line1: 'settlekit' },
      value: { currency: 'GBP', amount },
      paymentInstrument: { type: 'plain', cardNumber: '4000000000002701', expiryDate: { month: 12, year: 2035 }, cardHolderName: 'Sherlock Holmes' },
    },
  });

/** A Braintree parent, a Worldpay payment and a split payment over a second Worldpay payment, ready for requests. */
async function fixtures(url: string) {
  const sale = await send(url, 'POST', BT, BT_HEADERS, SALE());
  expect(sale.status).toBe(201);
  const parentId = /<id>([a-z0-9]+)<\/id>/.exec(sale.text)?.[1] as string;
  const payment = json(await send(url, 'POST', '/api/payments', WP_HEADERS, WP_AUTHORIZE()));
  const settlePath = new URL(String((payment._actions as Record<string, { href: string }> | undefined)?.partiallySettlePayment?.href)).pathname;
  const toSplit = json(await send(url, 'POST', '/api/payments', WP_HEADERS, WP_AUTHORIZE()));
  const commandId = String(toSplit.commandId);
  const split = await send(
    url,
    'POST',
    '/splitPayments',
    SP_HEADERS,
    JSON.stringify({
      fulfillment: { auto: false, paymentCommandId: commandId },
      merchant: { entity: 'default' },
      value: { currency: 'GBP', totalAmount: 1000 },
      lineItems: [{ itemReference: 'a', partyReference: 'p', amount: 1000 }],
    }),
  );
  expect(split.status).toBe(201);
  const splitId = String(json(split).splitPaymentId);
  const itemId = String((json(split).lineItems as { itemId: string }[])[0]?.itemId);
  return { parentId, settlePath, commandId, splitId, itemId };
}

/** Every money movement so far, to show a refused request left no trace. */
const journal = (sim: Simulator) => sim.ledger.payments.entries().length;

describe('request body limit', () => {
  /** One request per API that reads a body, with a body of `size` bytes. */
  function routes(f: Awaited<ReturnType<typeof fixtures>>) {
    return [
      { api: 'Braintree sale', path: BT, headers: BT_HEADERS },
      { api: 'Braintree partial settlement', path: `${BT}/${f.parentId}/submit_for_partial_settlement`, headers: BT_HEADERS },
      { api: 'Worldpay authorize', path: '/api/payments', headers: WP_HEADERS },
      { api: 'Worldpay partial settlement', path: f.settlePath, headers: WP_HEADERS },
      { api: 'Split Payments create', path: '/splitPayments', headers: SP_HEADERS },
      { api: 'Split Payments fulfillment', path: `/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`, headers: SP_HEADERS },
    ];
  }
  const padded = (size: number): string => {
    const head = '{"pad":"';
    return `${head}${'x'.repeat(size - head.length - 2)}"}`;
  };

  it('answers 413 past the limit on every API — announced or chunked — moves nothing, and keeps serving', async () => {
    const { sim, url } = await start({ bodyLimitBytes: 4096 });
    const f = await fixtures(url);
    const before = journal(sim);
    for (const route of routes(f)) {
      for (const chunked of [false, true]) {
        const reply = await send(url, 'POST', route.path, route.headers, padded(4097), chunked);
        expect(reply.status, `${route.api}${chunked ? ' (chunked)' : ''}`).toBe(413);
        expect(reply.headers.connection).toBe('close');
      }
      // A body of exactly the limit is read and judged on its content (here: not a valid request), not refused for size.
      expect((await send(url, 'POST', route.path, route.headers, padded(4096))).status, route.api).not.toBe(413);
    }
    expect(journal(sim)).toBe(before);
    // The server survived all of it: the payments still work.
    expect((await send(url, 'POST', f.settlePath, WP_HEADERS, JSON.stringify({ reference: 'after', value: { currency: 'GBP', amount: 100 } }))).status).toBe(202);
    expect((await send(url, 'POST', BT, BT_HEADERS, SALE())).status).toBe(201);
  });

  it('the default limit is 1 MiB; a client still uploading 8 MiB reads the 413, and the next connection is served', async () => {
    const { url } = await start();
    expect((await send(url, 'POST', BT, BT_HEADERS, padded(1024 * 1024))).status).toBe(422);
    expect((await send(url, 'POST', BT, BT_HEADERS, padded(1024 * 1024 + 1))).status).toBe(413);
    const huge = Buffer.alloc(8 * 1024 * 1024, 0x20);
    expect((await send(url, 'POST', BT, BT_HEADERS, huge, true)).status).toBe(413);
    expect((await send(url, 'POST', '/api/payments', WP_HEADERS, huge)).status).toBe(413);
    expect((await send(url, 'POST', BT, BT_HEADERS, SALE())).status).toBe(201);
  });

  it('after a 413 the server closes that connection, and other keep-alive connections go on', async () => {
    const { url } = await start({ bodyLimitBytes: 1024 });
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    const closed = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('close', () => resolve(text));
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST ${BT} HTTP/1.1\r\nHost: x\r\nAuthorization: ${BT_AUTH}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`);
    socket.write('x'.repeat(2000));
    expect(await closed).toMatch(/^HTTP\/1\.1 413 /);
    expect((await send(url, 'GET', '/__settlekit/clock', {})).status).toBe(200);
  });
});

describe('malformed JSON gets each API’s documented error shape and changes nothing', () => {
  const worldpaySpec = loadOpenApi(`${ROOT}specs/worldpay-payments-2024-06-01.openapi.yaml`);
  const splitSpec = loadOpenApi(`${ROOT}specs/worldpay-split-payments-2025-06-25.openapi.yaml`);
  const BAD: readonly [string, string | Buffer][] = [
    ['truncated', '{"transaction": {"amount": "1'],
    ['trailing garbage', '{"a": 1}}'],
    ['single quotes', "{'a': 1}"],
    ['a bare word', 'NaN'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ];

  it.each(BAD)('%s', async (_name, body) => {
    const { sim, url } = await start();
    const f = await fixtures(url);
    const before = journal(sim);

    // Braintree: 400 with an empty body, as the façade documents ("a JSON/XML body that does not parse").
    for (const path of [BT, `${BT}/${f.parentId}/submit_for_partial_settlement`]) {
      const reply = await send(url, 'POST', path, BT_HEADERS, body);
      expect(reply.status).toBe(400);
      expect(reply.text).toBe('');
    }
    // Worldpay Payments: 400 bodyIsNotJson with message, jsonPath and validationErrors (the spec's BadRequest).
    for (const [operation, path] of [
      ['payments.authorize', '/api/payments'],
      ['payments.partiallySettle', f.settlePath],
    ] as const) {
      const reply = await send(url, 'POST', path, WP_HEADERS, body);
      expect(reply.status).toBe(400);
      expect(json(reply)).toMatchObject({ errorName: 'bodyIsNotJson', message: expect.any(String), jsonPath: '$', validationErrors: [] });
      expect(worldpaySpec.validateResponse(operation, 400, reply.headers['content-type'], json(reply))).toMatchObject({ kind: 'valid' });
    }
    // Split Payments: 400 bodyIsNotJson with a message (the document's 400 shape).
    for (const [operation, path] of [
      ['splitPayments.create', '/splitPayments'],
      ['splitPayments.fulfillItem', `/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`],
    ] as const) {
      const reply = await send(url, 'POST', path, SP_HEADERS, body);
      expect(reply.status).toBe(400);
      expect(json(reply)).toEqual({ errorName: 'bodyIsNotJson', message: expect.any(String) });
      expect(splitSpec.validateResponse(operation, 400, reply.headers['content-type'], json(reply))).toMatchObject({ kind: 'valid' });
    }
    expect(journal(sim)).toBe(before);
    expect(sim.ledger.braintree.find(f.parentId)).toMatchObject({ ok: true, transaction: { status: 'authorized', partialSettlementTransactionIds: [] } });
  });

  it('JSON that is not an object: Braintree 400, Worldpay 400 bodyDoesNotMatchSchema at $, Split 400 bodyDoesNotMatchSchema', async () => {
    const { sim, url } = await start();
    const f = await fixtures(url);
    const before = journal(sim);
    expect((await send(url, 'POST', BT, BT_HEADERS, '[1, 2]')).status).toBe(400);
    const wp = await send(url, 'POST', f.settlePath, WP_HEADERS, '[1, 2]');
    expect(wp.status).toBe(400);
    expect(json(wp)).toMatchObject({ errorName: 'bodyDoesNotMatchSchema', jsonPath: '$', validationErrors: [{ errorName: 'fieldMustBeObject', jsonPath: '$' }] });
    expect(worldpaySpec.validateResponse('payments.partiallySettle', 400, wp.headers['content-type'], json(wp))).toMatchObject({ kind: 'valid' });
    const sp = await send(url, 'POST', `/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`, SP_HEADERS, '[1, 2]');
    expect(sp.status).toBe(400);
    expect(json(sp)).toEqual({ errorName: 'bodyDoesNotMatchSchema', message: expect.any(String) });
    expect(journal(sim)).toBe(before);
  });
});

describe('__proto__, constructor and prototype keys are harmless', () => {
  const prototypeNames = () => [Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()];
  const expectNoPollution = (baseline: unknown) => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(prototypeNames()).toEqual(baseline);
  };
  const HOSTILE = [
    '{"__proto__": {"polluted": 1}}',
    '{"constructor": {"prototype": {"polluted": 1}}}',
    '{"prototype": {"polluted": 1}}',
    '{"a": {"__proto__": {"polluted": 1}}, "b": [{"__proto__": {"polluted": 1}}]}',
    '{"transaction": {"__proto__": {"polluted": 1}}, "value": {"constructor": {"prototype": {"polluted": 1}}}}',
  ];

  it('hostile bodies on every route pollute no prototype', async () => {
    const baseline = prototypeNames();
    const { url } = await start();
    const f = await fixtures(url);
    const targets: [string, Record<string, string>][] = [
      [BT, BT_HEADERS],
      [`${BT}/${f.parentId}/submit_for_partial_settlement`, BT_HEADERS],
      [`${BT}/${f.parentId}/refund`, BT_HEADERS],
      ['/api/payments', WP_HEADERS],
      [f.settlePath, WP_HEADERS],
      ['/splitPayments', SP_HEADERS],
      [`/splitPayments/${f.splitId}/fulfillments`, SP_HEADERS],
      [`/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`, SP_HEADERS],
      ['/__settlekit/clock/advance', { 'content-type': 'application/json' }],
      ['/__settlekit/faults/next-request', { 'content-type': 'application/json' }],
    ];
    for (const [path, headers] of targets) {
      for (const body of HOSTILE) {
        const reply = await send(url, 'POST', path, headers, body);
        expect(reply.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
        expect(reply.status, `${path} ${body}`).toBeLessThan(500);
        expectNoPollution(baseline);
      }
    }
    // Typed XML with such element names is refused outright.
    const xml = await send(url, 'POST', BT, { ...BT_HEADERS, 'content-type': 'application/xml' }, '<transaction><__proto__><polluted>1</polluted></__proto__><amount>10.00</amount></transaction>');
    expect(xml.status).toBe(400);
    const ctor = await send(url, 'POST', BT, { ...BT_HEADERS, 'content-type': 'application/xml' }, '<transaction><constructor><prototype><polluted>1</polluted></prototype></constructor></transaction>');
    expect(ctor.status).toBe(400);
    expectNoPollution(baseline);
  });

  it('a valid body carrying such keys works as if they were absent', async () => {
    const baseline = prototypeNames();
    const { url } = await start();
    const f = await fixtures(url);
    const sale = await send(url, 'POST', BT, BT_HEADERS, SALE().replace('{"transaction":{', '{"__proto__":{"x":1},"transaction":{"constructor":"c","prototype":{"y":1},'));
    expect(sale.status).toBe(201);
    const settle = await send(url, 'POST', f.settlePath, WP_HEADERS, '{"__proto__":{"amount":999999},"reference":"r","value":{"constructor":{"prototype":{"polluted":1}},"currency":"GBP","amount":100}}');
    expect(settle.status).toBe(202);
    const fulfill = await send(url, 'POST', `/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`, SP_HEADERS, `{"__proto__":{"polluted":1},"paymentCommandId":"${f.commandId}","transactionType":"settle"}`);
    expect(fulfill.status).toBe(201);
    expectNoPollution(baseline);
  });

  it('fields hidden under __proto__ are not inherited: the request is refused for the missing fields and moves nothing', async () => {
    const { sim, url } = await start();
    const f = await fixtures(url);
    const before = journal(sim);
    const bt = await send(url, 'POST', BT, BT_HEADERS, '{"transaction":{"__proto__":{"amount":"10.00"},"payment_method_nonce":"fake-valid-visa-nonce","type":"sale"}}');
    expect(bt.status).toBe(422);
    expect(bt.text).toContain('<code>81502</code>');
    const wp = await send(url, 'POST', f.settlePath, WP_HEADERS, '{"__proto__":{"reference":"r","value":{"currency":"GBP","amount":100}}}');
    expect(wp.status).toBe(400);
    expect(json(wp).validationErrors).toEqual([
      expect.objectContaining({ errorName: 'fieldIsMissing', jsonPath: '$.reference' }),
      expect.objectContaining({ errorName: 'fieldIsMissing', jsonPath: '$.value' }),
    ]);
    const sp = await send(url, 'POST', `/splitPayments/${f.splitId}/items/${f.itemId}/fulfillments`, SP_HEADERS, `{"__proto__":{"paymentCommandId":"${f.commandId}","transactionType":"settle"}}`);
    expect(sp.status).toBe(400);
    expect(json(sp)).toMatchObject({
      errorName: 'bodyDoesNotMatchSchema',
      validationErrors: [
        { errorName: 'fieldIsNull', jsonPath: '$.paymentCommandId' },
        { errorName: 'fieldIsNull', jsonPath: '$.transactionType' },
      ],
    });
    expect(journal(sim)).toBe(before);
  });
});

describe('credentials are compared in constant time', () => {
  const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
  const hash = vi.mocked(crypto.hash);
  beforeEach(() => {
    timingSafeEqual.mockClear();
    hash.mockClear();
  });

  it('constantTimeEqual: right for any two strings, always one fixed-length comparison of two SHA-256 digests', () => {
    const pairs = fc.oneof(
      fc.tuple(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 })),
      fc.string({ maxLength: 40 }).map((a) => [a, a] as [string, string]),
      fc.tuple(fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 200 })).map(([a, tail]) => [a, a + tail] as [string, string]),
    );
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        timingSafeEqual.mockClear();
        hash.mockClear();
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(b, a)).toBe(a === b);
        // Whatever the lengths (a prefix, an empty string, 200 characters more), no early exit: two digests, one
        // comparison of two 32-byte buffers, per call.
        expect(timingSafeEqual).toHaveBeenCalledTimes(2);
        for (const [x, y] of timingSafeEqual.mock.calls) {
          expect((x as Buffer).length).toBe(32);
          expect((y as Buffer).length).toBe(32);
        }
        expect(hash.mock.calls.map(([algorithm]) => algorithm)).toEqual(['sha256', 'sha256', 'sha256', 'sha256']);
      }),
      { numRuns: 200 },
    );
  });

  it('a Basic check compares in fixed-size buffers only, the same comparisons whichever part is wrong, and decides nothing earlier', () => {
    const check = basicAuthChecker('integration_public_key', 'integration_private_key');
    const sizes = (): number[][] => timingSafeEqual.mock.calls.map((buffers) => buffers.map((b) => (b as Buffer).length));
    // No header: nothing secret to time. Headers that carry no credentials: the one comparison of the header as sent.
    for (const [authorization, comparisons] of [
      [undefined, []],
      ['Bearer token', [[128, 128]]],
      ['Basic !!!', [[128, 128]]],
    ] as const) {
      timingSafeEqual.mockClear();
      const req = { headers: authorization === undefined ? {} : { authorization } } as http.IncomingMessage;
      expect(checkBasicAuth(req, check), String(authorization)).toBe(false);
      expect(sizes(), String(authorization)).toEqual(comparisons);
    }
    const token = (userPass: string): string => Buffer.from(userPass).toString('base64');
    const cases: [string, boolean, number[][]][] = [
      // The header clients write: one comparison of the header, in its fixed-size buffer.
      [`Basic ${token('integration_public_key:integration_private_key')}`, true, [[128, 128]]],
      // Any other: that comparison, then one of two SHA-256 digests — whether the user, the password, both or the
      // length is wrong, and for the right credentials spelled otherwise.
      [`basic ${token('integration_public_key:integration_private_key')}`, true, [[128, 128], [32, 32]]],
      [`Basic ${token('integration_public_kex:integration_private_key')}`, false, [[128, 128], [32, 32]]],
      [`Basic ${token('x:integration_private_key')}`, false, [[128, 128], [32, 32]]],
      [`Basic ${token('integration_public_key:integration_private_kez')}`, false, [[128, 128], [32, 32]]],
      [`Basic ${token('someone:else')}`, false, [[128, 128], [32, 32]]],
      [`Basic ${token('integration_public_key:')}`, false, [[128, 128], [32, 32]]],
      [`Basic ${token(`integration_public_key:${'k'.repeat(5000)}`)}`, false, [[128, 128], [32, 32]]],
    ];
    for (const [authorization, expected, comparisons] of cases) {
      const req = { headers: { authorization } } as http.IncomingMessage;
      timingSafeEqual.mockClear();
      hash.mockClear();
      expect(checkBasicAuth(req, check), authorization).toBe(expected);
      expect(sizes(), authorization).toEqual(comparisons);
      // The configured credentials' digest was made with the check: a request digests only what it sent, if anything.
      expect(hash, authorization).toHaveBeenCalledTimes(comparisons.length - 1);
      // The compatible form (a check built per call) answers the same.
      expect(checkBasicAuth(req, 'integration_public_key', 'integration_private_key'), authorization).toBe(expected);
    }
  });

  it('every façade checks credentials through those comparisons', async () => {
    const { url } = await start();
    const wrongBt = `Basic ${Buffer.from('integration_public_key:wrong').toString('base64')}`;
    const wrongWp = `Basic ${Buffer.from('settlekit:wrong-and-much-longer-than-the-real-one').toString('base64')}`;
    for (const [path, headers] of [
      [BT, { ...BT_HEADERS, authorization: wrongBt }],
      ['/api/payments', { ...WP_HEADERS, authorization: wrongWp }],
      ['/splitPayments', { ...SP_HEADERS, authorization: wrongWp }],
    ] as const) {
      timingSafeEqual.mockClear();
      const reply = await send(url, 'POST', path, headers, '{}');
      expect(reply.status, path).toBe(401);
      expect(timingSafeEqual.mock.calls.map((buffers) => buffers.map((b) => (b as Buffer).length)), path).toEqual([
        [128, 128],
        [32, 32],
      ]);
    }
  });
});

describe('loopback by default', () => {
  it('listen() without a host binds 127.0.0.1 only', async () => {
    const { url } = await start();
    const { hostname, port } = new URL(url);
    expect(hostname).toBe('127.0.0.1');
    // Not reachable on the machine's other addresses.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
      .map((a) => a?.address as string);
    for (const address of others) {
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        const socket = net.connect(Number(port), address);
        socket.once('connect', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.once('error', resolve);
      });
      expect(error?.code, address).toBe('ECONNREFUSED');
    }
  });

  it('`settlekit simulate` binds 127.0.0.1 unless told otherwise, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [...CLI, 'simulate', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect((await send(url, 'GET', '/__settlekit/clock', {})).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('simulator stopped');
  }, 30_000);
});

describe('graceful shutdown', () => {
  it('an upload in flight completes, idle keep-alive sockets are closed, new connections are refused, close() resolves', async () => {
    const sim = createSimulator();
    const url = await sim.listen();
    const port = Number(new URL(url).port);

    // An idle keep-alive connection: one request answered, the socket left open.
    const idle = net.connect(port, '127.0.0.1');
    let idleText = '';
    idle.on('data', (c: Buffer) => (idleText += c.toString('latin1')));
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    await new Promise((resolve) => idle.once('connect', resolve));
    idle.write('GET /__settlekit/clock HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await vi.waitFor(() => expect(idleText).toMatch(/\r\n\r\n\{"now":.*\}$/));

    // A real Braintree sale whose body is still on its way.
    const body = Buffer.from(SALE('12.34'));
    let inFlight!: http.ClientRequest;
    const answered = new Promise<Reply>((resolve, reject) => {
      inFlight = http.request(`${url}${BT}`, { method: 'POST', agent: false, headers: { ...BT_HEADERS, 'content-length': String(body.length) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
      inFlight.on('error', reject);
    });
    inFlight.write(body.subarray(0, 10)); // the headers and the start of the body
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.ledger.payments.entries()).toHaveLength(0); // the server is waiting for the rest

    let closed = false;
    const closing = sim.close().then(() => {
      closed = true;
    });
    await idleClosed; // the idle socket is closed at once…
    expect(closed).toBe(false); // …while close() still waits for the upload
    const refused = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', resolve);
    });
    expect(refused?.code).toBe('ECONNREFUSED');

    inFlight.end(body.subarray(10));
    const reply = await answered;
    expect(reply.status).toBe(201);
    expect(reply.text).toContain('<amount>12.34</amount>');
    expect(reply.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
    expect(sim.url).toBeUndefined();
    await expect(sim.close()).resolves.toBeUndefined();
  });

  it('a request that never finishes is cut after closeTimeoutMs, and close() still resolves', async () => {
    const never: FacadeFactory = () => ({ name: 'never', paths: ['/never'], handle: () => new Promise<void>(() => undefined) });
    const sim = createSimulator({ facades: [never], closeTimeoutMs: 500 });
    const url = await sim.listen();
    const hung = send(url, 'GET', '/never', {}).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    let closed = false;
    const closing = sim.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false); // still waiting for the request…
    await closing; // …until the deadline cuts it
    expect(await hung).toBe('ECONNRESET');
  });
});
