/**
 * Checks the reliability tests share: the written report.json validates against specs/report.schema.json, junit.xml
 * is well-formed and holds one testcase per scenario, and every file under an output folder can be read back.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { createAjv } from '../../lib/ajv.ts';
import type { RunReport } from '../../runner/model/report.ts';

const reportSchema = JSON.parse(await readFile(new URL('../../specs/report.schema.json', import.meta.url), 'utf8')) as object;
const validateReport = createAjv({ strict: true }).compile(reportSchema);

/** Reads `<dir>/report.json`, asserts it matches the report schema, and returns it. */
export async function readValidReport(dir: string): Promise<RunReport> {
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
  const valid = validateReport(report);
  expect(validateReport.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return report;
}

/** One JUnit testcase, with its failure, error or skipped element when it has one. */
export interface JUnitCase {
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text: string };
  readonly skipped?: { readonly message: string };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'text',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

/** Reads `<dir>/junit.xml`, asserts it is well-formed XML, and returns its testcases by scenario id. */
export async function readValidJUnit(dir: string): Promise<Map<string, JUnitCase>> {
  const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = parser.parse(xml) as { testsuites: { testsuite: { testcase?: JUnitCase[] }[] } };
  const cases = parsed.testsuites.testsuite.flatMap((s) => s.testcase ?? []);
  return new Map(cases.map((c) => [c.name, c]));
}

/** Every file below `dir` (recursively), as absolute paths. */
export async function walkFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
