import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  openDecision,
  sealDecision,
  type DecisionRecord,
  type StoredDecision,
  type StoredDecisionContent,
  type UnsequencedDecision,
} from '../domain/audit/decision-record.js';
import type { PiiCipher, SealedPii } from '../domain/privacy/pii-cipher.js';
import { chainHash, GENESIS_HASH } from '../domain/audit/hash-chain.js';
import { DomainError } from '../domain/errors.js';
import type { Database, DecisionLogRow } from './database.js';

/** Advisory lock that serialises chain appends across every instance on the database. */
const CHAIN_LOCK_KEY = 0x6c6f616e_6c6f67n; // "loanlog"

export type AppendResult =
  | { status: 'created'; record: DecisionRecord }
  /** The same caller already sent the same application with the same body. */
  | { status: 'replayed'; record: DecisionRecord };

interface PendingAppend {
  decision: UnsequencedDecision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** A row as stored and hashed; fields a row never had (older rows) stay absent. */
export function rowToStored(row: DecisionLogRow): StoredDecision {
  const content: StoredDecisionContent = {
    seq: Number(row.seq),
    decisionId: row.decision_id,
    applicationId: row.application_id,
    apiKeyId: row.api_key_id,
    requestHash: row.request_hash,
    outcome: row.outcome as DecisionRecord['outcome'],
    reasons: row.reasons as DecisionRecord['reasons'],
    application: row.application as StoredDecisionContent['application'],
    blocklist: row.blocklist as DecisionRecord['blocklist'],
    risk: row.risk as DecisionRecord['risk'],
    versions: row.versions as DecisionRecord['versions'],
    latencyMs: row.latency_ms,
    decidedAt: new Date(row.decided_at).toISOString(),
  };
  if (row.shadow_risk != null) content.shadowRisk = row.shadow_risk as DecisionRecord['risk'];
  if (row.pii != null) content.pii = row.pii as SealedPii;
  if (row.subject_hash != null) content.subjectHash = row.subject_hash;
  return { content, prevHash: row.prev_hash, hash: row.hash };
}

/**
 * Appends decisions to the hash-chained log with group commit: requests that arrive
 * while a transaction is being written wait and go together into the next one. Each
 * caller's promise settles only after the transaction holding its row has committed,
 * so a decision is never answered before it is durable.
 */
export class DecisionLog {
  private queue: PendingAppend[] = [];
  private writing = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: PiiCipher,
    private readonly logger: Logger,
    private readonly maxBatch = 128,
    private readonly observe: (batch: { size: number; seconds: number; failed: boolean }) => void = () => {},
  ) {}

  append(decision: UnsequencedDecision): Promise<AppendResult> {
    if (this.closed) {
      return Promise.reject(
        new DomainError('DECISION_LOG_UNAVAILABLE', 'The service is shutting down; retry on another instance.'),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ decision, resolve, reject });
      if (!this.writing) void this.writeQueued();
    });
  }

  /** Stops taking new decisions and waits until every queued one is committed or failed. */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.writing && this.queue.length === 0) return;
    await new Promise<void>((done) => this.idleWaiters.push(done));
  }

  private async writeQueued(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const started = performance.now();
      try {
        const results = await this.db.transaction().execute((trx) => this.writeBatch(trx, batch));
        this.observe({ size: batch.length, seconds: (performance.now() - started) / 1000, failed: false });
        results.forEach((result, i) => {
          const pending = batch[i]!;
          if (result instanceof DomainError) pending.reject(result);
          else pending.resolve(result);
        });
      } catch (error) {
        this.observe({ size: batch.length, seconds: (performance.now() - started) / 1000, failed: true });
        this.logger.error({ err: error, decisions: batch.length }, 'decision log write failed');
        const unavailable = new DomainError(
          'DECISION_LOG_UNAVAILABLE',
          'The decision could not be written to the decision log, so no decision was made. Retry with the same applicationId.',
          {},
          { cause: error },
        );
        for (const pending of batch) pending.reject(unavailable);
      }
    }
    this.writing = false;
    for (const done of this.idleWaiters.splice(0)) done();
  }

  private async writeBatch(
    trx: Transaction<Database>,
    batch: PendingAppend[],
  ): Promise<Array<AppendResult | DomainError>> {
    await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
    const head = await trx
      .selectFrom('decision_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();

    const existing = await trx
      .selectFrom('decision_log')
      .selectAll()
      .where((eb) =>
        eb.or(
          batch.map(({ decision }) =>
            eb.and([
              eb('api_key_id', '=', decision.apiKeyId),
              eb('application_id', '=', decision.applicationId),
            ]),
          ),
        ),
      )
      .execute();
    const known = new Map<string, DecisionRecord>();
    for (const row of existing) {
      const record = openDecision(rowToStored(row), this.cipher);
      known.set(idempotencyKey(record), record);
    }

    let seq = head ? Number(head.seq) : 0;
    let prevHash = head ? head.hash : GENESIS_HASH;
    const results: Array<AppendResult | DomainError> = [];
    const inserts: StoredDecision[] = [];
    for (const { decision } of batch) {
      const earlier = known.get(idempotencyKey(decision));
      if (earlier) {
        results.push(
          earlier.requestHash === decision.requestHash
            ? { status: 'replayed', record: earlier }
            : idempotencyConflict(earlier),
        );
        continue;
      }
      seq += 1;
      const content = sealDecision(decision, seq, this.cipher);
      const hash = chainHash(prevHash, content);
      const record: DecisionRecord = {
        ...decision,
        seq,
        piiKeyId: content.pii?.keyId ?? null,
        subjectHash: content.subjectHash ?? null,
        prevHash,
        hash,
      };
      inserts.push({ content, prevHash, hash });
      prevHash = hash;
      known.set(idempotencyKey(record), record);
      results.push({ status: 'created', record });
    }

    if (inserts.length > 0) {
      await trx
        .insertInto('decision_log')
        .values(
          inserts.map(({ content: c, prevHash: prev, hash }) => ({
            seq: c.seq,
            decision_id: c.decisionId,
            application_id: c.applicationId,
            api_key_id: c.apiKeyId,
            request_hash: c.requestHash,
            outcome: c.outcome,
            reasons: JSON.stringify(c.reasons),
            application: JSON.stringify(c.application),
            pii: c.pii ? JSON.stringify(c.pii) : null,
            subject_hash: c.subjectHash ?? null,
            blocklist: JSON.stringify(c.blocklist),
            risk: JSON.stringify(c.risk),
            shadow_risk: c.shadowRisk ? JSON.stringify(c.shadowRisk) : null,
            versions: JSON.stringify(c.versions),
            latency_ms: c.latencyMs,
            decided_at: c.decidedAt,
            prev_hash: prev,
            hash,
          })),
        )
        .execute();
    }
    return results;
  }
}

const idempotencyKey = (d: { apiKeyId: string; applicationId: string }) =>
  `${d.apiKeyId}\u0000${d.applicationId}`;

export function idempotencyConflict(original: DecisionRecord): DomainError {
  return new DomainError(
    'IDEMPOTENCY_CONFLICT',
    `applicationId ${original.applicationId} was already screened with a different request body; send a new applicationId for a changed application.`,
    { decisionId: original.decisionId, applicationId: original.applicationId },
  );
}
