/**
 * Issue 6, part 2: bad input. Each broken input — YAML syntax, schema, unknown operation, capture used too early,
 * duplicate id, unknown rule, bad profile — stops `settlekit run` with exit 2 before a single request, naming
 * `file:line:col`, a stable code and a hint (and no stack trace).
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, SettlekitError } from '../../lib/errors.ts';
import { runConformance } from '../../runner/run-conformance.ts';
import { runCli } from '../helpers/cli.ts';
import { MINI_ROOT } from '../helpers/mini-fixture.ts';
import { startMiniServer } from '../helpers/mini-server.ts';

/** One broken input and the problem line it must produce. */
interface BadInput {
  readonly name: string;
  /** Scenario files added to a copy of the mini suite (under mini/). */
  readonly scenarios?: Readonly<Record<string, string>>;
  /** A profile file (profile.yaml in the work folder). */
  readonly profile?: string;
  /** The exact first line: `file:line:col: CODE message`. */
  readonly line: string;
  readonly code: keyof typeof ERRORS;
}

const CASES: readonly BadInput[] = [
  {
    name: 'a YAML syntax error',
    scenarios: { 'syntax.yaml': 'id: mini/syntax\ntitle: t\nrules: [MN-PY-01\nsteps: []\n' },
    line: 'mini/syntax.yaml:4:1: SETTLEKIT_E_YAML_SYNTAX: Flow sequence in block collection must be sufficiently indented and end with a ]',
    code: 'SETTLEKIT_E_YAML_SYNTAX',
  },
  {
    name: 'a scenario that breaks the schema',
    scenarios: { 'schema.yaml': 'id: mini/schema\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: s\n    operation: payments.create\n    expekt: { status: 201 }\n' },
    line: 'mini/schema.yaml:7:5: SETTLEKIT_E_SCHEMA: unknown key "expekt" in steps.0',
    code: 'SETTLEKIT_E_SCHEMA',
  },
  {
    name: 'an unknown operation',
    scenarios: { 'operation.yaml': 'id: mini/operation\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: s\n    operation: payments.refund\n' },
    line: 'mini/operation.yaml:6:16: SETTLEKIT_E_UNKNOWN_OPERATION: unknown operation "payments.refund" in Mini API',
    code: 'SETTLEKIT_E_UNKNOWN_OPERATION',
  },
  {
    name: 'a capture used before it is defined',
    scenarios: {
      'capture.yaml':
        'id: mini/capture\ntitle: t\nrules: [MN-PY-01]\nsteps:\n  - name: read first\n    operation: payments.get\n    params: { id: "{{payment}}" }\n  - name: create after\n    operation: payments.create\n    capture: { payment: $.id }\n',
    },
    line: 'mini/capture.yaml:7:19: SETTLEKIT_E_CAPTURE_UNDEFINED: {{payment}} is used before any step captures it',
    code: 'SETTLEKIT_E_CAPTURE_UNDEFINED',
  },
  {
    name: 'a duplicate scenario id',
    scenarios: { 'copy.yaml': 'id: mini/create-and-get\ntitle: a copy\nrules: [MN-PY-01]\nsteps:\n  - name: s\n    operation: payments.create\n' },
    line: 'mini/create-and-get.yaml:1:5: SETTLEKIT_E_DUPLICATE_ID: scenario id "mini/create-and-get" is already used by mini/copy.yaml:1',
    code: 'SETTLEKIT_E_DUPLICATE_ID',
  },
  {
    name: 'an unknown rule id',
    scenarios: { 'rule.yaml': 'id: mini/rule\ntitle: t\nrules: [MN-PY-01, MN-ZZ-09]\nsteps:\n  - name: s\n    operation: payments.create\n' },
    line: 'mini/rule.yaml:3:19: SETTLEKIT_E_UNKNOWN_RULE: unknown rule MN-ZZ-09 for suite mini',
    code: 'SETTLEKIT_E_UNKNOWN_RULE',
  },
  {
    name: 'a bad target profile',
    profile: 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { env: MINI_USER }, pasword: { env: MINI_PASS } }\n',
    line: 'profile.yaml:4:18: SETTLEKIT_E_PROFILE: suites.mini.credentials is missing the required key "password"',
    code: 'SETTLEKIT_E_PROFILE',
  },
];

describe('bad input', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startMiniServer>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-bad-input-'));
    server = await startMiniServer();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: exit 2 with file:line:col, code and hint, before any request', async (name, bad) => {
    const work = join(dir, name.replace(/\W+/g, '-'));
    await cp(MINI_ROOT, work, { recursive: true });
    for (const [file, text] of Object.entries(bad.scenarios ?? {})) await writeFile(join(work, 'mini', file), text);
    const args = ['run', '--scenarios', work, '--target', server.url, '--output', join(work, 'out')];
    if (bad.profile) {
      await writeFile(join(work, 'profile.yaml'), bad.profile);
      args.push('--profile', 'profile.yaml');
    }
    const before = server.requests.length;
    // From the work folder, so positions are short relative paths.
    const result = await runCli(args, { cwd: work, env: { MINI_USER: 'u', MINI_PASS: 'p' } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContain(bad.line);
    const at = lines.indexOf(bad.line);
    // Every problem is followed by its hint, and the list ends with the count.
    expect(lines[at + 1]).toMatch(/^ {2}hint: \S/);
    expect(lines.at(-1)).toMatch(/^\d+ problems? found\.$/);
    for (const [i, line] of lines.entries()) {
      if (i === lines.length - 1) continue;
      expect(line, 'problem or hint').toMatch(i % 2 === 0 ? /^[^\s:]+:\d+:\d+: SETTLEKIT_E_[A-Z_]+: / : /^ {2}hint: \S/);
      if (i % 2 === 0) expect(Object.keys(ERRORS)).toContain(/SETTLEKIT_E_[A-Z_]+/.exec(line)![0]);
    }
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(lines.filter((l) => l.includes(bad.code)).length).toBeGreaterThan(0);
    // Nothing was sent.
    expect(server.requests.length).toBe(before);

    // `settlekit validate` reports the same problem the same way.
    const validateArgs = ['validate', '--scenarios', work, ...(bad.profile ? ['--profile', 'profile.yaml'] : [])];
    const validated = await runCli(validateArgs, { cwd: work });
    expect(validated.code).toBe(2);
    expect(validated.stderr.split('\n')).toContain(bad.line);
  }, 30_000);

  it.each([
    ['not a URL', 'localhost 8080', 'localhost 8080'],
    ['not HTTP', 'ftp://127.0.0.1:21', 'ftp://127.0.0.1:21'],
    ['unparsable, with credentials', 'http://admin:hunter2-x9@[::1', 'http://***@[::1'],
  ])('an invalid --target (%s): one usage line and its hint, exit 2, credentials masked', async (_name, target, shown) => {
    const result = await runCli(['run', '--scenarios', MINI_ROOT, '--target', target, '--output', join(dir, 'bad-target')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `SETTLEKIT_E_USAGE: the target must be an http:// or https:// URL, got "${shown}"`,
      '  hint: Pass the base URL of the implementation, e.g. --target http://127.0.0.1:8080.',
    ]);
    expect(result.stderr).not.toContain('hunter2-x9');
  }, 30_000);

  it('a target URL with credentials in it: a usage error pointing at the profile, the credentials masked', async () => {
    const result = await runCli(['run', '--scenarios', MINI_ROOT, '--target', 'http://admin:hunter2-x9@127.0.0.1:9', '--output', join(dir, 'cred-target')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'SETTLEKIT_E_USAGE: the target URL carries credentials ("http://***@127.0.0.1:9"), which settlekit does not send',
      '  hint: Name the credentials in a target profile (suites.<suite>.credentials, read from environment variables).',
    ]);
  }, 30_000);

  it('the programmatic API refuses an invalid target with the same kit error', async () => {
    const error = await runConformance({ target: 'notaurl', scenariosDir: MINI_ROOT, reporters: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettlekitError);
    expect((error as SettlekitError).code).toBe('SETTLEKIT_E_USAGE');
  });
});
