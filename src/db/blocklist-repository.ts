import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { BlocklistEntry } from '../domain/blocklist/entry.js';
import type { Blocklist, ListSettings, ListSettingsPatch } from '../domain/blocklist/list.js';
import { DomainError } from '../domain/errors.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

export const BLOCKLIST_CHANNEL = 'blocklists_changed';

export type VersionChange = 'created' | 'import' | 'entry_added' | 'entry_removed' | 'settings';

export interface HashedEntry {
  externalId: string;
  entry: BlocklistEntry;
  contentHash: string;
}

export interface EntryChange {
  /** replace: `entries` is the whole list; upsert: add or change these; remove: drop `removals`. */
  mode: 'replace' | 'upsert' | 'remove';
  entries: HashedEntry[];
  removals?: string[];
  /** replace: ids whose rows were rejected this time; they stay as they are rather than being delisted. */
  keep?: string[];
  change: VersionChange;
  importId?: string;
  /** Runs inside the change's transaction once the new version is written. */
  onApplied?: (trx: Transaction<Database>, result: ChangeResult) => Promise<void>;
}

export interface ChangeResult {
  version: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  entryCount: number;
  contentHash: string;
}

export interface ImportRecord {
  id: string;
  listId: string;
  format: string;
  mode: 'replace' | 'upsert';
  status: 'completed' | 'failed';
  source: string | null;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** The first rejected rows (file, line, reason); `rejected` counts them all. */
  rejectedRows: Array<{ file: string; line: number; reason: string }>;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  version: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string;
  createdBy: string | null;
}

function toImportRecord(row: Database['blocklist_imports'] extends infer T ? { [K in keyof T]: unknown } : never): ImportRecord {
  return {
    id: row.id as string,
    listId: row.list_id as string,
    format: row.format as string,
    mode: row.mode as ImportRecord['mode'],
    status: row.status as ImportRecord['status'],
    source: (row.source as string | null) ?? null,
    rowsRead: Number(row.rows_read),
    accepted: Number(row.accepted),
    rejected: Number(row.rejected),
    rejectedRows: row.rejected_rows as ImportRecord['rejectedRows'],
    added: Number(row.added),
    changed: Number(row.changed),
    removed: Number(row.removed),
    unchanged: Number(row.unchanged),
    version: row.version == null ? null : Number(row.version),
    error: (row.error as string | null) ?? null,
    startedAt: new Date(row.started_at as Date).toISOString(),
    finishedAt: new Date(row.finished_at as Date).toISOString(),
    createdBy: (row.created_by as string | null) ?? null,
  };
}

export interface StoredEntry {
  id: string;
  listId: string;
  externalId: string;
  entry: BlocklistEntry;
  addedVersion: number;
  addedAt: string;
  removedVersion: number | null;
  removedAt: string | null;
}

type ListRow = Database['blocklists'] extends infer T ? { [K in keyof T]: unknown } : never;

function toList(row: ListRow): Blocklist {
  return {
    id: row.id as string,
    name: row.name as string,
    kind: row.kind as Blocklist['kind'],
    action: row.action as Blocklist['action'],
    strongThreshold: Number(row.strong_threshold),
    reviewThreshold: Number(row.review_threshold),
    description: (row.description as string | null) ?? null,
    version: Number(row.version),
    contentHash: row.content_hash as string,
    entryCount: Number(row.entry_count),
    createdAt: new Date(row.created_at as Date).toISOString(),
    updatedAt: new Date(row.updated_at as Date).toISOString(),
  };
}

const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'; // sha256('')
const BATCH = 500;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Lists and their entries with full history. Every change runs in one transaction
 * that locks the list row, so concurrent changes to one list apply one after another,
 * and announces itself on the `blocklists_changed` channel when it commits.
 */
export class BlocklistRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(settings: ListSettings, by: string | null, now: Date): Promise<Blocklist> {
    const id = randomUUID();
    try {
      return await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('blocklists')
          .values({
            id,
            name: settings.name,
            kind: settings.kind,
            action: settings.action,
            strong_threshold: settings.strongThreshold,
            review_threshold: settings.reviewThreshold,
            description: settings.description ?? null,
            version: 1,
            content_hash: EMPTY_HASH,
            entry_count: 0,
            created_at: now,
            created_by: by,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const list = toList(row as ListRow);
        await this.recordVersion(trx, list, 'created', { added: 0, changed: 0, removed: 0 }, by, now);
        await this.announce(trx, list);
        return list;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('CONFLICT', `A list named ${settings.name} already exists.`);
      }
      throw error;
    }
  }

  async all(): Promise<Blocklist[]> {
    const rows = await this.db.selectFrom('blocklists').selectAll().orderBy('name').execute();
    return rows.map((r) => toList(r as ListRow));
  }

  async find(idOrName: string): Promise<Blocklist | null> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
    const row = await this.db
      .selectFrom('blocklists')
      .selectAll()
      .where(isUuid ? 'id' : 'name', '=', idOrName)
      .executeTakeFirst();
    return row ? toList(row as ListRow) : null;
  }

  async get(idOrName: string): Promise<Blocklist> {
    const list = await this.find(idOrName);
    if (!list) throw new DomainError('NOT_FOUND', `No list ${idOrName}.`);
    return list;
  }

  async updateSettings(listId: string, patch: ListSettingsPatch, by: string | null, now: Date): Promise<Blocklist> {
    return this.db.transaction().execute(async (trx) => {
      const current = await this.lock(trx, listId);
      const strong = patch.strongThreshold ?? current.strongThreshold;
      const review = patch.reviewThreshold ?? current.reviewThreshold;
      if (review > strong) {
        throw new DomainError('REQUEST_INVALID', `reviewThreshold ${review} would exceed strongThreshold ${strong}.`);
      }
      const row = await trx
        .updateTable('blocklists')
        .set({
          action: patch.action ?? current.action,
          strong_threshold: strong,
          review_threshold: review,
          description: patch.description ?? current.description,
          version: current.version + 1,
          updated_at: now,
        })
        .where('id', '=', listId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const list = toList(row as ListRow);
      await this.recordVersion(trx, list, 'settings', { added: 0, changed: 0, removed: 0 }, by, now);
      await this.announce(trx, list);
      return list;
    });
  }

  /** Applies a change to a list's entries as one new version, or not at all. */
  async applyChange(listId: string, change: EntryChange, by: string | null, now: Date): Promise<ChangeResult> {
    return this.db.transaction().execute(async (trx) => {
      const list = await this.lock(trx, listId);
      const version = list.version + 1;
      const current = await this.currentHashes(trx, listId, change);

      const toInsert: HashedEntry[] = [];
      const toRetire: string[] = [];
      let added = 0;
      let changed = 0;
      let unchanged = 0;
      const seen = new Set<string>();
      for (const incoming of change.entries) {
        seen.add(incoming.externalId);
        const existing = current.get(incoming.externalId);
        if (!existing) {
          added += 1;
          toInsert.push(incoming);
        } else if (existing.contentHash !== incoming.contentHash) {
          changed += 1;
          toRetire.push(existing.id);
          toInsert.push(incoming);
        } else {
          unchanged += 1;
        }
      }
      let removed = 0;
      const keep = new Set(change.keep ?? []);
      const removals =
        change.mode === 'replace'
          ? [...current.keys()].filter((id) => !seen.has(id) && !keep.has(id))
          : (change.removals ?? []);
      for (const externalId of removals) {
        const existing = current.get(externalId);
        if (!existing) {
          if (change.mode === 'remove') throw new DomainError('NOT_FOUND', `No current entry ${externalId} on list ${list.name}.`);
          continue;
        }
        removed += 1;
        toRetire.push(existing.id);
      }

      if (added + changed + removed === 0) {
        // Nothing changed: no new version, and nothing for other instances to reload.
        const result = { version: list.version, added, changed, removed, unchanged, entryCount: list.entryCount, contentHash: list.contentHash };
        await change.onApplied?.(trx, result);
        return result;
      }

      for (const ids of chunks(toRetire, BATCH)) {
        await trx
          .updateTable('blocklist_entries')
          .set({ removed_at: now, removed_version: version })
          .where('id', 'in', ids)
          .execute();
      }
      for (const batch of chunks(toInsert, BATCH)) {
        await trx
          .insertInto('blocklist_entries')
          .values(
            batch.map((e) => ({
              id: randomUUID(),
              list_id: listId,
              external_id: e.externalId,
              entry: JSON.stringify(e.entry),
              content_hash: e.contentHash,
              added_version: version,
              added_at: now,
            })),
          )
          .execute();
      }

      const summary = await this.contentSummary(trx, listId);
      const row = await trx
        .updateTable('blocklists')
        .set({ version, content_hash: summary.contentHash, entry_count: summary.entryCount, updated_at: now })
        .where('id', '=', listId)
        .returningAll()
        .executeTakeFirstOrThrow();
      const updated = toList(row as ListRow);
      await this.recordVersion(trx, updated, change.change, { added, changed, removed }, by, now, change.importId);
      await this.announce(trx, updated);
      const result = { version, added, changed, removed, unchanged, ...summary };
      await change.onApplied?.(trx, result);
      return result;
    });
  }

  /** Current entries of one list, in external id order, a page at a time. */
  async entries(listId: string, limit: number, afterExternalId?: string): Promise<StoredEntry[]> {
    let query = this.db
      .selectFrom('blocklist_entries')
      .selectAll()
      .where('list_id', '=', listId)
      .where('removed_at', 'is', null);
    if (afterExternalId !== undefined) query = query.where(sql<boolean>`external_id collate "C" > ${afterExternalId}`);
    const rows = await query.orderBy(sql`external_id collate "C"`).limit(limit).execute();
    return rows.map(toStoredEntry);
  }

  /** The entries of a list as it stood at `version`, for replaying past decisions. */
  async entriesAtVersion(listId: string, version: number): Promise<StoredEntry[]> {
    const rows = await this.db
      .selectFrom('blocklist_entries')
      .selectAll()
      .where('list_id', '=', listId)
      .where('added_version', '<=', version)
      .where((eb) => eb.or([eb('removed_version', 'is', null), eb('removed_version', '>', version)]))
      .orderBy(sql`external_id collate "C"`)
      .execute();
    return rows.map(toStoredEntry);
  }

  /** Every current entry of every list, streamed in pages, for building the index. */
  async *allCurrentEntries(pageSize = 10_000): AsyncGenerator<StoredEntry[]> {
    let after: string | null = null;
    for (;;) {
      let query = this.db.selectFrom('blocklist_entries').selectAll().where('removed_at', 'is', null);
      if (after !== null) query = query.where('id', '>', after);
      const rows = await query.orderBy('id').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map(toStoredEntry);
      after = rows[rows.length - 1]!.id;
    }
  }

  async recordImport(record: ImportRecord, trx: Kysely<Database> | Transaction<Database> = this.db): Promise<void> {
    await trx
      .insertInto('blocklist_imports')
      .values({
        id: record.id,
        list_id: record.listId,
        format: record.format,
        mode: record.mode,
        status: record.status,
        source: record.source,
        rows_read: record.rowsRead,
        accepted: record.accepted,
        rejected: record.rejected,
        rejected_rows: JSON.stringify(record.rejectedRows),
        added: record.added,
        changed: record.changed,
        removed: record.removed,
        unchanged: record.unchanged,
        version: record.version,
        error: record.error,
        started_at: record.startedAt,
        finished_at: record.finishedAt,
        created_by: record.createdBy,
      })
      .execute();
  }

  async imports(listId: string, limit = 100): Promise<ImportRecord[]> {
    const rows = await this.db
      .selectFrom('blocklist_imports')
      .selectAll()
      .where('list_id', '=', listId)
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toImportRecord);
  }

  async findImport(id: string): Promise<ImportRecord | null> {
    const row = await this.db.selectFrom('blocklist_imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toImportRecord(row) : null;
  }

  async versions(listId: string) {
    const rows = await this.db
      .selectFrom('blocklist_versions')
      .selectAll()
      .where('list_id', '=', listId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      change: r.change as VersionChange,
      contentHash: r.content_hash,
      entryCount: r.entry_count,
      added: r.added,
      changed: r.changed,
      removed: r.removed,
      importId: r.import_id,
      settings: r.settings as Record<string, unknown>,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
    }));
  }

  private async lock(trx: Transaction<Database>, listId: string): Promise<Blocklist> {
    const row = await trx.selectFrom('blocklists').selectAll().where('id', '=', listId).forUpdate().executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `No list ${listId}.`);
    return toList(row as ListRow);
  }

  private async currentHashes(trx: Transaction<Database>, listId: string, change: EntryChange) {
    const map = new Map<string, { id: string; contentHash: string }>();
    const base = () =>
      trx
        .selectFrom('blocklist_entries')
        .select(['id', 'external_id', 'content_hash'])
        .where('list_id', '=', listId)
        .where('removed_at', 'is', null);
    if (change.mode === 'replace') {
      for (const r of await base().execute()) map.set(r.external_id, { id: r.id, contentHash: r.content_hash });
      return map;
    }
    const wanted = [...change.entries.map((e) => e.externalId), ...(change.removals ?? [])];
    for (const ids of chunks(wanted, BATCH)) {
      for (const r of await base().where('external_id', 'in', ids).execute()) {
        map.set(r.external_id, { id: r.id, contentHash: r.content_hash });
      }
    }
    return map;
  }

  /** sha256 over "externalId:contentHash" lines in byte order: equal content, equal hash. */
  private async contentSummary(trx: Transaction<Database>, listId: string) {
    const result = await sql<{ hash: string; n: string | number }>`
      select encode(sha256(convert_to(coalesce(
               string_agg(external_id || ':' || content_hash, E'\n' order by external_id collate "C"), ''), 'UTF8')), 'hex') as hash,
             count(*) as n
      from blocklist_entries
      where list_id = ${listId} and removed_at is null`.execute(trx);
    const row = result.rows[0]!;
    return { contentHash: row.hash, entryCount: Number(row.n) };
  }

  private async recordVersion(
    trx: Transaction<Database>,
    list: Blocklist,
    change: VersionChange,
    counts: { added: number; changed: number; removed: number },
    by: string | null,
    now: Date,
    importId?: string,
  ): Promise<void> {
    await trx
      .insertInto('blocklist_versions')
      .values({
        list_id: list.id,
        version: list.version,
        change,
        content_hash: list.contentHash,
        entry_count: list.entryCount,
        ...counts,
        import_id: importId ?? null,
        settings: JSON.stringify({
          action: list.action,
          strongThreshold: list.strongThreshold,
          reviewThreshold: list.reviewThreshold,
        }),
        created_at: now,
        created_by: by,
      })
      .execute();
  }

  /** Delivered to every listening instance when the transaction commits. */
  private async announce(trx: Transaction<Database>, list: Blocklist): Promise<void> {
    await sql`select pg_notify(${BLOCKLIST_CHANNEL}, ${`${list.id}:${list.version}`})`.execute(trx);
  }
}

function toStoredEntry(row: Database['blocklist_entries'] extends infer T ? { [K in keyof T]: unknown } : never): StoredEntry {
  return {
    id: row.id as string,
    listId: row.list_id as string,
    externalId: row.external_id as string,
    entry: row.entry as BlocklistEntry,
    addedVersion: Number(row.added_version),
    addedAt: new Date(row.added_at as Date).toISOString(),
    removedVersion: row.removed_version == null ? null : Number(row.removed_version),
    removedAt: row.removed_at ? new Date(row.removed_at as Date).toISOString() : null,
  };
}
