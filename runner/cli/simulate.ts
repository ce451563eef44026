/**
 * `settlekit simulate`: the reference simulator of all three APIs as a standalone server, until SIGINT/SIGTERM.
 */
import { SettlekitError } from '../../lib/errors.ts';
import { createSimulator, DEFAULT_MERCHANT_ACCOUNTS, SEEDED_START_TIME, type Simulator } from '../../simulator/index.ts';

/** What `settlekit simulate` is told on the command line. */
export interface SimulateCommandOptions {
  readonly port: number;
  readonly host: string;
  /**
   * Braintree settlement adjustment (the BT-PS-05 exception): every merchant account may settle this many percent
   * above an authorization. Unset: none, as a merchant without the industry/processor support.
   */
  readonly settlementAdjustment?: number;
  /**
   * Makes the simulator reproducible (SimulatorOptions.seed): ids, Worldpay link tokens and the clock's start derived
   * from this text, so the same requests in the same order get the same answers, every time it is started.
   */
  readonly seed?: string;
  /** The Braintree merchant id (default `integration_merchant_id`, the SDK's test merchant). */
  readonly merchantId?: string;
}

/**
 * The environment variables that give the simulator other credentials than the SDK's public test keys: secrets, so
 * never options (a command line shows in `ps`) and never printed — the banner names the variables instead.
 */
export const SIMULATOR_CREDENTIAL_ENV = {
  braintreePublicKey: 'SETTLEKIT_SIMULATOR_BRAINTREE_PUBLIC_KEY',
  braintreePrivateKey: 'SETTLEKIT_SIMULATOR_BRAINTREE_PRIVATE_KEY',
  worldpayUsername: 'SETTLEKIT_SIMULATOR_WORLDPAY_USERNAME',
  worldpayPassword: 'SETTLEKIT_SIMULATOR_WORLDPAY_PASSWORD',
} as const;

/** A credential from `env[name]`: unset is the default; set but empty is a usage error naming the variable. */
function credential(env: NodeJS.ProcessEnv, name: string, without: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new SettlekitError('SETTLEKIT_E_USAGE', `${name} is set but empty: give it a value, or unset it for ${without}`);
  return value;
}

/**
 * "(a / b)" for the banner: the defaults as they are (the SDK's public test keys, `settlekit`), a credential from the
 * environment by its variable's name — its value is never printed.
 */
function shownCredentials(word: string, pairs: readonly (readonly [variable: string, value: string | undefined, fallback: string])[]): string {
  if (pairs.every(([, value]) => value === undefined)) return `(${pairs.map(([, , fallback]) => fallback).join(' / ')})`;
  return `(${word} from ${pairs.map(([variable, value, fallback]) => (value === undefined ? fallback : `$${variable}`)).join(' / ')})`;
}

/** Serves the simulator; resolves when it has shut down after a signal. */
export async function simulateCommand(options: SimulateCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const percent = options.settlementAdjustment;
  const names = SIMULATOR_CREDENTIAL_ENV;
  const braintree = [credential(env, names.braintreePublicKey, "the SDK's test key"), credential(env, names.braintreePrivateKey, "the SDK's test key")] as const;
  const worldpay = [credential(env, names.worldpayUsername, 'settlekit'), credential(env, names.worldpayPassword, 'settlekit')] as const;
  const simulator = createSimulator({
    ...(percent === undefined ? {} : { merchantAccounts: DEFAULT_MERCHANT_ACCOUNTS.map((account) => ({ ...account, settlementAdjustmentPercent: percent })) }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.merchantId === undefined ? {} : { merchantId: options.merchantId }),
    ...(braintree[0] === undefined ? {} : { publicKey: braintree[0] }),
    ...(braintree[1] === undefined ? {} : { privateKey: braintree[1] }),
    worldpay: { ...(worldpay[0] === undefined ? {} : { username: worldpay[0] }), ...(worldpay[1] === undefined ? {} : { password: worldpay[1] }) },
  });
  const url = await listenOrExplain(simulator, options);
  // A credential not from the environment is the simulator's default, as its resolved config holds it.
  const { config } = simulator;
  const braintreeShown = shownCredentials('keys', [
    [names.braintreePublicKey, braintree[0], config.publicKey],
    [names.braintreePrivateKey, braintree[1], config.privateKey],
  ]);
  const worldpayShown = shownCredentials('credentials', [
    [names.worldpayUsername, worldpay[0], config.worldpay.username],
    [names.worldpayPassword, worldpay[1], config.worldpay.password],
  ]);
  // The stop signals are taken before anything is printed: a supervisor (a test, docker-compose) that signals as soon
  // as it reads "listening on" must find them handled, never Node's default (death by the signal, no clean close).
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // The banner in one write, so a reader of the pipe gets it whole (or not at all), never its first line alone.
  const banner = [
    `settlekit reference simulator listening on ${url}`,
    `  Braintree:                /merchants/${config.merchantId}/… ${braintreeShown}`,
    `  Worldpay Payments:        /api/payments… ${worldpayShown}`,
    `  Worldpay Split Payments:  /splitPayments… ${worldpayShown}`,
    '  test controls:            /__settlekit/…',
  ];
  if (options.seed !== undefined) {
    banner.push(`  seed:                     ${JSON.stringify(options.seed)} (ids, link tokens and the clock's start, ${new Date(SEEDED_START_TIME).toISOString()}, follow from it)`);
  }
  if (percent !== undefined) {
    banner.push(`  settlement adjustment:    up to ${percent}% above an authorization (declare capabilities: [settlement-adjustment] in the profile)`);
  }
  process.stdout.write(`${banner.join('\n')}\n`);
  await stopped;
  await simulator.close();
  process.stdout.write('simulator stopped\n');
}

/** What to do, on the command line, when the system refuses to listen (the library's message says why). */
const PORT_HINT = 'Another process (a settlekit simulate already running?) may hold the port: pick another --port, or --port 0 for any free one.';
const HOST_HINT = 'Pass --host a name or address of this machine (127.0.0.1 by default; 0.0.0.0 for every interface).';
const LISTEN_HINTS: Readonly<Record<string, string>> = { EADDRINUSE: PORT_HINT, EACCES: PORT_HINT, EADDRNOTAVAIL: HOST_HINT, ENOTFOUND: HOST_HINT, EAI_AGAIN: HOST_HINT };

/**
 * Listens as asked; a port or host the system refuses is a usage error in one line (exit 2) with the simulator's
 * reason and a hint in terms of --port and --host, not an internal error with a stack.
 */
async function listenOrExplain(simulator: Simulator, options: SimulateCommandOptions): Promise<string> {
  try {
    return await simulator.listen(options.port, options.host);
  } catch (error) {
    if (!(error instanceof SettlekitError)) throw error;
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    const hint = (code && LISTEN_HINTS[code]) ?? (error.code === 'SETTLEKIT_E_SIMULATOR_OPTION' ? HOST_HINT : PORT_HINT);
    throw new SettlekitError('SETTLEKIT_E_USAGE', error.message, { hint, cause: error });
  }
}
