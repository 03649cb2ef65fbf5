/**
 * Errors are values with stable codes. The HTTP layer maps each code to a status and
 * an RFC 9457 problem body; nothing else builds error responses.
 */
export const errorCodes = {
  APPLICATION_INVALID: 400,
  REQUEST_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  IDEMPOTENCY_CONFLICT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DECISION_LOG_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  BLOCKLISTS_LOADING: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}
