import { sql, type Kysely } from 'kysely';

/**
 * The model registry: every trained model with its artifact and report, its status, and
 * an append-only history of status changes (promotions, rollbacks, shadowing); plus the
 * asynchronous training jobs that produce candidates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A shadow model's score is logged with each decision, beside the deciding one.
  await db.schema.alterTable('decision_log').addColumn('shadow_risk', 'jsonb').execute();

  await db.schema
    .createTable('risk_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('candidate', 'active', 'shadow', 'retired')`),
    )
    .addColumn('artifact', 'jsonb', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid')
    .addColumn('status_changed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_changed_by', 'uuid')
    .execute();
  // At most one active and one shadow model at any time.
  await sql`create unique index risk_models_one_active on risk_models (status) where status = 'active'`.execute(db);
  await sql`create unique index risk_models_one_shadow on risk_models (status) where status = 'shadow'`.execute(db);

  await db.schema
    .createTable('risk_model_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('risk_models.id'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('by', 'uuid')
    .execute();
  await db.schema.createIndex('risk_model_events_model').on('risk_model_events').columns(['model_id', 'at']).execute();

  await db.schema
    .createTable('training_jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed')`),
    )
    .addColumn('percent', 'double precision', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('data_name', 'text')
    .addColumn('data_sha256', 'text')
    .addColumn('data_rows', 'integer')
    .addColumn('model_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['training_jobs', 'risk_model_events', 'risk_models']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('decision_log').dropColumn('shadow_risk').execute();
}
