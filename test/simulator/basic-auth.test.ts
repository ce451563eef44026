/**
 * Basic credentials on the three vendor APIs, over HTTP: every way a header can be wrong — absent, blank, another
 * scheme, not base64, no colon, bytes outside ASCII, the wrong user, the wrong password, both, very long values —
 * answers 401 in each API's own shape, the right credentials (in any spelling the scheme allows) pass, and each façade
 * builds its check once, from its configured credentials, never per request.
 */
import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as auth from '../../simulator/http/plumbing/auth.ts';
import { createSimulator, type Simulator } from '../../simulator/index.ts';

// The façades' one builder of credential checks, counted (it calls the real one).
vi.mock('../../simulator/http/plumbing/auth.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof auth>();
  return { ...actual, basicAuthChecker: vi.fn(actual.basicAuthChecker) };
});
const builder = vi.mocked(auth.basicAuthChecker);

const started: Simulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;

interface Api {
  readonly name: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly user: string;
  readonly password: string;
  /** The 401 answer's body (parsed JSON, or the text) for each outcome. */
  readonly refusal: (outcome: 'missing' | 'malformed' | 'wrong') => unknown;
  /** The status past the credentials (the path names nothing). */
  readonly past: number;
}

const WP_DENIED = { errorName: 'accessDenied', message: 'Access to the requested resource has been denied: send valid Basic credentials.' };
const APIS: readonly Api[] = [
  {
    name: 'braintree',
    path: '/merchants/integration_merchant_id/transactions/nope',
    headers: { 'x-apiversion': '6' },
    user: 'integration_public_key',
    password: 'integration_private_key',
    refusal: () => '',
    past: 404,
  },
  {
    name: 'worldpay-payments',
    path: '/api/payments/nope',
    headers: { 'wp-api-version': '2024-06-01' },
    user: 'settlekit',
    password: 'settlekit',
    refusal: () => WP_DENIED,
    past: 404,
  },
  {
    name: 'worldpay-split-payments',
    path: '/splitPayments/nope',
    headers: { 'wp-api-version': '2025-06-25' },
    user: 'settlekit',
    password: 'settlekit',
    refusal: (outcome) =>
      ({
        missing: { errorName: 'headerIsMissing', message: "The 'Authorization' header is missing: send Basic credentials." },
        malformed: { errorName: 'headerHasInvalidValue', message: "The 'Authorization' header must be 'Basic ' followed by base64 of username:password." },
        wrong: { errorName: 'unauthorizedAccess', message: 'Un-authorized access: the credentials are not valid for this service.' },
      })[outcome],
    past: 406,
  },
];

/** The header cases and the outcome each must have, for an API's configured `user` and `password`. */
function cases(user: string, password: string): [label: string, header: string | undefined, outcome: 'missing' | 'malformed' | 'wrong'][] {
  return [
    ['no header', undefined, 'missing'],
    ['a blank header', '   ', 'missing'],
    ['another scheme', `Bearer ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'malformed'],
    ['not base64', 'Basic !!!', 'malformed'],
    ['no colon', basic(`${user}${password}`), 'malformed'],
    ['a byte outside ASCII in the token', `${basic(`${user}:${password}`)}\u00e9`, 'malformed'],
    ['the scheme alone', 'Basic', 'malformed'],
    ['the wrong user', basic(`${user}x:${password}`), 'wrong'],
    ['the wrong password', basic(`${user}:${password}x`), 'wrong'],
    ['both wrong', basic('someone:else'), 'wrong'],
    ['the user in another case', basic(`${user.toUpperCase()}:${password}`), 'wrong'],
    ['an empty password', basic(`${user}:`), 'wrong'],
    ['the password as a prefix', basic(`${user}:${password.slice(0, -1)}`), 'wrong'],
    ['credentials outside ASCII', basic(`${user}\u00e9:${password}\u20ac`), 'wrong'],
    ['a very long password', basic(`${user}:${password}${'k'.repeat(4000)}`), 'wrong'],
    ['a very long user', basic(`${'u'.repeat(4000)}${user}:${password}`), 'wrong'],
  ];
}

/** One request on a fresh connection. */
function send(url: string, path: string, headers: Record<string, string>): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url + path, { method: 'GET', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Basic credentials on every vendor API', () => {
  it('each façade builds its check once, from its configured credentials; requests build none', async () => {
    builder.mockClear();
    const sim = createSimulator({ publicKey: 'pk', privateKey: 'sk', worldpay: { username: 'wp-user', password: 'wp-pass' } });
    started.push(sim);
    expect(builder.mock.calls).toEqual([
      ['pk', 'sk'],
      ['wp-user', 'wp-pass'],
      ['wp-user', 'wp-pass'],
    ]);
    const url = await sim.listen();
    const paths = ['/merchants/integration_merchant_id/transactions/nope', '/api/payments/nope', '/splitPayments/nope'];
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const right = i % 3 === 0 ? basic('pk:sk') : basic('wp-user:wp-pass');
      const authorization = i % 2 === 0 ? right : basic(`nobody:${i}`);
      statuses.add((await send(url, paths[i % 3] as string, { authorization, 'x-apiversion': '6', 'wp-api-version': i % 3 === 1 ? '2024-06-01' : '2025-06-25' })).status);
    }
    // Both the accepted and the refused requests were served, and not one of them built a check.
    expect([...statuses].sort()).toEqual([401, 404, 406]);
    expect(builder).toHaveBeenCalledTimes(3);
  });

  for (const api of APIS) {
    it(`${api.name}: 401 in the API's shape for every wrong header; the right credentials pass, in any spelling of the scheme`, async () => {
      const sim = createSimulator();
      started.push(sim);
      const url = await sim.listen();
      for (const [label, authorization, outcome] of cases(api.user, api.password)) {
        const answer = await send(url, api.path, { ...api.headers, ...(authorization === undefined ? {} : { authorization }) });
        expect(answer.status, label).toBe(401);
        const expected = api.refusal(outcome);
        if (typeof expected === 'string') expect(answer.text, label).toBe(expected);
        else expect(JSON.parse(answer.text), label).toEqual(expected);
        if (api.name === 'worldpay-payments') expect(answer.headers['www-authenticate'], label).toBe('Basic realm="Worldpay Payments (settlekit)"');
      }
      const token = Buffer.from(`${api.user}:${api.password}`).toString('base64');
      for (const authorization of [`Basic ${token}`, `basic ${token}`, `BASIC   ${token}  `, `Basic\t${token}`]) {
        expect((await send(url, api.path, { ...api.headers, authorization })).status, authorization).toBe(api.past);
      }
    });
  }

  it('credentials outside ASCII and very long ones are accepted when they are the configured ones', async () => {
    const user = 'zo\u00eb';
    const password = `p\u00e4ss-\u20ac-${'x'.repeat(3000)}`;
    const sim = createSimulator({ publicKey: user, privateKey: password, worldpay: { username: user, password } });
    started.push(sim);
    const url = await sim.listen();
    for (const api of APIS) {
      expect((await send(url, api.path, { ...api.headers, authorization: basic(`${user}:${password}`) })).status, api.name).toBe(api.past);
      expect((await send(url, api.path, { ...api.headers, authorization: basic(`${user}:${password.slice(0, -1)}`) })).status, api.name).toBe(401);
    }
  });
});
