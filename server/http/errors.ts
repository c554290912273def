/**
 * The error codes of the API contract (DESIGN §9). Codes are contract: add, never rename.
 * The client's i18n has one zh-CN/en entry per code.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'USERNAME_TAKEN',
  'INVALID_CREDIT_CODE',
  'INVALID_STATE',
  'SCHEDULE_RULE',
  'REGISTRATION_CLOSED',
  'NOT_REGISTERED',
  'ALREADY_REGISTERED',
  'DOCUMENT_TOO_LARGE',
  'BID_WINDOW_CLOSED',
  'BID_MALFORMED',
  'BID_TOO_LARGE',
  'BID_WRONG_RECIPIENT',
  'CERTIFICATE_REQUIRED',
  'CERTIFICATE_INVALID',
  'CERTIFICATE_REVOKED',
  'CSR_INVALID',
  'KEY_NOT_YET_USABLE',
  'AUDIT_CHAIN_BROKEN',
  'BID_DECRYPTION_FAILED',
  'BID_SIGNATURE_INVALID',
  'OPENING_STAGE',
  'EVALUATION_STAGE',
  'COMMITTEE_UNAVAILABLE',
  'PUBLICITY_NOT_OVER',
  'OBJECTION_PENDING',
  'SIGNATURE_INVALID',
  'RECORD_CHANGED',
  'ACCOUNT_PENDING',
  'ORGANIZATION_ALREADY_REGISTERED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldIssue = { path: string; message: string };

/** The one error type routes and services throw; the error handler sends it as JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A refusal that names when to come back: the error handler sends Retry-After (RFC 9110 §10.2.3) in seconds. */
export class RetryLaterError extends HttpError {
  constructor(status: number, code: ErrorCode, message: string, readonly retryAfterSeconds: number) {
    super(status, code, message);
  }
}

export const badRequest = (code: ErrorCode, message: string): HttpError => new HttpError(400, code, message);
export const unauthenticated = (message = 'Sign in first'): HttpError => new HttpError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'You may not do this'): HttpError => new HttpError(403, 'FORBIDDEN', message);
export const notFound = (what: string): HttpError => new HttpError(404, 'NOT_FOUND', `No such ${what}`);
export const conflict = (code: ErrorCode, message: string): HttpError => new HttpError(409, code, message);
export const validationError = (fields: FieldIssue[]): HttpError =>
  new HttpError(400, 'VALIDATION', `Invalid input: ${fields.map((f) => f.path || '(body)').join(', ')}`, fields);
