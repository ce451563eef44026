import { describe, expect, it } from 'vitest';
import { basicAuthChecker, constantTimeEqual } from './auth.ts';

const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('basicAuthChecker', () => {
  const check = basicAuthChecker('user', 'pa:ss');

  it('accepts the credentials, whatever the case of the scheme and surrounding blanks', () => {
    expect(check(basic('user:pa:ss'))).toBe('ok');
    expect(check(`basic   ${Buffer.from('user:pa:ss').toString('base64')}  `)).toBe('ok');
  });

  it('tells a missing header from a malformed one from wrong credentials', () => {
    expect(check(undefined)).toBe('missing');
    expect(check('   ')).toBe('missing');
    expect(check('Bearer abc')).toBe('malformed');
    expect(check(`Basic ${Buffer.from('no-colon').toString('base64')}`)).toBe('malformed');
    expect(check('Basic !!!')).toBe('malformed');
    for (const wrong of ['user:pa:s', 'user:pa:ss ', 'use:rpa:ss', 'user:', ':pa:ss', 'User:pa:ss']) expect(check(basic(wrong))).toBe('wrong');
  });

  it('never accepts a configured user that contains a colon (Basic auth cannot carry one)', () => {
    const odd = basicAuthChecker('a:b', 'c');
    // Not even the header a client would write for them.
    expect(odd(basic('a:b:c'))).toBe('wrong');
    expect(odd(basic(':'))).toBe('wrong');
  });

  it('remembers nothing of a request: a header answers the same whatever came before, and two checks share nothing', () => {
    const headers: [string, string][] = [
      [basic('user:pa:ss'), 'ok'],
      [basic('user:pa:s'), 'wrong'],
      ['Basic !!!', 'malformed'],
      ['  ', 'missing'],
      [`basic ${Buffer.from('user:pa:ss').toString('base64')} `, 'ok'],
    ];
    for (let round = 0; round < 3; round++) for (const [header, outcome] of headers) expect(check(header), header).toBe(outcome);
    for (let i = 0; i < 500; i++) expect(check(basic(`user:${i}`))).toBe('wrong');
    for (const [header, outcome] of headers) expect(check(header), header).toBe(outcome);
    expect(basicAuthChecker('user', 'other')(basic('user:pa:ss'))).toBe('wrong');
  });

  it('takes only the exact header clients write as it, never one that starts or ends like it', () => {
    // No padding in this base64 (6 bytes), so a lenient decoder would not stop early at an '=' either.
    const short = basicAuthChecker('ab', 'cde');
    const header = basic('ab:cde');
    expect(short(header)).toBe('ok');
    for (const near of [`${header}AAAA`, `${header}\u0000`, header.slice(0, -1), `${header.slice(0, -1)}\u0000`, `${header.slice(0, -1)}\u00e9`, `${header}${'A'.repeat(300)}`]) {
      expect(short(near), JSON.stringify(near)).not.toBe('ok');
    }
    // Characters beyond one byte never pass for the ASCII they would truncate to.
    expect(short(`Basic ${Buffer.from('ab:cde').toString('base64').slice(0, -1)}\u016c`)).not.toBe('ok');
  });

  it('checks credentials longer than the compared buffer, outside ASCII, and with the right ones as a prefix', () => {
    const user = 'zo\u00eb';
    const password = `\u20ac${'p'.repeat(400)}`;
    const long = basicAuthChecker(user, password);
    expect(long(basic(`${user}:${password}`))).toBe('ok');
    expect(long(`basic  ${Buffer.from(`${user}:${password}`).toString('base64')}`)).toBe('ok');
    expect(long(basic(`${user}:${password}p`))).toBe('wrong');
    expect(long(basic(`${user}:${password.slice(0, -1)}`))).toBe('wrong');
    expect(long(basic(`zoe:${password}`))).toBe('wrong');
    expect(long(basic(`${user}:${password}`).slice(0, 128))).not.toBe('ok');
  });

  it('accepts empty credentials when they are the configured ones', () => {
    expect(basicAuthChecker('', '')(basic(':'))).toBe('ok');
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
