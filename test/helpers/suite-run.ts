/**
 * Runs suites end to end through the real CLI (`settlekit run --reporter json`) and reads back the JSON report, for
 * the suites' own tests; plus the few questions those tests ask of a report.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { loadProject } from '../../runner/load/load-project.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { runCli } from './cli.ts';
import { startLaxProxy, type LaxProxy, type LaxTransform } from './lax-proxy.ts';
import { useSimulator } from './simulator.ts';

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

/**
 * The reference simulator behind deliberately lax proxies, for the current `describe` block: `runThrough(transform)`
 * runs `suites` through a new proxy that applies `transform`. Simulator and proxies are closed after the block.
 */
export function useLaxTargets(suites: readonly string[]): { runThrough(transform: LaxTransform): Promise<SuiteRun> } {
  const simulator = useSimulator();
  const proxies: LaxProxy[] = [];
  afterAll(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });
  return {
    async runThrough(transform) {
      const proxy = await startLaxProxy(simulator.url, transform);
      proxies.push(proxy);
      return runSuites({ suites, target: proxy.url });
    },
  };
}

/** The suite's catalogued rules that no scenario covers and no reason excuses. */
export async function uncoveredRules(suiteId: string): Promise<{ ruleIds: string[]; uncovered: string[] }> {
  const project = await loadProject(join(ROOT, 'scenarios'));
  const suite = project.suites.find((s) => s.id === suiteId);
  if (!suite) throw new Error(`no suite ${suiteId}`);
  const covered = new Set(suite.scenarios.flatMap((s) => [...s.rules, ...s.steps.flatMap((step) => step.rules)]));
  return { ruleIds: suite.rules.map((r) => r.id), uncovered: suite.rules.filter((r) => !covered.has(r.id) && !r.untestableReason).map((r) => r.id) };
}
