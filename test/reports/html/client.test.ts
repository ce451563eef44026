/**
 * The pure parts of the HTML report's script (reports/html/client/), in Node: the line diff, the body printers and
 * their JSON pointers, deep links, formatting and the scenario filters. The page as a whole is tested in Chromium
 * (browser.test.ts, gate-browser.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLines, MAX_BODY_LINES, MAX_LINE_CHARS, shownText, textLines, underAny, xmlLines } from '../../../reports/html/client/code-view.ts';
import { parseDeepLink, ruleHref, scenarioHref, stepHref } from '../../../reports/html/client/deep-links.ts';
import { lineDiff } from '../../../reports/html/client/diff.ts';
import { filterHash, hashTab, parseFilterHash } from '../../../reports/html/client/filter-hash.ts';
import { filtersActive, noFilters, passes } from '../../../reports/html/client/filters.ts';
import { fmtBytes, fmtDate, fmtMs, plural, sortedCopy } from '../../../reports/html/client/format.ts';
import { indexReport, LEVELS } from '../../../reports/html/client/report-data.ts';
import { RULE_LEVELS } from '../../../lib/rule-levels.ts';
import { makeGateReport, makeMixedReport, GATE_IDS } from '../../fixtures/report-fixtures.ts';

const key = (s: string): string => s.replace(/,$/, '');

/** The length of a longest common subsequence of two lists of lines (compared without a trailing comma). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = [0];
    b.forEach((y, j) => row.push(key(x) === key(y) ? prev[j]! + 1 : Math.max(prev[j + 1]!, row[j]!)));
    prev = row;
  }
  return prev[b.length]!;
}

describe('lineDiff', () => {
  const lines = fc.array(fc.constantFrom('a', 'a,', 'b', 'c', '"x": 1', '"x": 1,', '}'), { maxLength: 14 });

  it('removes, adds and keeps lines so that the first text and the second are both rebuilt, keeping a longest common run', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = lineDiff(a, b);
        expect(ops.filter(([op]) => op !== '-').map(([, t]) => t)).toEqual(b);
        expect(ops.filter(([op]) => op !== '+').map(([, t]) => key(t))).toEqual(a.map(key));
        expect(ops.filter(([op]) => op === ' ')).toHaveLength(lcsLength(a, b));
      }),
    );
  });

  it('does not count a trailing comma as a change', () => {
    expect(lineDiff(['{', '  "a": 1', '}'], ['{', '  "a": 1,', '  "b": 2', '}'])).toEqual([
      [' ', '{'],
      [' ', '  "a": 1,'],
      ['+', '  "b": 2'],
      [' ', '}'],
    ]);
  });

  it('shows a middle too large to compare line by line as removed, then added', () => {
    const a = Array.from({ length: 2001 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 2001 }, (_, i) => `b${i}`);
    const ops = lineDiff(['same', ...a, 'end'], ['same', ...b, 'end']);
    expect(ops.map(([op]) => op).join('')).toBe(` ${'-'.repeat(2001)}${'+'.repeat(2001)} `);
  });
});

describe('the body printers', () => {
  it('prints JSON with the pointer of every line, escaping ~ and / in keys', () => {
    expect(jsonLines({ a: [1, { 'b/c~': null }], e: {} })).toEqual([
      { text: '{', pointer: '' },
      { text: '  "a": [', pointer: '/a' },
      { text: '    1,', pointer: '/a/0' },
      { text: '    {', pointer: '/a/1' },
      { text: '      "b/c~": null', pointer: '/a/1/b~1c~0' },
      { text: '    }', pointer: '/a/1' },
      { text: '  ],', pointer: '/a' },
      { text: '  "e": {}', pointer: '/e' },
      { text: '}', pointer: '' },
    ]);
  });

  it('stops printing a huge JSON value just past the lines it shows', () => {
    const lines = jsonLines(Array.from({ length: MAX_BODY_LINES * 3 }, (_, i) => i));
    expect(lines.length).toBeGreaterThan(MAX_BODY_LINES);
    expect(lines.length).toBeLessThan(MAX_BODY_LINES + 5);
  });

  it('shows control characters as their Unicode pictures, keeping tabs, and cuts a huge line with a note', () => {
    // NUL, SOH, ESC [31m (a terminal colour), DEL and a lone CR: invisible or worse in a <pre> of raw text.
    expect(shownText('a\u0000b\u0001\u001b[31mc\u007f\rd\te')).toBe('a\u2400b\u2401\u241b[31mc\u2421\u240dd\te');
    expect(shownText('plain line')).toBe('plain line');
    const cut = shownText('y'.repeat(MAX_LINE_CHARS + 10));
    expect(cut).toBe(`${'y'.repeat(MAX_LINE_CHARS)} \u2026 [10 more characters on this line, see the JSON report]`);
  });

  it('indents XML one element per line, a leaf with its text on one line', () => {
    expect(xmlLines('<?xml version="1.0"?>\n<t><id>abc</id><empty/><list>\n  <i>1</i></list></t>').map((l) => l.text)).toEqual([
      '<?xml version="1.0"?>',
      '<t>',
      '  <id>abc</id>',
      '  <empty/>',
      '  <list>',
      '    <i>1</i>',
      '  </list>',
      '</t>',
    ]);
    expect(textLines('a\nb')).toEqual([
      { text: 'a', pointer: null },
      { text: 'b', pointer: null },
    ]);
  });

  it('highlights a path and what is inside it, not a sibling that starts the same', () => {
    expect(underAny('/a', ['/a'])).toBe(true);
    expect(underAny('/a/b', ['/x', '/a'])).toBe(true);
    expect(underAny('/ab', ['/a'])).toBe(false);
    expect(underAny(null, ['/a'])).toBe(false);
  });
});

describe('deep links', () => {
  it('round-trips scenario and rule ids, and keeps a malformed escape as it is', () => {
    const id = 'braintree/void/a b?c#d';
    expect(parseDeepLink(scenarioHref(id))).toEqual({ kind: 'scenario', id });
    expect(parseDeepLink(ruleHref('BT-PS-01'))).toEqual({ kind: 'rule', id: 'BT-PS-01' });
    expect(parseDeepLink('#scenario=%E0%A4%A')).toEqual({ kind: 'scenario', id: '%E0%A4%A' });
    expect(parseDeepLink('#top')).toBeNull();
  });

  it('carry the list filters beside a deep link, and read back exactly the filters that are on', () => {
    const state = { ...noFilters(), status: 'failed' as const, tag: 'a&b=c', rule: 'BT-VD-01', query: 'void refund' };
    const hash = filterHash({ kind: 'scenario', id: 'braintree/x&y' }, state);
    expect(hash).toBe('#scenario=braintree%2Fx%26y&status=failed&tag=a%26b%3Dc&checks=BT-VD-01&q=void%20refund');
    expect(parseDeepLink(hash)).toEqual({ kind: 'scenario', id: 'braintree/x&y' });
    expect(parseFilterHash(hash)).toEqual(state);
    expect(filterHash(null, noFilters())).toBe('');
    // A bare deep link names no filter (the list keeps its own); a rule of the matrix is not a rule filter.
    expect(parseFilterHash(scenarioHref('braintree/x'))).toBeNull();
    expect(parseFilterHash(ruleHref('BT-PS-01'))).toBeNull();
    expect(parseFilterHash('#q=')).toEqual(noFilters());
    expect(filterHash(null, { ...noFilters(), status: 'failed' }, 'rules')).toBe('#tab=rules&status=failed');
    expect(hashTab('#tab=rules&status=failed')).toBe('rules');
    expect(hashTab('#status=failed')).toBeNull();
    expect(parseDeepLink(stepHref('braintree/x', 3))).toEqual({ kind: 'scenario', id: 'braintree/x', step: 3 });
    expect(parseDeepLink('#scenario=x&step=0')).toEqual({ kind: 'scenario', id: 'x' });
    expect(filterHash({ kind: 'scenario', id: 'x', step: 2 }, noFilters())).toBe('#scenario=x&step=2');
  });
});

describe('formatting', () => {
  it('writes durations, sizes, dates and counts', () => {
    expect([4.23, 310.4, 3000, 125_000].map(fmtMs)).toEqual(['4.2 ms', '310 ms', '3.0 s', '2 min 5 s']);
    expect(fmtMs(Number.NaN)).toBe('');
    // A value that rounds up to the next unit is written in it: never "1 min 60 s", "60.0 s", "1000 ms" or "1024.0 KB".
    expect([119_700, 59_960, 999.6, 9.96].map(fmtMs)).toEqual(['2 min 0 s', '1 min 0 s', '1.0 s', '10 ms']);
    expect([1023.6 * 1024, 1024 * 1024 - 1].map(fmtBytes)).toEqual(['1023.6 KB', '1.0 MB']);
    expect([512, 4096, 5_000_000].map(fmtBytes)).toEqual(['512 B', '4.0 KB', '4.8 MB']);
    expect(fmtDate('2026-11-22T10:00:00.123Z')).toBe('2026-11-22 10:00:00 UTC');
    expect(fmtDate('not a date')).toBe('not a date');
    expect([plural(1, 'rule'), plural(2, 'rule')]).toEqual(['1 rule', '2 rules']);
    expect(JSON.stringify(sortedCopy({ b: 1, a: [{ d: 1, c: 2 }] }))).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe('the scenario filters', () => {
  it('keep a scenario only when every filter and every search word matches', () => {
    const { entries, ordered } = indexReport(makeMixedReport());
    const state = noFilters();
    expect(filtersActive(state)).toBe(false);
    expect(ordered.filter((e) => passes(e, state, []))).toHaveLength(entries.length);
    expect(ordered.map((e) => e.s.status).slice(0, 2)).toEqual(['failed', 'errored']);
    state.tag = 'multi-shipment';
    state.status = 'passed';
    expect(filtersActive(state)).toBe(true);
    const kept = ordered.filter((e) => passes(e, state, ['braintree']));
    expect(kept.map((e) => e.s.id)).toEqual(entries.filter((e) => e.s.status === 'passed' && e.s.tags.includes('multi-shipment') && e.s.id.includes('braintree')).map((e) => e.s.id));
    expect(kept.length).toBeGreaterThan(0);
    expect(ordered.filter((e) => passes(e, state, ['braintree', 'no-such-word']))).toEqual([]);
  });

  it('filter by baseline change and waiver', () => {
    const { ordered, hasMarks } = indexReport(makeGateReport());
    expect(hasMarks).toBe(true);
    const by = (mark: string): string[] => ordered.filter((e) => passes(e, { ...noFilters(), mark }, [])).map((e) => e.s.id);
    expect(by('new-failure')).toEqual([GATE_IDS.newFailure]);
    expect(by('waived')).toEqual([GATE_IDS.waived]);
    expect(by('waiver-expired')).toEqual([GATE_IDS.expired]);
  });
});

describe('the report script’s rule levels', () => {
  it('are in the order of lib/rule-levels.ts (the script keeps its own copy: it imports only its folder)', () => {
    expect(LEVELS).toEqual(RULE_LEVELS);
  });
});
