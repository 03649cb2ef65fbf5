import type {} from '@fastify/multipart';
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { evaluationReportSchema } from '../../domain/risk/artifact.js';
import { DomainError } from '../../domain/errors.js';
import { modelStatuses } from '../../db/risk-model-repository.js';
import type { TrainingJobs } from '../../jobs/training-jobs.js';
import type { TrainingJobRepository } from '../../db/training-job-repository.js';
import type { ModelService } from '../../services/model-service.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';
import { savedUploads } from '../uploads.js';

const modelSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(modelStatuses),
    summary: z.object({
      rows: z.number().int(),
      positives: z.number().int(),
      dataSha256: z.string(),
      cvAuc: z.number(),
      cvKs: z.number(),
      cvBrier: z.number(),
      cvLogLoss: z.number(),
      holdoutAuc: z.number(),
      holdoutGini: z.number(),
      holdoutKs: z.number(),
      holdoutBrier: z.number(),
      segments: z.number().int(),
      trainingSeconds: z.number(),
    }),
    createdAt: z.iso.datetime(),
    createdBy: z.string().nullable(),
    statusChangedAt: z.iso.datetime(),
    statusChangedBy: z.string().nullable(),
  })
  .meta({ id: 'RiskModel' });

const modelDetailSchema = modelSchema
  .extend({
    featureSpec: z.record(z.string(), z.unknown()).describe('Features, encodings and their fitted parameters'),
    parameters: z.record(z.string(), z.unknown()),
    riskBands: z.unknown(),
    training: z.record(z.string(), z.unknown()).describe('Data fingerprint (sha256, rows, positives) and options'),
    report: evaluationReportSchema,
    events: z.array(
      z.object({
        modelId: z.string(),
        fromStatus: z.enum(modelStatuses).nullable(),
        toStatus: z.enum(modelStatuses),
        note: z.string().nullable(),
        at: z.iso.datetime(),
        by: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'RiskModelDetail' });

const jobSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    percent: z.number(),
    stage: z.string(),
    options: z.record(z.string(), z.unknown()),
    dataName: z.string().nullable(),
    dataSha256: z.string().nullable(),
    dataRows: z.number().int().nullable(),
    modelId: z.string().nullable().describe('The candidate model, once the job succeeded'),
    error: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'TrainingJob' });

const driftSchema = z
  .object({
    modelId: z.string(),
    reference: z.string(),
    psi: z.number(),
    band: z.enum(['stable', 'moderate_shift', 'significant_shift']),
    scores: z.number().int().describe('Recent scores compared'),
    bins: z.array(z.object({ upTo: z.number().nullable(), expectedShare: z.number(), actualShare: z.number(), contribution: z.number() })),
  })
  .meta({ id: 'ModelMonitoring' });

const modelParams = z.strictObject({ modelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });
const statusBody = z.strictObject({ note: z.string().max(500).optional() }).nullish();

const trainingFields = z.strictObject({
  target: z.string().min(1).max(128),
  exclude: z.string().max(2000).optional().describe('Comma-separated columns to leave out'),
  maxTrainRows: z.coerce.number().int().min(100).max(1_000_000).optional(),
  folds: z.coerce.number().int().min(2).max(10).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31).optional(),
});

const writers = ['analyst'] as const;
const readers = ['analyst', 'auditor'] as const;

export const modelRoutes: FastifyPluginAsyncZod<{ models: ModelService; jobs: TrainingJobs; jobRepository: TrainingJobRepository }> = async (
  app,
  { models, jobs, jobRepository },
) => {
  app.get(
    '/v1/models',
    {
      config: { access: readers },
      schema: {
        tags: ['models'],
        summary: 'Registered risk models, newest first, with their headline metrics',
        response: { 200: z.object({ items: z.array(modelSchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await models.list() }),
  );

  app.get(
    '/v1/models/:modelId',
    {
      config: { access: readers },
      schema: {
        tags: ['models'],
        summary: 'One model: feature spec, parameters, evaluation report, data fingerprint, status history',
        params: modelParams,
        response: { 200: modelDetailSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => models.describe(request.params.modelId),
  );

  app.get(
    '/v1/models/:modelId/artifact',
    {
      config: { access: writers },
      schema: {
        tags: ['models'],
        summary: 'The model artifact as JSON, to keep under models/ or load elsewhere',
        params: modelParams,
        response: { 200: z.record(z.string(), z.unknown()), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => models.artifact(request.params.modelId),
  );

  app.post(
    '/v1/models',
    {
      config: { access: writers },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['models'],
        summary: 'Register a model artifact (for example one exported from another environment) as a candidate',
        body: z.record(z.string(), z.unknown()),
        response: { 201: modelSchema, ...problemResponses(400, 401, 403, 413) },
      },
    },
    async (request, reply) => reply.status(201).send(await models.register(request.body, callerOf(request))),
  );

  for (const [action, status, summary] of [
    ['promote', 'active', 'Make this model decide (the active one is retired; promoting it back is the rollback)'],
    ['shadow', 'shadow', 'Score every application with this model too, logged but never deciding'],
    ['retire', 'retired', 'Stop using this model'],
  ] as const) {
    app.post(
      `/v1/models/:modelId/${action}`,
      {
        config: { access: writers },
        schema: {
          tags: ['models'],
          summary,
          description: 'Takes effect on every instance on the database without a restart.',
          params: modelParams,
          body: statusBody,
          response: { 200: modelSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => models.setStatus(request.params.modelId, status, callerOf(request), request.body?.note ?? undefined),
    );
  }

  app.get(
    '/v1/models/:modelId/monitoring',
    {
      config: { access: readers },
      schema: {
        tags: ['models'],
        summary: 'Score drift: population stability index of recent scores against training',
        params: modelParams,
        querystring: z.strictObject({ recent: z.coerce.number().int().min(10).max(1_000_000).default(10_000) }),
        response: { 200: driftSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => models.monitoring(request.params.modelId, request.query.recent),
  );

  app.post(
    '/v1/models/training-jobs',
    {
      config: { access: writers },
      schema: {
        tags: ['models'],
        summary: 'Train K-Means and SVM models on an uploaded CSV of historical applications (multipart/form-data)',
        description:
          'Fields: `data` (the CSV file, required), `spec` (a feature spec JSON file, optional), and text fields ' +
          '`target`, `exclude`, `maxTrainRows`, `folds`, `seed`. Training runs in a low-priority child process off the request ' +
          'path; poll the job for status and percent. The trained model is registered as a candidate.',
        consumes: ['multipart/form-data'],
        response: { 202: jobSchema, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const files = await savedUploads(request);
      const data = files.find((f) => f.fieldname === 'data');
      if (!data) throw new DomainError('REQUEST_INVALID', 'Send the training CSV in the file field "data".');
      const specFile = files.find((f) => f.fieldname === 'spec');
      const fields = Object.fromEntries(
        Object.values(data.fields)
          .flat()
          .filter((f): f is { type: 'field'; fieldname: string; value: unknown } & typeof f => !!f && (f as { type?: string }).type === 'field')
          .map((f) => [f.fieldname, String(f.value)]),
      );
      const parsed = trainingFields.safeParse(fields);
      if (!parsed.success) {
        throw new DomainError('REQUEST_INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      let spec: unknown;
      if (specFile) {
        try {
          spec = JSON.parse(await readFile(specFile.filepath, 'utf8'));
        } catch {
          throw new DomainError('REQUEST_INVALID', 'The spec file is not valid JSON.');
        }
      }
      const { exclude, ...options } = parsed.data;
      const job = await jobs.submit({
        csv: await readFile(data.filepath),
        dataName: data.filename || 'upload.csv',
        options: { ...options, ...(exclude ? { exclude: exclude.split(',').map((c) => c.trim()).filter(Boolean) } : {}) },
        spec,
        createdBy: callerOf(request).keyId,
      });
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/v1/models/training-jobs/:jobId',
    {
      config: { access: readers },
      schema: {
        tags: ['models'],
        summary: 'A training job: status, stage, percent complete, and the model it produced',
        params: z.strictObject({ jobId: z.uuid() }),
        response: { 200: jobSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => jobRepository.get(request.params.jobId),
  );
};
