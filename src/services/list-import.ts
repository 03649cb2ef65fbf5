import { randomUUID } from 'node:crypto';
import type { Caller } from '../domain/access/roles.js';
import { parseCsvEntries } from '../domain/blocklist/import/csv-entries.js';
import { entryContentHash, type ImportMode } from '../domain/blocklist/import/diff.js';
import type { ImportRow, TextSource } from '../domain/blocklist/import/import-row.js';
import { parseNdjsonEntries } from '../domain/blocklist/import/ndjson-entries.js';
import { parseOfacSdn } from '../domain/blocklist/import/ofac-sdn.js';
import type { BlocklistRepository, HashedEntry, ImportRecord } from '../db/blocklist-repository.js';
import type { Clock } from './screening-service.js';

export const importFormats = ['csv', 'ndjson', 'ofac'] as const;
export type ImportFormat = (typeof importFormats)[number];

export type ImportSource =
  | { format: 'csv' | 'ndjson'; file: TextSource; name: string }
  | {
      format: 'ofac';
      files: { sdn: TextSource; alt?: TextSource | undefined; add?: TextSource | undefined; comments?: TextSource | undefined };
      name: string;
    };

export interface ImportProgress {
  rowsRead: number;
  accepted: number;
  rejected: number;
  stage: 'reading' | 'writing' | 'done';
}

/** How many rejected rows an import keeps in full; all are counted. */
const KEPT_REJECTIONS = 1000;

function rowsOf(source: ImportSource): AsyncIterable<ImportRow> {
  switch (source.format) {
    case 'csv':
      return parseCsvEntries(source.file, { file: source.name });
    case 'ndjson':
      return parseNdjsonEntries(source.file, { file: source.name });
    case 'ofac':
      return parseOfacSdn(source.files);
  }
}

/**
 * Imports a list file: every good row is applied as one new list version, bad rows are
 * reported with their file, line and reason, and if anything fails on the way in,
 * nothing changes and the import is recorded as failed.
 */
export class ListImporter {
  constructor(
    private readonly repository: BlocklistRepository,
    private readonly clock: Clock,
    private readonly onChange: () => Promise<void> | void = () => {},
  ) {}

  async run(
    listIdOrName: string,
    source: ImportSource,
    mode: ImportMode,
    caller: Pick<Caller, 'keyId'> | null,
    onProgress: (progress: ImportProgress) => void = () => {},
  ): Promise<ImportRecord> {
    const list = await this.repository.get(listIdOrName);
    const id = randomUUID();
    const startedAt = this.clock.now();
    const record: ImportRecord = {
      id,
      listId: list.id,
      format: source.format,
      mode,
      status: 'failed',
      source: source.name,
      rowsRead: 0,
      accepted: 0,
      rejected: 0,
      rejectedRows: [],
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 0,
      version: null,
      error: null,
      startedAt: startedAt.toISOString(),
      finishedAt: startedAt.toISOString(),
      createdBy: caller?.keyId ?? null,
    };

    try {
      const entries = new Map<string, HashedEntry & { line: number }>();
      // A listed person whose row is bad this time must not fall off the list.
      const keep: string[] = [];
      for await (const row of rowsOf(source)) {
        record.rowsRead += 1;
        if (row.kind === 'rejected') {
          this.reject(record, row);
          if (row.externalId) keep.push(row.externalId);
        } else {
          const earlier = entries.get(row.entry.externalId);
          if (earlier) {
            this.reject(record, {
              file: row.file,
              line: row.line,
              reason: `externalId ${row.entry.externalId} appears again (first on line ${earlier.line}); the first row is kept`,
            });
          } else {
            entries.set(row.entry.externalId, {
              externalId: row.entry.externalId,
              entry: row.entry,
              contentHash: entryContentHash(row.entry),
              line: row.line,
            });
            record.accepted += 1;
          }
        }
        if (record.rowsRead % 1000 === 0) onProgress({ ...this.counts(record), stage: 'reading' });
      }
      onProgress({ ...this.counts(record), stage: 'writing' });

      await this.repository.applyChange(
        list.id,
        {
          mode,
          entries: [...entries.values()],
          keep,
          change: 'import',
          importId: id,
          onApplied: async (trx, result) => {
            Object.assign(record, {
              status: 'completed',
              added: result.added,
              changed: result.changed,
              removed: result.removed,
              unchanged: result.unchanged,
              version: result.version,
              finishedAt: this.clock.now().toISOString(),
            });
            await this.repository.recordImport(record, trx);
          },
        },
        caller?.keyId ?? null,
        this.clock.now(),
      );
    } catch (error) {
      Object.assign(record, {
        status: 'failed',
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: 0,
        version: null,
        error: error instanceof Error ? error.message : String(error),
        finishedAt: this.clock.now().toISOString(),
      });
      await this.repository.recordImport(record).catch(() => {});
      throw error;
    }
    await this.onChange();
    onProgress({ ...this.counts(record), stage: 'done' });
    return record;
  }

  private reject(record: ImportRecord, row: { file: string; line: number; reason: string }): void {
    record.rejected += 1;
    if (record.rejectedRows.length < KEPT_REJECTIONS) {
      record.rejectedRows.push({ file: row.file, line: row.line, reason: row.reason });
    }
  }

  private counts(record: ImportRecord) {
    return { rowsRead: record.rowsRead, accepted: record.accepted, rejected: record.rejected };
  }
}
