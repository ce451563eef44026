import { describe, expect, it } from 'vitest';
import { authorizationCheck, checkContentType, checkVersion } from './headers.ts';

const CREDENTIALS = { username: 'settlekit', password: 'settlekit' };
const checkAuthorization = authorizationCheck(CREDENTIALS);
const basic = (userPass: string): string => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('authorizationCheck', () => {
  it('accepts the right credentials', () => {
    expect(checkAuthorization(basic('settlekit:settlekit'))).toBeUndefined();
    expect(checkAuthorization(`basic  ${Buffer.from('settlekit:settlekit').toString('base64')}`)).toBeUndefined();
  });

  it('answers 401 headerIsMissing without the header', () => {
    expect(checkAuthorization(undefined)).toMatchObject({ status: 401, body: { errorName: 'headerIsMissing' } });
  });

  it.each(['Bearer abc', 'Basic', 'Basic !!!', basic('no-colon')])('answers 401 headerHasInvalidValue for %j', (header) => {
    expect(checkAuthorization(header)).toMatchObject({ status: 401, body: { errorName: 'headerHasInvalidValue' } });
  });

  it.each(['settlekit:wrong', 'wrong:settlekit', 'settlekit:settlekit2', ':'])('answers 401 unauthorizedAccess for %j', (userPass) => {
    expect(checkAuthorization(basic(userPass))).toMatchObject({ status: 401, body: { errorName: 'unauthorizedAccess' } });
  });
});

describe('checkVersion', () => {
  it('accepts 2025-06-25', () => expect(checkVersion('2025-06-25')).toBeUndefined());
  it('answers 400 headerIsMissing without it', () =>
    expect(checkVersion(undefined)).toMatchObject({ status: 400, body: { errorName: 'headerIsMissing' } }));
  it('answers 400 headerHasInvalidValue for a value that is not a version date', () =>
    expect(checkVersion('latest')).toMatchObject({ status: 400, body: { errorName: 'headerHasInvalidValue' } }));
  it('answers 406 for another version', () =>
    expect(checkVersion('2024-06-01')).toMatchObject({ status: 406, body: { errorName: 'headerHasInvalidValue' } }));
});

describe('checkContentType', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON'])('accepts %j', (header) =>
    expect(checkContentType(header)).toBeUndefined());
  it('answers 400 headerIsMissing without it', () =>
    expect(checkContentType(undefined)).toMatchObject({ status: 400, body: { errorName: 'headerIsMissing' } }));
  it.each(['text/plain', 'application/xml', 'application/jsonx'])('answers 415 for %j', (header) =>
    expect(checkContentType(header)).toMatchObject({ status: 415, body: { errorName: 'headerHasInvalidValue' } }));
});
