/**
 * Issue 11, CI annotations: under GitHub Actions (`GITHUB_ACTIONS=true`) a failing run writes one `::error` workflow
 * command per failed step, at the scenario file (relative to the workspace) and the step's line, and appends the
 * Markdown summary to `$GITHUB_STEP_SUMMARY`; JUnit test cases carry `file` and `line`. Workflow commands are escaped
 * so that no text from the target can end or start one.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotationsOf, createGitHubActionsReporter, escapeData, escapeProperty, formatAnnotation } from '../../reports/github-actions.ts';
import { assembleReport, makeRule, makeScenario, makeStep } from '../fixtures/report-fixtures.ts';
import { runCli } from '../helpers/cli.ts';
import { startMiniServer } from '../helpers/mini-server.ts';
import { ROOT } from '../helpers/suite-run.ts';
import { readValidJUnit } from '../reliability/report-checks.ts';

describe('a failing run under GitHub Actions', () => {
  let dir: string;
  let summary: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  let server: Awaited<ReturnType<typeof startMiniServer>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-gha-'));
    summary = join(dir, 'step-summary.md');
    // A job summary may already hold what earlier steps wrote: settlekit appends.
    await writeFile(summary, '# Earlier step\n');
    const profile = join(dir, 'profile.yaml');
    await writeFile(profile, 'capabilities: [clock-control]\nsuites:\n  mini:\n    credentials: { username: { value: user }, password: { value: pass } }\n');
    server = await startMiniServer({ acceptZero: true });
    result = await runCli(
      ['run', '--target', server.url, '--scenarios', 'test/fixtures/mini', '--profile', profile, '--reporter', 'console,junit', '--output', join(dir, 'out')],
      { cwd: ROOT, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: ROOT } },
    );
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 and writes one ::error per failed step, at the scenario file and the step line', () => {
    expect(result.code, result.stderr).toBe(1);
    const annotations = result.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([
      '::error file=test/fixtures/mini/mini/bad-amount.yaml,line=6,title=settlekit%3A mini/bad-amount failed::step "create with 0" failed: status: expected status 400, got 201%0Arules: MN-PY-02',
    ]);
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('# Earlier step\n## settlekit: ❌ NOT CONFORMANT\n')).toBe(true);
    expect(text).toContain('- **`MN-PY-02`** A bad amount is refused — failed');
    expect(text).toContain('`test/fixtures/mini/mini/bad-amount.yaml:6`');
  });

  it('gives every JUnit test case its file and line', async () => {
    const xml = await readFile(join(dir, 'out', 'junit.xml'), 'utf8');
    expect(xml).toContain('<testcase classname="mini" name="mini/bad-amount" file="test/fixtures/mini/mini/bad-amount.yaml" line="1"');
    const cases = await readValidJUnit(join(dir, 'out'));
    expect(cases.size).toBe(3);
    expect([...xml.matchAll(/<testcase [^>]*file="[^"]+" line="\d+"/g)].length).toBe(3);
  });

  it('writes no annotation and no summary outside GitHub Actions', async () => {
    const plain = await runCli(['run', '--target', server.url, '--scenarios', 'test/fixtures/mini', '--profile', join(dir, 'profile.yaml'), '--reporter', 'console', '--output', join(dir, 'plain')], {
      cwd: ROOT,
      env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: join(dir, 'untouched.md') },
    });
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toMatch(/^::/m);
    expect(await readFile(join(dir, 'untouched.md'), 'utf8').catch(() => 'absent')).toBe('absent');
  });
});

describe('workflow commands', () => {
  it('escape data (%, CR, LF) and properties (also : and ,) as the runner expects', () => {
    expect(escapeData('100% done\r\n::warning::x')).toBe('100%25 done%0D%0A::warning::x');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const line = formatAnnotation({ level: 'error', file: 'scenarios/x,y.yaml', line: 3, title: 'settlekit: x', message: 'bad\n::error::injected' });
    expect(line).toBe('::error file=scenarios/x%2Cy.yaml,line=3,title=settlekit%3A x::bad%0A::error::injected');
    // Whatever the target said, the command is one line.
    expect(line.split('\n')).toHaveLength(1);
  });

  it('warn for a waived failure and for expired or stale waivers, at the waiver line, and say when the kit stopped', () => {
    const failing = makeScenario({ id: 'braintree/a/waived', file: 'scenarios/braintree/a/waived.yaml', steps: [makeStep({ status: 'failed', line: 9 })] });
    const report = assembleReport([failing], [makeRule({ id: 'BT-PS-01', scenarios: [failing.id] })]);
    const marked = {
      ...report,
      stopped: { code: 'SETTLEKIT_E_TARGET_STOPPED', message: 'the target stopped answering' },
      scenarios: [{ ...failing, waiver: { state: 'applied' as const, reason: 'known', expires: '2099-01-01' } }],
      waivers: {
        file: 'ci/settlekit.waivers.yaml',
        today: '2026-01-01',
        entries: [
          { scenario: failing.id, reason: 'known', expires: '2099-01-01', line: 2, state: 'applied' as const, matched: [failing.id] },
          { rule: 'BT-PS-09', reason: 'old', expires: '2025-01-01', line: 5, state: 'expired' as const, matched: [] },
          { rule: 'BT-PS-10', reason: 'flaky', expires: '2099-01-01', line: 8, state: 'stale' as const, matched: [], note: 'rule BT-PS-10 passed in this run' },
        ],
      },
    };
    const annotations = annotationsOf(marked, { workspace: '/repo', cwd: '/repo/sub' });
    expect(annotations.map((a) => [a.level, a.file, a.line, a.title])).toEqual([
      ['error', undefined, undefined, 'settlekit stopped the run (SETTLEKIT_E_TARGET_STOPPED)'],
      ['warning', 'sub/scenarios/braintree/a/waived.yaml', 9, 'settlekit: braintree/a/waived failed'],
      ['warning', 'sub/ci/settlekit.waivers.yaml', 5, 'settlekit: waiver expired'],
      ['warning', 'sub/ci/settlekit.waivers.yaml', 8, 'settlekit: stale waiver'],
    ]);
    expect(annotations[1]!.message).toMatch(/\(waived until 2099-01-01: known\)$/);
    expect(annotations[3]!.message).toBe('rule BT-PS-10: stale waiver, nothing it names failed (rule BT-PS-10 passed in this run): flaky');
  });

  it('annotates at most what GitHub shows of each level in one step (10), and says in a notice how many more there are', async () => {
    // GitHub keeps 10 error, 10 warning and 10 notice annotations per step: beyond them annotations vanish silently.
    const failing = Array.from({ length: 14 }, (_, i) => makeScenario({ id: `braintree/a/failing-${String(i).padStart(2, '0')}`, steps: [makeStep({ status: 'failed', line: 9 })] }));
    const report = assembleReport(failing, [makeRule({ id: 'BT-PS-01', scenarios: failing.map((s) => s.id) })]);
    const stale = Array.from({ length: 12 }, (_, i) => ({ rule: `BT-ZZ-${i}`, reason: 'old', expires: '2025-01-01', line: i + 1, state: 'expired' as const, matched: [] }));
    let out = '';
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => { out += chunk.toString(); done(); } });
    const reporter = createGitHubActionsReporter({ stream, env: {}, cwd: '/repo' });
    await reporter.onRunEnd!({ report: { ...report, waivers: { file: 'w.yaml', today: '2026-01-01', entries: stale } }, outputDir: '/repo/out' });
    const lines = out.trim().split('\n');
    const count = (level: string): number => lines.filter((l) => l.startsWith(`::${level} `)).length;
    expect([count('error'), count('warning'), count('notice')]).toEqual([10, 10, 1]);
    // The first ones of each level, in report order.
    expect(lines.filter((l) => l.startsWith('::error ')).map((l) => /failing-(\d+)/.exec(l)?.[1])).toEqual(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09']);
    expect(lines.at(-1)).toBe('::notice title=settlekit::4 more errors and 2 more warnings not annotated (GitHub shows 10 of each per step); see the job summary and the reports');
  });
});
