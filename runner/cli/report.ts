/**
 * `settlekit report <report.json>`: rebuild reports from a saved JSON report (HTML, JUnit and Markdown are pure
 * functions of it). Also the one way `report` and `merge` write a report's files and say what they wrote.
 */
import { resolve } from 'node:path';
import { SettlekitError } from '../../lib/errors.ts';
import { renderFromReport, type ReportersOptions, type ReporterName } from '../../reports/index.ts';
import { readReport } from '../../reports/json.ts';
import type { RunReport } from '../model/report.ts';

/** The reporter `settlekit report` writes when `--reporter` is not given. */
export const REPORT_COMMAND_REPORTERS: readonly ReporterName[] = ['html'];

/** Options of `settlekit report`, as commander parses them. */
export interface ReportCommandOptions {
  readonly reporter?: ReporterName[];
  readonly output: string;
}

/** Rebuilds the reports and prints the files written; exit 2 when one could not be written. */
export async function reportCommand(file: string, options: ReportCommandOptions): Promise<void> {
  const report = await readReport(file);
  const written = await writeReportFiles(report, options.reporter ?? REPORT_COMMAND_REPORTERS, options.output);
  process.exitCode = written ? 0 : 2;
}

/**
 * Writes `report` with the named reporters into `output`, listing the files written on stdout unless the console
 * reporter is among them (it says where they are itself). A report that could not be written is printed on stderr
 * and gives false: the caller exits 2, as `run` does, so a CI step never takes a missing report as green.
 */
export async function writeReportFiles(
  report: RunReport,
  names: readonly ReporterName[],
  output: string,
  consoleOptions: Omit<ReportersOptions, 'outputDir'> = {},
): Promise<boolean> {
  try {
    const written = await renderFromReport(report, names, resolve(output), consoleOptions);
    if (!names.includes('console')) for (const path of written) process.stdout.write(`${path}\n`);
    return true;
  } catch (error) {
    if (error instanceof SettlekitError && error.code === 'SETTLEKIT_E_REPORTER') {
      process.stderr.write(`${error.format()}\n`);
      return false;
    }
    throw error;
  }
}
