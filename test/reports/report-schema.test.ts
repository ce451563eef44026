import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { makeHostileReport, makeLargeReport, makeMixedReport } from '../fixtures/report-fixtures.ts';

const schema = JSON.parse(readFileSync(new URL('../../specs/report.schema.json', import.meta.url), 'utf8')) as object;
// Under NodeNext the CJS default export is typed as the module object; `.default` is the class at runtime too.
const ajv = new Ajv2020.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** A deep, mutable copy of a report as it would be read back from report.json (loosely typed: tests break it on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mutations below deliberately leave the type
type Loose = Record<string, any>;
function roundTrip(report: unknown): Loose {
  return JSON.parse(JSON.stringify(report)) as Loose;
}

describe('specs/report.schema.json', () => {
  it('has the documented $id and draft', () => {
    expect(schema).toMatchObject({
      $id: 'https://settlekit.dev/schemas/report.schema.json',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    });
  });

  it.each([
    ['mixed', makeMixedReport()],
    ['hostile', makeHostileReport()],
    ['large(50)', makeLargeReport(50)],
  ])('accepts the %s fixture', (_name, report) => {
    const ok = validate(roundTrip(report));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a report without a verdict', () => {
    const report = roundTrip(makeMixedReport());
    delete report.verdict;
    expect(validate(report)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'verdict' } }));
  });

  it('rejects an unknown scenario status', () => {
    const report = roundTrip(makeMixedReport());
    report.scenarios[0].status = 'flaky';
    expect(validate(report)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/scenarios/0/status', keyword: 'enum' }));
  });

  it('rejects an unknown rule status or level', () => {
    const report = roundTrip(makeMixedReport());
    report.rules[0].status = 'green';
    report.rules[1].level = 'MAY';
    expect(validate(report)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toContain('/rules/0/status');
    expect(paths).toContain('/rules/1/level');
  });

  it('rejects a string durationMs', () => {
    const report = roundTrip(makeMixedReport());
    report.durationMs = '3000';
    expect(validate(report)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/durationMs', keyword: 'type' }));
  });

  it('rejects a string step duration deep inside a scenario', () => {
    const report = roundTrip(makeMixedReport());
    report.scenarios[1].steps[1].timings.durationMs = '4.2';
    expect(validate(report)).toBe(false);
    expect(validate.errors![0]!.instancePath).toBe('/scenarios/1/steps/1/timings/durationMs');
  });

  it('rejects unknown keys on closed objects but accepts any header names', () => {
    const extra = roundTrip(makeMixedReport());
    extra.scenarios[0].colour = 'green';
    expect(validate(extra)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'colour' } }));

    const headers = roundTrip(makeMixedReport());
    headers.scenarios[0].steps[0].response.headers['x-anything-at-all'] = 'yes';
    expect(validate(headers)).toBe(true);
  });

  it('rejects a wrong schemaVersion, a bad timestamp and a missing rule level', () => {
    const version = roundTrip(makeMixedReport());
    version.schemaVersion = 2;
    expect(validate(version)).toBe(false);

    const timestamp = roundTrip(makeMixedReport());
    timestamp.startedAt = 'yesterday';
    expect(validate(timestamp)).toBe(false);
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/startedAt', keyword: 'format' }));

    const level = roundTrip(makeMixedReport());
    delete level.summary.rules.SHOULD;
    expect(validate(level)).toBe(false);
  });
});
