import { sql, type Kysely } from 'kysely';

/**
 * Manual review: the reviewer role; claims on decisions in review (operational, mutable);
 * review outcomes as an append-only hash chain of their own; false-positive suppressions
 * (append-only); and webhook deliveries with every attempt recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_keys drop constraint if exists api_keys_role_check`.execute(db);
  await sql`alter table api_keys add constraint api_keys_role_check check (role in ('originator', 'analyst', 'auditor', 'reviewer', 'admin'))`.execute(db);

  await db.schema
    .createTable('review_claims')
    .addColumn('decision_id', 'uuid', (c) => c.primaryKey())
    .addColumn('claimed_by', 'uuid', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('review_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('review_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('decision_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('decision_hash', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('accept', 'reject')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('reviewer_key_id', 'uuid', (c) => c.notNull())
    .addColumn('suppression_ids', 'jsonb', (c) => c.notNull())
    .addColumn('reviewed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('suppress', 'revoke')`))
    .addColumn('subject_hash', 'text', (c) => c.notNull())
    .addColumn('list_id', 'uuid', (c) => c.notNull())
    .addColumn('entry_id', 'uuid', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'uuid')
    .addColumn('revokes', 'uuid')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('suppressions_subject').on('suppressions').columns(['subject_hash', 'entry_id']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'uuid', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'delivered', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    .execute();
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('delivery_id', 'uuid', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .execute();

  await sql`
    create function append_only_reject_change() returns trigger
    language plpgsql as $$
    begin
      raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$
  `.execute(db);
  for (const table of ['review_log', 'suppressions', 'webhook_attempts']) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.table(table)}
      for each row execute function append_only_reject_change()
    `.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function append_only_reject_change()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_attempts', 'webhook_deliveries', 'suppressions', 'review_log', 'review_claims']) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function append_only_reject_change`.execute(db);
}
