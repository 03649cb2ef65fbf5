/**
 * Worker-thread entry for a training job: trains off the main thread so that screening
 * keeps its event loop, and reports progress and the result by message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainRiskModel, type TrainRiskModelInput } from '../domain/risk/training/train-risk-model.js';

export type TrainingWorkerMessage =
  | { type: 'progress'; stage: string; percent: number; message: string }
  | { type: 'done'; artifact: unknown }
  | { type: 'failed'; error: string };

const input = workerData as Omit<TrainRiskModelInput, 'now'> & { now: string };
const post = (message: TrainingWorkerMessage) => parentPort!.postMessage(message);

trainRiskModel({ ...input, now: new Date(input.now) }, (p) => post({ type: 'progress', stage: p.stage, percent: p.percent, message: p.message }))
  .then(({ artifact }) => post({ type: 'done', artifact }))
  .catch((error: unknown) => post({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
