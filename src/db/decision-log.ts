import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
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
import { chainHashWithParts, GENESIS_HASH } from '../domain/audit/hash-chain.js';
import { DomainError } from '../domain/errors.js';
import type { PreparedRunner } from './connect.js';
import type { Database, DecisionLogRow } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

/** Advisory lock that serialises chain appends across every instance on the database. */
export const CHAIN_LOCK_KEY = 0x6c6f616e_6c6f67n; // "loanlog"

export type AppendResult =
  | { status: 'created'; record: DecisionRecord }
  /** The same caller already sent the same application with the same body. */
  | { status: 'replayed'; record: DecisionRecord };

/**
 * How a batch went in: one INSERT statement (its own transaction) after the head this
 * instance last committed, or the locked transaction (chain lock, head, earlier decisions,
 * insert) when the head is unknown or the statement met a row it did not expect.
 */
export type AppendPath = 'single-statement' | 'locked';

export interface BatchObservation {
  size: number;
  seconds: number;
  failed: boolean;
  /** Set when the batch was written. */
  path?: AppendPath;
}

/** Where the log put a new decision: with the decision itself, the record an auditor reads. */
export type Placement = Pick<DecisionRecord, 'seq' | 'piiKeyId' | 'subjectHash' | 'prevHash' | 'hash'>;

export function placedRecord(decision: UnsequencedDecision, placement: Placement): DecisionRecord {
  return { ...decision, ...placement };
}

/**
 * What the screening path needs of the decision log: this process's `DecisionLog`, or a
 * cluster worker's channel to the one its primary process writes with (decision-log-channel.ts).
 */
export interface DecisionAppender {
  /** Settles once the decision is committed (or an earlier one for the same application is found). */
  append(decision: UnsequencedDecision): Promise<AppendResult>;
  /** Stops taking decisions and waits for those already taken. */
  close(): Promise<void>;
}

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
 *
 * A batch costs one round trip when this instance wrote the chain's last record: the
 * next records follow the head it remembers, in one INSERT. The primary key on seq and the
 * unique key on caller and applicationId keep that honest: if another instance appended
 * in between, or an application in the batch was decided before (a retry), the statement
 * fails whole, and the batch is written again under the chain lock, which reads the head
 * and the earlier decisions first.
 */
export class DecisionLog implements DecisionAppender {
  private queue: PendingAppend[] = [];
  private writing = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  /** The chain's last record as this instance committed or read it; null when it may be stale. */
  private head: ChainHead | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: PiiCipher,
    private readonly logger: Logger,
    private readonly maxBatch = 128,
    private readonly observe: (batch: BatchObservation) => void = () => {},
    /** On PostgreSQL, the single-statement batches of up to PREPARED_ROWS rows run as prepared statements. */
    private readonly runPrepared?: PreparedRunner,
  ) {}

  append(decision: UnsequencedDecision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(logClosed());
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
        const { results, path } = await this.writeBatch(batch);
        this.observe({ size: batch.length, seconds: (performance.now() - started) / 1000, failed: false, path });
        results.forEach((result, i) => {
          const pending = batch[i]!;
          if (result instanceof DomainError) pending.reject(result);
          else pending.resolve(result);
        });
      } catch (error) {
        this.head = null;
        this.observe({ size: batch.length, seconds: (performance.now() - started) / 1000, failed: true });
        this.logger.error({ err: error, decisions: batch.length }, 'decision log write failed');
        const unavailable = decisionNotLogged(error);
        for (const pending of batch) pending.reject(unavailable);
      }
    }
    this.writing = false;
    for (const done of this.idleWaiters.splice(0)) done();
  }

  /**
   * Writes a batch by the single statement when this instance knows the chain's head, and
   * under the chain lock otherwise, or when the single statement meets a row it did not
   * expect (the unique keys on seq and on caller and applicationId refuse the whole
   * statement, so nothing of it is written).
   */
  private async writeBatch(batch: PendingAppend[]): Promise<{ results: Array<AppendResult | DomainError>; path: AppendPath }> {
    const head = this.head;
    if (head) {
      const planned = this.plan(batch, head, new Map());
      try {
        if (planned.inserts.length === 0 || (await this.insert(this.db, planned.inserts, this.runPrepared))) {
          this.head = planned.head;
          return { results: planned.results, path: 'single-statement' };
        }
        // Another instance holds the chain lock: its transaction is appending.
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another instance appended since, or a retried application is already logged.
      }
      this.head = null;
    }
    const planned = await this.db.transaction().execute((trx) => this.writeBatchLocked(trx, batch));
    this.head = planned.head; // committed: the transaction has returned
    return { results: planned.results, path: 'locked' };
  }

  /** Under the chain lock: reads the head and any earlier decision of the batch's applications, then inserts. */
  private async writeBatchLocked(trx: Transaction<Database>, batch: PendingAppend[]): Promise<PlannedBatch> {
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

    const planned = this.plan(batch, head ? { seq: Number(head.seq), hash: head.hash } : GENESIS_HEAD, known);
    if (planned.inserts.length > 0 && !(await this.insert(trx, planned.inserts))) {
      throw new Error('decision log: the chain lock held by this transaction was not granted again');
    }
    return planned;
  }

  /** Seals and chains the batch's new decisions after `head`; `known` holds earlier decisions by idempotency key. */
  private plan(batch: PendingAppend[], head: ChainHead, known: Map<string, DecisionRecord>): PlannedBatch {
    let { seq, hash: prevHash } = head;
    const results: Array<AppendResult | DomainError> = [];
    const inserts: PlannedInsert[] = [];
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
      const { hash, parts } = chainHashWithParts(prevHash, content, JSON_FIELDS);
      const record = placedRecord(decision, { seq, piiKeyId: content.pii?.keyId ?? null, subjectHash: content.subjectHash ?? null, prevHash, hash });
      inserts.push({ stored: { content, prevHash, hash }, json: parts });
      prevHash = hash;
      known.set(idempotencyKey(record), record);
      results.push({ status: 'created', record });
    }
    return { results, inserts, head: { seq, hash: prevHash } };
  }

  /**
   * Inserts the records in one statement that first tries the chain lock (once: a
   * materialised CTE). Inside the locked transaction it already holds the lock; on its
   * own, it writes nothing while another instance's locked transaction holds it, so that
   * transaction's head cannot move under it. Returns whether the rows went in.
   */
  private async insert(db: Kysely<Database>, inserts: PlannedInsert[], prepared?: PreparedRunner): Promise<boolean> {
    const parameters: unknown[] = [];
    for (const planned of inserts) {
      const row = insertedRow(planned);
      for (const [column] of INSERT_COLUMNS) parameters.push(row[column]);
    }
    const text = insertStatement(inserts.length);
    // Parsing and planning a VALUES list costs PostgreSQL about 70 µs a row, more than the
    // insert itself: a prepared statement pays it once per connection and batch size.
    if (prepared && inserts.length <= PREPARED_ROWS) {
      return (await prepared(`lss_decision_log_insert_${inserts.length}`, text, parameters)) === inserts.length;
    }
    const result = await db.executeQuery(CompiledQuery.raw(text, parameters));
    return Number(result.numAffectedRows ?? 0) === inserts.length;
  }
}

/** The log's columns as inserted, with the type each parameter is cast to. */
const INSERT_COLUMNS = [
  ['seq', 'bigint'], ['decision_id', 'uuid'], ['application_id', 'text'], ['api_key_id', 'uuid'], ['request_hash', 'text'],
  ['outcome', 'text'], ['reasons', 'jsonb'], ['application', 'jsonb'], ['pii', 'jsonb'], ['subject_hash', 'text'],
  ['blocklist', 'jsonb'], ['risk', 'jsonb'], ['shadow_risk', 'jsonb'], ['versions', 'jsonb'], ['latency_ms', 'float8'],
  ['decided_at', 'timestamptz'], ['prev_hash', 'text'], ['hash', 'text'],
] as const satisfies ReadonlyArray<readonly [keyof DecisionLogRow, string]>;

type InsertColumn = (typeof INSERT_COLUMNS)[number][0];

/** The content's fields stored as JSON columns: serialised once, for the chain hash and the row. */
const JSON_FIELDS = ['reasons', 'application', 'pii', 'blocklist', 'risk', 'shadowRisk', 'versions'] as const;

/** A sealed record and the canonical JSON of its JSON columns. */
interface PlannedInsert {
  stored: StoredDecision;
  json: Partial<Record<(typeof JSON_FIELDS)[number], string>>;
}

/** A record's value for each inserted column (JSON columns as text); the compiler checks none is missing. */
function insertedRow({ stored: { content: c, prevHash, hash }, json }: PlannedInsert): Record<InsertColumn, unknown> {
  return {
    seq: c.seq,
    decision_id: c.decisionId,
    application_id: c.applicationId,
    api_key_id: c.apiKeyId,
    request_hash: c.requestHash,
    outcome: c.outcome,
    reasons: json.reasons,
    application: json.application,
    pii: json.pii ?? null,
    subject_hash: c.subjectHash ?? null,
    blocklist: json.blocklist,
    risk: json.risk,
    shadow_risk: json.shadowRisk ?? null,
    versions: json.versions,
    latency_ms: c.latencyMs,
    decided_at: c.decidedAt,
    prev_hash: prevHash,
    hash,
  };
}

/** Larger batches (rare: they form only under heavy load) are not kept as prepared statements. */
const PREPARED_ROWS = 16;

/** The insert's text for a batch of `rows`, written once per batch size (group commit makes a few dozen sizes). */
const insertStatements = new Map<number, string>();

function insertStatement(rows: number): string {
  let text = insertStatements.get(rows);
  if (text === undefined) {
    const columns = INSERT_COLUMNS.map(([name]) => name).join(', ');
    const values: string[] = [];
    for (let r = 0; r < rows; r += 1) {
      values.push(`(${INSERT_COLUMNS.map(([, type], c) => `$${r * INSERT_COLUMNS.length + c + 1}::${type}`).join(', ')})`);
    }
    text =
      `with chain_lock as materialized (select pg_try_advisory_xact_lock(${CHAIN_LOCK_KEY.toString()}) as held) ` +
      `insert into decision_log (${columns}) select v.* from (values ${values.join(', ')}) as v (${columns}), chain_lock where chain_lock.held`;
    insertStatements.set(rows, text);
  }
  return text;
}

interface ChainHead {
  seq: number;
  hash: string;
}

const GENESIS_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

interface PlannedBatch {
  results: Array<AppendResult | DomainError>;
  inserts: PlannedInsert[];
  /** The chain's head once these inserts are committed. */
  head: ChainHead;
}

const idempotencyKey = (d: { apiKeyId: string; applicationId: string }) =>
  `${d.apiKeyId}\u0000${d.applicationId}`;

/** What a caller is told when the log has stopped taking decisions (shutdown): 503. */
export function logClosed(): DomainError {
  return new DomainError('DECISION_LOG_UNAVAILABLE', 'The service is shutting down; retry on another instance.');
}

/** What a caller is told when the log could not write its decision: 503, retry. */
export function decisionNotLogged(cause: unknown): DomainError {
  return new DomainError(
    'DECISION_LOG_UNAVAILABLE',
    'The decision could not be written to the decision log, so no decision was made. Retry with the same applicationId.',
    {},
    { cause },
  );
}

export function idempotencyConflict(original: DecisionRecord): DomainError {
  return new DomainError(
    'IDEMPOTENCY_CONFLICT',
    `applicationId ${original.applicationId} was already screened with a different request body; send a new applicationId for a changed application.`,
    { decisionId: original.decisionId, applicationId: original.applicationId },
  );
}
