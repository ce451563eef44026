import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../runner/model/report.ts';
import { CLI, runCli } from '../helpers/cli.ts';

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('settlekit simulate + settlekit run --target, with no profile at all', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  /** Starts `settlekit simulate …args` on a free port; resolves with its URL and a stop function (its exit code). */
  async function startSimulate(
    args: readonly string[],
    options: { env?: NodeJS.ProcessEnv; anyPort?: boolean } = {},
  ): Promise<{ url: string; out: () => string; err: () => string; stop: (signal?: NodeJS.Signals) => Promise<number | null> }> {
    const port = options.anyPort ? 0 : await freePort();
    const child = spawn(process.execPath, [...CLI, 'simulate', '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true', ...options.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), 60_000);
      child.stdout.on('data', () => {
        if (out.includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return {
      url: options.anyPort ? (/listening on (\S+)/.exec(out)?.[1] ?? '') : `http://127.0.0.1:${port}`,
      out: () => out,
      err: () => err,
      stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
        child.kill(signal);
        return exited;
      },
    };
  }

  it('serves all three APIs on the given port; a run against it passes every suite; SIGTERM stops it cleanly', async () => {
    const simulator = await startSimulate([]);
    let stopped = false;
    try {
      const { url } = simulator;
      expect(simulator.out()).toContain(`settlekit reference simulator listening on ${url}`);
      const dir = await mkdtemp(join(tmpdir(), 'settlekit-simulate-'));
      dirs.push(dir);
      const run = await runCli(['run', '--target', url, '--reporter', 'json', '--output', dir]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
      expect(report.target).toEqual({ url, embedded: false });
      expect(report.verdict.suites.map((s) => [s.id, s.conformant])).toEqual([
        ['braintree', true],
        ['worldpay-payments', true],
        ['worldpay-split-payments', true],
      ]);
      stopped = true;
      expect(await simulator.stop()).toBe(0);
      expect(simulator.out()).toContain('simulator stopped');
    } finally {
      if (!stopped) await simulator.stop();
    }
  });

  /** Runs the Braintree over-amount scenarios against `url` with a profile declaring settlement adjustment. */
  async function runOverAmount(url: string): Promise<RunReport> {
    const dir = await mkdtemp(join(tmpdir(), 'settlekit-adjustment-'));
    dirs.push(dir);
    const profile = join(dir, 'profile.yaml');
    await writeFile(profile, 'capabilities: [multiple-partial-settlements, testing-operations, processor-first-data, processor-chase, settlement-adjustment]\n');
    await runCli(['run', '--target', url, '--profile', profile, '--suite', 'braintree', '--tag', 'over-amount', '--reporter', 'json', '--output', dir]);
    return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
  }

  it('--settlement-adjustment lets every merchant account settle above the authorization: the BT-PS-05 exception passes, the one-cent-over scenarios are skipped', async () => {
    const adjusting = await startSimulate(['--settlement-adjustment', '10']);
    const plain = await startSimulate([]);
    try {
      expect(adjusting.out()).toContain('settlement adjustment:    up to 10% above an authorization');
      const status = (report: RunReport, id: string): string | undefined => report.scenarios.find((s) => s.id === id)?.status;
      const withAdjustment = await runOverAmount(adjusting.url);
      expect(status(withAdjustment, 'braintree/over-amount/settlement-adjustment')).toBe('passed');
      expect(status(withAdjustment, 'braintree/over-amount/single-one-cent-over')).toBe('skipped');
      // The same profile against a simulator without adjustment: the claimed capability is not there, and the run says so.
      const without = await runOverAmount(plain.url);
      expect(status(without, 'braintree/over-amount/settlement-adjustment')).toBe('failed');
    } finally {
      expect(await adjusting.stop()).toBe(0);
      expect(await plain.stop()).toBe(0);
    }
  });

  /** A Braintree sale on the simulator at `url`: the id and creation time it answers. */
  async function sale(url: string): Promise<{ id?: string; createdAt?: string }> {
    const response = await fetch(`${url}/merchants/integration_merchant_id/transactions`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('integration_public_key:integration_private_key').toString('base64')}`,
        'x-apiversion': '6',
        accept: 'application/xml',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ transaction: { type: 'sale', amount: '10.00', payment_method_nonce: 'fake-valid-visa-nonce' } }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return { id: /<id>([a-z0-9]+)<\/id>/.exec(text)?.[1], createdAt: /<created-at type="datetime">([^<]+)</.exec(text)?.[1] };
  }

  it('--seed makes it reproducible: started twice with one seed it answers the same ids and times; without one, others', async () => {
    const first = await startSimulate(['--seed', 'release-42']);
    const second = await startSimulate(['--seed', 'release-42']);
    const unseeded = await startSimulate([]);
    try {
      expect(first.out()).toContain('seed:                     "release-42" (ids, link tokens and the clock\'s start, 2026-01-01T00:00:00.000Z, follow from it)');
      const [a, b, c] = [await sale(first.url), await sale(second.url), await sale(unseeded.url)];
      expect(a.id).toMatch(/^[a-z0-9]{8}$/);
      expect(a.createdAt).toBe('2026-01-01T00:00:00Z');
      expect(b).toEqual(a);
      expect(c.id).not.toBe(a.id);
      expect((await sale(first.url)).id, 'the next sale gets the next id of the stream').not.toBe(a.id);
    } finally {
      expect(await first.stop()).toBe(0);
      expect(await second.stop()).toBe(0);
      expect(await unseeded.stop()).toBe(0);
    }
  });

  it('--port 0 prints the URL of the port it got, which serves; SIGINT stops it with exit 0 and nothing on stderr', async () => {
    const simulator = await startSimulate([], { anyPort: true });
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:(?!0$)\d+$/);
    expect((await sale(simulator.url)).id).toMatch(/^[a-z0-9]{8}$/);
    expect(await simulator.stop('SIGINT')).toBe(0);
    expect(simulator.out()).toMatch(/simulator stopped\n$/);
    expect(simulator.err()).toBe('');
  });

  it('--merchant-id and keys from the environment: served as given, printed by the names of their variables, never their values', async () => {
    const env = {
      SETTLEKIT_SIMULATOR_BRAINTREE_PUBLIC_KEY: 'acme-public-7f3a',
      SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY: 'acme-private-s3cr3t-91d2',
      SETTLEKIT_SIMULATOR_WORLDPAY_USERNAME: 'acme-wp-user-5b1c',
      SETTLEKIT_SIMULATOR_WORLDPAY_PASSWORD: 'acme-wp-pass-c0ffee',
    };
    const simulator = await startSimulate(['--merchant-id', 'acme_merchant'], { env });
    try {
      const out = simulator.out();
      for (const value of Object.values(env)) expect(out).not.toContain(value);
      expect(out).toContain('Braintree:                /merchants/acme_merchant/… (keys from $SETTLEKIT_SIMULATOR_BRAINTREE_PUBLIC_KEY / $SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY)');
      expect(out).toContain('Worldpay Payments:        /api/payments… (credentials from $SETTLEKIT_SIMULATOR_WORLDPAY_USERNAME / $SETTLEKIT_SIMULATOR_WORLDPAY_PASSWORD)');
      const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      const find = (merchant: string, authorization: string) =>
        fetch(`${simulator.url}/merchants/${merchant}/transactions/nothere`, { headers: { authorization, 'x-apiversion': '6', accept: 'application/xml' } }).then((r) => r.status);
      expect(await find('acme_merchant', basic(env.SETTLEKIT_SIMULATOR_BRAINTREE_PUBLIC_KEY, env.SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY))).toBe(404);
      expect(await find('acme_merchant', basic('integration_public_key', 'integration_private_key'))).toBe(401);
      const query = (authorization: string) => fetch(`${simulator.url}/api/payments/nothere`, { headers: { authorization, 'wp-api-version': '2024-06-01' } }).then((r) => r.status);
      expect(await query(basic(env.SETTLEKIT_SIMULATOR_WORLDPAY_USERNAME, env.SETTLEKIT_SIMULATOR_WORLDPAY_PASSWORD))).toBe(404);
      expect(await query(basic('settlekit', 'settlekit'))).toBe(401);
    } finally {
      expect(await simulator.stop()).toBe(0);
    }
  });

  it('refuses an empty key in the environment, naming the variable, not its value (exit 2)', async () => {
    const result = await runCli(['simulate', '--port', '0'], { env: { SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe('SETTLEKIT_E_USAGE: SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY is set but empty: give it a value, or unset it for the SDK\'s test key');
  });

  it('refuses an empty --seed (exit 2)', async () => {
    const result = await runCli(['simulate', '--seed', ' ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--seed is empty');
  });

  it('refuses a settlement adjustment outside 1–100 (exit 2)', async () => {
    const result = await runCli(['simulate', '--settlement-adjustment', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--settlement-adjustment must be a whole percentage from 1 to 100');
  });

  it('refuses a port outside 0–65535 (exit 2)', async () => {
    const result = await runCli(['simulate', '--port', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be 0–65535');
  });

  it('says in one line that the port is taken (exit 2), instead of an internal error with a stack', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const result = await runCli(['simulate', '--port', String(port)]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(`SETTLEKIT_E_USAGE: cannot listen on 127.0.0.1:${port}: the address is already in use`);
      expect(result.stderr).toContain('--port 0');
      expect(result.stderr).not.toContain('SETTLEKIT_E_INTERNAL');
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
