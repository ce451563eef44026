/**
 * Exact money: decimal strings ↔ integer minor units, with ISO 4217 exponents. No floating point anywhere — amounts
 * are parsed digit by digit and formatted by integer division.
 */

/** Currencies whose minor unit is not 1/100 (ISO 4217). Everything else has exponent 2. */
const EXPONENTS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  VND: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  UGX: 0,
  PYG: 0,
  RWF: 0,
  KMF: 0,
  GNF: 0,
  DJF: 0,
  VUV: 0,
  BIF: 0,
  BHD: 3,
  KWD: 3,
  JOD: 3,
  OMR: 3,
  TND: 3,
  IQD: 3,
  LYD: 3,
};

/** Why a decimal string was refused. */
export type MoneyParseFailure = 'not-a-string' | 'empty' | 'bad-format' | 'too-many-decimals' | 'too-large' | 'bad-currency';

/** The outcome of {@link tryParseMinorUnits}: the amount in minor units, or why it was refused. */
export type MoneyParseResult =
  | { readonly ok: true; readonly minor: number }
  | { readonly ok: false; readonly reason: MoneyParseFailure; readonly message: string };

/** Thrown by {@link parseMinorUnits} and {@link formatMinorUnits} for an input they refuse. */
export class MoneyError extends Error {
  readonly reason: MoneyParseFailure;
  constructor(reason: MoneyParseFailure, message: string) {
    super(message);
    this.name = 'MoneyError';
    this.reason = reason;
  }
}

/** True for a three-letter upper-case currency code (the shape of ISO 4217 alphabetic codes). */
export function isCurrencyCode(currency: string): boolean {
  return /^[A-Z]{3}$/.test(currency);
}

/**
 * The number of decimal places of a currency's minor unit (ISO 4217): JPY 0; BHD, KWD, JOD, OMR, TND 3; most others 2.
 * @throws MoneyError when `currency` is not a three-letter upper-case code.
 */
export function currencyExponent(currency: string): number {
  if (!isCurrencyCode(currency)) throw new MoneyError('bad-currency', `Not a currency code: ${JSON.stringify(currency)}`);
  return EXPONENTS[currency] ?? 2;
}

const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * Parses a decimal amount (`"6.00"`, `"6"`, `"-1.5"`, `"1000"`) into integer minor units of `currency`.
 * Refuses exponent notation, signs other than a leading `-`, surrounding spaces, leading zeros, a bare `.`, more
 * decimals than the currency has (`"1.001"` USD, `"1.5"` JPY), and amounts beyond `Number.MAX_SAFE_INTEGER` minor units.
 * Trailing zeros past the exponent are refused too (`"1.000"` USD): the wire never needs them and accepting them would
 * hide a caller sending the wrong scale.
 * A JavaScript number is accepted only when it is already an exact decimal in canonical form (`6`, `6.5`); binary
 * fractions like `0.1 + 0.2` show up as too many decimals.
 */
export function tryParseMinorUnits(input: unknown, currency = 'USD'): MoneyParseResult {
  if (!isCurrencyCode(currency)) return fail('bad-currency', `Not a currency code: ${JSON.stringify(currency)}`);
  let text: string;
  if (typeof input === 'string') text = input;
  else if (typeof input === 'number' && Number.isFinite(input)) text = String(input);
  else return fail('not-a-string', `Amount must be a decimal string, got ${typeof input}`);
  if (text === '') return fail('empty', 'Amount is empty');
  const match = DECIMAL.exec(text);
  if (!match) return fail('bad-format', `Not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const exponent = EXPONENTS[currency] ?? 2;
  if (fraction.length > exponent) {
    return fail('too-many-decimals', `${JSON.stringify(text)} has more than ${exponent} decimal place(s) for ${currency}`);
  }
  const digits = `${whole}${fraction.padEnd(exponent, '0')}`.replace(/^0+(?=\d)/, '');
  // Compare as strings first so that no digit is ever lost in a lossy conversion.
  const max = String(Number.MAX_SAFE_INTEGER);
  if (digits.length > max.length || (digits.length === max.length && digits > max)) {
    return fail('too-large', `${JSON.stringify(text)} is too large`);
  }
  const minor = Number(digits);
  return { ok: true, minor: sign === '-' && minor !== 0 ? -minor : minor };
}

/**
 * Parses a decimal amount into integer minor units; see {@link tryParseMinorUnits} for what is refused.
 * @throws MoneyError with the reason.
 */
export function parseMinorUnits(input: unknown, currency = 'USD'): number {
  const result = tryParseMinorUnits(input, currency);
  if (!result.ok) throw new MoneyError(result.reason, result.message);
  return result.minor;
}

/**
 * Formats integer minor units as a decimal string with exactly the currency's exponent: `600` USD → `"6.00"`,
 * `600` JPY → `"600"`, `-5` USD → `"-0.05"`, `1234` KWD → `"1.234"`.
 * @throws MoneyError when `minor` is not a safe integer.
 */
export function formatMinorUnits(minor: number, currency = 'USD'): string {
  if (!Number.isSafeInteger(minor)) throw new MoneyError('bad-format', `Minor units must be a safe integer, got ${minor}`);
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

function fail(reason: MoneyParseFailure, message: string): MoneyParseResult {
  return { ok: false, reason, message };
}
