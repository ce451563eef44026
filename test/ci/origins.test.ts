/**
 * Issue 11, targets behind gateways: a profile may declare further origins the target's links may point to. A target
 * whose links point at a declared second origin passes, and that origin gets the credentials; an undeclared one is
 * still refused, and is sent nothing. Redirects follow the same policy (runner/target/origin-policy.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../runner/execute/http-client.ts';
import type { TargetProfile } from '../../runner/model/profile.ts';
import { runConformance } from '../../runner/run-conformance.ts';
import { createOriginPolicy } from '../../runner/target/origin-policy.ts';
import { startLaxProxy, type LaxProxy, type ProxyRequest } from '../helpers/lax-proxy.ts';
import { useSimulator } from '../helpers/simulator.ts';

const SUITE = 'worldpay-payments';
const simulator = useSimulator();
let dir: string;
/** The "gateway": where the target's links point. It forwards to the simulator and records what it got. */
let gateway: LaxProxy;
const atGateway: ProxyRequest[] = [];
/** The target: the simulator behind a proxy that rewrites `Host` to the gateway's, so links are built on the gateway. */
let target: LaxProxy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-origins-'));
  gateway = await startLaxProxy(simulator.url, { request: (r) => void atGateway.push(r) });
  const gatewayHost = new URL(gateway.url).host;
  target = await startLaxProxy(simulator.url, { request: (r) => ({ ...r, headers: { ...r.headers, host: gatewayHost } }) });
});
afterAll(async () => {
  await Promise.all([gateway?.close(), target?.close()]);
  await rm(dir, { recursive: true, force: true });
});

function run(name: string, profileObject: TargetProfile) {
  return runConformance({ target: target.url, suites: [SUITE], reporters: ['json'], outputDir: join(dir, name), stream: new Writable({ write: (_c, _e, cb) => cb() }), profileObject });
}

describe('links to another origin', () => {
  it('are followed when the profile declares the origin, with the credentials: the suite passes', async () => {
    atGateway.length = 0;
    const outcome = await run('declared', { origins: [gateway.url] });
    expect(outcome.exitCode, outcome.report.scenarios.filter((s) => s.status !== 'passed').map((s) => `${s.id}: ${s.reason}`).join('\n')).toBe(0);
    const followed = outcome.report.scenarios.flatMap((s) => s.steps).filter((st) => st.action === 'follow');
    expect(followed.length).toBeGreaterThan(5);
    for (const step of followed) expect(step.request!.url.startsWith(`${gateway.url}/`)).toBe(true);
    // A step sent several times at once (a race) sent each request there.
    expect(atGateway.length).toBe(followed.reduce((n, st) => n + (st.exchanges?.length ?? 1), 0));
    // The suite's credentials went there, but for the scenarios that send none, or wrong ones, on purpose.
    const basic = `Basic ${Buffer.from('settlekit:settlekit').toString('base64')}`;
    const scenarioOf = new Map(outcome.report.scenarios.flatMap((s) => s.steps.filter((st) => st.action === 'follow').map((st) => [new URL(st.request!.url).pathname, s.id] as const)));
    const others = atGateway.filter((r) => r.headers.authorization !== basic).map((r) => scenarioOf.get(r.path));
    expect(atGateway.length - others.length).toBeGreaterThan(5);
    for (const id of others) expect(id).toMatch(new RegExp(`^${SUITE}/headers/credentials-(missing|wrong)$`));
  });

  it('are declared per suite too', async () => {
    const outcome = await run('per-suite', { suites: { [SUITE]: { origins: [`${gateway.url}/`] } } });
    expect(outcome.exitCode).toBe(0);
  });

  it('are refused when the origin is not declared, and nothing is sent there', async () => {
    atGateway.length = 0;
    const outcome = await run('undeclared', {});
    expect(outcome.exitCode).toBe(1);
    const refused = outcome.report.scenarios.flatMap((s) => s.steps).filter((st) => st.action === 'follow' && st.status === 'errored');
    expect(refused.length).toBeGreaterThan(0);
    for (const step of refused) {
      expect(step.error?.code).toBe('SETTLEKIT_E_NETWORK');
      expect(step.error?.message).toMatch(new RegExp(`^the link ${gateway.url}/\\S+ leaves the target ${target.url}; settlekit does not follow it$`));
      expect(step.error?.hint).toMatch(/declare it under `origins:` in the profile/);
    }
    expect(atGateway).toEqual([]);
  });
});

describe('redirects', () => {
  let servers: http.Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));
  const listen = async (handler: http.RequestListener): Promise<string> => {
    const server = http.createServer(handler);
    servers = [...servers, server];
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('follow to a declared origin, and stop at any other', async () => {
    const seen: string[] = [];
    const other = await listen((req, res) => {
      seen.push(String(req.headers.authorization));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const start = await listen((_req, res) => res.writeHead(307, { location: `${other}/there` }).end());
    const http = new HttpClient({ timeoutMs: 2000, maxBodyBytes: 1024 });
    try {
      const request = { method: 'GET', url: `${start}/here`, headers: { authorization: 'Basic c2VjcmV0' } };
      const refused = await http.send(request, { origins: createOriginPolicy(start) });
      expect(refused.ok && refused.response.status).toBe(307);
      expect(seen).toEqual([]);
      const followed = await http.send(request, { origins: createOriginPolicy(start, [other]) });
      expect(followed.ok && [followed.response.status, followed.response.redirects]).toEqual([200, [`${other}/there`]]);
      expect(seen).toEqual(['Basic c2VjcmV0']);
    } finally {
      await http.close();
    }
  });
});

describe('the profile', () => {
  it('refuses an origin with a path or credentials in it (exit 2)', async () => {
    const { readProfile } = await import('../../runner/target/profile.ts');
    const { writeFile } = await import('node:fs/promises');
    const file = join(dir, 'bad-origins.yaml');
    await writeFile(file, 'origins:\n  - https://gw.example.com/api\n  - https://user:pw@gw.example.com\n');
    const error = await readProfile(file).catch((e: unknown) => e as { errors: { code: string; where?: string }[] });
    expect((error as { errors: { code: string; where?: string }[] }).errors.map((e) => [e.code, e.where?.replace(/^.*:(\d+:\d+)$/, '$1')])).toEqual([
      ['SETTLEKIT_E_PROFILE', '2:5'],
      ['SETTLEKIT_E_PROFILE', '3:5'],
    ]);
  });
});
