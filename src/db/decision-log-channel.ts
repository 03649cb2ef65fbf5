import type { Logger } from 'pino';
import type { DecisionRecord, UnsequencedDecision } from '../domain/audit/decision-record.js';
import { DomainError, type ErrorCode } from '../domain/errors.js';
import { decisionNotLogged, logClosed, placedRecord, type AppendResult, type BatchObservation, type DecisionAppender, type Placement } from './decision-log.js';

/**
 * One decision-log writer per instance. With WORKERS > 1 every worker process screens, but
 * only the primary process appends to the chain: a worker sends its decisions over the
 * cluster's IPC channel (those of one turn of its event loop in one message) and answers
 * each request once the primary says its row is committed. Two writers on one chain
 * alternate on the chain lock, each batch reading the head again under it (1,168
 * screenings/s with two workers writing, 1,583–1,615/s with the primary writing for both,
 * on one machine: benchmarks.md); one writer appends every batch after the head it
 * remembers, in one statement, and the workers' decisions share its group commits.
 */

/** The two ends of a message channel: a cluster worker's `process`, or the primary's `Worker`. */
export interface ChannelEnd {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The other end is gone (its process exited, or the channel was closed). */
  onClose(listener: () => void): void;
}

/** The decisions a worker reached in one turn of its event loop, in order. */
interface AppendRequest {
  type: 'lss-decision-log-append';
  appends: Array<{ id: number; decision: UnsequencedDecision }>;
}

type Outcome =
  | { id: number; placed: Placement }
  | { id: number; replayed: DecisionRecord }
  | { id: number; error: { code: ErrorCode; message: string; details: Record<string, unknown> } };

/** The writer's answers since its last message, and the batches it wrote (for every worker's /metrics). */
interface AppendAnswers {
  type: 'lss-decision-log-answers';
  outcomes: Outcome[];
  batches: BatchObservation[];
}

const isAppendRequest = (message: unknown): message is AppendRequest =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'lss-decision-log-append';

const isAnswers = (message: unknown): message is AppendAnswers =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'lss-decision-log-answers';

const writerGone = (cause?: unknown) =>
  new DomainError(
    'DECISION_LOG_UNAVAILABLE',
    'The decision log writer of this instance stopped, so no decision was made. Retry with the same applicationId.',
    {},
    { cause },
  );

/** A worker's decision log: the primary's writer, over the channel. */
export class RemoteDecisionLog implements DecisionAppender {
  private nextId = 1;
  private readonly pending = new Map<number, { decision: UnsequencedDecision; resolve: (result: AppendResult) => void; reject: (error: unknown) => void }>();
  private outgoing: AppendRequest['appends'] = [];
  private closed = false;
  private gone = false;
  private idleWaiters: Array<() => void> = [];

  /** `observe` sees every batch the writer commits, whichever worker's decisions it held. */
  constructor(
    private readonly channel: ChannelEnd,
    private readonly observe: (batch: BatchObservation) => void = () => {},
  ) {
    channel.onMessage((message) => {
      if (isAnswers(message)) this.settle(message);
    });
    channel.onClose(() => {
      this.gone = true;
      for (const pending of this.pending.values()) pending.reject(writerGone());
      this.pending.clear();
      this.becameIdle();
    });
  }

  append(decision: UnsequencedDecision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(logClosed());
    if (this.gone) return Promise.reject(writerGone());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { decision, resolve, reject });
      this.outgoing.push({ id, decision });
      if (this.outgoing.length === 1) process.nextTick(this.send);
    });
  }

  /**
   * Sends what the turn decided in one message: each message is a write to the pipe and
   * a read on the other side, and a turn of the event loop often finishes several
   * screenings (turn-queue.ts). After the microtasks that queued them, before any I/O.
   */
  private readonly send = (): void => {
    const appends = this.outgoing;
    this.outgoing = [];
    try {
      this.channel.send({ type: 'lss-decision-log-append', appends } satisfies AppendRequest);
    } catch (error) {
      for (const { id } of appends) {
        const pending = this.pending.get(id);
        this.pending.delete(id);
        pending?.reject(writerGone(error));
      }
      if (this.pending.size === 0) this.becameIdle();
    }
  };

  async close(): Promise<void> {
    this.closed = true;
    if (this.pending.size === 0) return;
    await new Promise<void>((done) => this.idleWaiters.push(done));
  }

  private settle(answers: AppendAnswers): void {
    for (const batch of answers.batches) this.observe(batch);
    for (const outcome of answers.outcomes) {
      const pending = this.pending.get(outcome.id);
      if (!pending) continue;
      this.pending.delete(outcome.id);
      if ('placed' in outcome) pending.resolve({ status: 'created', record: placedRecord(pending.decision, outcome.placed) });
      else if ('replayed' in outcome) pending.resolve({ status: 'replayed', record: outcome.replayed });
      else pending.reject(new DomainError(outcome.error.code, outcome.error.message, outcome.error.details));
    }
    if (this.pending.size === 0) this.becameIdle();
  }

  private becameIdle(): void {
    for (const done of this.idleWaiters.splice(0)) done();
  }
}

/**
 * The primary's side: appends what each worker sends with the one writer, and answers it.
 * Answers go out once per turn of the event loop (a committed batch settles together),
 * each with the batches written since, sent to every worker so each one's /metrics shows
 * the writer's histograms.
 */
export class DecisionLogServer {
  private readonly workers = new Map<ChannelEnd, Outcome[]>();
  private batches: BatchObservation[] = [];
  private flushing = false;
  private readonly log: DecisionAppender;

  /** `openLog` makes the writer, given what to tell of each batch it writes. */
  constructor(
    openLog: (observe: (batch: BatchObservation) => void) => DecisionAppender,
    private readonly logger: Logger,
  ) {
    this.log = openLog((batch) => {
      this.batches.push(batch);
      this.scheduleFlush();
    });
  }

  /** Waits for the decisions taken so far to be committed; then answers go out on the next turn. */
  close(): Promise<void> {
    return this.log.close();
  }

  serve(worker: ChannelEnd): void {
    this.workers.set(worker, []);
    worker.onClose(() => this.workers.delete(worker));
    worker.onMessage((message) => {
      if (!isAppendRequest(message)) return;
      for (const { id, decision } of message.appends) this.append(worker, id, decision);
    });
  }

  private append(worker: ChannelEnd, id: number, decision: UnsequencedDecision): void {
    const placed = (record: DecisionRecord): Placement => ({
      seq: record.seq,
      piiKeyId: record.piiKeyId,
      subjectHash: record.subjectHash,
      prevHash: record.prevHash,
      hash: record.hash,
    });
    this.log.append(decision).then(
      (result) => this.answer(worker, result.status === 'created' ? { id, placed: placed(result.record) } : { id, replayed: result.record }),
      (error: unknown) => {
        // The log refuses with DomainErrors (a 409, a 503); anything else is a fault of its own.
        if (!(error instanceof DomainError)) this.logger.error({ err: error }, 'decision log writer failed unexpectedly');
        const { code, message, details } = error instanceof DomainError ? error : decisionNotLogged(error);
        this.answer(worker, { id, error: { code, message, details } });
      },
    );
  }

  private answer(worker: ChannelEnd, outcome: Outcome): void {
    this.workers.get(worker)?.push(outcome); // a worker that exited meanwhile is told nothing
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushing = false;
    const batches = this.batches;
    this.batches = [];
    for (const [worker, outcomes] of this.workers) {
      if (outcomes.length === 0 && batches.length === 0) continue;
      this.workers.set(worker, []);
      try {
        worker.send({ type: 'lss-decision-log-answers', outcomes, batches } satisfies AppendAnswers);
      } catch (error) {
        this.logger.warn({ err: error }, 'cannot answer a worker; it is stopping');
      }
    }
  };
}
