/**
 * The error bodies of the Worldpay Payments façade, in the shapes the source document and the public API use:
 * `{errorName, message}`; 406 adds `headerName`; 400 adds `jsonPath` and `validationErrors`.
 */

/**
 * Validation error names the façade reports in `validationErrors` (settlekit's choice where the document is silent;
 * `fieldIsMissing` is the live service's name for an absent required field).
 */
export type ValidationErrorName =
  | 'fieldIsMissing'
  | 'fieldIsNull'
  | 'fieldMustBeString'
  | 'fieldMustBeInteger'
  | 'fieldMustBeBoolean'
  | 'fieldMustBeObject'
  | 'fieldHasInvalidValue'
  | 'numberIsTooSmall'
  | 'numberIsTooLarge';

/** One entry of `validationErrors`. */
export interface ValidationError {
  readonly errorName: ValidationErrorName;
  readonly message: string;
  /** JSONPath of the field in the request body, e.g. `$.value.amount`. */
  readonly jsonPath: string;
}

/** A JSON error answer: status, body, and extra response headers. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The 400 answer for a body that does not match the schema: top-level `jsonPath` is the first error's. */
export function schemaMismatch(errors: readonly ValidationError[]): ErrorAnswer {
  const first = errors[0];
  return {
    status: 400,
    body: {
      errorName: 'bodyDoesNotMatchSchema',
      message: `The json body provided does not match the expected schema: ${errors.map((e) => e.message).join('; ')}`,
      jsonPath: first?.jsonPath ?? '$',
      validationErrors: errors,
    },
  };
}

/** The 400 answer for a well-formed body whose value conflicts with the payment (over-amount, other currency). */
export function invalidValue(error: ValidationError): ErrorAnswer {
  return { status: 400, body: { errorName: 'fieldHasInvalidValue', message: error.message, jsonPath: error.jsonPath, validationErrors: [error] } };
}

/** The 400 answer for an empty body or one that is not JSON. */
export function unreadableBody(errorName: 'bodyIsEmpty' | 'bodyIsNotJson', message: string): ErrorAnswer {
  return { status: 400, body: { errorName, message, jsonPath: '$', validationErrors: [] } };
}

/** The 401 answer for missing or wrong credentials. */
export function accessDenied(): ErrorAnswer {
  return {
    status: 401,
    body: { errorName: 'accessDenied', message: 'Access to the requested resource has been denied: send valid Basic credentials.' },
    headers: { 'www-authenticate': 'Basic realm="Worldpay Payments (settlekit)"' },
  };
}

/** The 404 answer for a URL that names no payment (unknown or altered linkData, unknown path). */
export function urlContainsInvalidValue(message = 'The URL does not name a payment: follow a link the API returned.'): ErrorAnswer {
  return { status: 404, body: { errorName: 'urlContainsInvalidValue', message } };
}

/** The 406 answer for a missing or unsupported `WP-Api-Version`. */
export function versionNotAcceptable(errorName: 'headerIsMissing' | 'headerHasInvalidValue', message: string): ErrorAnswer {
  return { status: 406, body: { errorName, message, headerName: 'WP-Api-Version' } };
}

/** The 409 answer for an action the payment does not currently offer (settlekit's reference behaviour). */
export function actionNotAvailable(message: string): ErrorAnswer {
  return { status: 409, body: { errorName: 'actionNotAvailable', message } };
}

/** The 405 answer for a known path with another method. */
export function methodNotAllowed(allowed: string): ErrorAnswer {
  return { status: 405, body: { errorName: 'methodNotAllowed', message: `Use ${allowed} on this URL.` }, headers: { allow: allowed } };
}

/** The 415 answer for a body that is not `application/json`. */
export function unsupportedMediaType(): ErrorAnswer {
  return { status: 415, body: { errorName: 'headerHasInvalidValue', message: "The 'Content-Type' header must be 'application/json'.", headerName: 'Content-Type' } };
}

/** The 500 answer. */
export function internalErrorOccurred(message = 'An error occurred within the service.'): ErrorAnswer {
  return { status: 500, body: { errorName: 'internalErrorOccurred', message } };
}

/** The body of an injected fault of `status`, in this API's shape. */
export function faultAnswer(status: number): ErrorAnswer {
  switch (status) {
    case 400:
      return unreadableBody('bodyIsNotJson', 'Injected fault.');
    case 401:
      return accessDenied();
    case 404:
      return urlContainsInvalidValue('Injected fault.');
    case 406:
      return versionNotAcceptable('headerHasInvalidValue', 'Injected fault.');
    case 409:
      return actionNotAvailable('Injected fault.');
    case 415:
      return unsupportedMediaType();
    default:
      return { ...internalErrorOccurred(status >= 500 ? 'Injected fault.' : `Injected fault (${status}).`), status };
  }
}
