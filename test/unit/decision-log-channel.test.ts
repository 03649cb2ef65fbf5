import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { DecisionRecord, UnsequencedDecision } from '../../src/domain/audit/decision-record.js';
import { DomainError } from '../../src/domain/errors.js';
import { loanApplicationSchema } from '../../src/domain/screening/application.js';
import { exampleApplication } from '../../src/domain/screening/example-application.js';
import { placedRecord, type AppendResult, type BatchObservation, type DecisionAppender } from '../../src/db/decision-log.js';
import { DecisionLogServer, RemoteDecisionLog, type ChannelEnd } from '../../src/db/decision-log-channel.js';

/** Two ends of a channel that behave like cluster IPC: asynchronous, and JSON on the wire. */
function channelPair(): { worker: ChannelEnd; primary: ChannelEnd; close: () => void } {
  const listeners = { worker: [] as Array<(m: unknown) => void>, primary: [] as Array<(m: unknown) => void> };
  const closers: Array<() => void> = [];
  let open = true;
  const deliver = (to: 'worker' | 'primary', message: unknown) => {
    if (!open) throw new Error('channel closed');
    const wire = JSON.stringify(message);
    setImmediate(() => {
      if (open) for (const listener of listeners[to]) listener(JSON.parse(wire));
    });
  };
  const end = (self: 'worker' | 'primary', other: 'worker' | 'primary'): ChannelEnd => ({
    send: (message) => deliver(other, message),
    onMessage: (listener) => listeners[self].push(listener),
    onClose: (listener) => closers.push(listener),
  });
  return {
    worker: end('worker', 'primary'),
    primary: end('primary', 'worker'),
    close: () => {
      open = false;
      for (const closer of closers) closer();
    },
  };
}

let seq = 0;
function aDecision(applicationId: string): UnsequencedDecision {
  return {
    decisionId: crypto.randomUUID(),
    applicationId,
    apiKeyId: crypto.randomUUID(),
    requestHash: 'a'.repeat(64),
    outcome: 'accept',
    reasons: [],
    application: loanApplicationSchema.parse({ ...exampleApplication, applicationId }),
    blocklist: { status: 'clear', listsVersion: 'lists-1', hits: [] },
    risk: { status: 'not_configured', detail: 'no model' },
    versions: { policy: 'p1', riskModel: null, shadowModel: null, blocklists: 'lists-1' },
    latencyMs: 0.8,
    decidedAt: '2026-12-07T12:00:00.000Z',
  };
}

/** A writer that places each decision after the last, refuses one application id, and reports each call as a batch. */
class ScriptedWriter implements DecisionAppender {
  readonly appended: UnsequencedDecision[] = [];
  private hold: Array<() => void> = [];
  holding = false;
  constructor(private readonly observe: (batch: BatchObservation) => void) {}

  async append(decision: UnsequencedDecision): Promise<AppendResult> {
    if (this.holding) await new Promise<void>((release) => this.hold.push(release));
    this.appended.push(decision);
    this.observe({ size: 1, seconds: 0.002, failed: false, path: 'single-statement' });
    if (decision.applicationId === 'conflicting') {
      throw new DomainError('IDEMPOTENCY_CONFLICT', 'applicationId conflicting was already screened with a different request body', { applicationId: 'conflicting' });
    }
    if (decision.applicationId === 'retried') {
      return { status: 'replayed', record: { ...placedRecord(decision, { seq: 1, piiKeyId: 'k1', subjectHash: 'h', prevHash: '0'.repeat(64), hash: '1'.repeat(64) }), decisionId: 'earlier' } };
    }
    seq += 1;
    return { status: 'created', record: placedRecord(decision, { seq, piiKeyId: 'k1', subjectHash: `s${seq}`, prevHash: `${seq - 1}`.padStart(64, '0'), hash: `${seq}`.padStart(64, '0') }) };
  }

  release(): void {
    this.holding = false;
    for (const go of this.hold.splice(0)) go();
  }

  async close(): Promise<void> {}
}

function cluster(workers = 1) {
  let writer!: ScriptedWriter;
  const server = new DecisionLogServer((observe) => (writer = new ScriptedWriter(observe)), pino({ level: 'silent' }));
  const ends = Array.from({ length: workers }, () => {
    const pair = channelPair();
    server.serve(pair.primary);
    const observed: BatchObservation[] = [];
    const log = new RemoteDecisionLog(pair.worker, (batch) => observed.push(batch));
    return { log, observed, close: pair.close };
  });
  return { writer, workers: ends };
}

describe("a cluster worker's decision log (the primary's one writer, over IPC)", () => {
  it('answers once the writer has placed the decision, with the record as the writer chained it', async () => {
    const { writer, workers } = cluster();
    const decision = aDecision('app-1');
    const result = await workers[0]!.log.append(decision);
    expect(result.status).toBe('created');
    expect(writer.appended).toEqual([decision]);
    const record: DecisionRecord = result.record;
    expect(record).toEqual({ ...decision, seq: record.seq, piiKeyId: 'k1', subjectHash: `s${record.seq}`, prevHash: expect.any(String), hash: expect.any(String) });
    expect(record.hash).not.toBe(record.prevHash);
  });

  it('keeps the order decisions were sent in', async () => {
    const { writer, workers } = cluster();
    const ids = Array.from({ length: 20 }, (_, i) => `ordered-${i}`);
    const results = await Promise.all(ids.map((id) => workers[0]!.log.append(aDecision(id))));
    expect(writer.appended.map((d) => d.applicationId)).toEqual(ids);
    const seqs = results.map((r) => r.record.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('returns an earlier decision for a retried application as replayed', async () => {
    const { workers } = cluster();
    const result = await workers[0]!.log.append(aDecision('retried'));
    expect(result).toMatchObject({ status: 'replayed', record: { decisionId: 'earlier', applicationId: 'retried' } });
  });

  it("passes the writer's refusal on with its code, message and details", async () => {
    const { workers } = cluster();
    const refused = await workers[0]!.log.append(aDecision('conflicting')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { applicationId: 'conflicting' } });
    expect((refused as Error).message).toMatch(/different request body/);
  });

  it('tells every worker of every batch written, whichever worker its decisions came from', async () => {
    const { workers } = cluster(2);
    await workers[0]!.log.append(aDecision('from-first'));
    await workers[1]!.log.append(aDecision('from-second'));
    await new Promise((done) => setTimeout(done, 10));
    for (const worker of workers) expect(worker.observed.map((b) => b.size)).toEqual([1, 1]);
  });

  it('fails what it was waiting for, and refuses more, once the primary is gone: no decision without its row', async () => {
    const { writer, workers } = cluster();
    writer.holding = true;
    const waiting = workers[0]!.log.append(aDecision('in-flight'));
    await new Promise((done) => setTimeout(done, 5));
    workers[0]!.close();
    await expect(waiting).rejects.toMatchObject({ code: 'DECISION_LOG_UNAVAILABLE' });
    await expect(workers[0]!.log.append(aDecision('after'))).rejects.toMatchObject({ code: 'DECISION_LOG_UNAVAILABLE' });
  });

  it('on close, stops taking decisions and waits for those already sent', async () => {
    const { writer, workers } = cluster();
    writer.holding = true;
    const sent = workers[0]!.log.append(aDecision('before-close'));
    let closed = false;
    const closing = workers[0]!.log.close().then(() => (closed = true));
    await expect(workers[0]!.log.append(aDecision('after-close'))).rejects.toMatchObject({ code: 'DECISION_LOG_UNAVAILABLE' });
    await new Promise((done) => setTimeout(done, 5));
    expect(closed).toBe(false);
    writer.release();
    await expect(sent).resolves.toMatchObject({ status: 'created' });
    await closing;
    expect(closed).toBe(true);
  });
});
