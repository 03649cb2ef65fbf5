import { sql, type Kysely } from 'kysely';

/** Policy documents, never edited once stored, and the history of which one was active when. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .execute();
  await sql`
    create function policies_reject_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'policies are never edited: create a new version instead'
        using errcode = 'insufficient_privilege';
    end;
    $$
  `.execute(db);
  await sql`
    create trigger policies_no_update_or_delete before update or delete on policies
    for each row execute function policies_reject_change()
  `.execute(db);

  await db.schema
    .createTable('policy_activations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull().references('policies.version'))
    .addColumn('activated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('activated_by', 'uuid')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('policy_activations').execute();
  await db.schema.dropTable('policies').execute();
  await sql`drop function policies_reject_change`.execute(db);
}
