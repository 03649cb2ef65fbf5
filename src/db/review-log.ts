import { sql, type Kysely, type Transaction } from 'kysely';
import { chainHash, GENESIS_HASH, verifyChain, type ChainVerdict } from '../domain/audit/hash-chain.js';
import type { ReviewContent, ReviewRecord } from '../domain/review/review-record.js';
import type { Database } from './database.js';

const REVIEW_CHAIN_LOCK_KEY = 0x7265766965776c6fn; // "reviewlo"

type Row = { [K in keyof Database['review_log']]: unknown };

function toRecord(row: Row): ReviewRecord {
  return {
    seq: Number(row.seq),
    reviewId: row.review_id as string,
    decisionId: row.decision_id as string,
    decisionHash: row.decision_hash as string,
    outcome: row.outcome as ReviewRecord['outcome'],
    note: row.note as string,
    reviewerKeyId: row.reviewer_key_id as string,
    suppressionIds: row.suppression_ids as string[],
    reviewedAt: new Date(row.reviewed_at as Date).toISOString(),
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

const contentOf = ({ prevHash: _p, hash: _h, ...content }: ReviewRecord): ReviewContent => content;

/** Review outcomes: append-only (triggers) and hash-chained like the decision log. */
export class ReviewLog {
  constructor(private readonly db: Kysely<Database>) {}

  /** Appends inside the caller's transaction, so the review and what goes with it commit together. */
  async append(trx: Transaction<Database>, review: Omit<ReviewContent, 'seq'>): Promise<ReviewRecord> {
    await sql`select pg_advisory_xact_lock(${REVIEW_CHAIN_LOCK_KEY})`.execute(trx);
    const head = await trx.selectFrom('review_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const content: ReviewContent = { ...review, seq: head ? Number(head.seq) + 1 : 1 };
    const prevHash = head?.hash ?? GENESIS_HASH;
    const record: ReviewRecord = { ...content, prevHash, hash: chainHash(prevHash, content) };
    await trx
      .insertInto('review_log')
      .values({
        seq: record.seq,
        review_id: record.reviewId,
        decision_id: record.decisionId,
        decision_hash: record.decisionHash,
        outcome: record.outcome,
        note: record.note,
        reviewer_key_id: record.reviewerKeyId,
        suppression_ids: JSON.stringify(record.suppressionIds),
        reviewed_at: record.reviewedAt,
        prev_hash: record.prevHash,
        hash: record.hash,
      })
      .execute();
    return record;
  }

  async forDecision(decisionId: string): Promise<ReviewRecord | null> {
    const row = await this.db.selectFrom('review_log').selectAll().where('decision_id', '=', decisionId).executeTakeFirst();
    return row ? toRecord(row as Row) : null;
  }

  async verify(pageSize = 1000): Promise<ChainVerdict> {
    let start = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const rows = await this.db.selectFrom('review_log').selectAll().where('seq', '>', start.seq).orderBy('seq').limit(pageSize).execute();
      if (rows.length === 0) return { ok: true, checked, lastSeq: checked > 0 ? start.seq : null, lastHash: start.hash };
      const records = rows.map((r) => toRecord(r as Row));
      const verdict = verifyChain(
        records.map((r) => ({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, content: contentOf(r) })),
        start,
      );
      if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
      checked += verdict.checked;
      start = { seq: verdict.lastSeq ?? start.seq, hash: verdict.lastHash };
    }
  }
}
