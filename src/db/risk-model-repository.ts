import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { RiskModelArtifact } from '../domain/risk/artifact.js';
import { DomainError } from '../domain/errors.js';
import type { Database } from './database.js';

export const RISK_MODELS_CHANNEL = 'risk_models_changed';

export const modelStatuses = ['candidate', 'active', 'shadow', 'retired'] as const;
export type ModelStatus = (typeof modelStatuses)[number];

/** The figures an analyst compares models on, lifted out of the artifact's report. */
export interface ModelSummary {
  rows: number;
  positives: number;
  dataSha256: string;
  cvAuc: number;
  cvKs: number;
  cvBrier: number;
  cvLogLoss: number;
  holdoutAuc: number;
  holdoutGini: number;
  holdoutKs: number;
  holdoutBrier: number;
  segments: number;
  trainingSeconds: number;
}

export interface RegisteredModel {
  id: string;
  kind: string;
  status: ModelStatus;
  summary: ModelSummary;
  createdAt: string;
  createdBy: string | null;
  statusChangedAt: string;
  statusChangedBy: string | null;
}

export interface ModelEvent {
  modelId: string;
  fromStatus: ModelStatus | null;
  toStatus: ModelStatus;
  note: string | null;
  at: string;
  by: string | null;
}

export function summarise(artifact: RiskModelArtifact): ModelSummary {
  const { report, training } = artifact;
  return {
    rows: training.data.rows,
    positives: training.data.positives,
    dataSha256: training.data.sha256,
    cvAuc: report.crossValidation.auc,
    cvKs: report.crossValidation.ks,
    cvBrier: report.crossValidation.brier,
    cvLogLoss: report.crossValidation.logLoss,
    holdoutAuc: report.holdout.auc,
    holdoutGini: report.holdout.gini,
    holdoutKs: report.holdout.ks,
    holdoutBrier: report.holdout.brier,
    segments: report.segments.k,
    trainingSeconds: report.timings.totalSeconds,
  };
}

type Row = { [K in keyof Database['risk_models']]: unknown };

const toModel = (row: Row): RegisteredModel => ({
  id: row.id as string,
  kind: row.kind as string,
  status: row.status as ModelStatus,
  summary: row.summary as ModelSummary,
  createdAt: new Date(row.created_at as Date).toISOString(),
  createdBy: (row.created_by as string | null) ?? null,
  statusChangedAt: new Date(row.status_changed_at as Date).toISOString(),
  statusChangedBy: (row.status_changed_by as string | null) ?? null,
});

/**
 * Registered models and their status. Status changes run in one transaction that also
 * demotes the model they displace, record an event each, and announce themselves on
 * `risk_models_changed` so every instance swaps models without a restart.
 */
export class RiskModelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Registers a trained model as a candidate; the same artifact twice is one model. */
  async register(artifact: RiskModelArtifact, by: string | null, now: Date): Promise<RegisteredModel> {
    await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('risk_models')
        .values({
          id: artifact.modelId,
          kind: artifact.kind,
          status: 'candidate',
          artifact: JSON.stringify(artifact),
          summary: JSON.stringify(summarise(artifact)),
          created_at: now,
          created_by: by,
          status_changed_at: now,
          status_changed_by: by,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        await trx
          .insertInto('risk_model_events')
          .values({ id: randomUUID(), model_id: artifact.modelId, from_status: null, to_status: 'candidate', note: 'registered', at: now, by })
          .execute();
      }
    });
    return this.get(artifact.modelId);
  }

  async list(): Promise<RegisteredModel[]> {
    const rows = await this.db
      .selectFrom('risk_models')
      .select(['id', 'kind', 'status', 'summary', 'created_at', 'created_by', 'status_changed_at', 'status_changed_by'])
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((r) => toModel(r as Row));
  }

  async find(id: string): Promise<RegisteredModel | null> {
    const row = await this.db
      .selectFrom('risk_models')
      .select(['id', 'kind', 'status', 'summary', 'created_at', 'created_by', 'status_changed_at', 'status_changed_by'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toModel(row as Row) : null;
  }

  async get(id: string): Promise<RegisteredModel> {
    const model = await this.find(id);
    if (!model) throw new DomainError('NOT_FOUND', `No model ${id}.`);
    return model;
  }

  async artifact(id: string): Promise<RiskModelArtifact> {
    const row = await this.db.selectFrom('risk_models').select('artifact').where('id', '=', id).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `No model ${id}.`);
    return row.artifact as RiskModelArtifact;
  }

  /** The ids of the active and shadow models, for cheap change detection. */
  async serving(): Promise<{ active: string | null; shadow: string | null }> {
    const rows = await this.db
      .selectFrom('risk_models')
      .select(['id', 'status'])
      .where('status', 'in', ['active', 'shadow'])
      .execute();
    return {
      active: rows.find((r) => r.status === 'active')?.id ?? null,
      shadow: rows.find((r) => r.status === 'shadow')?.id ?? null,
    };
  }

  /**
   * Moves a model to `to`. Making one active retires the active one (promoting it back
   * later is the rollback); making one shadow retires the current shadow.
   */
  async setStatus(id: string, to: ModelStatus, by: string | null, now: Date, note?: string): Promise<RegisteredModel> {
    await this.db.transaction().execute(async (trx) => {
      // Serialise status changes across instances.
      await sql`select pg_advisory_xact_lock(${0x726d6f64656c73n})`.execute(trx);
      const target = await trx.selectFrom('risk_models').select(['id', 'status']).where('id', '=', id).executeTakeFirst();
      if (!target) throw new DomainError('NOT_FOUND', `No model ${id}.`);
      if (target.status === to) return;
      const event = (modelId: string, from: string | null, toStatus: ModelStatus, text: string | null) =>
        trx
          .insertInto('risk_model_events')
          .values({ id: randomUUID(), model_id: modelId, from_status: from, to_status: toStatus, note: text, at: now, by })
          .execute();
      if (to === 'active' || to === 'shadow') {
        const displaced = await trx
          .selectFrom('risk_models')
          .select('id')
          .where('status', '=', to)
          .where('id', '<>', id)
          .executeTakeFirst();
        if (displaced) {
          await trx
            .updateTable('risk_models')
            .set({ status: 'retired', status_changed_at: now, status_changed_by: by })
            .where('id', '=', displaced.id)
            .execute();
          await event(displaced.id, to, 'retired', `replaced by ${id}`);
        }
      }
      await trx
        .updateTable('risk_models')
        .set({ status: to, status_changed_at: now, status_changed_by: by })
        .where('id', '=', id)
        .execute();
      await event(id, target.status, to, note ?? null);
      await sql`select pg_notify(${RISK_MODELS_CHANNEL}, ${`${id}:${to}`})`.execute(trx);
    });
    return this.get(id);
  }

  async events(id: string): Promise<ModelEvent[]> {
    const rows = await this.db
      .selectFrom('risk_model_events')
      .selectAll()
      .where('model_id', '=', id)
      .orderBy('at', 'asc')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      modelId: r.model_id,
      fromStatus: r.from_status as ModelStatus | null,
      toStatus: r.to_status as ModelStatus,
      note: r.note,
      at: new Date(r.at).toISOString(),
      by: r.by,
    }));
  }
}
