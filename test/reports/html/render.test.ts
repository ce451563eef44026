import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHtmlReporter, DATA_ELEMENT_ID, HTML_REPORT_FILE, renderHtml, serializeForScript } from '../../../reports/html/index.ts';
import type { RunReport } from '../../../runner/model/report.ts';
import { HOSTILE_PAYLOADS, makeHostileReport, makeLargeReport, makeMixedReport, makeScenario, assembleReport, makeRule } from '../../fixtures/report-fixtures.ts';

/** The size bound of the issue: at most 1.15 × the report's own JSON plus 100 KB of fixed assets. */
const SIZE_FACTOR = 1.15;
const FIXED_ASSETS_BYTES = 100 * 1024;

function parts(html: string): { csp: string; style: string; script: string; data: string; scripts: number } {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const data = new RegExp(`<script type="application/json" id="${DATA_ELEMENT_ID}">([\\s\\S]*?)</script>`).exec(html)?.[1] ?? '';
  return { csp, style, script, data, scripts: html.match(/<script\b/g)?.length ?? 0 };
}

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('serializeForScript', () => {
  it('escapes <, >, &, U+2028 and U+2029 and stays JSON that parses back to the same value', () => {
    const value = { a: '</script><!-- & -->', b: 'line\u2028sep\u2029para', c: [1, true, null] };
    const text = serializeForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(text).toContain('\\u0026');
    expect(text).toContain('\\u2028');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('renderHtml', () => {
  it('is a pure, deterministic function of the report', () => {
    const report = deepFreeze(makeMixedReport());
    const first = renderHtml(report);
    expect(renderHtml(report)).toBe(first);
    expect(renderHtml(JSON.parse(JSON.stringify(report)) as RunReport)).toBe(first);
  });

  it('embeds the report exactly once, as a JSON data block that parses back to the report', () => {
    const report = makeMixedReport();
    const html = renderHtml(report);
    const { data, scripts } = parts(html);
    expect(scripts).toBe(2);
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(report)));
    // No second copy of any data outside the block: the markup around it never names a scenario, rule or target.
    const outside = html.replace(data, '');
    for (const text of ['braintree/void/pending-parent-refused', 'BT-VD-01', 'SETTLEMENT_PENDING', '127.0.0.1:4010']) expect(outside).not.toContain(text);
  });

  it('has a strict CSP allowing exactly its own inline script and stylesheet by hash, before any other element', () => {
    const html = renderHtml(makeMixedReport());
    const { csp, style, script } = parts(html);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': sha(script),
      'style-src': sha(style),
      'img-src': 'data:',
      'connect-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
    });
    expect(csp).not.toContain('unsafe');
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(head.indexOf('<style>'));
    expect(head.indexOf('<meta charset="utf-8">')).toBeLessThan(head.indexOf('http-equiv'));
  });

  it('references nothing outside the file: no src, no external href, no url(), no @import', () => {
    const html = renderHtml(makeMixedReport());
    const { data } = parts(html);
    const fixed = html.replace(data, '');
    expect(fixed).not.toMatch(/\ssrc\s*=/i);
    expect(fixed).not.toMatch(/<link\b/i);
    expect(fixed).not.toMatch(/\burl\s*\(/i);
    expect(fixed).not.toMatch(/@import/i);
    expect(fixed).not.toMatch(/https?:\/\//i);
    expect(fixed).not.toMatch(/\binnerHTML\b|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });

  it('keeps hostile target content out of the markup: no payload appears raw anywhere in the file', () => {
    const html = renderHtml(makeHostileReport());
    for (const payload of HOSTILE_PAYLOADS) {
      if (/[<>&]/.test(payload)) expect(html).not.toContain(payload);
    }
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/<img|<svg|<link/i);
    const { data } = parts(html);
    expect(data).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(data)).toEqual(JSON.parse(JSON.stringify(makeHostileReport())));
  });

  it('escapes U+2028/2029 and comment openers in data', () => {
    const report = assembleReport([makeScenario({ id: 'x/y', title: 'a\u2028b\u2029c <!-- <script' })], [makeRule({ id: 'BT-PS-01' })]);
    const { data } = parts(renderHtml(report));
    expect(data).not.toMatch(/[\u2028\u2029]|<!--/);
    expect((JSON.parse(data) as RunReport).scenarios[0]?.title).toBe('a\u2028b\u2029c <!-- <script');
  });

  it(`stays within the size bound on 5,000 scenarios: ≤ ${SIZE_FACTOR} × its JSON + 100 KB`, () => {
    const report = makeLargeReport(5000);
    const json = Buffer.byteLength(JSON.stringify(report));
    const html = Buffer.byteLength(renderHtml(report));
    expect(html).toBeLessThanOrEqual(SIZE_FACTOR * json + FIXED_ASSETS_BYTES);
    // And the fixed part (markup, CSS, JS) alone fits in the 100 KB allowance.
    const small = makeMixedReport();
    const fixed = Buffer.byteLength(renderHtml(small)) - Buffer.byteLength(serializeForScript(small));
    expect(fixed).toBeLessThanOrEqual(FIXED_ASSETS_BYTES);
  });

  it('carries only kit-computed words in markup: the verdict in the title and the noscript fallback', () => {
    const html = renderHtml(makeMixedReport());
    expect(html).toContain('<title>settlekit conformance report — NOT CONFORMANT</title>');
    expect(html).toMatch(/<noscript><p>[^<]*4 \(1 passed, 1 failed, 1 errored, 1 skipped\)[^<]*<\/p><\/noscript>/);
  });
});

describe('createHtmlReporter', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes exactly one file, index.html, equal to renderHtml of the report, creating the folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'settlekit-html-'));
    dirs.push(root);
    const outputDir = join(root, 'nested', 'report');
    const reporter = createHtmlReporter({ outputDir });
    expect(reporter.name).toBe('html');
    const report = makeMixedReport();
    await reporter.onRunEnd?.({ report, outputDir });
    expect(await readdir(outputDir)).toEqual([HTML_REPORT_FILE]);
    expect(await readFile(join(outputDir, 'index.html'), 'utf8')).toBe(renderHtml(report));
  });
});
