import { sql, type Kysely } from 'kysely';
import { DomainError } from '../domain/errors.js';
import { policyDocumentSchema, type PolicyDocument } from '../domain/policy/policy-document.js';
import type { Database } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

export const POLICIES_CHANNEL = 'policies_changed';

export interface StoredPolicy {
  version: string;
  document: PolicyDocument;
  createdAt: string;
  createdBy: string | null;
  active: boolean;
  activatedAt: string | null;
}

/** Policy versions (never edited; a trigger enforces it) and which one is active. */
export class PolicyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(document: PolicyDocument, by: string | null, now: Date): Promise<StoredPolicy> {
    try {
      await this.db
        .insertInto('policies')
        .values({ version: document.version, document: JSON.stringify(document), created_at: now, created_by: by })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('CONFLICT', `Policy version ${document.version} exists already; versions are never edited.`);
      }
      throw error;
    }
    return this.get(document.version);
  }

  async activate(version: string, by: string | null, now: Date): Promise<StoredPolicy> {
    await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('policies').select('version').where('version', '=', version).executeTakeFirst();
      if (!exists) throw new DomainError('NOT_FOUND', `No policy version ${version}.`);
      await trx.insertInto('policy_activations').values({ version, activated_at: now, activated_by: by }).execute();
      await sql`select pg_notify(${POLICIES_CHANNEL}, ${version})`.execute(trx);
    });
    return this.get(version);
  }

  /** The version activated last, or null while the built-in policy applies. */
  async activeVersion(): Promise<{ version: string; activatedAt: string } | null> {
    const row = await this.db
      .selectFrom('policy_activations')
      .select(['version', 'activated_at'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { version: row.version, activatedAt: new Date(row.activated_at).toISOString() } : null;
  }

  async find(version: string): Promise<StoredPolicy | null> {
    const row = await this.db.selectFrom('policies').selectAll().where('version', '=', version).executeTakeFirst();
    if (!row) return null;
    const active = await this.activeVersion();
    return {
      version: row.version,
      document: policyDocumentSchema.parse(row.document),
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
      active: active?.version === row.version,
      activatedAt: active?.version === row.version ? active.activatedAt : null,
    };
  }

  async get(version: string): Promise<StoredPolicy> {
    const policy = await this.find(version);
    if (!policy) throw new DomainError('NOT_FOUND', `No policy version ${version}.`);
    return policy;
  }

  async list(): Promise<StoredPolicy[]> {
    const rows = await this.db.selectFrom('policies').selectAll().orderBy('created_at', 'desc').execute();
    const active = await this.activeVersion();
    return rows.map((row) => ({
      version: row.version,
      document: policyDocumentSchema.parse(row.document),
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.created_by,
      active: active?.version === row.version,
      activatedAt: active?.version === row.version ? active.activatedAt : null,
    }));
  }
}
