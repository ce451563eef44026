/**
 * The JSON report: the source of truth every other report is rebuilt from. Writing it (a reporter), serializing it,
 * and reading a saved one back with validation against specs/report.schema.json (`settlekit report <report.json>`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../lib/ajv.ts';
import { SettlekitError } from '../lib/errors.ts';
import { jsonPointer } from '../lib/json-pointer.ts';
import { jsonPointerPosition, jsonSyntaxErrorPosition, jsonSyntaxErrorReason, type LineColumn } from '../lib/json-position.ts';
import { SCHEMAS_DIR } from '../lib/kit-root.ts';
import type { RunReport } from '../runner/model/report.ts';
import { jsonChunks } from './json-chunks.ts';
import { createReportFileReporter, type FileReporter } from './output-file.ts';

/** Options of {@link createJsonReporter}. */
export interface JsonReporterOptions {
  /** Folder the report is written into (created when missing). */
  readonly outputDir: string;
  /** File name inside `outputDir`; default `report.json`. */
  readonly fileName?: string;
}

/** The report as written to report.json: pretty-printed with 2 spaces, with a trailing newline. */
export function serializeReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** {@link serializeReport}'s text in pieces (one per scenario), as the reporter writes it: joined, the same text. */
export function* serializeReportPieces(report: RunReport): Generator<string> {
  yield* jsonChunks(report, '  ', 'scenarios');
  yield '\n';
}

/** A reporter that writes the {@link RunReport} atomically (temporary file, then rename) when the run ends. */
export function createJsonReporter(options: JsonReporterOptions): FileReporter {
  return createReportFileReporter('json', options.outputDir, options.fileName ?? 'report.json', serializeReportPieces);
}

/** The `schemaVersion` of the reports this kit writes and reads (specs/report.schema.json). */
const REPORT_SCHEMA_VERSION: RunReport['schemaVersion'] = 1;

/** How many schema errors a report-input error message lists before eliding the rest. */
const MAX_LISTED_ERRORS = 20;

let validatorPromise: Promise<ValidateFunction> | undefined;

/** The report validator, compiled once on first use. */
function reportValidator(): Promise<ValidateFunction> {
  validatorPromise ??= (async () => {
    const schema = JSON.parse(await readFile(join(SCHEMAS_DIR, 'report.schema.json'), 'utf8')) as object;
    return createAjv({ strict: true }).compile(schema);
  })().catch((error: unknown) => {
    validatorPromise = undefined;
    throw error;
  });
  return validatorPromise;
}

/**
 * Reads a saved JSON report and validates it against specs/report.schema.json.
 *
 * @throws {SettlekitError} `SETTLEKIT_E_REPORT_INPUT` when the file cannot be read, is not JSON (positioned at the
 * syntax error), or does not match the schema (positioned at the first problem; the message lists ajv's errors as
 * `line:col: instancePath message`; `cause` holds the raw ajv errors).
 */
export async function readReport(path: string): Promise<RunReport> {
  const position = { file: path };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `cannot read ${path}: ${reason}`, { position, cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${path} is not JSON: ${jsonSyntaxErrorReason(error as Error)}`, {
      position: { file: path, ...jsonSyntaxErrorPosition(text, error as Error) },
      cause: error,
    });
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== REPORT_SCHEMA_VERSION) {
    // A report of another kit's schema fails the schema everywhere: say why, not each difference.
    const writer = (data as { kit?: { version?: unknown } }).kit?.version;
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${path} is a report of schema version ${version}${typeof writer === 'string' ? ` (written by settlekit ${writer})` : ''}; this settlekit reads schema version ${REPORT_SCHEMA_VERSION}`, {
      position: { file: path, ...jsonPointerPosition(text, '/schemaVersion') },
      hint: 'Rebuild or merge it with the settlekit that wrote it, or run again with this one.',
    });
  }
  const validate = await reportValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => ({ error: e, at: placeOf(text, e) }));
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${path} is not a settlekit report (specs/report.schema.json):\n${formatAjvErrors(listed, errors.length)}`, {
      position: { file: path, ...listed[0]?.at },
      cause: errors,
    });
  }
  return data as RunReport;
}

/** Where an ajv error is in the report's text: at the unknown key, else at the value (an object missing a key: its start). */
function placeOf(text: string, error: ErrorObject): LineColumn | undefined {
  if (error.keyword === 'additionalProperties') {
    const key = jsonPointerPosition(text, `${error.instancePath}${jsonPointer([String(error.params['additionalProperty'])])}`, 'key');
    if (key) return key;
  }
  return jsonPointerPosition(text, error.instancePath);
}

function formatAjvErrors(listed: readonly { readonly error: ErrorObject; readonly at: LineColumn | undefined }[], total: number): string {
  const lines = listed.map(({ error: e, at }) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})`
      : e.keyword === 'enum' ? ` (${JSON.stringify(e.params['allowedValues'])})` : '';
    return `  ${at ? `${at.line}:${at.column}: ` : ''}${e.instancePath || '/'} ${e.message ?? e.keyword}${detail}`;
  });
  if (total > listed.length) lines.push(`  … and ${total - listed.length} more`);
  return lines.join('\n');
}
