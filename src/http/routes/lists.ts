import type {} from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blocklistEntryInputSchema, entryIdentifierSchema, entityTypes } from '../../domain/blocklist/entry.js';
import { blocklistSchema, listSettingsPatchSchema, listSettingsSchema } from '../../domain/blocklist/list.js';
import { createReadStream } from 'node:fs';
import { importModes } from '../../domain/blocklist/import/diff.js';
import { DomainError } from '../../domain/errors.js';
import type { BlocklistService } from '../../services/blocklist-service.js';
import { importFormats, type ImportSource, type ListImporter } from '../../services/list-import.js';
import type { RescreenService } from '../../services/rescreen-service.js';
import { blocklistHitSchema } from '../../domain/screening/decision.js';
import { callerOf } from '../access.js';
import { problemResponses } from '../problem.js';
import { savedUploads } from '../uploads.js';

const listParams = z.strictObject({ listId: z.string().min(1).max(64).describe('List id or name') });

const storedEntrySchema = z
  .object({
    id: z.uuid().describe('Id of this version of the entry'),
    externalId: z.string(),
    fullName: z.string(),
    aliases: z.array(z.string()),
    datesOfBirth: z.array(z.string()),
    identifiers: z.array(entryIdentifierSchema),
    nationalities: z.array(z.string()),
    entityType: z.enum(entityTypes),
    reason: z.string().optional(),
    sourceReference: z.string().optional(),
    addedVersion: z.number().int(),
    addedAt: z.iso.datetime(),
  })
  .meta({ id: 'StoredBlocklistEntry' });

const changeResultSchema = z
  .object({
    list: blocklistSchema,
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    unchanged: z.number().int(),
  })
  .meta({ id: 'BlocklistChange' });

const versionSchema = z.object({
  version: z.number().int(),
  change: z.enum(['created', 'import', 'entry_added', 'entry_removed', 'settings']),
  contentHash: z.string(),
  entryCount: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  importId: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
});

const writers = ['analyst'] as const;
const readers = ['analyst', 'auditor'] as const;

export const importRecordSchema = z
  .object({
    id: z.uuid(),
    listId: z.uuid(),
    format: z.string(),
    mode: z.enum(importModes),
    status: z.enum(['completed', 'failed']),
    source: z.string().nullable(),
    rowsRead: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int().describe('Rows refused; the first 1,000 are listed in rejectedRows'),
    rejectedRows: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string() })),
    added: z.number().int(),
    changed: z.number().int(),
    removed: z.number().int(),
    unchanged: z.number().int(),
    version: z.number().int().nullable().describe('The list version the import created'),
    error: z.string().nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'BlocklistImport' });

const ofacParts = ['sdn', 'alt', 'add', 'comments'] as const;

export const listRoutes: FastifyPluginAsyncZod<{ blocklists: BlocklistService; importer: ListImporter; rescreen: RescreenService }> = async (
  app,
  { blocklists, importer, rescreen },
) => {
  app.post(
    '/v1/lists/:listId/rescreen',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: 'Find past decisions whose applicants hit this list now',
        description:
          'Screens the applicants of past decisions (optionally in a time range) against the list as it stands now and ' +
          'reports those with hits they did not have when decided. Reads the decision log; writes nothing.',
        params: listParams,
        body: z
          .strictObject({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })
          .nullish(),
        response: {
          200: z.object({
            listId: z.string(),
            listVersion: z.number().int(),
            decisionsChecked: z.number().int(),
            flagged: z.array(
              z.object({ decisionId: z.string(), applicationId: z.string(), decidedAt: z.string(), outcome: z.string(), newHits: z.array(blocklistHitSchema) }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      rescreen.rescreen(request.params.listId, {
        from: request.body?.from ? new Date(request.body.from) : undefined,
        to: request.body?.to ? new Date(request.body.to) : undefined,
      }),
  );

  app.post(
    '/v1/lists/:listId/imports',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: 'Import a list file (multipart/form-data)',
        description:
          'Send the file as multipart/form-data: field `file` for csv and ndjson; fields `sdn` (required), `alt`, ' +
          '`add` and `comments` for OFAC legacy CSV. mode=replace treats the file as the whole list (entries ' +
          'missing from it are delisted); mode=upsert only adds and changes. Good rows are applied as one new ' +
          'list version; bad rows are reported with file, line and reason. If anything else fails, nothing changes.',
        params: listParams,
        querystring: z.strictObject({ format: z.enum(importFormats), mode: z.enum(importModes).default('upsert') }),
        consumes: ['multipart/form-data'],
        response: { 200: importRecordSchema, ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const files = await savedUploads(request);
      const byField = new Map(files.map((f) => [f.fieldname, f]));
      const { format, mode } = request.query;
      const allowed: readonly string[] = format === 'ofac' ? ofacParts : ['file'];
      const unexpected = files.map((f) => f.fieldname).filter((name) => !allowed.includes(name));
      if (unexpected.length > 0) {
        throw new DomainError('REQUEST_INVALID', `Unexpected file field(s) ${unexpected.join(', ')}; expected ${allowed.join(', ')}.`);
      }
      const open = (field: string) => {
        const part = byField.get(field);
        return part ? createReadStream(part.filepath) : undefined;
      };
      let source: ImportSource;
      if (format === 'ofac') {
        const sdn = open('sdn');
        if (!sdn) throw new DomainError('REQUEST_INVALID', 'An OFAC import needs the sdn file in field "sdn".');
        source = { format, files: { sdn, alt: open('alt'), add: open('add'), comments: open('comments') }, name: 'ofac-sdn' };
      } else {
        const file = open('file');
        if (!file) throw new DomainError('REQUEST_INVALID', `A ${format} import needs the file in field "file".`);
        source = { format, file, name: byField.get('file')?.filename || `upload.${format}` };
      }
      return importer.run(request.params.listId, source, mode, callerOf(request));
    },
  );

  app.get(
    '/v1/lists/:listId/imports',
    {
      config: { access: readers },
      schema: {
        tags: ['blocklists'],
        summary: 'The imports of a list, newest first, with their reports',
        params: listParams,
        response: { 200: z.object({ items: z.array(importRecordSchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await blocklists.imports(request.params.listId) }),
  );

  app.post(
    '/v1/lists',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: 'Create a blocklist',
        body: listSettingsSchema,
        response: { 201: blocklistSchema, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await blocklists.createList(request.body, callerOf(request))),
  );

  app.get(
    '/v1/lists',
    {
      config: { access: readers },
      schema: {
        tags: ['blocklists'],
        summary: 'All blocklists with their current versions',
        response: { 200: z.object({ items: z.array(blocklistSchema) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({ items: await blocklists.lists() }),
  );

  app.get(
    '/v1/lists/:listId',
    {
      config: { access: readers },
      schema: {
        tags: ['blocklists'],
        summary: 'One blocklist',
        params: listParams,
        response: { 200: blocklistSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => blocklists.list(request.params.listId),
  );

  app.patch(
    '/v1/lists/:listId',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: "Change a list's action, thresholds or description (a new version)",
        params: listParams,
        body: listSettingsPatchSchema,
        response: { 200: blocklistSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => blocklists.updateList(request.params.listId, request.body, callerOf(request)),
  );

  app.get(
    '/v1/lists/:listId/entries',
    {
      config: { access: readers },
      schema: {
        tags: ['blocklists'],
        summary: 'Current entries of a list, in external id order',
        params: listParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          after: z.string().max(128).optional().describe('externalId of the last entry of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(storedEntrySchema), nextAfter: z.string().nullable() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => blocklists.entries(request.params.listId, request.query.limit, request.query.after),
  );

  app.post(
    '/v1/lists/:listId/entries',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: 'Add an entry, or replace the entry with the same externalId (a new version)',
        params: listParams,
        body: blocklistEntryInputSchema,
        response: { 200: changeResultSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => blocklists.addEntry(request.params.listId, request.body, callerOf(request)),
  );

  app.delete(
    '/v1/lists/:listId/entries/:externalId',
    {
      config: { access: writers },
      schema: {
        tags: ['blocklists'],
        summary: 'Delist an entry (a new version; its history is kept)',
        params: listParams.extend({ externalId: z.string().min(1).max(128) }),
        response: { 200: changeResultSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => blocklists.removeEntry(request.params.listId, request.params.externalId, callerOf(request)),
  );

  app.get(
    '/v1/lists/:listId/versions',
    {
      config: { access: readers },
      schema: {
        tags: ['blocklists'],
        summary: 'Every version of a list: what changed, when, by whom, with its content hash',
        params: listParams,
        response: { 200: z.object({ items: z.array(versionSchema) }), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => ({ items: await blocklists.versions(request.params.listId) }),
  );
};
