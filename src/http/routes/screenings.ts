import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loanApplicationSchema } from '../../domain/screening/application.js';
import { screeningDecisionSchema } from '../../domain/screening/decision.js';
import type { ScreeningService } from '../../services/screening-service.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';

export interface ScreeningRoutesOptions {
  screening: ScreeningService;
  monotonic: () => number;
}

export const screeningRoutes: FastifyPluginAsyncZod<ScreeningRoutesOptions> = async (app, { screening, monotonic }) => {
  app.post(
    '/v1/screenings',
    {
      config: { access: ['originator'] },
      // The decision is built by typed domain code (toScreeningDecision picks its fields),
      // so it is written as it is: encoding it through the zod schema again cost about 3 %
      // of a screening's CPU (benchmarks.md). Tests hold real responses to the schema.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags: ['screenings'],
        summary: 'Screen a loan application',
        description:
          'Checks the applicant against the blocklists, scores default risk, applies the active policy and ' +
          'returns accept, reject or review with reasons. The decision is committed to the decision log before ' +
          'the response is sent. Retrying with the same applicationId and body returns the original decision ' +
          '(header `idempotent-replay: true`); the same applicationId with a different body is a 409.',
        body: loanApplicationSchema,
        response: {
          200: screeningDecisionSchema,
          ...problemResponses(400, 401, 403, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const receivedAt = monotonic() - reply.elapsedTime;
      const result = await screening.screen(callerOf(request), request.body, receivedAt);
      if (result.replayed) reply.header('idempotent-replay', 'true');
      return result.decision;
    },
  );
};
