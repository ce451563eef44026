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
    expect(odd(basic('a:b:c'))).toBe('wrong');
    expect(odd(basic(':'))).toBe('wrong');
  });

  it('answers a header it has seen before as the first time, past the headers it remembers too', () => {
    const headers: [string, string][] = [
      [basic('user:pa:ss'), 'ok'],
      [basic('user:pa:s'), 'wrong'],
      ['Basic !!!', 'malformed'],
      ['  ', 'missing'],
      [`basic ${Buffer.from('user:pa:ss').toString('base64')} `, 'ok'],
    ];
    for (let round = 0; round < 3; round++) for (const [header, outcome] of headers) expect(check(header), header).toBe(outcome);
    // Far more distinct headers than it remembers: the known ones still answer the same.
    for (let i = 0; i < 500; i++) expect(check(basic(`user:${i}`))).toBe('wrong');
    for (const [header, outcome] of headers) expect(check(header), header).toBe(outcome);
    // Two checkers never share what they remember.
    expect(basicAuthChecker('user', 'other')(basic('user:pa:ss'))).toBe('wrong');
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
