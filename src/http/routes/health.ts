import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.object({
        kind: z.enum(['postgres', 'pglite']),
        reachable: z.boolean(),
        detail: z.string().optional(),
      }),
      decisionLog: z.object({ accepting: z.boolean() }),
      blocklists: z.object({
        loaded: z.boolean().describe('False until every list is loaded in full'),
        version: z.string().nullable().describe('name@version of each list served'),
        lists: z.number().int(),
        entries: z.number().int(),
        lastError: z.string().optional(),
      }),
      riskModels: z.object({
        loaded: z.boolean(),
        active: z.string().nullable(),
        activeIsDefault: z.boolean().describe('True while the shipped default model decides'),
        shadow: z.string().nullable(),
      }),
    }),
    versions: z.object({
      policy: z.string(),
      riskModel: z.string().nullable(),
      blocklists: z.string().nullable(),
    }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof readinessSchema>;

export const healthRoutes: FastifyPluginAsyncZod<{ readiness: () => Promise<Readiness> }> = async (app, { readiness }) => {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the service can take screenings',
        description: '503 with the failing check when the database is unreachable or the service is shutting down.',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const report = await readiness();
      return reply.status(report.status === 'ready' ? 200 : 503).send(report);
    },
  );
};
