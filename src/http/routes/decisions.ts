import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decisionRecordSchema } from '../../domain/audit/decision-record.js';
import { DomainError } from '../../domain/errors.js';
import { outcomeSchema } from '../../domain/screening/decision.js';
import type { PiiCipher } from '../../domain/privacy/pii-cipher.js';
import type { ReviewLog } from '../../db/review-log.js';
import type { ReplayService } from '../../services/replay-service.js';
import { decodeCursor, type DecisionRepository } from '../../db/decision-repository.js';
import { problemResponses } from '../problem.js';
import { toCsvLines, toNdjsonLines } from '../decision-export.js';

const listQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('Decided at or after (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Decided before (ISO 8601)'),
  outcome: outcomeSchema.optional(),
  applicationId: z.string().min(1).max(128).optional(),
  nationalIdNumber: z.string().min(1).max(64).optional().describe("Find one person's decisions (with nationalIdCountry)"),
  nationalIdCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .describe('Issuing country of nationalIdNumber, ISO 3166-1 alpha-2'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(64).optional().describe('nextCursor from the previous page'),
});

const rangeQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('Decided at or after (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Decided before (ISO 8601)'),
});

const toRange = (q: { from?: string | undefined; to?: string | undefined }) => ({
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

const decisionPageSchema = z
  .object({ items: z.array(decisionRecordSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'DecisionPage' });

const verdictSchema = z
  .discriminatedUnion('ok', [
    z.object({
      ok: z.literal(true),
      checked: z.number().int(),
      lastSeq: z.number().int().nullable(),
      lastHash: z.string(),
    }),
    z.object({ ok: z.literal(false), checked: z.number().int(), brokenAt: z.number().int(), reason: z.string() }),
  ])
  .meta({ id: 'ChainVerdict' });

const replaySchema = z
  .object({
    decisionId: z.string(),
    reproduced: z.boolean(),
    differences: z.array(z.string()),
    original: z.object({
      outcome: z.string(),
      reasons: z.array(z.string()),
      probabilityOfDefault: z.number().nullable(),
      hits: z.array(z.object({ entryId: z.string(), score: z.number() })),
    }),
    replayed: z.object({
      outcome: z.string(),
      reasons: z.array(z.string()),
      probabilityOfDefault: z.number().nullable(),
      hits: z.array(z.object({ entryId: z.string(), score: z.number() })),
    }),
    versions: z.record(z.string(), z.string().nullable()),
  })
  .meta({ id: 'Replay' });

export const decisionRoutes: FastifyPluginAsyncZod<{
  decisions: DecisionRepository;
  cipher: PiiCipher;
  reviewLog: ReviewLog;
  replay: ReplayService;
}> = async (app, { decisions, cipher, reviewLog, replay }) => {
  app.post(
    '/v1/decisions/:decisionId/replay',
    {
      config: { access: ['auditor'] },
      schema: {
        tags: ['decisions'],
        summary: 'Recompute a past decision with the lists, model and policy versions recorded on it',
        description: 'Reports whether the same outcome, reasons, probability of default and blocklist hits come out.',
        params: z.strictObject({ decisionId: z.uuid() }),
        response: { 200: replaySchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => replay.replay(request.params.decisionId),
  );

  app.get(
    '/v1/decisions',
    {
      config: { access: ['auditor'] },
      schema: {
        tags: ['decisions'],
        summary: 'List logged decisions, newest first',
        querystring: listQuery,
        response: { 200: decisionPageSchema, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { limit, cursor, from, to, nationalIdNumber, nationalIdCountry, ...filter } = request.query;
      if ((nationalIdNumber === undefined) !== (nationalIdCountry === undefined)) {
        throw new DomainError('REQUEST_INVALID', 'Give nationalIdNumber and nationalIdCountry together.');
      }
      // Found through the keyed hash of the national ID: the table is never decrypted to search it.
      const subjectHash =
        nationalIdNumber && nationalIdCountry
          ? cipher.subjectHash({ number: nationalIdNumber, country: nationalIdCountry })
          : undefined;
      const after = cursor === undefined ? null : decodeCursor(cursor);
      if (cursor !== undefined && after === null) {
        throw new DomainError('REQUEST_INVALID', 'cursor is not a cursor this service issued.');
      }
      return decisions.list(
        { ...filter, subjectHash, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        limit,
        after,
      );
    },
  );

  app.get(
    '/v1/decisions/:decisionId',
    {
      config: { access: ['auditor'] },
      schema: {
        tags: ['decisions'],
        summary: 'One logged decision exactly as it was made',
        params: z.strictObject({ decisionId: z.uuid() }),
        response: { 200: decisionRecordSchema, ...problemResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const record = await decisions.findById(request.params.decisionId);
      if (!record) throw new DomainError('NOT_FOUND', `No decision ${request.params.decisionId}.`);
      return record;
    },
  );

  app.get(
    '/v1/audit/verify',
    {
      config: { access: ['auditor'] },
      schema: {
        tags: ['decisions'],
        summary: 'Recompute the decision log hash chain',
        description:
          'Reports ok with the number of records checked, or the first broken record and why. With from/to, ' +
          'checks the records decided in that range, anchored on the record just before it.',
        querystring: rangeQuery.extend({
          chain: z.enum(['decisions', 'reviews']).default('decisions').describe('Which hash chain to check'),
        }),
        response: { 200: verdictSchema, ...problemResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { chain, ...range } = request.query;
      return chain === 'reviews' ? reviewLog.verify() : decisions.verify(toRange(range));
    },
  );

  app.get(
    '/v1/decisions/export',
    {
      config: { access: ['auditor'] },
      schema: {
        tags: ['decisions'],
        summary: 'Stream every decision in a time range as CSV or NDJSON',
        description:
          'Oldest first, in chain order, streamed a page at a time (constant memory). NDJSON carries the full ' +
          'records; CSV one line per decision with its outcome, reason codes, versions, scores and chain hashes.',
        querystring: rangeQuery.extend({ format: z.enum(['csv', 'ndjson']).default('ndjson') }),
        response: {
          200: {
            description: 'The decisions, streamed',
            content: {
              'application/x-ndjson': { schema: z.string().describe('One DecisionRecord JSON object per line') },
              'text/csv': { schema: z.string().describe('A header line, then one line per decision') },
            },
          },
          ...problemResponses(400, 401, 403, 503),
        },
      },
    },
    async (request, reply) => {
      const { format, ...range } = request.query;
      const records = decisions.stream(toRange(range));
      const filename = `decisions-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.${format === 'csv' ? 'csv' : 'ndjson'}`;
      reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`);
      const body = Readable.from(format === 'csv' ? toCsvLines(records) : toNdjsonLines(records));
      // A stream is sent as it is; the schema above documents its content.
      return reply.send(body as unknown as string);
    },
  );
};
