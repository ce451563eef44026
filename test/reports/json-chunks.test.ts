/**
 * Reports are written in pieces (reports/json-chunks.ts), never as one string: joined, the pieces must be the text a
 * single JSON.stringify gives — pretty for report.json, compact (and escaped) for the HTML page's data block.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml, serializeForScript } from '../../reports/html/index.ts';
import { renderHtmlPieces } from '../../reports/html/render.ts';
import { jsonChunks } from '../../reports/json-chunks.ts';
import { serializeReport, serializeReportPieces } from '../../reports/json.ts';
import { makeHostileReport, makeLargeReport, makeMixedReport } from '../fixtures/report-fixtures.ts';

const joined = (pieces: Iterable<string>): string => [...pieces].join('');

describe('jsonChunks', () => {
  const values: [string, unknown][] = [
    ['a mixed report', makeMixedReport()],
    ['a hostile report', makeHostileReport()],
    ['an empty object', {}],
    ['an empty split array', { a: 1, scenarios: [], b: 'x' }],
    ['skipped and null fields', { a: undefined, b: null, c: () => 1, scenarios: [1, undefined, () => 2, { d: [] }], e: { f: undefined } }],
    ['line breaks and unicode in strings', { text: 'a\nb\u2028—"\\', scenarios: ['x\ny', { 'k\nk': 'v' }] }],
    ['a date and a nested array', { at: new Date(Date.UTC(2026, 0, 15)), scenarios: [[1, [2, {}]], []] }],
    ['not a plain object', [1, { a: 2 }]],
  ];
  for (const [name, value] of values) {
    it(`joins to JSON.stringify's text, pretty and compact: ${name}`, () => {
      expect(joined(jsonChunks(value, '  ', 'scenarios'))).toBe(JSON.stringify(value, null, 2));
      expect(joined(jsonChunks(value, '', 'scenarios'))).toBe(JSON.stringify(value));
    });
  }

  it('gives the split array in pieces of a few dozen kilobytes, never as one string', () => {
    const report = makeLargeReport(400);
    const pieces = [...jsonChunks(report, '  ', 'scenarios')];
    const whole = pieces.join('').length;
    expect(whole).toBeGreaterThan(200 * 1024);
    expect(pieces.length).toBeGreaterThan(whole / (64 * 1024));
    // Batches aim at 24 K characters (from the average element so far): none reaches the large-object space.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(64 * 1024);
  });

  it('gives a split array of uneven elements the same text, whatever the batches', () => {
    const scenarios = Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? { big: 'x'.repeat(40_000), i } : i % 7 === 0 ? undefined : { i, nested: { list: [i, null, 'a\nb'] } }));
    const value = { before: [1, { a: 2 }], scenarios, after: { z: 'end' } };
    expect(joined(jsonChunks(value, '  ', 'scenarios'))).toBe(JSON.stringify(value, null, 2));
    expect(joined(jsonChunks(value, '', 'scenarios'))).toBe(JSON.stringify(value));
  });
});

describe('the pieces the reporters write', () => {
  for (const report of [makeMixedReport(), makeHostileReport(), makeLargeReport(20)]) {
    it(`are report.json's text and the HTML page (${report.scenarios.length} scenarios)`, () => {
      expect(joined(serializeReportPieces(report))).toBe(serializeReport(report));
      const html = joined(renderHtmlPieces(report));
      expect(html).toBe(renderHtml(report));
      expect(html).toContain(`>${serializeForScript(report)}</script>`);
    });
  }
});
