import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJUnitReporter, renderJUnit, stripInvalidXmlChars } from '../../reports/junit.ts';
import type { RunReport } from '../../runner/model/report.ts';
import {
  assembleReport,
  HOSTILE_PAYLOADS,
  makeHostileReport,
  makeLargeReport,
  makeMixedReport,
  makeRule,
  makeScenario,
  makeStep,
} from '../fixtures/report-fixtures.ts';

type Node = Record<string, unknown>;
interface Property { name: string; value: string }
interface TestCase extends Node {
  classname: string; name: string; file: string; line: string; time: string;
  properties: { property: Property[] };
  failure?: Node; error?: Node; skipped?: Node; 'system-out'?: string;
}
interface TestSuite extends Node { name: string; tests: string; failures: string; errors: string; skipped: string; time: string; testcase?: TestCase[] }
interface Parsed { testsuites: Node & { testsuite: TestSuite[] } }

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  trimValues: false,
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  // Decodes numeric character references (&#10;) too, which a conforming XML parser always does.
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

/** Parses JUnit output after checking it is well-formed. */
function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
}

function caseById(parsed: Parsed, id: string): TestCase {
  const found = parsed.testsuites.testsuite.flatMap((s) => s.testcase ?? []).find((c) => c.name === id);
  expect(found, id).toBeDefined();
  return found!;
}

/** Text of an element parsed with attributes: a bare string, or `#text` next to them. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  return String((node as Node | undefined)?.['#text'] ?? '');
}

describe('renderJUnit', () => {
  it('writes totals, one testsuite per suite and one testcase per scenario', () => {
    const parsed = parse(renderJUnit(makeMixedReport()));
    expect(parsed.testsuites).toMatchObject({ name: 'settlekit', tests: '4', failures: '1', errors: '1', skipped: '1', time: '3.000' });
    const suites = parsed.testsuites.testsuite;
    expect(suites.map((s) => s.name)).toEqual(['braintree', 'worldpay-payments']);
    expect(suites[0]).toMatchObject({ tests: '3', failures: '1', errors: '0', skipped: '1', time: '0.037', timestamp: '2026-11-22T10:00:00.000Z' });
    expect(suites[1]).toMatchObject({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    expect(suites[0]!.testcase!.map((c) => c.name)).toEqual([
      'braintree/multi-shipment/two-shipments',
      'braintree/void/pending-parent-refused',
      'braintree/availability/limited-release',
    ]);
  });

  it('names, places and times each testcase', () => {
    const parsed = parse(renderJUnit(makeMixedReport()));
    const passed = caseById(parsed, 'braintree/multi-shipment/two-shipments');
    expect(passed).toMatchObject({
      classname: 'braintree.multi-shipment',
      file: 'scenarios/braintree/multi-shipment/two-shipments.yaml',
      line: '2',
      time: '0.013',
    });
    expect(passed.failure ?? passed.error ?? passed.skipped).toBeUndefined();
    expect(passed.properties.property).toEqual([
      { name: 'title', value: 'Scenario braintree/multi-shipment/two-shipments' },
      { name: 'rule', value: 'BT-PS-01' },
      { name: 'rule', value: 'BT-PS-04' },
      { name: 'tag', value: 'multi-shipment' },
    ]);
    expect(passed['system-out']).toBe(
      '[passed] authorize 100.00 on Visa — POST http://127.0.0.1:4010/merchants/integration_merchant_id/transactions → 201 (4 ms)',
    );
  });

  it('details a failure with the failed step, position, expected and actual', () => {
    const failed = caseById(parse(renderJUnit(makeMixedReport())), 'braintree/void/pending-parent-refused');
    expect(failed.failure).toMatchObject({ message: 'expected "authorized", got "voided"', type: 'body' });
    const body = textOf(failed.failure);
    expect(body).toContain('step 2 "void is refused" (failed) at scenarios/braintree/void/pending-parent-refused.yaml:7');
    expect(body).toContain('body /transaction/status: expected "authorized", got "voided"');
    expect(body).toContain('expected: "authorized"');
    expect(body).toContain('actual:   "voided"');
    // The passing step is not listed as a problem.
    expect(body).not.toContain('authorize 100.00 on Visa');
    expect(failed['system-out']!.split('\n')).toHaveLength(2);
  });

  it('reports an errored scenario as <error> typed by its code, and a skipped one with its reason', () => {
    const parsed = parse(renderJUnit(makeMixedReport()));
    const errored = caseById(parsed, 'worldpay-payments/partial-settlement/three-shipments');
    expect(errored.classname).toBe('worldpay-payments.partial-settlement');
    expect(errored.error).toMatchObject({ message: 'connection refused (ECONNREFUSED)', type: 'SETTLEKIT_E_NETWORK' });
    expect(textOf(errored.error)).toContain('SETTLEKIT_E_NETWORK: connection refused (ECONNREFUSED)');
    expect(errored.failure).toBeUndefined();

    const skipped = caseById(parsed, 'braintree/availability/limited-release');
    expect(skipped.skipped).toEqual({ message: 'target lacks capability multiple-partial-settlements' });
    expect(skipped['system-out']).toBeUndefined();
  });

  it('uses the suite id alone as classname when the scenario has no folder', () => {
    const report = assembleReport([makeScenario({ id: 'braintree/flat' }), makeScenario({ id: 'braintree/a/b/deep' })], [makeRule({ id: 'BT-PS-01' })]);
    const parsed = parse(renderJUnit(report));
    expect(caseById(parsed, 'braintree/flat').classname).toBe('braintree');
    expect(caseById(parsed, 'braintree/a/b/deep').classname).toBe('braintree.a.b');
  });

  it('stays well-formed with hostile content and carries every payload back verbatim', () => {
    const xml = renderJUnit(makeHostileReport());
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('<svg');
    const parsed = parse(xml);
    HOSTILE_PAYLOADS.forEach((payload, i) => {
      const c = caseById(parsed, `braintree/hostile/${i}`);
      expect(c.failure!['message']).toBe(payload);
      expect(c.properties.property).toContainEqual({ name: 'tag', value: payload });
      expect(c.properties.property).toContainEqual({ name: 'title', value: `hostile ${payload}` });
      expect(textOf(c.failure)).toContain(`actual:   ${JSON.stringify(payload)}`);
      expect(c['system-out']).toContain(`[failed] ${payload} — POST`);
    });
  });

  it('strips characters XML 1.0 forbids and keeps whitespace in attributes', () => {
    const nasty = 'a\u0000b\u0001c\u001bd\u0008e\uFFFEf\uFFFF g\uD800h\uDC00i';
    const report = assembleReport(
      [
        makeScenario({
          id: 'braintree/nasty/0',
          title: `tab\tnew\nline\rcr ${nasty}`,
          reason: `]]> & 'quotes' "double" ${nasty}`,
          steps: [makeStep({ name: nasty, status: 'failed', assertions: [{ kind: 'body', passed: false, path: '/x', expected: 'ok', actual: nasty, message: nasty }] })],
        }),
      ],
      [makeRule({ id: 'BT-PS-01' })],
    );
    const xml = renderJUnit(report);
    expect(stripInvalidXmlChars(xml)).toBe(xml);
    expect([...xml].filter((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(ch))).toEqual([]);
    expect(xml).not.toContain(']]>');
    const c = caseById(parse(xml), 'braintree/nasty/0');
    expect(c.properties.property[0]).toEqual({ name: 'title', value: 'tab\tnew\nline\rcr abcdef ghi' });
    expect(c.failure!['message']).toBe(`]]> & 'quotes' "double" abcdef ghi`);
    expect(textOf(c.failure)).toContain('step 1 "abcdef ghi" (failed)');
  });

  it('keeps astral characters (emoji) intact', () => {
    expect(stripInvalidXmlChars('ok 💳 é')).toBe('ok 💳 é');
  });

  it('renders a large report quickly and well-formed', () => {
    const report = makeLargeReport(2000);
    const started = performance.now();
    const xml = renderJUnit(report);
    expect(performance.now() - started).toBeLessThan(2000);
    const parsed = parse(xml);
    expect(parsed.testsuites).toMatchObject({ tests: '2000', failures: String(report.summary.scenarios.failed), skipped: String(report.summary.scenarios.skipped) });
  });

  it('is a pure function of the report: a JSON round trip renders the same document', () => {
    const report = makeMixedReport();
    const readBack = JSON.parse(JSON.stringify(report)) as RunReport;
    expect(renderJUnit(readBack)).toBe(renderJUnit(report));
  });
});

describe('createJUnitReporter', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'settlekit-junit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes junit.xml (or fileName) on onRunEnd', async () => {
    const report = makeMixedReport();
    const reporter = createJUnitReporter({ outputDir: dir });
    expect(reporter.name).toBe('junit');
    await reporter.onRunEnd!({ report, outputDir: dir });
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toBe(renderJUnit(report));
    expect(reporter.outputFiles).toEqual([join(dir, 'junit.xml')]);

    const named = createJUnitReporter({ outputDir: dir, fileName: 'ci.xml' });
    await named.onRunEnd!({ report, outputDir: dir });
    expect((await readdir(dir)).sort()).toEqual(['ci.xml', 'junit.xml']);
  });
});
