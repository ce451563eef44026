/**
 * `settlekit report <report.json>`: rebuild reports from a saved JSON report (HTML, JUnit and Markdown are pure
 * functions of it).
 */
import { resolve } from 'node:path';
import { renderFromReport, type ReporterName } from '../../reports/index.ts';
import { readReport } from '../../reports/json.ts';

/** Rebuilds the reports and prints the files written. */
export async function reportCommand(file: string, options: { reporter: ReporterName[]; output: string }): Promise<void> {
  const report = await readReport(file);
  const written = await renderFromReport(report, options.reporter, resolve(options.output));
  for (const path of written) process.stdout.write(`${path}\n`);
  process.exitCode = 0;
}
