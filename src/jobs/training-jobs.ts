import { createHash, randomUUID } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { constants, setPriority } from 'node:os';
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
 * Runs training jobs one at a time per instance, each in a low-priority child process, recording
 * status and percent in the database and registering the trained model as a candidate.
 */
export class TrainingJobs {
  private queue: Array<{ id: string; request: TrainingRequest }> = [];
  private running: Promise<void> | null = null;
  private current: ChildProcess | null = null;

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
    this.current?.kill('SIGKILL');
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
      // A process of its own at the lowest CPU priority: screening keeps the cores it needs.
      const child = fork(new URL('./training-worker-entry.mjs', import.meta.url), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
      this.current = child;
      try {
        if (child.pid) setPriority(child.pid, constants.priority.PRIORITY_LOW);
      } catch (error) {
        this.logger.warn({ err: error }, 'cannot lower the training process priority');
      }
      child.stderr?.on('data', (chunk: Buffer) => this.logger.debug({ jobId: id, stderr: chunk.toString('utf8').slice(0, 500) }, 'training process stderr'));
      let lastWrite = 0;
      let settled = false;
      const settle = (message: TrainingWorkerMessage) => {
        if (settled) return;
        settled = true;
        resolve(message);
      };
      child.on('message', (message: TrainingWorkerMessage) => {
        if (message.type === 'progress') {
          const now = Date.now();
          if (now - lastWrite >= PROGRESS_WRITE_MS) {
            lastWrite = now;
            void this.jobs.update(id, { percent: message.percent, stage: message.stage }).catch(() => {});
          }
        } else {
          settle(message);
        }
      });
      child.on('error', (error) => settle({ type: 'failed', error: error.message }));
      child.on('exit', (code) => settle({ type: 'failed', error: `training process exited with code ${code}` }));
      child.send({
        csv: Buffer.from(request.csv).toString('base64'),
        options: request.options,
        spec: request.spec,
        dataFile: request.dataName,
        now: new Date().toISOString(),
      });
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
