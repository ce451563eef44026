/**
 * `settlekit pact export`: the suites as Pact V4 files (runner/pact/export.ts), and a summary per suite of how many
 * steps became interactions, which were left out and why, and where Pact checks other than settlekit does.
 */
import { exportPacts, type ExportOutcome, type SuiteExport } from '../pact/export.ts';
import type { PactLogLevel } from '../pact/pact-runtime.ts';
import { relative } from 'node:path';

/** Options of `settlekit pact export`, as commander parses them. */
export interface PactExportCommandOptions {
  readonly suite?: string[];
  readonly tag?: string[];
  readonly rule?: string[];
  readonly grep?: string;
  readonly scenarios?: string;
  readonly output: string;
  readonly consumer?: string;
  readonly provider?: string;
  readonly timeout: number;
  readonly pactLogLevel: PactLogLevel;
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/** Exports the pacts, prints the summary and sets the exit code. */
export async function pactExportCommand(options: PactExportCommandOptions): Promise<void> {
  const outcome = await exportPacts({
    ...(options.suite ? { suites: options.suite } : {}),
    ...(options.tag ? { tags: options.tag } : {}),
    ...(options.rule ? { rules: options.rule } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.scenarios ? { scenariosDir: options.scenarios } : {}),
    outputDir: options.output,
    ...(options.consumer !== undefined ? { consumer: options.consumer } : {}),
    ...(options.provider !== undefined ? { provider: options.provider } : {}),
    timeoutMs: options.timeout,
    pactLogLevel: options.pactLogLevel,
  });
  process.stdout.write(options.json ? `${JSON.stringify(outcome, null, 2)}\n` : formatExportSummary(outcome, options.verbose ?? false));
  process.exitCode = outcome.exitCode;
}

/** The export summary for people: per suite, the counts, the steps left out by reason, and the notes by kind. */
export function formatExportSummary(outcome: ExportOutcome, verbose: boolean): string {
  const lines: string[] = [];
  for (const suite of outcome.suites) lines.push(...suiteSummary(suite, verbose), '');
  const interactions = outcome.suites.reduce((n, s) => n + s.interactions, 0);
  lines.push(`${interactions} interaction(s) in ${outcome.suites.filter((s) => s.file).length} pact file(s) in ${shown(outcome.outputDir)} (${(outcome.durationMs / 1000).toFixed(1)} s)`);
  if (outcome.exitCode !== 0) lines.push('incomplete: some steps failed in the reference run or were refused by Pact (listed above)');
  return `${lines.join('\n')}\n`;
}

function suiteSummary(suite: SuiteExport, verbose: boolean): string[] {
  const lines = [`${suite.suite}: ${suite.consumer} → ${suite.provider}: ${suite.file ? shown(suite.file) : 'no pact written (no interaction)'}`];
  lines.push(`  ${suite.steps} step(s): ${suite.interactions} interaction(s), ${suite.leftOut.length} left out`);
  const byCategory = new Map<string, typeof suite.leftOut>();
  for (const step of suite.leftOut) byCategory.set(step.category, [...(byCategory.get(step.category) ?? []), step]);
  for (const [category, steps] of byCategory) {
    lines.push(`    ${String(steps.length).padStart(4)} ${category}`);
    // Steps no Pact interaction can be (controls, races, skipped scenarios) are listed with --verbose; the others
    // always, since each is a request settlekit checks and the pact does not.
    const listed = verbose || !['test control', 'repeated', 'skipped'].includes(category);
    if (listed) for (const step of steps) lines.push(`         ${step.scenarioId} step ${step.stepNumber} (${step.stepName}): ${step.reason}`);
    else lines.push(`         ${steps[0]!.reason}${steps.length > 1 ? ` (and ${steps.length - 1} more: --verbose lists them)` : ''}`);
  }
  if (suite.notes.length > 0) lines.push('  where Pact checks other than settlekit (occurrences):');
  for (const note of suite.notes) {
    lines.push(`    ${String(note.count).padStart(4)} ${note.kind === 'approximated' ? 'approximated' : 'not checked '}  ${note.expectation} → ${note.pact}`);
    if (verbose) for (const where of note.occurrences) lines.push(`           ${where}`);
  }
  return lines;
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}
