/**
 * The JSON report: the source of truth every other report is rebuilt from. Writing it (a reporter), serializing it,
 * and reading a saved one back with validation against specs/report.schema.json (`settlekit report <report.json>`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../lib/ajv.ts';
import { SettlekitError } from '../lib/errors.ts';
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
 * @throws {SettlekitError} `SETTLEKIT_E_REPORT_INPUT` when the file cannot be read, is not JSON, or does not match the
 * schema (the message lists ajv's errors as `instancePath message`; `cause` holds the raw ajv errors).
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
    const reason = error instanceof Error ? error.message : String(error);
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${path} is not JSON: ${reason}`, { position, cause: error });
  }
  const validate = await reportValidator();
  if (!validate(data)) {
    const errors = validate.errors ?? [];
    throw new SettlekitError('SETTLEKIT_E_REPORT_INPUT', `${path} is not a settlekit report (specs/report.schema.json):\n${formatAjvErrors(errors)}`, {
      position,
      cause: errors,
    });
  }
  return data as RunReport;
}

function formatAjvErrors(errors: readonly ErrorObject[]): string {
  const lines = errors.slice(0, MAX_LISTED_ERRORS).map((e) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})`
      : e.keyword === 'enum' ? ` (${JSON.stringify(e.params['allowedValues'])})` : '';
    return `  ${e.instancePath || '/'} ${e.message ?? e.keyword}${detail}`;
  });
  if (errors.length > MAX_LISTED_ERRORS) lines.push(`  … and ${errors.length - MAX_LISTED_ERRORS} more`);
  return lines.join('\n');
}
