import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlekitErrorList } from '../../lib/errors.ts';
import { createRedactor } from '../../lib/redact.ts';
import { DEFAULT_PROFILE, mergeProfile, readProfile, resolveTarget } from '../../runner/target/profile.ts';

describe('target profiles', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-profile-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('merges over the defaults suite by suite; a capability list replaces the default one', () => {
    const merged = mergeProfile({ capabilities: ['testing-operations'], suites: { braintree: { merchantId: 'mine', merchantAccounts: { chase: 'my_chase' } } } });
    expect(merged.capabilities).toEqual(['testing-operations']);
    expect(merged.suites?.braintree?.merchantId).toBe('mine');
    expect(merged.suites?.braintree?.merchantAccounts).toEqual({ firstData: 'first_data_ma', chase: 'my_chase' });
    expect(merged.suites?.braintree?.credentials).toEqual(DEFAULT_PROFILE.suites?.braintree?.credentials);
    expect(mergeProfile(undefined)).toBe(DEFAULT_PROFILE);
  });

  it('reads credentials from the environment into Basic auth, and lists them for the redactor', async () => {
    const file = join(dir, 'env.yaml');
    await writeFile(file, 'suites:\n  braintree:\n    credentials: { username: { env: BT_USER }, password: { env: BT_PASS } }\n');
    const target = resolveTarget(mergeProfile(await readProfile(file)), {
      targetUrl: 'http://127.0.0.1:9/',
      embedded: false,
      suiteIds: ['braintree'],
      env: { BT_USER: 'pub', BT_PASS: 'priv-key-123' },
    });
    const suite = target.suites.get('braintree')!;
    expect(suite.baseUrl).toBe('http://127.0.0.1:9');
    expect((suite.context.auth as { basic: string }).basic).toBe(`Basic ${Buffer.from('pub:priv-key-123').toString('base64')}`);
    expect(target.secrets).toEqual(expect.arrayContaining(['pub', 'priv-key-123', Buffer.from('pub:priv-key-123').toString('base64')]));
    expect((suite.context.target as { merchantId: string }).merchantId).toBe('integration_merchant_id');
  });

  it('does not take the built-in credentials for secrets: they are published, and masking them masks every "settlekit"', () => {
    const suiteIds = ['braintree', 'worldpay-payments', 'worldpay-split-payments'];
    const builtIn = resolveTarget(mergeProfile(undefined), { targetUrl: 'http://127.0.0.1:9', embedded: true, suiteIds });
    expect(builtIn.secrets).toEqual([]);
    // The Worldpay default is `settlekit`/`settlekit`: as a secret it turned the test controls' /__settlekit/ paths
    // into /__***/ in every report and curl command.
    const redactor = createRedactor({ secrets: builtIn.secrets });
    expect(redactor.url('http://127.0.0.1:9/__settlekit/reset')).toBe('http://127.0.0.1:9/__settlekit/reset');
    expect(redactor.headers({ Authorization: (builtIn.suites.get('worldpay-payments')!.context.auth as { basic: string }).basic })).toEqual({ Authorization: expect.not.stringContaining('c2V0dGxla2l0') });
    // The same values given by the user's profile are the user's credentials, and secrets.
    const own = resolveTarget(mergeProfile({ suites: { 'worldpay-payments': { credentials: { username: { value: 'settlekit' }, password: { value: 'settlekit' } } } } }), {
      targetUrl: 'http://127.0.0.1:9',
      embedded: false,
      suiteIds,
    });
    expect(own.secrets).toEqual(expect.arrayContaining(['settlekit', Buffer.from('settlekit:settlekit').toString('base64')]));
  });

  it('the example profile in examples/ is valid and resolves once its variables are set', async () => {
    const file = new URL('../../examples/settlekit.profile.yaml', import.meta.url).pathname;
    const profile = mergeProfile(await readProfile(file));
    expect(profile.target).toBe('http://127.0.0.1:8080');
    const env = { BT_PUBLIC_KEY: 'a1', BT_PRIVATE_KEY: 'b2c3', WP_USERNAME: 'u1', WP_PASSWORD: 'p2q3' };
    const target = resolveTarget(profile, { targetUrl: profile.target!, embedded: false, suiteIds: ['braintree', 'worldpay-payments', 'worldpay-split-payments'], env });
    expect([...target.capabilities]).not.toContain('clock-control');
    expect((target.suites.get('braintree')!.context.target as { merchantAccounts: unknown }).merchantAccounts).toEqual({ firstData: 'my_first_data_account', chase: 'my_chase_account' });
  });

  it('points a missing environment variable at its name in the profile', async () => {
    const file = join(dir, 'missing.yaml');
    await writeFile(file, 'suites:\n  worldpay-payments:\n    credentials:\n      username: { env: WP_USER }\n      password: { env: WP_PASS_NOT_SET }\n');
    const profile = mergeProfile(await readProfile(file));
    let error: unknown;
    try {
      resolveTarget(profile, { targetUrl: 'http://127.0.0.1:9', embedded: false, profilePath: file, suiteIds: ['worldpay-payments'], env: { WP_USER: 'u' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettlekitErrorList);
    const [missing] = (error as SettlekitErrorList).errors;
    expect(missing!.code).toBe('SETTLEKIT_E_SECRET_MISSING');
    // The position is the variable name inside `{ env: … }`.
    expect(missing!.where).toBe(`${file}:5:24`);
    expect(missing!.message).toBe('suites.worldpay-payments.credentials.password names the environment variable WP_PASS_NOT_SET, which is not set');
  });
});
