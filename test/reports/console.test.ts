import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsoleReporter, type ConsoleReporterOptions } from '../../reports/console.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { assembleReport, makeMixedReport, makeRule, makeScenario, makeStep } from '../fixtures/report-fixtures.ts';

/** A writable stream that keeps what was written. */
class FakeStream {
  chunks: string[] = [];
  constructor(readonly isTTY = false, readonly columns = 100) {}
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(String(chunk));
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** Replays a report through a console reporter (start, each scenario, end) and returns what it wrote. */
async function replay(report: RunReport, options: Omit<ConsoleReporterOptions, 'stream'> & { stream?: FakeStream } = {}): Promise<string> {
  const stream = options.stream ?? new FakeStream(options.tty ?? false);
  const reporter = createConsoleReporter({ ...options, stream: stream as unknown as NodeJS.WritableStream });
  await reporter.onRunStart?.({ kitVersion: '0.1.0', target: report.target, startedAt: report.startedAt, scenarioCount: report.scenarios.length, suites: report.options.suites });
  for (const scenario of report.scenarios) {
    await reporter.onScenarioStart?.({ id: scenario.id, suite: scenario.suite, title: scenario.title });
    await reporter.onScenarioEnd?.({ scenario });
  }
  await reporter.onRunEnd?.({ report, outputDir: 'settlekit-report' });
  return stream.text;
}

beforeEach(() => {
  // Deterministic whatever the shell running the tests exports.
  vi.stubEnv('CI', undefined);
  vi.stubEnv('FORCE_COLOR', undefined);
  vi.stubEnv('NO_COLOR', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('console reporter — plain lines (not a terminal)', () => {
  it('prints one line per finished scenario and no control sequences', async () => {
    const text = await replay(makeMixedReport(), { tty: false });
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\x1b');
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'settlekit 0.1.0 — 4 scenarios against http://127.0.0.1:4010 (embedded simulator)',
      '✓ braintree/multi-shipment/two-shipments (13 ms)',
      '✗ braintree/void/pending-parent-refused (13 ms) — expected "authorized", got "voided"',
      '! errored worldpay-payments/partial-settlement/three-shipments (13 ms) — connection refused (ECONNREFUSED)',
      '○ skipped braintree/availability/limited-release — target lacks capability multiple-partial-settlements',
    ]);
  });

  it('details failures: step, file:line, expected and actual; errors with their code', async () => {
    const text = await replay(makeMixedReport());
    const failures = text.slice(text.indexOf('Failures (2)'), text.indexOf('Rules\n'));
    expect(failures).toContain('✗ braintree/void/pending-parent-refused — Scenario braintree/void/pending-parent-refused');
    expect(failures).toContain('  step 2 "void is refused" failed at scenarios/braintree/void/pending-parent-refused.yaml:7');
    expect(failures).toContain('    ✗ body /transaction/status: expected "authorized", got "voided"');
    expect(failures).toContain('      expected: "authorized"\n      actual:   "voided"');
    expect(failures).toContain('  step 1 "authorize 100.00 on Visa" errored at scenarios/worldpay-payments/partial-settlement/three-shipments.yaml:7');
    expect(failures).toContain('    SETTLEKIT_E_NETWORK: connection refused (ECONNREFUSED)');
    // Not verbose: no curl.
    expect(failures).not.toContain('reproduce:');
    expect(failures).not.toContain('two-shipments');
  });

  it('lists every non-passing rule before the passing ones, then the verdict, counts, duration and output folder', async () => {
    const text = await replay(makeMixedReport());
    const table = text.slice(text.indexOf('Rules\n'), text.indexOf('NOT CONFORMANT')).trim().split('\n');
    expect(table).toEqual([
      'Rules',
      '  RULE      LEVEL   STATUS    SCENARIOS',
      '  BT-VD-01  MUST    failed    1',
      '  WP-PS-03  MUST    errored   1',
      '  BT-AV-01  INFO    skipped   1',
      '  BT-PS-15  SHOULD  untested  0',
      '  BT-PS-01  MUST    passed    1',
      '  BT-PS-04  MUST    passed    1',
    ]);
    const tail = text.slice(text.indexOf('NOT CONFORMANT')).split('\n');
    expect(tail).toEqual([
      'NOT CONFORMANT (1 MUST rule failed: BT-VD-01; 1 MUST rule errored: WP-PS-03)',
      'Scenarios: 4 total · 1 passed · 1 failed · 1 errored · 1 skipped',
      'Steps:     4 total · 2 passed · 1 failed · 1 errored · 0 skipped',
      'Rules:     MUST 2/4 passed · SHOULD 0/1 passed · INFO 0/1 passed',
      'Duration:  3.00 s',
      'Reports:   settlekit-report',
      '',
    ]);
  });

  it('says CONFORMANT when every MUST rule passes, warning about failed SHOULD rules', async () => {
    const report = assembleReport(
      [makeScenario({ id: 'braintree/a/ok' }), makeScenario({ id: 'braintree/a/soft', rules: ['BT-PS-15'], steps: [makeStep({ status: 'failed' })] })],
      [makeRule({ id: 'BT-PS-01' }), makeRule({ id: 'BT-PS-15', level: 'SHOULD' })],
    );
    const text = await replay(report);
    expect(text).toContain('\nCONFORMANT\n');
    expect(text).toContain('warning: 1 SHOULD rule failed: BT-PS-15 (fails the run with --strict)');
    expect(text).not.toContain('NOT CONFORMANT');
  });

  it('says errored, not failed, of SHOULD rules whose scenarios errored (as it does of MUST rules)', async () => {
    const scenarios = [
      makeScenario({ id: 'braintree/a/soft', rules: ['BT-PS-15'], steps: [makeStep({ status: 'failed' })] }),
      makeScenario({ id: 'braintree/a/gone', rules: ['BT-GW-01'], steps: [makeStep({ status: 'errored' })] }),
    ];
    const rules = [makeRule({ id: 'BT-PS-15', level: 'SHOULD' }), makeRule({ id: 'BT-GW-01', level: 'SHOULD' })];
    expect(await replay(assembleReport(scenarios, rules))).toContain('warning: 1 SHOULD rule failed: BT-PS-15; 1 SHOULD rule errored: BT-GW-01 (fails the run with --strict)');
    expect(await replay(assembleReport(scenarios.slice(1), rules))).toContain('warning: 1 SHOULD rule errored: BT-GW-01 (fails the run with --strict)');
    const strict = assembleReport(scenarios, rules, {}, { options: { suites: ['braintree'], tags: [], rules: [], concurrency: 4, timeoutMs: 10_000, strict: true } });
    expect(await replay(strict)).toContain('NOT CONFORMANT (1 SHOULD rule failed (--strict): BT-PS-15; 1 SHOULD rule errored (--strict): BT-GW-01)');
  });

  it('names SHOULD failures in the verdict under --strict and flags an interrupted run', async () => {
    const scenarios = [makeScenario({ id: 'braintree/a/soft', rules: ['BT-PS-15'], steps: [makeStep({ status: 'failed' })] })];
    const base = assembleReport(scenarios, [makeRule({ id: 'BT-PS-15', level: 'SHOULD' })]);
    const report = { ...base, interrupted: true, options: { ...base.options, strict: true }, verdict: { ...base.verdict, conformant: false } };
    const text = await replay(report);
    expect(text).toContain('INTERRUPTED — the results cover only what ran\nNOT CONFORMANT (1 SHOULD rule failed (--strict): BT-PS-15)\n');
  });

  it('explains a verdict that comes from scenarios without rules or from an interruption', async () => {
    const scenarios = [makeScenario({ id: 'braintree/a/orphan', rules: [], steps: [makeStep({ status: 'failed' })] })];
    const base = assembleReport(scenarios, [makeRule({ id: 'BT-PS-01' })]);
    const orphan = await replay({ ...base, verdict: { ...base.verdict, conformant: false } });
    expect(orphan).toContain('\nNOT CONFORMANT (1 scenario without a rule did not pass: braintree/a/orphan)\n');

    const clean = assembleReport([makeScenario({ id: 'braintree/a/ok' })], [makeRule({ id: 'BT-PS-01' })]);
    const interrupted = await replay({ ...clean, interrupted: true, verdict: { ...clean.verdict, conformant: false } });
    expect(interrupted).toContain('\nNOT CONFORMANT (interrupted)\n');
  });

  it('caps the rule ids listed in the verdict', async () => {
    const rules = Array.from({ length: 12 }, (_, i) => makeRule({ id: `BT-X-${String(i).padStart(2, '0')}` }));
    const scenarios = rules.map((r) => makeScenario({ id: `braintree/x/${r.id}`, rules: [r.id], steps: [makeStep({ status: 'failed' })] }));
    const text = await replay(assembleReport(scenarios, rules));
    expect(text).toContain('NOT CONFORMANT (12 MUST rules failed: BT-X-00, BT-X-01, BT-X-02, BT-X-03, BT-X-04, BT-X-05, BT-X-06, BT-X-07, BT-X-08, BT-X-09, … (+2))');
  });

  it('treats CI=true as plain even on a terminal', async () => {
    vi.stubEnv('CI', 'true');
    const text = await replay(makeMixedReport(), { tty: true, color: false });
    expect(text).not.toContain('\r');
    expect(text).toContain('\n✓ braintree/multi-shipment/two-shipments (13 ms)\n');
  });

  it('lists steps and the reproducing curl when verbose', async () => {
    const text = await replay(makeMixedReport(), { verbose: true });
    expect(text).toContain(
      '✓ braintree/multi-shipment/two-shipments (13 ms)\n    ✓ authorize 100.00 on Visa — POST http://127.0.0.1:4010/merchants/integration_merchant_id/transactions → 201 (4 ms)\n',
    );
    expect(text).toContain('    ✗ void is refused — POST');
    expect(text).toContain("    reproduce: curl -X POST 'http://127.0.0.1:4010/merchants/integration_merchant_id/transactions'");
  });

  it('prints reporter errors it is told about', async () => {
    const stream = new FakeStream();
    const reporter = createConsoleReporter({ stream: stream as unknown as NodeJS.WritableStream });
    await reporter.onError?.({ code: 'SETTLEKIT_E_REPORTER', message: 'reporter junit failed in onRunEnd: EACCES', reporter: 'junit' });
    expect(stream.text).toBe('! SETTLEKIT_E_REPORTER (reporter junit): reporter junit failed in onRunEnd: EACCES\n');
  });
});

describe('console reporter — live line (terminal, not CI)', () => {
  it('rewrites one progress line in place and prints only problems above it', async () => {
    const stream = new FakeStream(true, 200);
    const text = await replay(makeMixedReport(), { stream, color: false });
    expect(text).toContain('\r\x1b[2K[1/4] ✓ 1 ✗ 0 ! 0 ○ 0  braintree/multi-shipment/two-shipments');
    expect(text).toContain('\r\x1b[2K[4/4] ✓ 1 ✗ 1 ! 1 ○ 1  braintree/availability/limited-release');
    // The failure is printed as a permanent line (after clearing the progress line), then the progress is redrawn.
    expect(text).toContain('\r\x1b[2K✗ braintree/void/pending-parent-refused (13 ms) — expected "authorized", got "voided"\n[2/4] ✓ 1 ✗ 1');
    expect(text).toContain('\r\x1b[2K! errored worldpay-payments/partial-settlement/three-shipments');
    // Passing and skipped scenarios only move the counter.
    expect(text).not.toContain('\n✓ braintree/multi-shipment');
    expect(text).not.toContain('\x1b[2K✓ braintree/multi-shipment');
    expect(text).not.toContain('○ skipped');
    // The summary starts on a cleared line.
    const summary = text.slice(text.lastIndexOf('\r\x1b[2K') + 5);
    expect(summary.startsWith('\nFailures (2)')).toBe(true);
    expect(summary).toContain('NOT CONFORMANT');
  });

  it('keeps the progress line within the terminal width', async () => {
    const stream = new FakeStream(true, 40);
    const long = makeScenario({ id: `braintree/long/${'x'.repeat(200)}` });
    await replay(assembleReport([long], [makeRule({ id: 'BT-PS-01' })]), { stream, color: false });
    const progress = stream.chunks.join('').split('\r\x1b[2K').filter((part) => part.startsWith('['));
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect([...line.split('\n')[0]!].length).toBeLessThanOrEqual(39);
    expect(progress.at(-1)).toMatch(/…$/);
  });

  it('also prints passing scenarios when verbose', async () => {
    const text = await replay(makeMixedReport(), { stream: new FakeStream(true), color: false, verbose: true });
    expect(text).toContain('\r\x1b[2K✓ braintree/multi-shipment/two-shipments (13 ms)\n');
  });
});

describe('console reporter — colour and safety', () => {
  it('colours with ANSI codes only when colour is on', async () => {
    const coloured = await replay(makeMixedReport(), { color: true });
    expect(coloured).toContain('\x1b[32m✓\x1b[39m braintree/multi-shipment/two-shipments');
    expect(coloured).toContain('\x1b[1m\x1b[31mNOT CONFORMANT');
    const plain = await replay(makeMixedReport(), { color: false });
    expect(plain).not.toContain('\x1b[');
  });

  it('follows NO_COLOR and FORCE_COLOR when no colour option is given', async () => {
    vi.stubEnv('NO_COLOR', '1');
    expect(await replay(makeMixedReport(), { stream: new FakeStream(true) })).not.toContain('\x1b[32m');
    vi.stubEnv('NO_COLOR', undefined);
    expect(await replay(makeMixedReport(), { stream: new FakeStream(true) })).toContain('\x1b[32m');
    expect(await replay(makeMixedReport(), { stream: new FakeStream(false) })).not.toContain('\x1b[32m');
    vi.stubEnv('FORCE_COLOR', '1');
    expect(await replay(makeMixedReport(), { stream: new FakeStream(false) })).toContain('\x1b[32m');
    vi.stubEnv('FORCE_COLOR', '0');
    expect(await replay(makeMixedReport(), { stream: new FakeStream(true) })).not.toContain('\x1b[32m');
  });

  it('escapes terminal control sequences the target sent', async () => {
    const evil = 'ok\x1b[2J\x1b]0;pwned\x07\r\nforged line\u202egnp.exe';
    const report = assembleReport(
      [
        makeScenario({
          id: 'braintree/evil/0',
          reason: evil,
          steps: [makeStep({ status: 'failed', assertions: [{ kind: 'body', passed: false, path: '/m', expected: 'ok', actual: evil, message: evil }] })],
        }),
      ],
      [makeRule({ id: 'BT-PS-01' })],
    );
    const text = await replay(report, { color: false });
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\nforged line');
    expect(text).toContain('— ok\\x1b[2J\\x1b]0;pwned\\x07\\x0d\\nforged line\\u202egnp.exe');
  });

  it('cuts long expected/actual values to about 200 characters', async () => {
    const big = { items: Array.from({ length: 200 }, (_, i) => ({ id: `child-${i}` })) };
    const report = assembleReport(
      [makeScenario({ id: 'braintree/big/0', steps: [makeStep({ status: 'failed', assertions: [{ kind: 'body', passed: false, path: '', expected: { items: [] }, actual: big, message: 'too many' }] })] })],
      [makeRule({ id: 'BT-PS-01' })],
    );
    const text = await replay(report, { color: false });
    const actual = text.split('\n').find((l) => l.startsWith('      actual:'))!;
    expect(actual.startsWith('      actual:   {"items":[{"id":"child-0"},')).toBe(true);
    expect(actual.endsWith('…')).toBe(true);
    expect([...actual.slice('      actual:   '.length)]).toHaveLength(200);
  });
});
