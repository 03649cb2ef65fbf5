import { sql, type Kysely } from 'kysely';

/**
 * The decision log: append-only (triggers reject UPDATE, DELETE and TRUNCATE) and
 * hash-chained (each row's hash covers the previous row's hash and its own content).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('decision_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('decision_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('application_id', 'text', (c) => c.notNull())
    .addColumn('api_key_id', 'uuid', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('accept', 'reject', 'review')`),
    )
    .addColumn('reasons', 'jsonb', (c) => c.notNull())
    .addColumn('application', 'jsonb', (c) => c.notNull())
    .addColumn('blocklist', 'jsonb', (c) => c.notNull())
    .addColumn('risk', 'jsonb', (c) => c.notNull())
    .addColumn('versions', 'jsonb', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addUniqueConstraint('decision_log_idempotency', ['api_key_id', 'application_id'])
    .execute();

  await db.schema
    .createIndex('decision_log_decided_at')
    .on('decision_log')
    .columns(['decided_at', 'seq'])
    .execute();
  await db.schema
    .createIndex('decision_log_application_id')
    .on('decision_log')
    .column('application_id')
    .execute();

  await sql`
    create function decision_log_reject_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'decision_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
    end;
    $$
  `.execute(db);
  await sql`
    create trigger decision_log_no_update_or_delete
    before update or delete on decision_log
    for each row execute function decision_log_reject_change()
  `.execute(db);
  await sql`
    create trigger decision_log_no_truncate
    before truncate on decision_log
    for each statement execute function decision_log_reject_change()
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the decision log is never dropped by a migration');
}
