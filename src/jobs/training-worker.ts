/**
 * Entry for a training job, run in a child process at low CPU priority so that screening
 * keeps its latency while a model trains; reports progress and the result by IPC message.
 */
import { trainRiskModel, type TrainRiskModelInput } from '../domain/risk/training/train-risk-model.js';

export type TrainingWorkerMessage =
  | { type: 'progress'; stage: string; percent: number; message: string }
  | { type: 'done'; artifact: unknown }
  | { type: 'failed'; error: string };

export type TrainingWorkerInput = Omit<TrainRiskModelInput, 'now' | 'csv'> & { now: string; csv: string };

const post = (message: TrainingWorkerMessage) => process.send?.(message);

process.once('message', (input: TrainingWorkerInput) => {
  trainRiskModel({ ...input, csv: Buffer.from(input.csv, 'base64'), now: new Date(input.now) }, (p) =>
    post({ type: 'progress', stage: p.stage, percent: p.percent, message: p.message }),
  )
    .then(({ artifact }) => post({ type: 'done', artifact }))
    .catch((error: unknown) => post({ type: 'failed', error: error instanceof Error ? error.message : String(error) }))
    .finally(() => process.disconnect?.());
});
