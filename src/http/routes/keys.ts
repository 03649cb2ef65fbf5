import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleSchema } from '../../domain/access/roles.js';
import { DomainError } from '../../domain/errors.js';
import type { ApiKeyRepository } from '../../db/api-key-repository.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';

const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: roleSchema,
    preview: z.string().describe('First characters of the key, to tell keys apart'),
    createdAt: z.iso.datetime(),
    createdBy: z.uuid().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

const createKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('Who or what uses the key, e.g. "LOS production"'),
  role: roleSchema,
});

const keyId = z.strictObject({ keyId: z.uuid() });

export const keyRoutes: FastifyPluginAsyncZod<{ keys: ApiKeyRepository; now: () => Date; onRevoked?: () => void }> = async (
  app,
  { keys, now, onRevoked },
) => {
  app.post(
    '/v1/keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key',
        description: 'The key is in this response only; the service stores just its hash.',
        body: createKeyBody,
        response: {
          201: apiKeySchema.extend({ key: z.string().describe('The secret; shown once') }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const created = await keys.create({ ...request.body, createdBy: callerOf(request).keyId });
      return reply.status(201).send({ ...created.summary, key: created.key });
    },
  );

  app.get(
    '/v1/keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'List API keys (never their secrets)',
        response: { 200: z.object({ items: z.array(apiKeySchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await keys.list() }),
  );

  app.delete(
    '/v1/keys/:keyId',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key',
        description: 'The key stops working at once; its record stays so decisions keep naming who asked.',
        params: keyId,
        response: { 200: apiKeySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const revoked = await keys.revoke(request.params.keyId, now());
      onRevoked?.();
      if (!revoked) throw new DomainError('NOT_FOUND', `No API key ${request.params.keyId}.`);
      return revoked;
    },
  );
};
