/**
 * `settlekit pact export` and `settlekit pact verify` through the real CLI for the Pact tests: export into a fresh
 * folder and read the pact files back; verify and read the (schema-checked) JSON report back. Every folder made is
 * removed by {@link removePactOutputs}.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportOutcome } from '../../runner/pact/export.ts';
import type { RunReport } from '../../runner/model/report.ts';
import { readValidReport } from '../reliability/report-checks.ts';
import { runCli, type CliResult } from './cli.ts';
import { ROOT } from './suite-run.ts';

/** A Pact V4 file as the tests read it. */
export interface PactJson {
  readonly consumer: { readonly name: string };
  readonly provider: { readonly name: string };
  readonly metadata: { readonly pactSpecification: { readonly version: string } };
  readonly interactions: readonly PactInteractionJson[];
}

/** One interaction of a pact file. */
export interface PactInteractionJson {
  readonly type: string;
  readonly description: string;
  readonly providerStates: readonly { readonly name: string; readonly params: Record<string, unknown> }[];
  readonly comments?: { readonly text?: readonly string[] };
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Record<string, string[]>;
    readonly body?: { readonly content: unknown; readonly contentType: string };
    readonly generators?: Record<string, Record<string, { readonly type: string; readonly expression: string }> | { readonly type: string; readonly expression: string }>;
    readonly matchingRules?: Record<string, unknown>;
  };
  readonly response: {
    readonly status: number;
    readonly headers?: Record<string, string[]>;
    readonly body?: { readonly content: unknown; readonly contentType: string };
    readonly matchingRules?: { readonly body?: Record<string, { readonly matchers: readonly Record<string, unknown>[] }>; readonly status?: unknown; readonly header?: unknown };
  };
}

/** An export through the CLI. */
export interface PactExport {
  readonly dir: string;
  readonly cli: CliResult;
  /** The summary `--json` printed. */
  readonly summary: ExportOutcome;
  /** Every pact file written, by file name. */
  readonly files: ReadonlyMap<string, PactJson>;
}

const folders: string[] = [];

/** A fresh temporary folder, removed by {@link removePactOutputs}. */
export async function tempFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `settlekit-${prefix}-`));
  folders.push(dir);
  return dir;
}

/** Runs `settlekit pact export --json` with `args` into a fresh folder and reads every file back. */
export async function exportPacts(args: readonly string[] = []): Promise<PactExport> {
  const dir = await tempFolder('pacts');
  const cli = await runCli(['pact', 'export', '--output', dir, '--json', ...args], { cwd: ROOT, timeoutMs: 300_000 });
  let summary: ExportOutcome;
  try {
    summary = JSON.parse(cli.stdout) as ExportOutcome;
  } catch (error) {
    throw new Error(`pact export printed no JSON summary (exit ${cli.code}): ${cli.stderr || cli.stdout}`, { cause: error });
  }
  const files = new Map<string, PactJson>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) files.set(name, JSON.parse(await readFile(join(dir, name), 'utf8')) as PactJson);
  return { dir, cli, summary, files };
}

/** A verification through the CLI and its report. */
export interface PactVerification {
  readonly cli: CliResult;
  readonly output: string;
  readonly report: RunReport;
}

/** Runs `settlekit pact verify --reporter json` with `args` and reads the report back (checked against its schema). */
export async function verifyPacts(args: readonly string[]): Promise<PactVerification> {
  const output = await tempFolder('verify');
  const cli = await runCli(['pact', 'verify', '--reporter', 'json', '--output', output, ...args], { cwd: ROOT, timeoutMs: 300_000 });
  let report: RunReport;
  try {
    report = await readValidReport(output);
  } catch (error) {
    throw new Error(`no valid report.json (exit ${cli.code}): ${cli.stderr || cli.stdout}`, { cause: error });
  }
  return { cli, output, report };
}

/** Removes every folder the helpers made (call in afterAll). */
export async function removePactOutputs(): Promise<void> {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The statuses of the rules that did not pass, by rule id. */
export function rulesNotPassed(report: RunReport): Record<string, string> {
  return Object.fromEntries(report.rules.filter((r) => r.status !== 'passed' && r.status !== 'untested' && r.status !== 'skipped').map((r) => [r.id, r.status]));
}
