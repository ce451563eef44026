import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeReport } from '../../reports/json.ts';
import { makeMixedReport } from '../fixtures/report-fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { MINI_ROOT } from '../helpers/mini-fixture.ts';
import { startMiniServer } from '../helpers/mini-server.ts';

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('settlekit CLI basics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its version and help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['run', 'list', 'validate', 'simulate', 'report']) expect(help.stdout).toContain(command);
    const runHelp = await runCli(['run', '--help']);
    for (const option of ['--target', '--profile', '--suite', '--tag', '--rule', '--grep', '--reporter', '--output', '--concurrency', '--timeout', '--strict']) {
      expect(runHelp.stdout).toContain(option);
    }
  });

  it('exits 2 on an unknown option or a bad value', async () => {
    const unknown = await runCli(['run', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    const bad = await runCli(['run', '--concurrency', 'zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be a positive whole number');
    const reporter = await runCli(['run', '--reporter', 'pdf']);
    expect(reporter.code).toBe(2);
    expect(reporter.stderr).toContain('unknown reporter "pdf"');
    // Past Node's longest timer (2^31-1 ms) a deadline fires at once: every request timed out, the run was stopped.
    for (const [args, message] of [[['run', '--timeout', '3000000000'], '--timeout must be a whole number of milliseconds from 1 to 3600000'], [['pact', 'verify', '--timeout', '3600001'], '--timeout must be a whole number of milliseconds from 1 to 3600000'], [['run', '--max-duration', '1000h'], '--max-duration must be at most 24 days']] as const) {
      const tooLong = await runCli(args);
      expect(tooLong.code, args.join(' ')).toBe(2);
      expect(tooLong.stderr).toContain(message);
    }
    // An empty list (`--reporter "$REPORTERS"` with the variable unset) would run without writing or printing anything.
    for (const [command, empty] of [['run', ''], ['run', ','], ['merge', ' '], ['report', ''], ['pact verify', '']] as const) {
      const none = await runCli([...command.split(' '), ...(command === 'run' || command === 'pact verify' ? [] : ['report.json']), '--reporter', empty]);
      expect(none.code, `${command} --reporter "${empty}"`).toBe(2);
      expect(none.stderr).toContain('--reporter names no reporter');
    }
  });

  it('validates the bundled suites', async () => {
    const result = await runCli(['validate']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok: 3 suites, \d+ scenarios, \d+ rules\n$/);
  });

  it('exits 2 with file:line:col for a broken scenario file, before sending anything', async () => {
    const root = join(dir, 'broken');
    await cp(MINI_ROOT, root, { recursive: true });
    await writeFile(join(root, 'mini', 'oops.yaml'), 'id: mini/oops\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: s\n    operation: payments.create\n    expect: { status: "201" }\n');
    const server = await startMiniServer();
    try {
      const result = await runCli(['run', '--scenarios', root, '--target', server.url, '--output', join(dir, 'out-broken')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/oops\.yaml:7:23: SETTLEKIT_E_SCHEMA: steps\.0\.expect\.status /);
      expect(result.stderr).toContain('hint:');
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('lists scenarios, rules and operations', async () => {
    const scenarios = await runCli(['list', '--scenarios', MINI_ROOT]);
    expect(scenarios.stdout).toContain('mini/create-and-get  [MN-PY-01]  #happy');
    expect(scenarios.stdout).toContain('3 scenario(s) in 1 suite(s)');
    const rules = await runCli(['list', '--scenarios', MINI_ROOT, '--rules', '--json']);
    expect((JSON.parse(rules.stdout) as { id: string; scenarios: string[] }[]).map((r) => [r.id, r.scenarios])).toEqual([
      ['MN-PY-01', ['mini/create-and-get']],
      ['MN-PY-02', ['mini/bad-amount']],
      ['MN-PY-03', ['mini/unknown']],
    ]);
    const operations = await runCli(['list', '--scenarios', MINI_ROOT, '--operations']);
    expect(operations.stdout).toMatch(/mini\s+payments\.get\s+GET\s+\/accounts\/\{accountId\}\/payments\/\{id\}/);
  });

  it('list refuses an unknown suite or rule as run does (exit 2), instead of listing nothing', async () => {
    for (const args of [['--suite', 'braintre'], ['--rule', 'BT-PS-99'], ['--rules', '--suite', 'braintre'], ['--operations', '--suite', 'braintre']]) {
      const result = await runCli(['list', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(args.includes('--rule') ? /^SETTLEKIT_E_UNKNOWN_RULE: unknown rule "BT-PS-99"/ : /^SETTLEKIT_E_USAGE: unknown suite "braintre" \(suites: braintree, /);
      expect(result.stdout).toBe('');
    }
  });

  it('runs against a target and exits 1 naming the broken rule', async () => {
    const server = await startMiniServer({ acceptZero: true });
    const profile = join(dir, 'profile.yaml');
    await writeFile(profile, 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { env: MINI_USER }, password: { env: MINI_PASS } }\n');
    try {
      const result = await runCli(['run', '--scenarios', MINI_ROOT, '--target', server.url, '--profile', profile, '--reporter', 'console,json', '--output', join(dir, 'out-1')], {
        env: { MINI_USER: 'u', MINI_PASS: 'very-secret-pass' },
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('MN-PY-02');
      expect(result.stdout).toMatch(/NOT CONFORMANT/);
      const report = JSON.parse(await readFile(join(dir, 'out-1', 'report.json'), 'utf8')) as { rules: { id: string; status: string }[] };
      expect(report.rules.find((r) => r.id === 'MN-PY-02')!.status).toBe('failed');
      expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('u:very-secret-pass').toString('base64')}`);
      expect(JSON.stringify(report)).not.toContain('very-secret-pass');
    } finally {
      await server.close();
    }
  });

  it('rebuilds HTML, JUnit and Markdown from a saved JSON report, and refuses a file that is not one', async () => {
    const server = await startMiniServer({ acceptZero: true });
    const profile = join(dir, 'report-profile.yaml');
    await writeFile(profile, 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { value: u }, password: { value: p } }\n');
    const first = join(dir, 'out-report-1');
    try {
      const run = await runCli(['run', '--scenarios', MINI_ROOT, '--target', server.url, '--profile', profile, '--reporter', 'json,junit', '--output', first]);
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
    const second = join(dir, 'out-report-2');
    const rebuilt = await runCli(['report', join(first, 'report.json'), '--reporter', 'html,junit,markdown', '--output', second]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout.trim().split('\n').map((p) => p.replace(/^.*\//, '')).sort()).toEqual(['index.html', 'junit.xml', 'summary.md']);
    // JUnit is a pure function of the JSON report: the rebuilt file is the one the run wrote.
    expect(await readFile(join(second, 'junit.xml'), 'utf8')).toBe(await readFile(join(first, 'junit.xml'), 'utf8'));
    expect(await readFile(join(second, 'summary.md'), 'utf8')).toContain('MN-PY-02');
    expect(await readFile(join(second, 'index.html'), 'utf8')).toContain('Content-Security-Policy');

    await writeFile(join(dir, 'not-a-report.json'), '{"schemaVersion": 1}');
    const bad = await runCli(['report', join(dir, 'not-a-report.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SETTLEKIT_E_REPORT_INPUT');
  });

  it('report writes exactly the reporters asked for (html by default), and exits 2 when a report cannot be written', async () => {
    const saved = join(dir, 'mixed-report.json');
    await writeFile(saved, serializeReport(makeMixedReport()));
    const names = async (args: readonly string[], out: string): Promise<string[]> => {
      const result = await runCli(['report', saved, ...args, '--output', out]);
      expect(result.code, result.stderr).toBe(0);
      return (await readdir(out)).sort();
    };
    expect(await names(['--reporter', 'junit'], join(dir, 'report-junit'))).toEqual(['junit.xml']);
    expect(await names(['--reporter', 'markdown', '--reporter', 'json'], join(dir, 'report-two'))).toEqual(['report.json', 'summary.md']);
    expect(await names([], join(dir, 'report-default'))).toEqual(['index.html']);

    const blocked = join(dir, 'report-blocked');
    await writeFile(blocked, 'x');
    const result = await runCli(['report', saved, '--reporter', 'junit', '--output', join(blocked, 'sub')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^SETTLEKIT_E_REPORTER: reporter junit failed in onRunEnd: ENOTDIR/m);
  });

  it('takes the target and the profile from SETTLEKIT_TARGET and SETTLEKIT_PROFILE', async () => {
    const server = await startMiniServer();
    const profile = join(dir, 'env-profile.yaml');
    await writeFile(profile, 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { value: u }, password: { value: p } }\n');
    try {
      const result = await runCli(['run', '--scenarios', MINI_ROOT, '--reporter', 'json', '--output', join(dir, 'out-env')], {
        env: { SETTLEKIT_TARGET: server.url, SETTLEKIT_PROFILE: profile },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(server.requests.length).toBeGreaterThan(0);
      const report = JSON.parse(await readFile(join(dir, 'out-env', 'report.json'), 'utf8')) as { target: { url: string; profile: string } };
      expect(report.target.url).toBe(server.url);
      expect(report.target.profile).toBe(profile);
    } finally {
      await server.close();
    }
  });

  it('refuses an empty --target or --profile (or SETTLEKIT_TARGET / SETTLEKIT_PROFILE) instead of falling back to the embedded simulator or the defaults, and an empty --output', async () => {
    // `--target "$TARGET_URL"` with the variable unset in CI must not gate the release on the kit's own simulator.
    for (const [args, env, option] of [
      [['--target', ''], {}, '--target'],
      [['--target', '  '], {}, '--target'],
      [[], { SETTLEKIT_TARGET: '' }, '--target'],
      [['--profile', ''], {}, '--profile'],
      [[], { SETTLEKIT_PROFILE: ' ' }, '--profile'],
    ] as const) {
      for (const command of [['run', '--suite', 'braintree', '--reporter', 'json', '--output', join(dir, 'out-empty')], ['fuzz', '--suite', 'braintree', '--runs', '1', '--output', join(dir, 'fuzz-empty')]]) {
        const result = await runCli([...command, ...args], { env });
        expect(result.code, `${command[0]} ${args.join(' ')} ${JSON.stringify(env)}: ${result.stdout}`).toBe(2);
        expect(result.stderr).toContain(`${option} is empty`);
        if (Object.keys(env).length > 0) expect(result.stderr).toContain(`from env '${Object.keys(env)[0]}'`);
        expect(result.stdout).not.toContain('embedded');
      }
    }
    // An empty --output would write the reports into the working folder (its own index.html replaced); an empty
    // --baseline or --waivers would judge without them.
    for (const [command, option] of [[['run'], '--output'], [['merge', 'report.json'], '--output'], [['report', 'report.json'], '--output'], [['fuzz'], '--output'], [['pact', 'export'], '--output'], [['pact', 'verify'], '--output'], [['run'], '--baseline'], [['run'], '--waivers'], [['merge', 'report.json'], '--baseline'], [['validate'], '--waivers']] as const) {
      const result = await runCli([...command, option, '']);
      expect(result.code, `${command.join(' ')} ${option}`).toBe(2);
      expect(result.stderr).toContain(`${option} is empty`);
    }
  });

  it('exits 2 when a report cannot be written, saying which and why, after running everything', async () => {
    const server = await startMiniServer();
    const blocked = join(dir, 'a-file-not-a-folder');
    await writeFile(blocked, 'x');
    const profile = join(dir, 'blocked-profile.yaml');
    await writeFile(profile, 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { value: u }, password: { value: p } }\n');
    try {
      const result = await runCli(['run', '--scenarios', MINI_ROOT, '--target', server.url, '--profile', profile, '--reporter', 'json', '--output', blocked]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^SETTLEKIT_E_REPORTER: reporter json failed in onRunEnd: EEXIST/m);
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('exits 2 in one line when the target cannot be reached', async () => {
    const server = await startMiniServer();
    const url = server.url;
    await server.close();
    const result = await runCli(['run', '--scenarios', MINI_ROOT, '--target', url, '--output', join(dir, 'out-2')]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(`SETTLEKIT_E_TARGET_UNREACHABLE: cannot reach ${url}: connection refused`);
  });

  it('rejects a bad profile with its position', async () => {
    const profile = join(dir, 'bad-profile.yaml');
    await writeFile(profile, 'capabilities: [warp-drive]\nsuites:\n  braintree:\n    merchantId: 5\n');
    const result = await runCli(['validate', '--profile', profile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-profile\.yaml:1:16: SETTLEKIT_E_PROFILE: unknown capability "warp-drive"/);
    expect(result.stderr).toMatch(/bad-profile\.yaml:4:17: SETTLEKIT_E_PROFILE: suites\.braintree\.merchantId must be string/);
  });
});
