import { sql, type Kysely } from 'kysely';
import type { DecisionRecord } from '../domain/audit/decision-record.js';
import { verifyChain, type ChainVerdict, GENESIS_HASH } from '../domain/audit/hash-chain.js';
import { openDecision } from '../domain/audit/decision-record.js';
import type { PiiCipher } from '../domain/privacy/pii-cipher.js';
import type { Outcome } from '../domain/screening/decision.js';
import type { Database } from './database.js';
import { rowToStored } from './decision-log.js';

export interface DecisionFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  outcome?: Outcome | undefined;
  applicationId?: string | undefined;
  /** HMAC of the applicant's national ID (see PiiCipher.subjectHash). */
  subjectHash?: string | undefined;
}

export interface DecisionPage {
  items: DecisionRecord[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');

/** The sequence number a cursor points after, or null if the cursor is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

/** Read side of the decision log, for idempotency checks and auditors. */
export class DecisionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: PiiCipher,
  ) {}

  private open = (row: Parameters<typeof rowToStored>[0]): DecisionRecord => openDecision(rowToStored(row), this.cipher);

  async findById(decisionId: string): Promise<DecisionRecord | null> {
    const row = await this.db
      .selectFrom('decision_log')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .executeTakeFirst();
    return row ? this.open(row) : null;
  }

  async findForCaller(apiKeyId: string, applicationId: string): Promise<DecisionRecord | null> {
    const row = await this.db
      .selectFrom('decision_log')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? this.open(row) : null;
  }

  /** Newest first, keyset-paginated on the chain sequence so pages never skip or repeat. */
  async list(filter: DecisionFilter, limit: number, afterCursor?: number | null): Promise<DecisionPage> {
    let query = this.db.selectFrom('decision_log').selectAll();
    if (filter.from) query = query.where('decided_at', '>=', filter.from);
    if (filter.to) query = query.where('decided_at', '<', filter.to);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.applicationId) query = query.where('application_id', '=', filter.applicationId);
    if (filter.subjectHash) query = query.where('subject_hash', '=', filter.subjectHash);
    if (afterCursor != null) query = query.where('seq', '<', afterCursor);
    const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(this.open);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
  }

  /** The probabilities of default a model gave most recently, as active or as shadow. */
  async recentScores(modelId: string, limit: number): Promise<number[]> {
    const result = await sql<{ pd: number | string }>`
      select pd from (
        select seq, (risk ->> 'probabilityOfDefault')::float8 as pd
          from decision_log where risk ->> 'modelVersion' = ${modelId} and risk ->> 'status' = 'scored'
        union all
        select seq, (shadow_risk ->> 'probabilityOfDefault')::float8 as pd
          from decision_log where shadow_risk ->> 'modelVersion' = ${modelId} and shadow_risk ->> 'status' = 'scored'
      ) scores order by seq desc limit ${limit}`.execute(this.db);
    return result.rows.map((r) => Number(r.pd));
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('decision_log')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /**
   * Recomputes the chain, a page at a time, and names the first broken record. With a
   * time range, checks the records decided in it, anchored on the hash of the record
   * just before the range (which an earlier full check vouched for).
   */
  async verify(range: { from?: Date | undefined; to?: Date | undefined } = {}, pageSize = 1000): Promise<ChainVerdict> {
    const bounds = await this.seqBounds(range);
    if (!bounds) return { ok: true, checked: 0, lastSeq: null, lastHash: GENESIS_HASH };
    let start = { seq: 0, hash: GENESIS_HASH };
    if (bounds.first > 1) {
      const anchor = await this.db
        .selectFrom('decision_log')
        .select(['seq', 'hash'])
        .where('seq', '=', bounds.first - 1)
        .executeTakeFirst();
      if (!anchor) {
        return { ok: false, checked: 0, brokenAt: bounds.first, reason: `record ${bounds.first - 1} before it is missing` };
      }
      start = { seq: Number(anchor.seq), hash: anchor.hash };
    }
    let checked = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('decision_log')
        .selectAll()
        .where('seq', '>', start.seq)
        .where('seq', '<=', bounds.last)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) {
        return { ok: true, checked, lastSeq: checked > 0 ? start.seq : null, lastHash: start.hash };
      }
      const records = rows.map(rowToStored).map((r) => ({
        seq: r.content.seq,
        prevHash: r.prevHash,
        hash: r.hash,
        content: r.content,
      }));
      const verdict = verifyChain(records, start);
      if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
      checked += verdict.checked;
      start = { seq: verdict.lastSeq ?? start.seq, hash: verdict.lastHash };
    }
  }

  /** Every record decided in the range, oldest first, read a page at a time. */
  async *stream(range: { from?: Date | undefined; to?: Date | undefined }, pageSize = 1000): AsyncGenerator<DecisionRecord> {
    const bounds = await this.seqBounds(range);
    if (!bounds) return;
    let after = bounds.first - 1;
    for (;;) {
      const rows = await this.db
        .selectFrom('decision_log')
        .selectAll()
        .where('seq', '>', after)
        .where('seq', '<=', bounds.last)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      for (const row of rows) yield this.open(row);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** First and last sequence numbers of the records decided in the range. */
  private async seqBounds(range: { from?: Date | undefined; to?: Date | undefined }) {
    let query = this.db
      .selectFrom('decision_log')
      .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')]);
    if (range.from) query = query.where('decided_at', '>=', range.from);
    if (range.to) query = query.where('decided_at', '<', range.to);
    const row = await query.executeTakeFirst();
    if (!row || row.first == null || row.last == null) return null;
    return { first: Number(row.first), last: Number(row.last) };
  }
}
