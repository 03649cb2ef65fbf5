import { createHash, randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { riskModelArtifactSchema } from '../domain/risk/artifact.js';
import type { TrainingOptionsInput } from '../domain/risk/training/training-options.js';
import type { RiskModelRepository } from '../db/risk-model-repository.js';
import type { TrainingJob, TrainingJobRepository } from '../db/training-job-repository.js';
import type { TrainingWorkerMessage } from './training-worker.js';

export interface TrainingRequest {
  csv: Uint8Array;
  dataName: string;
  options: TrainingOptionsInput;
  spec?: unknown;
  createdBy: string | null;
}

/** How often a running job's percent is written to the database, at most. */
const PROGRESS_WRITE_MS = 1000;

/**
 * Runs training jobs one at a time per instance, each in a worker thread, recording
 * status and percent in the database and registering the trained model as a candidate.
 */
export class TrainingJobs {
  private queue: Array<{ id: string; request: TrainingRequest }> = [];
  private running: Promise<void> | null = null;
  private current: Worker | null = null;

  constructor(
    private readonly jobs: TrainingJobRepository,
    private readonly models: RiskModelRepository,
    private readonly logger: Logger,
  ) {}

  async submit(request: TrainingRequest): Promise<TrainingJob> {
    const id = randomUUID();
    const job = await this.jobs.create({
      id,
      options: request.options as Record<string, unknown>,
      dataName: request.dataName,
      dataSha256: createHash('sha256').update(request.csv).digest('hex'),
      createdBy: request.createdBy,
      now: new Date(),
    });
    this.queue.push({ id, request });
    if (!this.running) this.running = this.drain().finally(() => (this.running = null));
    return job;
  }

  /** Waits for queued jobs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.queue = [];
    await this.current?.terminate();
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      await this.runOne(next.id, next.request).catch((error: unknown) =>
        this.logger.error({ err: error, jobId: next!.id }, 'training job bookkeeping failed'),
      );
    }
  }

  private async runOne(id: string, request: TrainingRequest): Promise<void> {
    await this.jobs.update(id, { status: 'running', stage: 'starting', startedAt: new Date() });
    const result = await new Promise<TrainingWorkerMessage>((resolve) => {
      const worker = new Worker(new URL('./training-worker-entry.mjs', import.meta.url), {
        workerData: { csv: request.csv, options: request.options, spec: request.spec, dataFile: request.dataName, now: new Date().toISOString() },
        stdout: true, // libsvm must never reach our JSON log stream
        stderr: true,
      });
      this.current = worker;
      worker.stdout.resume();
      worker.stderr.on('data', (chunk: Buffer) => this.logger.debug({ jobId: id, stderr: chunk.toString('utf8').slice(0, 500) }, 'training worker stderr'));
      let lastWrite = 0;
      worker.on('message', (message: TrainingWorkerMessage) => {
        if (message.type === 'progress') {
          const now = Date.now();
          if (now - lastWrite >= PROGRESS_WRITE_MS) {
            lastWrite = now;
            void this.jobs.update(id, { percent: message.percent, stage: message.stage }).catch(() => {});
          }
        } else {
          resolve(message);
        }
      });
      worker.on('error', (error) => resolve({ type: 'failed', error: error.message }));
      worker.on('exit', (code) => resolve({ type: 'failed', error: `training worker exited with code ${code}` }));
    });
    this.current = null;
    if (result.type === 'done') {
      const artifact = riskModelArtifactSchema.parse(result.artifact);
      await this.models.register(artifact, request.createdBy, new Date());
      await this.jobs.update(id, {
        status: 'succeeded',
        percent: 100,
        stage: 'done',
        modelId: artifact.modelId,
        dataRows: artifact.training.data.rows,
        finishedAt: new Date(),
      });
      this.logger.info({ jobId: id, modelId: artifact.modelId }, 'training job succeeded');
    } else {
      await this.jobs.update(id, { status: 'failed', stage: 'failed', error: result.type === 'failed' ? result.error : 'unknown', finishedAt: new Date() });
      this.logger.warn({ jobId: id, error: result.type === 'failed' ? result.error : 'unknown' }, 'training job failed');
    }
  }
}
