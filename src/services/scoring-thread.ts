import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { RiskModelArtifact } from '../domain/risk/artifact.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { ScoredInThread, ScoreRequest, ScoringAnswer, ScoringRequest } from './scoring-worker.js';

/**
 * Risk scoring on a thread of its own, so that it runs on another core while the main
 * thread matches names, parses requests and writes the log: scoring (the SVM and the
 * what-if questions behind the top factors) was about a quarter of the main thread's
 * time per screening (benchmarks.md). The main thread keeps its own copy of each model
 * (LiveRiskModels) and says which to use with every request; this thread holds the same
 * models by id, loaded and disposed in the order the main thread swaps them, and since
 * messages arrive in order a request never names a model the thread has not loaded.
 *
 * A failure here is never a failed screening: the promise rejects, and the caller scores
 * on its own thread as before. If the thread dies it is started again on the next
 * request, with the models it held.
 */
export class ScoringThread {
  private worker: Worker | null = null;
  private readonly artifacts = new Map<string, RiskModelArtifact>();
  private readonly pending = new Map<number, { resolve: (scored: ScoredInThread) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private outgoing: ScoreRequest[] = [];
  private stopped = false;

  /**
   * `answerWithinMs`: a request not answered by then (scoring takes well under a
   * millisecond) means the thread is stuck; it is stopped, its requests are scored on the
   * main thread, and a new thread starts with the next request.
   */
  constructor(
    private readonly logger: Logger,
    private readonly options: { answerWithinMs?: number; entry?: URL } = {},
  ) {}

  load(artifact: RiskModelArtifact): void {
    if (this.artifacts.has(artifact.modelId)) return;
    this.artifacts.set(artifact.modelId, artifact);
    this.worker?.postMessage({ type: 'load', artifact } satisfies ScoringRequest);
  }

  dispose(modelId: string): void {
    if (!this.artifacts.delete(modelId)) return;
    this.worker?.postMessage({ type: 'dispose', modelId } satisfies ScoringRequest);
  }

  score(active: string | null, shadow: string | null, application: LoanApplication, on: Date): Promise<ScoredInThread> {
    if (this.stopped) return Promise.reject(new Error('the scoring thread is stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.outgoing.push({ id, active, shadow, application, on });
      if (this.outgoing.length === 1) setImmediate(this.send);
    });
  }

  /** Stops a thread that has not answered a batch (its last request) in time. */
  private watch(worker: Worker, lastId: number): void {
    const timer = setTimeout(() => {
      if (this.worker !== worker || !this.pending.has(lastId)) return;
      this.lost(worker, `no answer within ${this.answerWithinMs} ms`);
      void worker.terminate();
    }, this.answerWithinMs);
    timer.unref();
  }

  private get answerWithinMs(): number {
    return this.options.answerWithinMs ?? 2000;
  }

  /**
   * One message for the requests started in one turn of the event loop (every request
   * read in its poll phase): a message to an idle thread costs a wake-up on each side,
   * several times what copying an application costs. Sent before the turn queue runs
   * the same requests' matching, which was queued after it.
   */
  private readonly send = (): void => {
    const requests = this.outgoing;
    this.outgoing = [];
    if (this.stopped) {
      for (const { id } of requests) this.reject(id, new Error('the scoring thread is stopped'));
      return;
    }
    const worker = this.running();
    worker.postMessage({ type: 'score', requests } satisfies ScoringRequest);
    // One timer a batch, on its last request: the thread answers a batch in one message, in order.
    this.watch(worker, requests[requests.length - 1]!.id);
  };

  private reject(id: number, error: Error): void {
    this.pending.get(id)?.reject(error);
    this.pending.delete(id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('the scoring thread is stopped'));
    await worker?.terminate();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.entry ?? new URL('./scoring-worker-entry.mjs', import.meta.url), { stdout: false, stderr: false });
    // A waiting screening keeps the process alive, not an idle thread.
    worker.unref();
    for (const artifact of this.artifacts.values()) worker.postMessage({ type: 'load', artifact } satisfies ScoringRequest);
    worker.on('message', (answers: ScoringAnswer[]) => {
      for (const answer of answers) {
        const pending = this.pending.get(answer.id);
        if (!pending) continue;
        this.pending.delete(answer.id);
        if ('failed' in answer) pending.reject(new Error(answer.failed));
        else pending.resolve(answer);
      }
    });
    worker.on('error', (error) => this.lost(worker, 'error', error));
    worker.on('exit', (code) => this.lost(worker, `exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, reason: string, error?: unknown): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (!this.stopped) this.logger.error({ err: error, reason }, 'the scoring thread stopped; scoring on the main thread until it is started again');
    this.failAll(new Error(`the scoring thread stopped: ${reason}`));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
