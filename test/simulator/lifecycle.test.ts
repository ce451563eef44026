/**
 * The simulator's life in a merchant's test suite: many simulators in one process, `listen` and `close` called in any
 * order and any number of times, a reset between tests, and the errors a merchant sees for a bad option or a port or
 * host the system refuses — each a SettlekitError with a stable code, never a TypeError from deep inside.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error -- the SDK ships no type declarations (and @types/braintree is not a dependency).
import braintreeUntyped from 'braintree';
import { afterEach, describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.ts';

const started: Simulator[] = [];
function make(options: SimulatorOptions = {}): Simulator {
  const sim = createSimulator(options);
  started.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** What the promise rejected with (its value if it resolved, which then fails the expectations on the error). */
const rejection = (promise: Promise<unknown>): Promise<unknown> => promise.catch((error: unknown) => error);

const BRAINTREE_AUTH = `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`;
const sale = (url: string, agent?: { keepalive?: boolean }) =>
  fetch(`${url}/merchants/integration_merchant_id/transactions`, {
    method: 'POST',
    headers: { authorization: BRAINTREE_AUTH, 'content-type': 'application/json', 'x-apiversion': '6', accept: 'application/xml' },
    body: JSON.stringify({ transaction: { amount: '10.00', payment_method_nonce: 'fake-valid-visa-nonce', type: 'sale' } }),
    ...agent,
  });

describe('listen and close, in any order', () => {
  it('close() before listen(), twice, and concurrently resolves every time', async () => {
    const sim = make();
    await expect(sim.close()).resolves.toBeUndefined();
    await sim.listen(0);
    await expect(Promise.all([sim.close(), sim.close()])).resolves.toEqual([undefined, undefined]);
    await expect(sim.close()).resolves.toBeUndefined();
    expect(sim.url).toBeUndefined();
  });

  it('listen() twice is refused with a stable code; after close() it listens again, on a new port', async () => {
    const sim = make();
    const first = await sim.listen(0);
    const error = await rejection(sim.listen(0));
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_SIMULATOR_LISTEN');
    expect((error as SettlekitError).message).toContain(`already listening on ${first}`);
    expect(sim.url).toBe(first);
    await sim.close();
    const second = await sim.listen(0);
    expect(second).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await sale(second)).status).toBe(201);
  });

  it('a port in use is a SETTLEKIT_E_SIMULATOR_LISTEN error naming it, and the simulator can then listen elsewhere', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const sim = make();
      const error = await rejection(sim.listen(port));
      expect(error).toBeInstanceOf(SettlekitError);
      expect(error).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_LISTEN', message: `cannot listen on 127.0.0.1:${port}: the address is already in use` });
      expect((error as SettlekitError).hint).toContain('listen(0)');
      expect(((error as SettlekitError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
      expect(sim.url).toBeUndefined();
      // The failed attempt left nothing behind: another port works.
      const url = await sim.listen(0);
      expect((await sale(url)).status).toBe(201);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('a host that is not an address of this machine, or no host at all, is a SETTLEKIT_E_SIMULATOR_LISTEN error', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    const notOurs = await rejection(make().listen(0, '192.0.2.1'));
    expect(notOurs).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_LISTEN', message: "cannot listen on 192.0.2.1:0: the address is not one of this machine's" });
    const noSuchHost = await rejection(make().listen(0, 'no-such-host.invalid'));
    expect(noSuchHost).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_LISTEN', message: 'cannot listen on no-such-host.invalid:0: no such host' });
  });

  it('a port that is not a whole number 0–65535 is refused before anything is bound (no socket file for a string)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'settlekit-listen-'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      for (const port of [70000, -1, 1.5, Number.NaN, 'abc' as unknown as number]) {
        const sim = make();
        const error = await rejection(sim.listen(port));
        expect(error, String(port)).toBeInstanceOf(SettlekitError);
        expect(error).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_OPTION', message: `listen(port): expected a whole number from 0 to 65535, got ${typeof port === 'string' ? JSON.stringify(port) : String(port)}` });
        expect(sim.url).toBeUndefined();
      }
      expect(existsSync(join(dir, 'abc'))).toBe(false);
      const blank = await rejection(make().listen(0, ''));
      expect(blank).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_OPTION', message: 'listen(port, host): expected a host name or address, got ""' });
    } finally {
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('close() resolves at once with idle keep-alive connections open, and a delayed fault in flight leaves no timer behind', async () => {
    const sim = make({ closeTimeoutMs: 100 });
    const url = await sim.listen(0);
    expect((await sale(url)).status).toBe(201); // the connection stays open, idle (fetch keeps it alive)
    const idleClose = Date.now();
    await sim.close();
    expect(Date.now() - idleClose).toBeLessThan(1000);

    const again = await sim.listen(0);
    await fetch(`${again}/__settlekit/faults/next-request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 500, delayMs: 60_000 }) });
    const pending = sale(again).then(
      (r) => r.status,
      () => 'cut',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const handles = (): number => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = handles();
    await sim.close();
    expect(await pending).toBe('cut');
    // The 60-second wait of the fault is gone with the connection it was for (a test run would otherwise wait for it).
    expect(handles()).toBeLessThan(before);
  });
});

describe("the official SDK's connections", () => {
  /** The slice of the SDK these tests use. */
  interface Gateway {
    transaction: { sale(request: object): Promise<{ success: boolean; transaction: { id: string } }>; find(id: string): Promise<{ status: string }> };
  }
  const braintree = braintreeUntyped as { BraintreeGateway: new (config: object) => Gateway; Environment: new (host: string, port: number, authUrl: string, ssl: boolean) => object };

  // No close timeout to fall back on: if close() waited for the SDK's keep-alive sockets, this test would time out.
  it('close() resolves after SDK calls without waiting for its keep-alive sockets', { timeout: 20_000 }, async () => {
    const sim = make({ closeTimeoutMs: 600_000 });
    const port = Number(new URL(await sim.listen(0)).port);
    const gateway = new braintree.BraintreeGateway({ environment: new braintree.Environment('127.0.0.1', port, 'http://auth.invalid', false), merchantId: 'integration_merchant_id', publicKey: 'integration_public_key', privateKey: 'integration_private_key' });
    const sold = await gateway.transaction.sale({ amount: '10.00', paymentMethodNonce: 'fake-valid-visa-nonce' });
    expect(sold.success).toBe(true);
    expect((await gateway.transaction.find(sold.transaction.id)).status).toBe('authorized');
    await sim.close();
    expect(sim.url).toBeUndefined();
  });
});

describe('many simulators in one process', () => {
  it('each has its own port, ledger and clock', async () => {
    const sims = Array.from({ length: 6 }, (_, i) => make({ seed: `parallel ${i % 2}` }));
    const urls = await Promise.all(sims.map((s) => s.listen(0)));
    expect(new Set(urls).size).toBe(6);
    const answers = await Promise.all(urls.map(async (url) => (await sale(url)).text()));
    const ids = answers.map((xml) => /<id>([a-z0-9]+)<\/id>/.exec(xml)?.[1]);
    // Same seed, same first id; the two seeds differ; every ledger holds only its own sale.
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    expect(ids[0]).not.toBe(ids[1]);
    for (const sim of sims) expect(sim.ledger.braintree.all()).toHaveLength(1);
    sims[0]!.clock.advance(86_400_000);
    expect(sims[0]!.clock.now().getTime() - sims[2]!.clock.now().getTime()).toBe(86_400_000);
  });
});

describe('reset between tests', () => {
  it('simulator.reset() empties every API and the fault queue, keeps the clock, and works without listening', async () => {
    const sim = make({ startTime: Date.UTC(2026, 0, 1) });
    const url = await sim.listen(0);
    expect((await sale(url)).status).toBe(201);
    await fetch(`${url}/__settlekit/faults/next-request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 503 }) });
    sim.clock.advance(1000);
    sim.reset();
    expect(sim.ledger.braintree.all()).toEqual([]);
    expect(sim.context.faults.size).toBe(0);
    expect(sim.clock.now().getTime()).toBe(Date.UTC(2026, 0, 1) + 1000);
    expect((await sale(url)).status).toBe(201);
    await sim.close();
    expect(() => sim.reset()).not.toThrow();
  });
});

describe('bad options are SETTLEKIT_E_SIMULATOR_OPTION errors naming the option', () => {
  it.each<[string, unknown, string]>([
    ['merchantId', '', 'merchantId: expected a non-empty string, got ""'],
    ['publicKey', 42, 'publicKey: expected a non-empty string, got 42'],
    ['privateKey', null, 'privateKey: expected a non-empty string, got null'],
    ['worldpay', { username: 7 }, 'worldpay.username: expected a non-empty string, got 7'],
    ['merchantAccounts', [], 'merchantAccounts: expected at least one merchant account'],
    ['merchantAccounts', [{ id: 'a', processor: 'chase' }, { id: 'a', processor: 'chase' }], 'merchantAccounts[1].id: "a" is already the id of merchantAccounts[0]'],
    ['merchantAccounts', [{ processor: 'chase' }], 'merchantAccounts[0].id: expected a non-empty string, got undefined'],
    ['merchantAccounts', [{ id: 'a', processor: 'chase', currency: 'usd' }], 'merchantAccounts[0].currency: expected an ISO 4217 code (three capital letters), got "usd"'],
    ['merchantAccounts', [{ id: 'a', processor: 'chase', settlementAdjustmentPercent: 0 }], 'merchantAccounts[0].settlementAdjustmentPercent: expected a whole number from 1 to 100, got 0'],
    ['authorizationExpiryMs', -1, 'authorizationExpiryMs: expected a whole number of milliseconds from 1, got -1'],
    ['settlementPendingMaxMs', '30d', 'settlementPendingMaxMs: expected a whole number of milliseconds from 1, got "30d"'],
    ['bodyLimitBytes', 'x', 'bodyLimitBytes: expected a whole number of bytes from 1, got "x"'],
    ['closeTimeoutMs', -5, 'closeTimeoutMs: expected a whole number of milliseconds from 0, got -5'],
    ['startTime', 'yesterday', 'startTime: expected a Date or epoch milliseconds, got "yesterday"'],
    ['startTime', new Date('nope'), 'startTime: expected a Date or epoch milliseconds, got Invalid Date'],
    ['seed', 5, 'seed: expected a string, got 5'],
    ['facades', [42], 'facades[0]: expected a façade factory (a function of the simulator context returning a Facade), got 42'],
    ['merchantAcounts', [], 'merchantAcounts: not an option of createSimulator (did you mean merchantAccounts?)'],
  ])('%s = %j', (name, value, message) => {
    let error: unknown;
    try {
      createSimulator({ [name]: value } as SimulatorOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettlekitError);
    expect(error).toMatchObject({ code: 'SETTLEKIT_E_SIMULATOR_OPTION', message });
  });

  it('the options a merchant may give pass as they are', () => {
    const sim = createSimulator({
      merchantId: 'acme',
      publicKey: 'pk',
      privateKey: 'sk',
      merchantAccounts: [{ id: 'acme_eur', processor: 'first-data', currency: 'EUR', default: true, settlementAdjustmentPercent: 10 }],
      worldpay: { username: 'u', password: 'p' },
      authorizationExpiryMs: 1,
      settlementPendingMaxMs: 1,
      bodyLimitBytes: 1,
      closeTimeoutMs: 0,
      startTime: new Date(0),
      seed: '',
      facades: [],
    });
    expect(sim.config.merchantId).toBe('acme');
  });
});
