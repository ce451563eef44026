/**
 * `settlekit merge <report.json…>`: the reports of the shards of one run (`settlekit run --shard i/n`) merged into one
 * report, written by every reporter as if it had been one run. Exit 0 when the merged gate passes, 1 when it fails,
 * 2 when the reports cannot be merged (different kits, suites, targets or plans; a shard missing or given twice).
 */
import { SettlekitError } from '../../lib/errors.ts';
import type { ReporterName } from '../../reports/index.ts';
import { readReport } from '../../reports/json.ts';
import { readWaivers } from '../load/load-waivers.ts';
import { snapshotOf } from '../report/baseline.ts';
import { mergeReports } from '../report/merge-reports.ts';
import { DEFAULT_REPORTERS, gateExitCode } from '../run-conformance.ts';
import type { GateOption } from './options.ts';
import { writeReportFiles } from './report.ts';
import { consoleOptions, gateOptions } from './run.ts';

/** Options of `settlekit merge`, as commander parses them. */
export interface MergeCommandOptions {
  readonly reporter?: ReporterName[];
  readonly output: string;
  readonly baseline?: string;
  readonly gate?: GateOption;
  readonly strict?: boolean;
  readonly waivers?: string;
  readonly verbose?: boolean;
  readonly color: boolean;
}

/** Merges the reports, writes every report and sets the exit code. */
export async function mergeCommand(files: string[], options: MergeCommandOptions): Promise<void> {
  const inputs = [];
  for (const file of files) inputs.push({ file, report: await readReport(file) });
  const gate = options.gate || options.strict ? gateOptions(options) : {};
  const baseline = options.baseline ? snapshotOf(await readReport(options.baseline), options.baseline) : undefined;
  const report = mergeReports(inputs, {
    ...gate,
    ...(baseline ? { baseline } : {}),
    ...(options.waivers ? { waivers: await readWaivers(options.waivers) } : {}),
  });
  if (report.options.gate === 'regressions' && !report.baseline) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', '--gate regressions needs a baseline: pass --baseline <report.json>, or run the shards with one');
  }
  const written = await writeReportFiles(report, options.reporter ?? DEFAULT_REPORTERS, options.output, { verbose: options.verbose ?? false, ...consoleOptions(options) });
  // A report that could not be written is a merge a CI gate must not take as green (as for `run`).
  if (!written) {
    process.exitCode = 2;
    return;
  }
  // A shard that was interrupted or stopped fails the merged gate: the merge itself ran to its end.
  process.exitCode = gateExitCode(report);
}
