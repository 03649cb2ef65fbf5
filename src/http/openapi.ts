import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 generated from the routes' zod schemas; UI at /docs, JSON at /docs/json. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loan-application screening service',
        version,
        description:
          'Screens loan applications against blocklists and risk models and answers accept, reject or review ' +
          'with reasons. Every decision is committed to an append-only, hash-chained decision log before it is ' +
          'returned. Errors are RFC 9457 problem details (application/problem+json) with a stable `code`.',
      },
      tags: [
        { name: 'screenings', description: 'Screen loan applications' },
        { name: 'decisions', description: 'The decision log, for auditors' },
        { name: 'keys', description: 'API keys and roles' },
        { name: 'operations', description: 'Health and readiness' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key created with `keys create`' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
