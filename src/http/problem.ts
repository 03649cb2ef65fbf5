import { z } from 'zod';
import { errorCodes, type ErrorCode } from '../domain/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const fieldErrorSchema = z.object({
  in: z.enum(['body', 'querystring', 'params', 'headers']).describe('Where the bad value was'),
  path: z.string().describe('Dotted path of the field, e.g. loan.amount'),
  message: z.string(),
  code: z.string().describe('Kind of problem, e.g. invalid_type, too_small'),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with a stable `code` callers can branch on. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
    decisionId: z.string().optional().describe('On IDEMPOTENCY_CONFLICT: the original decision'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

const titles: Record<ErrorCode, string> = {
  APPLICATION_INVALID: 'The loan application is invalid',
  REQUEST_INVALID: 'The request is invalid',
  UNAUTHENTICATED: 'An API key is required',
  FORBIDDEN: 'This API key may not do that',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  IDEMPOTENCY_CONFLICT: 'applicationId reused with a different body',
  CONFLICT: 'Conflicts with the current state',
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  RATE_LIMITED: 'Too many requests',
  DECISION_LOG_UNAVAILABLE: 'The decision log is unavailable',
  DATABASE_UNAVAILABLE: 'The database is unavailable',
  BLOCKLISTS_LOADING: 'The blocklists are still loading',
  INTERNAL: 'Internal error',
};

export function problem(code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `urn:loan-screening:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[code],
    status: errorCodes[code],
    detail,
    code,
    ...extra,
  };
}

/** The problem responses a route can give, for its OpenAPI description. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, problemSchema])) as Record<number, typeof problemSchema>;
}
