import { sql, type Kysely } from 'kysely';

/**
 * Applicant PII leaves the clear-text `application` column: it is sealed with AES-256-GCM
 * into `pii` (with its key id), and `subject_hash` (HMAC of the national ID) lets
 * auditors find one person's decisions without decrypting the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('decision_log').addColumn('pii', 'jsonb').execute();
  await db.schema.alterTable('decision_log').addColumn('subject_hash', 'text').execute();
  await sql`create index decision_log_subject_hash on decision_log (subject_hash) where subject_hash is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('decision_log').dropColumn('subject_hash').execute();
  await db.schema.alterTable('decision_log').dropColumn('pii').execute();
}
