import { sql, type Kysely } from 'kysely';

/**
 * Blocklists with full history: an entry row is never edited in place except to stamp
 * when it left the list, so the list as it stood at any version can be rebuilt.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('blocklists')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('criminal_record', 'sanctions', 'fraud', 'pep', 'other')`),
    )
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('reject', 'review')`))
    .addColumn('strong_threshold', 'double precision', (c) => c.notNull())
    .addColumn('review_threshold', 'double precision', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('blocklists_thresholds', sql`0 < review_threshold and review_threshold <= strong_threshold and strong_threshold <= 1`)
    .execute();

  await db.schema
    .createTable('blocklist_entries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('list_id', 'uuid', (c) => c.notNull().references('blocklists.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('entry', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('added_version', 'integer', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addColumn('removed_version', 'integer')
    .addColumn('removed_at', 'timestamptz')
    .execute();
  await sql`create unique index blocklist_entries_current on blocklist_entries (list_id, external_id) where removed_at is null`.execute(db);
  await sql`create index blocklist_entries_history on blocklist_entries (list_id, added_version, removed_version)`.execute(db);

  await db.schema
    .createTable('blocklist_versions')
    .addColumn('list_id', 'uuid', (c) => c.notNull().references('blocklists.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('created', 'import', 'entry_added', 'entry_removed', 'settings')`))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'uuid')
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addPrimaryKeyConstraint('blocklist_versions_pk', ['list_id', 'version'])
    .execute();

  await db.schema
    .createTable('blocklist_imports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('list_id', 'uuid', (c) => c.notNull().references('blocklists.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('replace', 'upsert')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('completed', 'failed')`))
    .addColumn('source', 'text')
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('rejected_rows', 'jsonb', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .execute();
  await db.schema.createIndex('blocklist_imports_list').on('blocklist_imports').columns(['list_id', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['blocklist_imports', 'blocklist_versions', 'blocklist_entries', 'blocklists']) {
    await db.schema.dropTable(table).execute();
  }
}
