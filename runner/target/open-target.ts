/**
 * The target of a run, opened: the URL checked, the embedded reference simulator started when no target is given,
 * the profile resolved for the suites that will run (credentials read from the environment), and a non-embedded
 * target checked to accept connections. `settlekit run` and `settlekit fuzz` open their target this one way.
 */
import { connect } from 'node:net';
import { SettlekitError } from '../../lib/errors.ts';
import { createRedactor } from '../../lib/redact.ts';
import type { TargetProfile } from '../model/profile.ts';
import type { SimulatorOptions } from '../../simulator/index.ts';
import { resolveTarget, type ResolvedTarget } from './profile.ts';

/** An opened target; `close()` stops the embedded simulator, if one was started. */
export interface OpenedTarget {
  readonly target: ResolvedTarget;
  close(): Promise<void>;
}

/** Options of {@link openTarget}. */
export interface OpenTargetOptions {
  /** Base URL of the implementation; default: the profile's `target`, else the embedded reference simulator. */
  readonly target?: string;
  readonly profilePath?: string;
  readonly suiteIds: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Options of the embedded simulator, when one is started (the Pact export's reference run seeds it). */
  readonly simulator?: SimulatorOptions;
}

/** Opens the target a merged profile and the options name. Throws a usage, profile or reachability error (exit 2). */
export async function openTarget(profile: TargetProfile, options: OpenTargetOptions): Promise<OpenedTarget> {
  const targetUrl = options.target ?? profile.target;
  if (targetUrl !== undefined) checkTargetUrl(targetUrl);
  let simulator: { close(): Promise<void> } | undefined;
  let url = targetUrl;
  if (!url) {
    // No target: the bundled reference simulator, on a free loopback port, for this run only.
    const { createSimulator } = await import('../../simulator/index.ts');
    const embedded = createSimulator(options.simulator);
    url = await embedded.listen(0, '127.0.0.1');
    simulator = embedded;
  }
  try {
    const target = resolveTarget(profile, {
      targetUrl: url,
      embedded: simulator !== undefined,
      ...(options.profilePath ? { profilePath: options.profilePath } : {}),
      suiteIds: options.suiteIds,
      ...(options.env ? { env: options.env } : {}),
    });
    if (!simulator) await assertReachable([...new Set([...target.suites.values()].map((s) => s.baseUrl))]);
    return { target, close: async () => simulator?.close() };
  } catch (error) {
    await simulator?.close();
    throw error;
  }
}

/**
 * A target must be an absolute http(s) URL without credentials in it: anything else is a usage error, not a crash deep
 * in the run, and credentials belong in a profile (where they are read from the environment and redacted).
 */
export function checkTargetUrl(target: string): void {
  let url: URL | undefined;
  try {
    url = new URL(target);
  } catch {
    // Reported below.
  }
  // The value may hold credentials (http://user:pass@host), even ones a URL parser would refuse.
  const shown = createRedactor().url(target.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1***@'));
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `the target must be an http:// or https:// URL, got "${shown}"`, {
      hint: 'Pass the base URL of the implementation, e.g. --target http://127.0.0.1:8080.',
    });
  }
  if (url.username || url.password) {
    throw new SettlekitError('SETTLEKIT_E_USAGE', `the target URL carries credentials ("${shown}"), which settlekit does not send`, {
      hint: 'Name the credentials in a target profile (suites.<suite>.credentials, read from environment variables).',
    });
  }
}

/** Checks each origin accepts a TCP connection, so an unreachable target is one clear line, not N failed scenarios. */
export async function assertReachable(urls: readonly string[], timeoutMs = 3_000): Promise<void> {
  for (const url of urls) {
    const { hostname, port, protocol } = new URL(url);
    const host = hostname.replace(/^\[|\]$/g, '');
    const portNumber = Number(port || (protocol === 'https:' ? 443 : 80));
    await new Promise<void>((resolvePromise, reject) => {
      const socket = connect({ host, port: portNumber });
      const fail = (reason: string): void => {
        socket.destroy();
        reject(new SettlekitError('SETTLEKIT_E_TARGET_UNREACHABLE', `cannot reach ${new URL(url).origin}: ${reason}`));
      };
      socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
      socket.once('connect', () => {
        // Let go at once: end() would wait for the other side's FIN, which a server keeping half-closed connections
        // never sends (the socket and its timer would live on until the timeout).
        socket.destroy();
        resolvePromise();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message)));
    });
  }
}
