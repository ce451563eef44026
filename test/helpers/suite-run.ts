/**
 * Runs suites end to end through the real CLI (`settlekit run --reporter json`) and reads back the JSON report, for
 * the suites' own tests; plus the few questions those tests ask of a report.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../runner/model/report.ts';
import { runCli } from './cli.ts';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A finished CLI run and its report. */
export interface SuiteRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: RunReport;
}

const outputs: string[] = [];

/** Runs `settlekit run --reporter json` on `suites` (all by default) against `target` (the embedded simulator by default). */
export async function runSuites(options: { suites?: readonly string[]; target?: string; grep?: string; args?: readonly string[] } = {}): Promise<SuiteRun> {
  const output = await mkdtemp(join(tmpdir(), 'settlekit-suite-'));
  outputs.push(output);
  const args = [
    'run',
    ...(options.suites ?? []).flatMap((suite) => ['--suite', suite]),
    '--reporter',
    'json',
    '--output',
    output,
    ...(options.target ? ['--target', options.target] : []),
    ...(options.grep ? ['--grep', options.grep] : []),
    ...(options.args ?? []),
  ];
  const { code, stdout, stderr } = await runCli(args, { cwd: ROOT, timeoutMs: 180_000 });
  let report: RunReport;
  try {
    report = JSON.parse(await readFile(join(output, 'report.json'), 'utf8')) as RunReport;
  } catch (error) {
    throw new Error(`no report.json (exit ${code}): ${stderr || stdout}`, { cause: error });
  }
  return { code: code ?? -1, stdout, stderr, report };
}

/** Removes every report folder {@link runSuites} made (call in afterAll). */
export async function removeSuiteOutputs(): Promise<void> {
  await Promise.all(outputs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The status of a rule in a report. */
export const ruleStatus = (report: RunReport, id: string): string | undefined => report.rules.find((r) => r.id === id)?.status;

/** Ids of the failed scenarios, without the `prefix` when given. */
export const failedScenarios = (report: RunReport, prefix = ''): string[] =>
  report.scenarios.filter((s) => s.status === 'failed').map((s) => (prefix && s.id.startsWith(prefix) ? s.id.slice(prefix.length) : s.id));

/** Ids of the failed rules. */
export const failedRules = (report: RunReport): string[] => report.rules.filter((r) => r.status === 'failed').map((r) => r.id);

/** Why a run went wrong, for assertion messages. */
export const reasons = (run: SuiteRun): string =>
  `${run.stderr}\n${run.report.scenarios
    .filter((s) => s.status !== 'passed' && s.status !== 'skipped')
    .map((s) => `${s.id}: ${s.status} ${s.reason ?? ''}`)
    .join('\n')}`;
