/**
 * `settlekit pact verify`: Pact's own verifier (the Rust core in `@pact-foundation/pact`, through Pact JS's
 * `Verifier`) checks the target against settlekit's pact files, while settlekit serves the provider states and the
 * credentials. The verification runs in a child process (verify-worker.ts), because Pact's core prints its own log to
 * standard output: the parent keeps settlekit's console report clean and writes Pact's log to `pact-verifier.log` in
 * the report folder. The outcome is a settlekit report — one scenario per exported scenario, one step per interaction
 * with Pact's verdict and mismatch messages, rules rolled up and the gate applied as in `run` — by the same reporters.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SettlekitError, SettlekitErrorList } from '../../lib/errors.ts';
import { writeFileAtomic } from '../../reports/output-file.ts';
import { createRedactor } from '../../lib/redact.ts';
import { checkExchangeBounds } from '../execute/bounds.ts';
import type { RunErrorEvent } from '../model/events.ts';
import type { RunReport, ScenarioResult } from '../model/report.ts';
import { KIT_VERSION } from '../paths.ts';
import { buildReport } from '../report/build-report.ts';
import { gateExitCode, runReporters, type RunOptions } from '../run-conformance.ts';
import { DEFAULT_PACT_LOG_LEVEL, disablePactTelemetry, type PactLogLevel } from './pact-runtime.ts';
import type { ErrorMessage, FromWorker, ToWorker, WorkerOptions } from './verify-worker.ts';

/** Options of {@link verifyPacts}; every one has a default. The target, profile and reports are as for `run`. */
export interface VerifyOptions
  extends Pick<RunOptions, 'target' | 'profile' | 'profileObject' | 'reporters' | 'outputDir' | 'maxBodyBytes' | 'strict' | 'stream' | 'tty' | 'color' | 'verbose' | 'env'> {
  /** Pact files, or folders of them (default `pacts`). */
  readonly pacts?: readonly string[];
  /** Folder of suites the pacts were exported from (default: the bundled scenarios). */
  readonly scenariosDir?: string;
  /** Per-request deadline of the steps a provider state replays, in ms (default 10000). */
  readonly timeoutMs?: number;
  /** Pact's log level (default `error`). */
  readonly pactLogLevel?: PactLogLevel;
  /** Aborting it stops after the pact file being verified (the report of what ran is written, marked interrupted). */
  readonly signal?: AbortSignal;
}

/** The outcome of a verification. */
export interface VerifyOutcome {
  readonly report: RunReport;
  /** 0 conformant, 1 nonconformant, 2 a pact file could not be read or a report not written, 130 interrupted. */
  readonly exitCode: number;
  /** Files written: the reports, and Pact's own log. */
  readonly files: readonly string[];
  readonly reporterErrors: readonly RunErrorEvent[];
  /** Pact files that could not be read (each at its file:line:col); the others were verified. */
  readonly inputErrors: readonly SettlekitError[];
}

/** The name of Pact's own verification log in the report folder. */
export const PACT_LOG_FILE = 'pact-verifier.log';

/**
 * Verifies the target against pact files. Usage, load and profile problems throw (exit code 2) before any request;
 * a pact file that is not Pact V4 JSON is reported in `inputErrors` and the others are still verified.
 */
export async function verifyPacts(options: VerifyOptions = {}): Promise<VerifyOutcome> {
  checkExchangeBounds(options);
  const outputDir = resolve(options.outputDir ?? 'settlekit-report');
  const workerOptions: WorkerOptions = {
    pacts: options.pacts ?? ['pacts'],
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.profileObject !== undefined ? { profileObject: options.profileObject } : {}),
    ...(options.scenariosDir !== undefined ? { scenariosDir: options.scenariosDir } : {}),
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    pactLogLevel: options.pactLogLevel ?? DEFAULT_PACT_LOG_LEVEL,
  };
  const worker = startWorker(workerOptions, options.env ?? process.env, options.signal);
  const started = await worker.next();
  if (started.type === 'failed') {
    await worker.exited;
    throw toErrors(started.errors);
  }
  if (started.type !== 'started') throw workerFault(await worker.exited);
  // From here on the worker's output is Pact's log, which at debug or trace holds the requests Pact sent.
  const redactor = createRedactor({ secrets: started.secrets });

  const { multiplexer, files: reportFiles } = await runReporters(options, outputDir);
  const began = performance.now();
  await multiplexer.onRunStart({ kitVersion: KIT_VERSION, target: started.target, startedAt: started.startedAt, scenarioCount: started.scenarioCount, suites: started.suites });
  const scenarios: ScenarioResult[] = [];
  let interrupted = false;
  let fault: SettlekitError | undefined;
  for (;;) {
    const message = await worker.next();
    if (message.type === 'scenario') {
      const { scenario } = message;
      await multiplexer.onScenarioStart({ id: scenario.id, suite: scenario.suite, title: scenario.title });
      for (const step of scenario.steps) await multiplexer.onStepEnd({ scenarioId: scenario.id, step });
      await multiplexer.onScenarioEnd({ scenario });
      scenarios.push(scenario);
    } else if (message.type === 'done') {
      interrupted = message.interrupted;
      break;
    } else {
      fault = message.type === 'failed' ? toErrors(message.errors).errors[0] : workerFault(await worker.exited);
      break;
    }
  }
  const { log } = await worker.exited;
  // What ran is reported even when the worker died: an unfinished verification is not a green one. The fault may
  // quote the tail of Pact's log, masked as the log file is.
  if (fault) await multiplexer.onError({ code: fault.code, message: redactor.text(`the verification stopped: ${fault.message}`) });
  const report = buildReport(
    {
      kitVersion: KIT_VERSION,
      target: started.target,
      startedAt: started.startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - began),
      interrupted,
      options: { suites: started.suites, tags: [], rules: [], concurrency: 1, timeoutMs: workerOptions.timeoutMs, strict: options.strict ?? false },
    },
    started.catalogues,
    scenarios,
  );
  await multiplexer.onRunEnd({ report, outputDir });
  const logFile = await writeLog(outputDir, redactor.text(log.replace(ANSI, '')));
  if (!logFile) await multiplexer.onError({ code: 'SETTLEKIT_E_REPORTER', message: `cannot write ${join(outputDir, PACT_LOG_FILE)}`, reporter: 'pact-log' });
  const files = [...reportFiles(), ...(logFile ? [logFile] : [])];
  const inputErrors = toErrors(started.inputErrors).errors;
  const exitCode = interrupted ? 130 : fault || !logFile || multiplexer.errors.length > 0 || inputErrors.length > 0 ? 2 : gateExitCode(report);
  return { report, exitCode, files, reporterErrors: multiplexer.errors, inputErrors };
}

/** A running worker: its messages in order, and its end (with what it printed: Pact's log). */
interface Worker {
  next(): Promise<FromWorker | { readonly type: 'exit' }>;
  readonly exited: Promise<{ readonly code: number | null; readonly log: string }>;
}

/**
 * The command module the worker runs, in the form this module runs in: the compiled JavaScript of the package, or —
 * in a checkout run from its TypeScript sources (tsx, the tests) — the source itself, with tsx's loader in the child
 * too, so a verification never runs a stale build.
 */
function workerEntry(): { readonly file: string; readonly execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`../cli/main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return { file, execArgv: fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [] };
}

function startWorker(options: WorkerOptions, env: NodeJS.ProcessEnv, signal: AbortSignal | undefined): Worker {
  const childEnv = { ...env };
  disablePactTelemetry(childEnv);
  // No inherited node flags: an `--inspect` port or a test runner's loader is the parent's business.
  const entry = workerEntry();
  const child = fork(entry.file, ['__pact-verify-worker'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env: childEnv, execArgv: entry.execArgv });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const queue: (FromWorker | { type: 'exit' })[] = [];
  let waiting: ((message: FromWorker | { type: 'exit' }) => void) | undefined;
  const push = (message: FromWorker | { type: 'exit' }): void => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    } else queue.push(message);
  };
  child.on('message', (message: FromWorker) => push(message));
  const exited = new Promise<{ code: number | null; log: string }>((resolve) => {
    child.on('exit', (code) => {
      push({ type: 'exit' });
      signal?.removeEventListener('abort', abort);
      resolve({ code, log });
    });
    child.on('error', (error) => {
      log += `\n${error.message}\n`;
    });
  });
  const abort = (): void => {
    if (child.connected) child.send({ type: 'abort' } satisfies ToWorker);
  };
  signal?.addEventListener('abort', abort, { once: true });
  child.send({ type: 'start', options } satisfies ToWorker);
  if (signal?.aborted) abort();
  return {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => (waiting = resolve))),
    exited,
  };
}

function toErrors(messages: readonly ErrorMessage[]): SettlekitErrorList {
  return new SettlekitErrorList(messages.map((m) => new SettlekitError(m.code, m.message, { hint: m.hint, ...(m.position ? { position: m.position } : {}) })));
}

function workerFault(exit: { code: number | null; log: string }): SettlekitError {
  const tail = exit.log.trim().split('\n').slice(-5).join('\n');
  return new SettlekitError('SETTLEKIT_E_INTERNAL', `the Pact verification process ended (exit ${exit.code ?? 'by signal'}) before it finished${tail ? `:\n${tail}` : ''}`);
}

// Pact's core colours its log for a terminal; the file is for reading.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Writes Pact's own log into the report folder; `undefined` when it cannot (a report missing: exit code 2). */
async function writeLog(outputDir: string, log: string): Promise<string | undefined> {
  const file = join(outputDir, PACT_LOG_FILE);
  try {
    await mkdir(outputDir, { recursive: true });
    await writeFileAtomic(file, log);
    return file;
  } catch {
    return undefined;
  }
}
