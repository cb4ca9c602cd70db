/**
 * Every error code the API answers with, and its HTTP status. Modules add their own codes
 * here, so that one table says what a client can meet. Tests assert codes, not messages.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  /** the client took too long to send its request */
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  DUPLICATE: 409,
  /** the object changed since the client read it (expectedVersion is stale) */
  VERSION_CONFLICT: 409,
  /** the action is not possible in the object's current stage or status */
  ILLEGAL_TRANSITION: 409,
  /** a published criteria framework never changes */
  FRAMEWORK_IMMUTABLE: 409,
  /** the framework version is bound to a call */
  FRAMEWORK_IN_USE: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** a path parameter longer than any id (the router refuses it before any handler) */
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_REFUSED: 422,
  PASSWORD_TOKEN_INVALID: 422,
  /** submit or resubmit of an incomplete dossier; details.missing lists what is missing */
  DOSSIER_INCOMPLETE: 422,
  /** a review submitted with gaps; details.gaps lists them */
  REVIEW_INCOMPLETE: 422,
  /** a criteria framework failed validation; details.issues lists each problem with its path */
  FRAMEWORK_INVALID: 422,
  /** accepting would take the reviewer over their load cap for the call */
  CAPACITY_EXCEEDED: 422,
  /** the reviewer has a conflict of interest with the project (override with a reason) */
  CONFLICT_OF_INTEREST: 422,
  /** the call does not accept this now (not open, window closed, framework not published...) */
  CALL_NOT_ACCEPTING: 422,
  RATE_LIMITED: 429,
  /** the request line and headers exceed the server's limit */
  REQUEST_HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  DEPENDENCY_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The generic code for a status that did not come with one of ours. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'MALFORMED_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 406:
      return 'NOT_ACCEPTABLE';
    case 408:
      return 'REQUEST_TIMEOUT';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 414:
      return 'URI_TOO_LONG';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'RULE_REFUSED';
    case 429:
      return 'RATE_LIMITED';
    case 431:
      return 'REQUEST_HEADERS_TOO_LARGE';
    case 503:
      return 'DEPENDENCY_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
  }
}
