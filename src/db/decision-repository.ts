import type { Kysely } from 'kysely';
import type { DecisionRecord } from '../domain/audit/decision-record.js';
import { verifyChain, type ChainVerdict, GENESIS_HASH } from '../domain/audit/hash-chain.js';
import { contentOf } from '../domain/audit/decision-record.js';
import type { Outcome } from '../domain/screening/decision.js';
import type { Database } from './database.js';
import { rowToRecord } from './decision-log.js';

export interface DecisionFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  outcome?: Outcome | undefined;
  applicationId?: string | undefined;
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
  constructor(private readonly db: Kysely<Database>) {}

  async findById(decisionId: string): Promise<DecisionRecord | null> {
    const row = await this.db
      .selectFrom('decision_log')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .executeTakeFirst();
    return row ? rowToRecord(row) : null;
  }

  async findForCaller(apiKeyId: string, applicationId: string): Promise<DecisionRecord | null> {
    const row = await this.db
      .selectFrom('decision_log')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? rowToRecord(row) : null;
  }

  /** Newest first, keyset-paginated on the chain sequence so pages never skip or repeat. */
  async list(filter: DecisionFilter, limit: number, afterCursor?: number | null): Promise<DecisionPage> {
    let query = this.db.selectFrom('decision_log').selectAll();
    if (filter.from) query = query.where('decided_at', '>=', filter.from);
    if (filter.to) query = query.where('decided_at', '<', filter.to);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.applicationId) query = query.where('application_id', '=', filter.applicationId);
    if (afterCursor != null) query = query.where('seq', '<', afterCursor);
    const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(rowToRecord);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('decision_log')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** Recomputes the whole chain, a page at a time, and names the first broken record. */
  async verify(pageSize = 1000): Promise<ChainVerdict> {
    let start = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('decision_log')
        .selectAll()
        .where('seq', '>', start.seq)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return { ok: true, checked, lastSeq: start.seq || null, lastHash: start.hash };
      const records = rows.map(rowToRecord).map((r) => ({
        seq: r.seq,
        prevHash: r.prevHash,
        hash: r.hash,
        content: contentOf(r),
      }));
      const verdict = verifyChain(records, start);
      if (!verdict.ok) return { ...verdict, checked: checked + verdict.checked };
      checked += verdict.checked;
      start = { seq: verdict.lastSeq ?? start.seq, hash: verdict.lastHash };
    }
  }
}
