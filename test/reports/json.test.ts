import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettlekitError } from '../../lib/errors.ts';
import { createJsonReporter, readReport, serializeReport } from '../../reports/json.ts';
import { makeHostileReport, makeMixedReport } from '../fixtures/report-fixtures.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'settlekit-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `fn` and returns the SettlekitError it throws. */
async function rejection(fn: () => Promise<unknown>): Promise<SettlekitError> {
  const error = await fn().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SettlekitError);
  return error as SettlekitError;
}

describe('serializeReport', () => {
  it('pretty-prints with 2 spaces and ends with a newline', () => {
    const text = serializeReport(makeMixedReport());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "kit": {\n    "name": "settlekit"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(makeMixedReport())));
  });
});

describe('createJsonReporter', () => {
  it('writes report.json on onRunEnd, creating the folder, and lists the file', async () => {
    const outputDir = join(dir, 'nested', 'out');
    const reporter = createJsonReporter({ outputDir });
    expect(reporter.name).toBe('json');
    const report = makeMixedReport();
    await reporter.onRunEnd!({ report, outputDir });
    const path = join(outputDir, 'report.json');
    expect(await readFile(path, 'utf8')).toBe(serializeReport(report));
    expect(reporter.outputFiles).toEqual([path]);
    // No temporary file is left behind.
    expect(await readdir(outputDir)).toEqual(['report.json']);
  });

  it('honours fileName and replaces an existing file whole', async () => {
    const outputDir = join(dir, 'named');
    const reporter = createJsonReporter({ outputDir, fileName: 'run-1.json' });
    await reporter.onRunEnd!({ report: makeHostileReport(), outputDir });
    await reporter.onRunEnd!({ report: makeMixedReport(), outputDir });
    expect(await readFile(join(outputDir, 'run-1.json'), 'utf8')).toBe(serializeReport(makeMixedReport()));
    expect(await readdir(outputDir)).toEqual(['run-1.json']);
    expect(reporter.outputFiles).toHaveLength(1);
  });

  it('fails (for the multiplexer to report) when the folder cannot be created, leaving nothing behind', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const reporter = createJsonReporter({ outputDir: join(blocker, 'sub') });
    await expect(reporter.onRunEnd!({ report: makeMixedReport(), outputDir: blocker })).rejects.toThrow();
    expect(reporter.outputFiles).toEqual([]);
  });
});

describe('readReport', () => {
  it('reads back what the reporter wrote, including hostile content', async () => {
    const outputDir = join(dir, 'roundtrip');
    const report = makeHostileReport();
    await createJsonReporter({ outputDir }).onRunEnd!({ report, outputDir });
    expect(await readReport(join(outputDir, 'report.json'))).toEqual(JSON.parse(serializeReport(report)));
  });

  it('rejects a report that does not match the schema, listing the ajv errors', async () => {
    const broken = JSON.parse(serializeReport(makeMixedReport())) as Record<string, unknown>;
    delete broken['verdict'];
    broken['durationMs'] = 'soon';
    const path = join(dir, 'broken.json');
    await writeFile(path, JSON.stringify(broken));
    const error = await rejection(() => readReport(path));
    expect(error.code).toBe('SETTLEKIT_E_REPORT_INPUT');
    expect(error.message).toContain("must have required property 'verdict'");
    expect(error.message).toContain('/durationMs must be number');
    // At the first listed problem's place (the report is one line): the object missing `verdict`, or `"soon"`.
    const first = /\n {2}1:(\d+): /.exec(error.message);
    expect(error.position).toEqual({ file: path, line: 1, column: Number(first?.[1]) });
    expect([1, JSON.stringify(broken).indexOf('"soon"') + 1]).toContain(error.position?.column);
    expect(error.cause).toEqual(expect.arrayContaining([expect.objectContaining({ instancePath: '/durationMs', keyword: 'type' })]));
  });

  it('names an unknown status and the allowed values', async () => {
    const broken = JSON.parse(serializeReport(makeMixedReport())) as { scenarios: { status: string }[] };
    broken.scenarios[2]!.status = 'exploded';
    const path = join(dir, 'status.json');
    await writeFile(path, JSON.stringify(broken));
    const error = await rejection(() => readReport(path));
    expect(error.message).toContain('/scenarios/2/status must be equal to one of the allowed values (["passed","failed","errored","skipped"])');
  });

  it('rejects text that is not JSON and a missing file with the same code', async () => {
    const path = join(dir, 'not-json.json');
    await writeFile(path, '<testsuites/>');
    const notJson = await rejection(() => readReport(path));
    expect(notJson.code).toBe('SETTLEKIT_E_REPORT_INPUT');
    expect(notJson.message).toContain('is not JSON');

    const missing = await rejection(() => readReport(join(dir, 'nope.json')));
    expect(missing.code).toBe('SETTLEKIT_E_REPORT_INPUT');
    expect(missing.message).toContain('ENOENT');
    expect(missing.exitCode).toBe(2);
  });

  it('says where a hand-edited or truncated report goes wrong, as file:line:col', async () => {
    const text = serializeReport(makeMixedReport());
    const lineOf = (needle: string, within = text): { line: number; column: number } => {
      const at = within.indexOf(needle);
      expect(at).toBeGreaterThanOrEqual(0);
      const before = within.slice(0, at).split('\n');
      return { line: before.length, column: before.at(-1)!.length + 1 };
    };
    // A scenario's status mistyped: the error is at its value, and each listed problem has its place.
    const third = text.indexOf('"status"', text.indexOf('\n  "scenarios": ['));
    const edited = join(dir, 'edited.json');
    const at = text.indexOf('"status": "', third);
    const editedText = `${text.slice(0, at)}"status": "passd${text.slice(at + '"status": "'.length + 'passed'.length)}`;
    await writeFile(edited, editedText);
    const schema = await rejection(() => readReport(edited));
    const where = lineOf('"passd"', editedText);
    expect(schema.position).toEqual({ file: edited, ...where });
    expect(schema.message).toMatch(new RegExp(`\\n  ${where.line}:${where.column}: /scenarios/[^ ]*/status must be equal to one of the allowed values`));
    // An unknown key is placed at the key itself.
    const extra = join(dir, 'extra.json');
    await writeFile(extra, text.replace('"interrupted": false,', '"interrupted": false,\n  "hand_added": 1,'));
    const key = await rejection(() => readReport(extra));
    expect(key.position).toEqual({ file: extra, line: lineOf('"interrupted": false,').line + 1, column: 3 });
    expect(key.message).toContain(`  ${lineOf('"interrupted": false,').line + 1}:3: / must NOT have additional properties (hand_added)`);

    // A trailing comma, and a file cut short: a syntax error at its line and column, without V8's "position N".
    const comma = join(dir, 'comma.json');
    await writeFile(comma, text.replace('"interrupted": false,', '"interrupted": false,,'));
    const syntax = await rejection(() => readReport(comma));
    expect(syntax.position).toEqual({ file: comma, line: lineOf('"interrupted": false,').line, column: lineOf('"interrupted": false,').column + '"interrupted": false,'.length });
    expect(syntax.message).toMatch(/^.*comma\.json is not JSON: [^\n]+$/);
    expect(syntax.message).not.toContain('position');
    const truncated = join(dir, 'truncated.json');
    await writeFile(truncated, text.slice(0, 700));
    const cut = await rejection(() => readReport(truncated));
    const last = text.slice(0, 700).split('\n');
    expect(cut.position).toEqual({ file: truncated, line: last.length, column: last.at(-1)!.length + 1 });
  });

  it('names a report of another schema version as such, at its schemaVersion', async () => {
    const text = serializeReport(makeMixedReport()).replace('"schemaVersion": 1', '"schemaVersion": 2').replace(/"version": "[^"]*"/, '"version": "9.0.0"');
    const path = join(dir, 'v2.json');
    await writeFile(path, text);
    const error = await rejection(() => readReport(path));
    expect(error.code).toBe('SETTLEKIT_E_REPORT_INPUT');
    expect(error.message).toBe(`${path} is a report of schema version 2 (written by settlekit 9.0.0); this settlekit reads schema version 1`);
    expect(error.hint).toContain('the settlekit that wrote it');
    expect(error.position).toEqual({ file: path, line: 2, column: 20 });
  });

  it('caps the listed errors', async () => {
    const path = join(dir, 'many.json');
    const report = JSON.parse(serializeReport(makeMixedReport())) as { scenarios: { status: string }[] };
    const many = { ...report, scenarios: Array.from({ length: 30 }, () => ({ ...report.scenarios[0], status: 'x' })) };
    await writeFile(path, JSON.stringify(many));
    const error = await rejection(() => readReport(path));
    expect(error.message).toContain('… and 10 more');
    expect(error.message.split('\n').filter((l) => l.includes('must be equal to one of'))).toHaveLength(20);
  });
});
