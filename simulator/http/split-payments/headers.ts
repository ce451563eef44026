/**
 * Header checks of the Split Payments façade, in the order the façade runs them: credentials (401), API version
 * (400/406), then — for requests with a body — Content-Type (400/415). The status and name of each case are the
 * choices recorded in SP-FF-12 and SP-FF-13 where the source document lists the names but not the cases.
 */
import { basicAuthChecker } from '../plumbing/auth.ts';
import { badRequest, notAcceptable, unauthorized, unsupportedMediaType, type ErrorAnswer } from './errors.ts';

/** The one API version this façade serves. */
export const SPLIT_PAYMENTS_VERSION = '2025-06-25';

/** Basic-auth credentials the façade accepts. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The check of a Basic `Authorization` header against `expected`, made once per façade: missing → headerIsMissing;
 * not `Basic base64(user:password)` → headerHasInvalidValue; wrong credentials → unauthorizedAccess. Credentials are
 * compared in constant time.
 */
export function authorizationCheck(expected: BasicCredentials): (header: string | undefined) => ErrorAnswer | undefined {
  const check = basicAuthChecker(expected.username, expected.password);
  return (header) => {
    switch (check(header)) {
      case 'ok':
        return undefined;
      case 'missing':
        return unauthorized('headerIsMissing', "The 'Authorization' header is missing: send Basic credentials.");
      case 'malformed':
        return unauthorized('headerHasInvalidValue', "The 'Authorization' header must be 'Basic ' followed by base64 of username:password.");
      case 'wrong':
        return unauthorized('unauthorizedAccess', 'Un-authorized access: the credentials are not valid for this service.');
    }
  };
}

/**
 * Checks `WP-Api-Version`: missing → 400 headerIsMissing; not a `YYYY-MM-DD` date → 400 headerHasInvalidValue;
 * a well-formed version other than 2025-06-25 → 406 headerHasInvalidValue.
 */
export function checkVersion(header: string | undefined): ErrorAnswer | undefined {
  if (header === undefined || header.trim() === '') {
    return badRequest('headerIsMissing', `The 'WP-Api-Version' header is missing: send WP-Api-Version: ${SPLIT_PAYMENTS_VERSION}.`);
  }
  const version = header.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    return badRequest('headerHasInvalidValue', `The 'WP-Api-Version' header must be a version date such as ${SPLIT_PAYMENTS_VERSION}.`);
  }
  if (version !== SPLIT_PAYMENTS_VERSION) {
    return notAcceptable('headerHasInvalidValue', `The 'WP-Api-Version' header is misconfigured: this API serves version ${SPLIT_PAYMENTS_VERSION}.`);
  }
  return undefined;
}

/**
 * Checks `Content-Type`: missing → 400 headerIsMissing; a media type other than application/json (parameters
 * such as charset are ignored) → 415 headerHasInvalidValue.
 */
export function checkContentType(header: string | undefined): ErrorAnswer | undefined {
  if (header === undefined || header.trim() === '') {
    return badRequest('headerIsMissing', "The 'Content-Type' header is missing: send Content-Type: application/json.");
  }
  const mediaType = (header.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return unsupportedMediaType("The 'Content-Type' header does not contain an expected value. Content-type must be - 'application/json'.");
  }
  return undefined;
}
