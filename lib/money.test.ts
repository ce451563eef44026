import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyError, currencyExponent, formatMinorUnits, parseMinorUnits, tryParseMinorUnits } from './money.ts';

describe('currencyExponent', () => {
  it('uses ISO 4217 exponents', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    for (const c of ['BHD', 'KWD', 'JOD', 'OMR', 'TND']) expect(currencyExponent(c)).toBe(3);
  });

  it('refuses something that is not a currency code', () => {
    expect(() => currencyExponent('usd')).toThrow(MoneyError);
    expect(() => currencyExponent('US')).toThrow(/currency code/);
  });
});

describe('parseMinorUnits', () => {
  it.each([
    ['6.00', 'USD', 600],
    ['6', 'USD', 600],
    ['6.5', 'USD', 650],
    ['0.01', 'USD', 1],
    ['0', 'USD', 0],
    ['-1.50', 'USD', -150],
    ['1000', 'JPY', 1000],
    ['1.234', 'KWD', 1234],
    ['1.2', 'BHD', 1200],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('%s %s → %d', (text, currency, minor) => {
    expect(parseMinorUnits(text, currency)).toBe(minor);
  });

  it('accepts a JavaScript number only when it is an exact short decimal', () => {
    expect(parseMinorUnits(6, 'USD')).toBe(600);
    expect(parseMinorUnits(6.5, 'USD')).toBe(650);
    expect(tryParseMinorUnits(0.1 + 0.2, 'USD')).toMatchObject({ ok: false, reason: 'too-many-decimals' });
    expect(tryParseMinorUnits(1e21, 'USD')).toMatchObject({ ok: false, reason: 'bad-format' });
  });

  it.each([
    ['1.001', 'USD', 'too-many-decimals'],
    ['1.000', 'USD', 'too-many-decimals'],
    ['1.5', 'JPY', 'too-many-decimals'],
    ['1.2345', 'KWD', 'too-many-decimals'],
    ['1e2', 'USD', 'bad-format'],
    ['1E-2', 'USD', 'bad-format'],
    ['abc', 'USD', 'bad-format'],
    [' 1.00', 'USD', 'bad-format'],
    ['1.00 ', 'USD', 'bad-format'],
    ['+1.00', 'USD', 'bad-format'],
    ['01.00', 'USD', 'bad-format'],
    ['.5', 'USD', 'bad-format'],
    ['5.', 'USD', 'bad-format'],
    ['1,00', 'USD', 'bad-format'],
    ['0x10', 'USD', 'bad-format'],
    ['Infinity', 'USD', 'bad-format'],
    ['NaN', 'USD', 'bad-format'],
    ['', 'USD', 'empty'],
    ['90071992547409.92', 'USD', 'too-large'],
    ['99999999999999999999', 'USD', 'too-large'],
  ])('refuses %j in %s (%s)', (text, currency, reason) => {
    const result = tryParseMinorUnits(text, currency);
    expect(result).toMatchObject({ ok: false, reason });
    expect(() => parseMinorUnits(text, currency)).toThrow(MoneyError);
  });

  it('refuses non-strings and non-finite numbers', () => {
    for (const value of [null, undefined, {}, [], true, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(tryParseMinorUnits(value, 'USD')).toMatchObject({ ok: false, reason: 'not-a-string' });
    }
  });

  it('refuses a bad currency', () => {
    expect(tryParseMinorUnits('1.00', 'dollars')).toMatchObject({ ok: false, reason: 'bad-currency' });
  });
});

describe('formatMinorUnits', () => {
  it.each([
    [600, 'USD', '6.00'],
    [5, 'USD', '0.05'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [600, 'JPY', '600'],
    [1234, 'KWD', '1.234'],
    [7, 'KWD', '0.007'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ])('%d %s → %s', (minor, currency, text) => {
    expect(formatMinorUnits(minor, currency)).toBe(text);
  });

  it('refuses fractions and unsafe integers', () => {
    expect(() => formatMinorUnits(1.5, 'USD')).toThrow(MoneyError);
    expect(() => formatMinorUnits(2 ** 60, 'USD')).toThrow(MoneyError);
  });

  it('round-trips with parseMinorUnits for every safe integer and exponent', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('USD', 'JPY', 'KWD'), (minor, currency) => {
        expect(parseMinorUnits(formatMinorUnits(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
