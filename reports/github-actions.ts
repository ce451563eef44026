/**
 * GitHub Actions: when the console reporter runs under GitHub Actions (`GITHUB_ACTIONS=true`, see
 * `isGitHubActions` in reports/index.ts), it is joined by this reporter, which writes one `::error` workflow command per failed step — pointing at the scenario file and the step's
 * line, so the failure shows on the file in the pull request — plus warnings for waived failures and for expired or
 * stale waivers, and appends the Markdown summary to `$GITHUB_STEP_SUMMARY`. Commands are escaped as the runner
 * expects, so no text from the target can end a command early or start a new one.
 */
import { appendFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Reporter, RunEndEvent } from '../runner/model/events.ts';
import type { RunReport, StepResult } from '../runner/model/report.ts';
import { notRunByStop, waiverMarkText, waiverOutcomeText } from './gate-text.ts';
import { renderMarkdown } from './markdown.ts';

/** Options of {@link createGitHubActionsReporter}. */
export interface GitHubActionsReporterOptions {
  /** Where workflow commands go: the job log, i.e. stdout (default `process.stdout`). */
  readonly stream?: NodeJS.WritableStream;
  /** Environment (default `process.env`): `GITHUB_WORKSPACE`, `GITHUB_STEP_SUMMARY`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Folder the scenario paths in the report are relative to (default the working directory). */
  readonly cwd?: string;
}

/**
 * Annotations of one level written per run: GitHub keeps 10 error, 10 warning and 10 notice annotations per step (and
 * drops the rest without a word), so the rest are counted in one notice instead.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

/** Escapes the message of a workflow command (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command (also `:` and `,`, which separate properties). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One annotation. */
export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly file?: string;
  readonly line?: number;
  readonly title: string;
  readonly message: string;
}

/** The workflow command of an annotation: `::error file=…,line=…,title=…::message`. */
export function formatAnnotation(a: Annotation): string {
  const props = [a.file !== undefined ? `file=${escapeProperty(a.file)}` : '', a.line !== undefined ? `line=${a.line}` : '', `title=${escapeProperty(a.title)}`].filter(Boolean);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

/**
 * The annotations of a report: one per failed or errored step (an error, or a warning when a waiver waives it), one
 * for a scenario that failed without a failing step, one for a run the kit stopped, one per expired or stale waiver.
 * Paths are relative to `workspace` (where the repository is checked out), with forward slashes.
 */
export function annotationsOf(report: RunReport, options: { readonly workspace: string; readonly cwd: string }): Annotation[] {
  const path = (file: string): string => relative(options.workspace, resolve(options.cwd, file)).split(sep).join('/');
  const out: Annotation[] = [];
  if (report.stopped) out.push({ level: 'error', title: `settlekit stopped the run (${report.stopped.code})`, message: `${report.stopped.message}; the scenarios not run are reported errored` });
  for (const s of report.scenarios) {
    if (s.status !== 'failed' && s.status !== 'errored') continue;
    if (notRunByStop(report, s)) continue;
    const level = s.waiver?.state === 'applied' ? 'warning' : 'error';
    const note = s.waiver ? `\n(${waiverMarkText(s.waiver)})` : '';
    const rules = s.rules.length ? `\nrules: ${s.rules.join(', ')}` : '';
    const steps = s.steps.filter((st) => st.status === 'failed' || st.status === 'errored');
    if (steps.length === 0) {
      out.push({ level, file: path(s.file), line: s.line, title: `settlekit: ${s.id} ${s.status}`, message: `${s.reason ?? s.status}${rules}${note}` });
      continue;
    }
    for (const step of steps) {
      out.push({ level, file: path(s.file), line: step.line, title: `settlekit: ${s.id} ${step.status}`, message: `step "${step.name}" ${step.status}: ${stepProblem(step)}${rules}${note}` });
    }
  }
  for (const w of report.waivers?.entries ?? []) {
    if (w.state === 'applied') continue;
    out.push({
      level: 'warning',
      ...(report.waivers?.file ? { file: path(report.waivers.file) } : {}),
      ...(w.line !== undefined ? { line: w.line } : {}),
      title: w.state === 'expired' ? 'settlekit: waiver expired' : 'settlekit: stale waiver',
      message: waiverOutcomeText(w),
    });
  }
  return out;
}

/**
 * The annotations GitHub will show: the first {@link ANNOTATIONS_PER_LEVEL} of each level, in order, and when some are
 * left out a notice counting them (the job summary and the reports have them all).
 */
export function limitAnnotations(all: readonly Annotation[]): Annotation[] {
  const shownOf = new Map<Annotation['level'], number>();
  const leftOf = new Map<Annotation['level'], number>();
  const shown: Annotation[] = [];
  for (const a of all) {
    const n = shownOf.get(a.level) ?? 0;
    if (n < ANNOTATIONS_PER_LEVEL) {
      shownOf.set(a.level, n + 1);
      shown.push(a);
    } else leftOf.set(a.level, (leftOf.get(a.level) ?? 0) + 1);
  }
  if (leftOf.size === 0) return shown;
  const counts = (['error', 'warning', 'notice'] as const).flatMap((level) => {
    const n = leftOf.get(level) ?? 0;
    return n > 0 ? [`${n} more ${level}${n === 1 ? '' : 's'}`] : [];
  });
  // annotationsOf writes errors and warnings only, so this notice is always within the notices GitHub shows.
  return [...shown, { level: 'notice', title: 'settlekit', message: `${counts.join(' and ')} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} of each per step); see the job summary and the reports` }];
}

/**
 * A reporter that, at the end of the run, writes the report's annotations to the job log and appends the Markdown
 * summary to `$GITHUB_STEP_SUMMARY` (when set).
 */
export function createGitHubActionsReporter(options: GitHubActionsReporterOptions = {}): Reporter {
  const stream = options.stream ?? process.stdout;
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  return {
    name: 'github-actions',
    async onRunEnd({ report }: RunEndEvent): Promise<void> {
      const lines = limitAnnotations(annotationsOf(report, { workspace: env['GITHUB_WORKSPACE'] || cwd, cwd })).map(formatAnnotation);
      if (lines.length > 0) stream.write(`${lines.join('\n')}\n`);
      const summary = env['GITHUB_STEP_SUMMARY'];
      if (summary) await appendFile(summary, `${renderMarkdown(report)}\n`, 'utf8');
    },
  };
}

/** What went wrong in a step, in one line: its error, or its first failed assertion. */
function stepProblem(step: StepResult): string {
  if (step.error) return `${step.error.code}: ${step.error.message}`;
  const failed = step.assertions.find((a) => !a.passed);
  return failed ? `${failed.kind}${failed.path ? ` ${failed.path}` : ''}: ${failed.message}` : step.status;
}
