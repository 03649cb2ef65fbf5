import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '../domain/errors.js';
import type { Database } from './database.js';

export type QueueStatus = 'open' | 'claimed' | 'closed';

export interface QueueItem {
  decisionId: string;
  applicationId: string;
  decidedAt: string;
  reasons: unknown;
  claimedBy: string | null;
  claimExpiresAt: string | null;
  reviewOutcome: string | null;
  reviewedAt: string | null;
}

export interface Suppression {
  id: string;
  listId: string;
  entryId: string;
  reason: string;
  expiresAt: string | null;
}

/** The review queue (decisions in review, their claims and outcomes) and suppressions. */
export class ReviewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async queue(status: QueueStatus, now: Date, limit: number): Promise<QueueItem[]> {
    let query = this.db
      .selectFrom('decision_log as d')
      .leftJoin('review_claims as c', 'c.decision_id', 'd.decision_id')
      .leftJoin('review_log as r', 'r.decision_id', 'd.decision_id')
      .select([
        'd.decision_id',
        'd.application_id',
        'd.decided_at',
        'd.reasons',
        'c.claimed_by',
        'c.expires_at',
        'r.outcome as review_outcome',
        'r.reviewed_at',
      ])
      .where('d.outcome', '=', 'review');
    if (status === 'closed') {
      query = query.where('r.decision_id', 'is not', null);
    } else {
      query = query.where('r.decision_id', 'is', null);
      query =
        status === 'claimed'
          ? query.where('c.expires_at', '>', now)
          : query.where((eb) => eb.or([eb('c.decision_id', 'is', null), eb('c.expires_at', '<=', now)]));
    }
    const rows = await query.orderBy('d.seq', status === 'closed' ? 'desc' : 'asc').limit(limit).execute();
    return rows.map((r) => ({
      decisionId: r.decision_id,
      applicationId: r.application_id,
      decidedAt: new Date(r.decided_at).toISOString(),
      reasons: r.reasons,
      claimedBy: status === 'claimed' ? r.claimed_by : null,
      claimExpiresAt: status === 'claimed' && r.expires_at ? new Date(r.expires_at).toISOString() : null,
      reviewOutcome: r.review_outcome ?? null,
      reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
    }));
  }

  /** Claims a decision for a reviewer, unless someone else holds an unexpired claim. */
  async claim(decisionId: string, by: string, now: Date, until: Date): Promise<{ claimedBy: string; expiresAt: string }> {
    const row = await this.db
      .insertInto('review_claims')
      .values({ decision_id: decisionId, claimed_by: by, claimed_at: now, expires_at: until })
      .onConflict((oc) =>
        oc
          .column('decision_id')
          .doUpdateSet({ claimed_by: by, claimed_at: now, expires_at: until })
          .where((eb) => eb.or([eb('review_claims.claimed_by', '=', by), eb('review_claims.expires_at', '<=', now)])),
      )
      .returning(['claimed_by', 'expires_at'])
      .executeTakeFirst();
    if (!row) {
      const holder = await this.db.selectFrom('review_claims').select(['claimed_by', 'expires_at']).where('decision_id', '=', decisionId).executeTakeFirst();
      throw new DomainError('CONFLICT', `Another reviewer holds this decision until ${holder ? new Date(holder.expires_at).toISOString() : 'later'}.`);
    }
    return { claimedBy: row.claimed_by, expiresAt: new Date(row.expires_at).toISOString() };
  }

  async claimOf(decisionId: string, now: Date): Promise<string | null> {
    const row = await this.db
      .selectFrom('review_claims')
      .select('claimed_by')
      .where('decision_id', '=', decisionId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.claimed_by ?? null;
  }

  async releaseClaim(trx: Transaction<Database>, decisionId: string): Promise<void> {
    await trx.deleteFrom('review_claims').where('decision_id', '=', decisionId).execute();
  }

  async addSuppression(
    trx: Transaction<Database>,
    s: { id: string; subjectHash: string; listId: string; entryId: string; reason: string; decisionId: string; expiresAt: string | null; by: string; now: Date },
  ): Promise<void> {
    await trx
      .insertInto('suppressions')
      .values({
        id: s.id,
        kind: 'suppress',
        subject_hash: s.subjectHash,
        list_id: s.listId,
        entry_id: s.entryId,
        reason: s.reason,
        decision_id: s.decisionId,
        expires_at: s.expiresAt,
        created_at: s.now,
        created_by: s.by,
      })
      .execute();
  }

  /** Suppressions in force for one applicant identity: not expired and not revoked. */
  async activeSuppressions(subjectHash: string, now: Date): Promise<Suppression[]> {
    const rows = await this.db
      .selectFrom('suppressions as s')
      .select(['s.id', 's.list_id', 's.entry_id', 's.reason', 's.expires_at'])
      .where('s.subject_hash', '=', subjectHash)
      .where('s.kind', '=', 'suppress')
      .where((eb) => eb.or([eb('s.expires_at', 'is', null), eb('s.expires_at', '>', now)]))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('suppressions as r').select(sql`1`.as('one')).where('r.kind', '=', 'revoke').whereRef('r.revokes', '=', 's.id'))),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      listId: r.list_id,
      entryId: r.entry_id,
      reason: r.reason,
      expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    }));
  }
}
