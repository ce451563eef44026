/**
 * The error bodies of the Worldpay Split Payments API 2025-06-25, exactly as the source document lists them
 * (shared/seeds/002_28ea5d93ed45a2bb.txt): `{errorName, message}` for every status, plus `validationErrors` on 400.
 */

/** The documented 400 error names. */
export type BadRequestName = 'headerIsMissing' | 'headerHasInvalidValue' | 'bodyIsEmpty' | 'bodyIsNotJson' | 'bodyDoesNotMatchSchema';

/** The documented 401 error names. */
export type UnauthorizedName = 'unauthorizedAccess' | 'headerHasInvalidValue' | 'headerIsMissing';

/** The documented validation error names (the only ones a `validationErrors` entry may carry). */
export type ValidationErrorName = 'fieldIsNull' | 'fieldIsEmpty' | 'numberIsTooLarge' | 'numberIsTooSmall' | 'stringFailedRegexCheck';

/** One entry of `validationErrors`. */
export interface ValidationError {
  readonly errorName: ValidationErrorName;
  /** JSONPath of the element in the request body, e.g. `$.lineItems[0].amount`. */
  readonly jsonPath: string;
}

/** A JSON error answer: status and body. */
export interface ErrorAnswer {
  readonly status: 400 | 401 | 406 | 415 | 500;
  readonly body: {
    readonly errorName: string;
    readonly message: string;
    readonly validationErrors?: readonly ValidationError[];
  };
}

/** A 400 answer; `validationErrors` is left out when empty (the document: "If there were field validation errors"). */
export function badRequest(errorName: BadRequestName, message: string, validationErrors: readonly ValidationError[] = []): ErrorAnswer {
  return { status: 400, body: validationErrors.length > 0 ? { errorName, message, validationErrors } : { errorName, message } };
}

/** A 401 answer. */
export function unauthorized(errorName: UnauthorizedName, message: string): ErrorAnswer {
  return { status: 401, body: { errorName, message } };
}

/** A 406 answer: the `WP-Api-Version` header or the URL path is misconfigured. */
export function notAcceptable(errorName: 'headerHasInvalidValue' | 'urlContainsInvalidValue', message: string): ErrorAnswer {
  return { status: 406, body: { errorName, message } };
}

/** A 415 answer: the `Content-Type` is not `application/json`. */
export function unsupportedMediaType(message: string): ErrorAnswer {
  return { status: 415, body: { errorName: 'headerHasInvalidValue', message } };
}

/** The 500 answer. */
export function internalError(message = 'An error occurred within the service. Retry the request later.'): ErrorAnswer {
  return { status: 500, body: { errorName: 'internalErrorOccurred', message } };
}
