import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { generateApiKey, hashApiKey, keyPreview } from '../domain/access/api-key.js';
import { roleSchema, type Caller, type Role } from '../domain/access/roles.js';
import type { ApiKeyRow, Database } from './database.js';

/** The NOTIFY channel on which a revoked key is announced (instances cache authenticated keys). */
export const API_KEYS_CHANNEL = 'api_keys_changed';

export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  preview: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

const toSummary = (row: ApiKeyRow): ApiKeySummary => ({
  id: row.id,
  name: row.name,
  role: roleSchema.parse(row.role),
  preview: row.key_preview,
  createdAt: new Date(row.created_at).toISOString(),
  createdBy: row.created_by,
  revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
});

/** API keys, stored only as SHA-256 hashes. */
export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a key and returns its secret: the only time the secret is ever seen. */
  async create(input: { name: string; role: Role; createdBy?: string | null }) {
    const secret = generateApiKey();
    const row = await this.db
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        name: input.name,
        role: input.role,
        key_hash: hashApiKey(secret),
        key_preview: keyPreview(secret),
        created_by: input.createdBy ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key: secret, summary: toSummary(row) };
  }

  /**
   * Registers a key whose secret the operator chose (ADMIN_API_KEY). Idempotent: the
   * same secret keeps its id across restarts, and a revoked one stays revoked.
   */
  async ensure(input: { secret: string; name: string; role: Role }): Promise<ApiKeySummary> {
    const keyHash = hashApiKey(input.secret);
    await this.db
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        name: input.name,
        role: input.role,
        key_hash: keyHash,
        key_preview: keyPreview(input.secret),
      })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirstOrThrow();
    return toSummary(row);
  }

  /** The caller a presented secret belongs to, or null if unknown or revoked. */
  async authenticate(secret: string): Promise<Caller | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'role'])
      .where('key_hash', '=', hashApiKey(secret))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { keyId: row.id, name: row.name, role: roleSchema.parse(row.role) } : null;
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toSummary);
  }

  async find(id: string): Promise<ApiKeySummary | null> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  /** Revokes a key; the row stays so that decisions keep naming who asked. */
  async revoke(id: string, at: Date): Promise<ApiKeySummary | null> {
    const row = await this.db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      // Instances remember authenticated keys for a few seconds: tell them to forget.
      if (revoked) await sql`select pg_notify(${API_KEYS_CHANNEL}, ${id})`.execute(trx);
      return revoked;
    });
    return row ? toSummary(row) : this.find(id);
  }
}
