import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policyDocumentSchema } from '../../domain/policy/policy-document.js';
import { reasonCodeList, reasonCodeSchema } from '../../domain/policy/reason-codes.js';
import { outcomes } from '../../domain/screening/decision.js';
import type { PolicyService } from '../../services/policy-service.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';

const storedPolicySchema = z
  .object({
    version: z.string(),
    document: policyDocumentSchema,
    createdAt: z.iso.datetime().nullable(),
    createdBy: z.string().nullable(),
    active: z.boolean(),
    activatedAt: z.iso.datetime().nullable(),
    builtin: z.boolean().describe('The shipped policy, in force until another is activated'),
  })
  .meta({ id: 'Policy' });

const simulationSchema = z
  .object({
    policy: z.string(),
    decisions: z.number().int().describe('Past decisions replayed'),
    changed: z.number().int(),
    byOutcomePair: z.record(z.string(), z.number().int()).describe('Counts by "before->after", e.g. "accept->review"'),
    examples: z.array(
      z.object({
        decisionId: z.string(),
        decidedAt: z.string(),
        before: z.enum(outcomes),
        after: z.enum(outcomes),
        policyBefore: z.string(),
      }),
    ),
  })
  .meta({ id: 'PolicySimulation' });

const versionParams = z.strictObject({ version: z.string().min(1).max(64) });
const everyone = ['originator', 'analyst', 'auditor'] as const;

export const policyRoutes: FastifyPluginAsyncZod<{ policies: PolicyService }> = async (app, { policies }) => {
  app.get(
    '/v1/reason-codes',
    {
      config: { access: everyone },
      schema: {
        tags: ['policies'],
        summary: 'Every reason code with its plain-language text, most important first',
        response: { 200: z.object({ items: z.array(reasonCodeSchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: reasonCodeList() }),
  );

  app.get(
    '/v1/policies',
    {
      config: { access: ['analyst', 'auditor'] },
      schema: {
        tags: ['policies'],
        summary: 'Every policy version, and which one is active',
        response: { 200: z.object({ items: z.array(storedPolicySchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await policies.list() }),
  );

  app.get(
    '/v1/policies/:version',
    {
      config: { access: ['analyst', 'auditor'] },
      schema: {
        tags: ['policies'],
        summary: 'One policy version',
        params: versionParams,
        response: { 200: storedPolicySchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => policies.get(request.params.version),
  );

  app.post(
    '/v1/policies',
    {
      config: { access: [] },
      schema: {
        tags: ['policies'],
        summary: 'Store a new policy version (never edits one)',
        description: 'The new version takes effect only once activated.',
        body: policyDocumentSchema,
        response: { 201: storedPolicySchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await policies.create(request.body, callerOf(request))),
  );

  app.post(
    '/v1/policies/:version/activate',
    {
      config: { access: [] },
      schema: {
        tags: ['policies'],
        summary: 'Make a policy version decide new screenings, on every instance',
        description: 'Past decisions keep the version they were made with.',
        params: versionParams,
        response: { 200: storedPolicySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => policies.activate(request.params.version, callerOf(request)),
  );

  app.post(
    '/v1/policies/:version/simulate',
    {
      config: { access: ['analyst'] },
      schema: {
        tags: ['policies'],
        summary: 'Dry run: how past decisions in a time range would come out under this policy',
        description: 'Re-decides each logged decision from its stored inputs and scores; writes nothing.',
        params: versionParams,
        body: z
          .strictObject({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
          })
          .nullish(),
        response: { 200: simulationSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      policies.simulate(request.params.version, {
        from: request.body?.from ? new Date(request.body.from) : undefined,
        to: request.body?.to ? new Date(request.body.to) : undefined,
      }),
  );
};
