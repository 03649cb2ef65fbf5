import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { PROBLEM_CONTENT_TYPE, problem, type FieldError, type Problem } from './problem.js';

type Location = FieldError['in'];

function fieldErrors(error: FastifyError): FieldError[] {
  const location = (error.validationContext ?? 'body') as Location;
  return (error.validation ?? []).flatMap((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    const params = issue.params as { keys?: unknown };
    // zod reports unknown keys on the parent object; name each key instead.
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
      return params.keys.map((key) => ({
        in: location,
        path: path ? `${path}.${String(key)}` : String(key),
        message: 'is not a recognised field',
        code: 'unrecognized_key',
      }));
    }
    return [{ in: location, path, message: issue.message ?? 'is invalid', code: issue.keyword }];
  });
}

/** Fastify's own client errors, by their codes. */
const frameworkErrors: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body exceeds the size limit.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send the body as application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'REQUEST_INVALID', detail: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'REQUEST_INVALID', detail: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'REQUEST_INVALID',
    detail: 'Content-Length does not match the body.',
  },
};

export function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  const context = { instance: request.url, requestId: String(request.id) };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fieldErrors(error);
    const onApplication = request.routeOptions.url === '/v1/screenings' && error.validationContext === 'body';
    const names = errors.map((e) => e.path || '(root)').join(', ');
    return problem(onApplication ? 'APPLICATION_INVALID' : 'REQUEST_INVALID', `Invalid ${error.validationContext ?? 'body'}: ${names}.`, {
      ...context,
      errors,
    });
  }
  if (error instanceof DomainError) {
    const extra: Partial<Problem> = {};
    if (typeof error.details.decisionId === 'string') extra.decisionId = error.details.decisionId;
    if (Array.isArray(error.details.fields)) {
      extra.errors = (error.details.fields as Array<{ path: string; message: string; code: string }>).map((f) => ({ in: 'body' as const, ...f }));
    }
    return problem(error.code, error.message, { ...context, ...extra });
  }
  if (isDatabaseUnavailable(error)) {
    return problem('DATABASE_UNAVAILABLE', 'The database is unreachable; retry shortly.', context);
  }
  const known = error.code ? frameworkErrors[error.code] : undefined;
  if (known) return problem(known.code, known.detail, context);
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return problem('REQUEST_INVALID', 'The body is not valid JSON.', context);
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code: ErrorCode = error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : error.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'REQUEST_INVALID';
    return { ...problem(code, error.message, context), status: error.statusCode };
  }
  return problem('INTERNAL', 'An unexpected error occurred; it has been logged with the request id.', context);
}

/** The one place errors become HTTP responses. */
/**
 * Errors fastify raises before routing (a URL it cannot decode, an over-long parameter):
 * given to the constructor's `frameworkErrors`, so they are problem documents too.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const body = problem('REQUEST_INVALID', error.code === 'FST_ERR_BAD_URL' ? 'The URL is malformed.' : error.message, {
    instance: request.url,
    requestId: String(request.id),
  });
  void reply.status(400).type(PROBLEM_CONTENT_TYPE).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) {
      request.log.error({ err: error, code: body.code }, 'request failed');
    } else {
      request.log.info({ code: body.code, status: body.status }, 'request rejected');
    }
    if (body.status === 503) reply.header('retry-after', '1');
    return reply.status(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        problem('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, {
          instance: request.url,
          requestId: String(request.id),
        }),
      ),
  );
}
