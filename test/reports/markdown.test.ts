import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMarkdownReporter, escapeMarkdown, fmtMs, MARKDOWN_SUMMARY_FILE, renderMarkdown } from '../../reports/markdown.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { assembleReport, makeLargeReport, makeMixedReport, makeRule, makeScenario, makeStep } from '../fixtures/report-fixtures.ts';

/** Target text that tries every inline Markdown and HTML trick. */
const NASTY = 'a | b `code` *bold* _em_ ~~del~~ $x$ [link](javascript:alert(1)) ![i](http://evil.example/p.png) <img src=x onerror=alert(1)> & www.evil.example\n# heading';

function makeNastyReport(): RunReport {
  const scenarios = [
    makeScenario({
      id: 'braintree/nasty/failing',
      rules: ['BT-PS-01'],
      steps: [
        makeStep({
          name: NASTY,
          status: 'failed',
          assertions: [{ kind: 'body', passed: false, path: '/a|b', expected: 'ok', actual: NASTY, message: NASTY }],
        }),
      ],
    }),
    makeScenario({ id: 'braintree/nasty/skipped', status: 'skipped', steps: [], reason: NASTY }),
    makeScenario({ id: 'braintree/nasty/`odd|id`', status: 'errored', steps: [makeStep({ status: 'errored', error: { code: 'SETTLEKIT_E_NETWORK', message: NASTY } })] }),
  ];
  return assembleReport(scenarios, [makeRule({ id: 'BT-PS-01', title: NASTY, sentence: NASTY, source: NASTY })]);
}

/** Pipes that split cells (not backslash-escaped). */
const cellPipes = (line: string): number => line.match(/(?<!\\)\|/g)?.length ?? 0;

describe('escapeMarkdown', () => {
  it('escapes inline Markdown, HTML and autolinks, and keeps text on one line', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('`x` *y* _z_ ~w~ $m$ [l](u) \\')).toBe('\\`x\\` \\*y\\* \\_z\\_ \\~w\\~ \\$m\\$ \\[l\\](u) \\\\');
    expect(escapeMarkdown('<script>&amp;')).toBe('&lt;script&gt;&amp;amp;');
    expect(escapeMarkdown('see http://evil.example and www.evil.example')).toBe('see http&#58;//evil.example and www&#46;evil.example');
    expect(escapeMarkdown('one\n# two\r\n- three')).toBe('one # two - three');
    expect(escapeMarkdown('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('renderMarkdown', () => {
  it('summarizes a mixed run: verdict, counts, suites, failing MUST rules with their scenarios, errored, skipped', () => {
    const report = makeMixedReport();
    const md = renderMarkdown(report);
    const lines = md.split('\n');
    expect(lines[0]).toBe('## settlekit: ❌ NOT CONFORMANT');
    expect(md).toContain('**Target** http&#58;//127.0.0.1:4010 (embedded simulator) · **Kit** settlekit 0.1.0');
    const c = report.summary.scenarios;
    expect(lines).toContain(`| Scenarios | ${c.total} | ${c.passed} | ${c.failed} | ${c.errored} | ${c.skipped} |`);
    const must = report.summary.rules.MUST;
    expect(lines).toContain(`| MUST | ${must.total} | ${must.passed} | ${must.failed} | ${must.errored} | ${must.skipped} | ${must.untested} |`);
    expect(lines).toContain('| `braintree` | ❌ not conformant | 1 | 1 | 0 | 1 |');
    expect(lines).toContain('| `worldpay-payments` | ❌ not conformant | 0 | 0 | 1 | 0 |');

    const mustSection = md.slice(md.indexOf('### Failing MUST rules (2)'), md.indexOf('### Errored'));
    expect(mustSection).toContain('- **`BT-VD-01`** Rule BT-VD-01 — failed');
    expect(mustSection).toContain('> A parent transaction in a SETTLEMENT\\_PENDING state may not be voided.');
    expect(mustSection).toContain(
      '  - ❌ `braintree/void/pending-parent-refused` (`scenarios/braintree/void/pending-parent-refused.yaml:7`) — step “void is refused”: ' +
        'body at `/transaction/status`: expected "authorized", got "voided"',
    );
    expect(mustSection).toContain('- **`WP-PS-03`**');
    expect(mustSection).toContain('`SETTLEKIT_E_NETWORK` connection refused (ECONNREFUSED)');
    expect(md).not.toContain('Failing SHOULD rules');
    expect(md).toContain('### Errored scenarios (1)\n\n- ⚠️ `worldpay-payments/partial-settlement/three-shipments`');
    expect(md).toContain('### Skipped scenarios (1)');
    expect(lines).toContain('| target lacks capability multiple-partial-settlements | 1 |');
  });

  it('says CONFORMANT and lists nothing failing for a passing run', () => {
    const report = assembleReport([makeScenario({ id: 'braintree/ok/one' })], [makeRule({ id: 'BT-PS-01' })]);
    const md = renderMarkdown(report);
    expect(md.split('\n')[0]).toBe('## settlekit: ✅ CONFORMANT');
    expect(md).not.toMatch(/Failing|Errored scenarios|Skipped scenarios|WARNING/);
  });

  it('warns when the run was interrupted', () => {
    expect(renderMarkdown({ ...makeMixedReport(), interrupted: true })).toContain('> [!WARNING]\n> The run was interrupted');
  });

  it('lists failing SHOULD rules as warnings unless strict', () => {
    const scenarios = [makeScenario({ id: 'braintree/should/fails', rules: ['BT-PS-15'], steps: [makeStep({ status: 'failed' })] })];
    const report = assembleReport(scenarios, [makeRule({ id: 'BT-PS-15', level: 'SHOULD' })]);
    expect(report.verdict.conformant).toBe(true);
    const md = renderMarkdown(report);
    expect(md).toContain('### Failing SHOULD rules (1) — warnings');
    expect(md).toContain('- ❌ `braintree/should/fails`');
    expect(renderMarkdown({ ...report, options: { ...report.options, strict: true } })).toContain('### Failing SHOULD rules (1)\n');
  });

  it('escapes target content: no raw HTML, links, code, emphasis or extra table cells', () => {
    const md = renderMarkdown(makeNastyReport());
    // No HTML but the summary's own <sub> tags.
    expect(md.replace(/<\/?sub>/g, '')).not.toContain('<');
    // No live link, image or autolink syntax.
    expect(md).not.toMatch(/(?<!\\)\[/);
    expect(md).not.toMatch(/https?:\/\/evil|www\.evil/);
    // Backticks only in the summary's own code spans of plain ids.
    expect(md.replace(/`[\w./:@+-]+`/g, '')).not.toMatch(/(?<!\\)`/);
    expect(md).not.toMatch(/(?<!\\)\*bold|(?<!\\)~~|(?<!\\)\$x/);
    // The newline inside target text does not start a heading.
    expect(md.split('\n').filter((l) => l.startsWith('#')).every((l) => /^#{2,3} /.test(l) && !l.includes('heading'))).toBe(true);
    // Every table row keeps its own column count.
    const tables = md.split('\n').filter((l) => l.startsWith('|'));
    const skipRow = tables.find((l) => l.includes('heading'));
    expect(skipRow).toBeDefined();
    expect(cellPipes(skipRow ?? '')).toBe(3);
    // The odd id is shown escaped, not as a broken code span.
    expect(md).toContain('braintree/nasty/\\`odd\\|id\\`');
  });

  it('stays small on 5,000 scenarios (GitHub caps a job summary at 1 MiB), cutting long lists', () => {
    const report = makeLargeReport(5000);
    const md = renderMarkdown(report);
    expect(Buffer.byteLength(md)).toBeLessThan(256 * 1024);
    expect(md).toContain(`### Failing MUST rules (${report.summary.rules.MUST.failed})`);
    expect(md).toMatch(/ {2}- … and \d+ more/);
    expect(md).toContain(`| target lacks capability clock-control | ${report.summary.scenarios.skipped} |`);
  });
});

describe('createMarkdownReporter', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes exactly summary.md, equal to renderMarkdown of the report', async () => {
    const root = await mkdtemp(join(tmpdir(), 'settlekit-md-'));
    dirs.push(root);
    const outputDir = join(root, 'out');
    const reporter = createMarkdownReporter({ outputDir });
    expect(reporter.name).toBe('markdown');
    const report = makeMixedReport();
    await reporter.onRunEnd?.({ report, outputDir });
    expect(await readdir(outputDir)).toEqual([MARKDOWN_SUMMARY_FILE]);
    expect(await readFile(join(outputDir, 'summary.md'), 'utf8')).toBe(renderMarkdown(report));
  });
});

describe('Markdown durations', () => {
  it('choose each unit by the value as written, rounded', () => {
    expect([420.4, 999.6, 1000, 12_345, 59_960, 60_000, 119_700, 125_000].map(fmtMs)).toEqual(['420 ms', '1.0 s', '1.0 s', '12.3 s', '1 min 0 s', '1 min 0 s', '2 min 0 s', '2 min 5 s']);
  });
});
