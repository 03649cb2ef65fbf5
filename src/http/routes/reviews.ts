import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reviewRecordSchema, reviewRequestSchema } from '../../domain/review/review-record.js';
import { outcomes, reasonSchema } from '../../domain/screening/decision.js';
import type { ReviewService } from '../../services/review-service.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';

const decisionParams = z.strictObject({ decisionId: z.uuid() });

const queueItemSchema = z.object({
  decisionId: z.string(),
  applicationId: z.string(),
  decidedAt: z.iso.datetime(),
  reasons: z.array(reasonSchema),
  claimedBy: z.string().nullable(),
  claimExpiresAt: z.iso.datetime().nullable(),
  reviewOutcome: z.string().nullable(),
  reviewedAt: z.iso.datetime().nullable(),
});

const finalOutcomeSchema = z
  .object({
    decisionId: z.string(),
    applicationId: z.string(),
    originalDecision: z.enum(outcomes),
    status: z.enum(['not_required', 'pending', 'completed']),
    finalDecision: z.enum(outcomes).nullable(),
    review: reviewRecordSchema.nullable(),
  })
  .meta({ id: 'FinalOutcome' });

export const reviewRoutes: FastifyPluginAsyncZod<{ reviews: ReviewService }> = async (app, { reviews }) => {
  app.get(
    '/v1/reviews',
    {
      config: { access: ['reviewer', 'auditor'] },
      schema: {
        tags: ['reviews'],
        summary: 'The review queue: decisions in review, open (unclaimed), claimed or closed',
        querystring: z.strictObject({
          status: z.enum(['open', 'claimed', 'closed']).default('open'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(queueItemSchema) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: (await reviews.queue(request.query.status, request.query.limit)) as Array<z.infer<typeof queueItemSchema>> }),
  );

  app.post(
    '/v1/reviews/:decisionId/claim',
    {
      config: { access: ['reviewer'] },
      schema: {
        tags: ['reviews'],
        summary: 'Claim a decision in review for 30 minutes',
        params: decisionParams,
        response: {
          200: z.object({ decisionId: z.string(), claimedBy: z.string(), expiresAt: z.iso.datetime() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => reviews.claim(request.params.decisionId, callerOf(request)),
  );

  app.post(
    '/v1/decisions/:decisionId/review',
    {
      config: { access: ['reviewer'] },
      schema: {
        tags: ['reviews'],
        summary: 'Record the final outcome of a claimed decision in review',
        description:
          'Appends a hash-chained review record linked to the decision (never an edit), records any ' +
          'false-positive suppressions, and queues a signed webhook to the origination system.',
        params: decisionParams,
        body: reviewRequestSchema,
        response: { 201: reviewRecordSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await reviews.record(request.params.decisionId, request.body, callerOf(request))),
  );

  app.get(
    '/v1/decisions/:decisionId/review',
    {
      config: { access: ['originator', 'reviewer', 'auditor'] },
      schema: {
        tags: ['reviews'],
        summary: 'The final outcome of a decision: pending, completed by a reviewer, or not required',
        description: 'An originator sees only decisions made for its own key.',
        params: decisionParams,
        response: { 200: finalOutcomeSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => reviews.outcome(request.params.decisionId, callerOf(request)),
  );
};
