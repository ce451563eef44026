/**
 * What a merchant passes the simulator, checked before anything is built or bound: every option of `createSimulator`
 * and the arguments of `listen`, and the system's refusals to listen, each a {@link SettlekitError} with a stable code
 * naming the option and what it expects — not a TypeError from deep inside a model, nor a raw errno error.
 */
import { SettlekitError } from '../../../lib/errors.ts';
import { suggest } from '../../../lib/suggest.ts';

/** A value as an error message shows it: strings quoted, objects by kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function invalid(message: string): SettlekitError {
  return new SettlekitError('SETTLEKIT_E_SIMULATOR_OPTION', message);
}

/** `value`, unless undefined and `optional`, must be a non-empty string. */
function checkText(name: string, value: unknown, optional = true): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'string' || value === '') throw invalid(`${name}: expected a non-empty string, got ${shown(value)}`);
}

function checkWhole(name: string, value: unknown, min: number, unit: string, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw invalid(`${name}: expected a whole number${unit ? ` of ${unit}` : ''} ${range}, got ${shown(value)}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkMerchantAccounts(value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) throw invalid(`merchantAccounts: expected an array of merchant accounts, got ${shown(value)}`);
  if (value.length === 0) throw invalid('merchantAccounts: expected at least one merchant account');
  const seen = new Map<string, number>();
  value.forEach((account: unknown, i) => {
    const at = `merchantAccounts[${i}]`;
    if (!isRecord(account)) throw invalid(`${at}: expected a merchant account ({ id, processor, currency?, default?, settlementAdjustmentPercent? }), got ${shown(account)}`);
    checkText(`${at}.id`, account.id, false);
    const id = account.id as string;
    const first = seen.get(id);
    if (first !== undefined) throw invalid(`${at}.id: ${JSON.stringify(id)} is already the id of merchantAccounts[${first}]`);
    seen.set(id, i);
    checkText(`${at}.processor`, account.processor, false);
    if (account.currency !== undefined && (typeof account.currency !== 'string' || !/^[A-Z]{3}$/.test(account.currency))) {
      throw invalid(`${at}.currency: expected an ISO 4217 code (three capital letters), got ${shown(account.currency)}`);
    }
    if (account.default !== undefined && typeof account.default !== 'boolean') throw invalid(`${at}.default: expected a boolean, got ${shown(account.default)}`);
    checkWhole(`${at}.settlementAdjustmentPercent`, account.settlementAdjustmentPercent, 1, '', 100);
  });
}

/**
 * Throws a `SETTLEKIT_E_SIMULATOR_OPTION` error for the first option of `options` that is not one of `names` (those
 * `createSimulator` takes), or not of its type and range. TypeScript callers are held to the types already; this is for JavaScript
 * callers, values read from configuration, and misspelt names (which TypeScript lets through a spread object).
 */
export function checkSimulatorOptions(options: unknown, names: readonly string[]): void {
  if (options === undefined) return;
  if (!isRecord(options)) throw invalid(`createSimulator(options): expected an object of options, got ${shown(options)}`);
  for (const name of Object.keys(options)) {
    if (!names.includes(name)) throw invalid(`${name}: not an option of createSimulator${suggest(name, names)}`);
  }
  const o = options;
  for (const name of ['merchantId', 'publicKey', 'privateKey'] as const) checkText(name, o[name]);
  if (o.worldpay !== undefined) {
    if (!isRecord(o.worldpay)) throw invalid(`worldpay: expected { username?, password? }, got ${shown(o.worldpay)}`);
    checkText('worldpay.username', o.worldpay.username);
    checkText('worldpay.password', o.worldpay.password);
  }
  checkMerchantAccounts(o.merchantAccounts);
  checkWhole('authorizationExpiryMs', o.authorizationExpiryMs, 1, 'milliseconds');
  checkWhole('settlementPendingMaxMs', o.settlementPendingMaxMs, 1, 'milliseconds');
  checkWhole('bodyLimitBytes', o.bodyLimitBytes, 1, 'bytes');
  checkWhole('closeTimeoutMs', o.closeTimeoutMs, 0, 'milliseconds');
  const start = o.startTime;
  if (start !== undefined && !(start instanceof Date ? Number.isFinite(start.getTime()) : typeof start === 'number' && Number.isFinite(start))) {
    throw invalid(`startTime: expected a Date or epoch milliseconds, got ${shown(start)}`);
  }
  if (o.seed !== undefined && typeof o.seed !== 'string') throw invalid(`seed: expected a string, got ${shown(o.seed)}`);
  if (o.clock !== undefined && !(isRecord(o.clock) && typeof o.clock.now === 'function' && typeof o.clock.advance === 'function')) {
    throw invalid(`clock: expected a Clock (now() and advance(ms)), e.g. new VirtualClock(start), got ${shown(o.clock)}`);
  }
  if (o.ids !== undefined && typeof o.ids !== 'function') throw invalid(`ids: expected an id generator, e.g. createSequentialIds(), got ${shown(o.ids)}`);
  if (o.facades !== undefined) {
    if (!Array.isArray(o.facades)) throw invalid(`facades: expected an array of façade factories, got ${shown(o.facades)}`);
    o.facades.forEach((factory: unknown, i) => {
      if (typeof factory !== 'function') throw invalid(`facades[${i}]: expected a façade factory (a function of the simulator context returning a Facade), got ${shown(factory)}`);
    });
  }
}

/** Throws a `SETTLEKIT_E_SIMULATOR_OPTION` error unless `port` is a TCP port number and `host` a non-empty string. */
export function checkListenArguments(port: unknown, host: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid(`listen(port): expected a whole number from 0 to 65535, got ${shown(port)}`);
  }
  if (typeof host !== 'string' || host.trim() === '') throw invalid(`listen(port, host): expected a host name or address, got ${shown(host)}`);
}

/** The system's refusals people hit, in words. */
const LISTEN_REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: "the address is not one of this machine's",
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
};

/** The `SETTLEKIT_E_SIMULATOR_LISTEN` error for a refusal to listen on `host:port` (the system's error as its cause). */
export function listenError(error: unknown, host: string, port: number): SettlekitError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = (code && LISTEN_REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new SettlekitError('SETTLEKIT_E_SIMULATOR_LISTEN', `cannot listen on ${host}:${port}: ${reason}`, { cause: error });
}
