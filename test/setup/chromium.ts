/**
 * Chromium for the HTML report's browser tests, on a fresh machine: the global setup of the `browser` test project
 * (vitest.config.ts) makes sure Debian's `chromium` is at /usr/bin/chromium before those tests start. When it is
 * missing and this process can install it (root, with apt-get), it runs .ci/install-chromium.sh — the script CI runs —
 * and otherwise stops the run with the one command that installs it. SETTLEKIT_SKIP_BROWSER=1 skips the browser tests
 * instead (see browserGate in test/reports/html/chromium.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from '../reports/html/chromium.ts';

/** The script that installs Debian's chromium (idempotent; what .ci/run runs). */
export const INSTALL_SCRIPT = fileURLToPath(new URL('../../.ci/install-chromium.sh', import.meta.url));

/** The command a person runs when the tests cannot install the browser themselves. */
export const INSTALL_COMMAND = 'sudo bash .ci/install-chromium.sh';

/** What the set-up sees of the machine. */
export interface ChromiumHost {
  readonly env: NodeJS.ProcessEnv;
  /** Whether a file exists (the browser, apt-get). */
  exists(path: string): boolean;
  /** True when this process runs as root. */
  readonly root: boolean;
  /** Runs the install script; resolves to its exit code. */
  install(): number;
  /** Where progress is written. */
  log(line: string): void;
}

/** What the set-up will do. */
export type ChromiumPlan =
  | { readonly action: 'none'; readonly reason: string }
  | { readonly action: 'install' }
  | { readonly action: 'fail'; readonly message: string };

/** Decides, without side effects, what to do about the browser on `host`. */
export function planChromium(host: Pick<ChromiumHost, 'env' | 'exists' | 'root'>, executablePath = CHROMIUM_PATH): ChromiumPlan {
  if (host.env.SETTLEKIT_SKIP_BROWSER === '1') return { action: 'none', reason: 'browser tests skipped on request (SETTLEKIT_SKIP_BROWSER=1)' };
  if (host.exists(executablePath)) return { action: 'none', reason: `chromium found at ${executablePath}` };
  if (host.root && host.exists('/usr/bin/apt-get')) return { action: 'install' };
  return {
    action: 'fail',
    message:
      `The HTML report's browser tests need Debian's chromium at ${executablePath}, which is missing, and this process ` +
      `cannot install it (it is not root with apt-get). Install it with:\n\n  ${INSTALL_COMMAND}\n\n` +
      'then run the tests again (or set SETTLEKIT_SKIP_BROWSER=1 to skip the browser tests).',
  };
}

/** Carries out {@link planChromium} on `host`; throws with instructions when the browser is still missing. */
export function ensureChromium(host: ChromiumHost, executablePath = CHROMIUM_PATH): void {
  const plan = planChromium(host, executablePath);
  if (plan.action === 'none') return;
  if (plan.action === 'fail') throw new Error(plan.message);
  host.log(`chromium is missing at ${executablePath}: installing Debian's chromium (${INSTALL_SCRIPT})…`);
  const code = host.install();
  if (code !== 0 || !host.exists(executablePath)) {
    throw new Error(`Installing chromium failed (exit ${code}); run it yourself and see its output:\n\n  ${INSTALL_COMMAND}\n`);
  }
}

/** The real machine. */
export const LOCAL_HOST: ChromiumHost = {
  env: process.env,
  exists: existsSync,
  root: process.getuid?.() === 0,
  install: () => spawnSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status ?? 1,
  log: (line) => process.stderr.write(`${line}\n`),
};

/** vitest global setup of the browser tests. */
export function setup(): void {
  ensureChromium(LOCAL_HOST);
}
