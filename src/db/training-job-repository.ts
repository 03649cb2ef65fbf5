import type { Kysely } from 'kysely';
import { DomainError } from '../domain/errors.js';
import type { Database } from './database.js';

export type TrainingJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface TrainingJob {
  id: string;
  status: TrainingJobStatus;
  percent: number;
  stage: string;
  options: Record<string, unknown>;
  dataName: string | null;
  dataSha256: string | null;
  dataRows: number | null;
  modelId: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

type Row = { [K in keyof Database['training_jobs']]: unknown };
const iso = (value: unknown) => (value ? new Date(value as Date).toISOString() : null);

const toJob = (row: Row): TrainingJob => ({
  id: row.id as string,
  status: row.status as TrainingJobStatus,
  percent: Number(row.percent),
  stage: row.stage as string,
  options: row.options as Record<string, unknown>,
  dataName: (row.data_name as string | null) ?? null,
  dataSha256: (row.data_sha256 as string | null) ?? null,
  dataRows: row.data_rows == null ? null : Number(row.data_rows),
  modelId: (row.model_id as string | null) ?? null,
  error: (row.error as string | null) ?? null,
  createdBy: (row.created_by as string | null) ?? null,
  createdAt: iso(row.created_at)!,
  startedAt: iso(row.started_at),
  finishedAt: iso(row.finished_at),
});

export class TrainingJobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(job: { id: string; options: Record<string, unknown>; dataName: string; dataSha256: string; createdBy: string | null; now: Date }) {
    await this.db
      .insertInto('training_jobs')
      .values({
        id: job.id,
        status: 'queued',
        percent: 0,
        stage: 'queued',
        options: JSON.stringify(job.options),
        data_name: job.dataName,
        data_sha256: job.dataSha256,
        created_by: job.createdBy,
        created_at: job.now,
      })
      .execute();
    return this.get(job.id);
  }

  async update(
    id: string,
    patch: Partial<{ status: TrainingJobStatus; percent: number; stage: string; modelId: string; error: string; dataRows: number; startedAt: Date; finishedAt: Date }>,
  ): Promise<void> {
    await this.db
      .updateTable('training_jobs')
      .set({
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.percent !== undefined ? { percent: patch.percent } : {}),
        ...(patch.stage ? { stage: patch.stage } : {}),
        ...(patch.modelId ? { model_id: patch.modelId } : {}),
        ...(patch.error ? { error: patch.error } : {}),
        ...(patch.dataRows !== undefined ? { data_rows: patch.dataRows } : {}),
        ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
        ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<TrainingJob> {
    const row = await this.db.selectFrom('training_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `No training job ${id}.`);
    return toJob(row as Row);
  }

  async list(limit = 50): Promise<TrainingJob[]> {
    const rows = await this.db.selectFrom('training_jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map((r) => toJob(r as Row));
  }
}
