import { parentPort } from 'node:worker_threads';
import type { RiskModelArtifact } from '../domain/risk/artifact.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { RiskSection } from '../domain/screening/decision.js';
import { loadRiskScorer } from './risk-model-loader.js';
import type { ModelScorer } from './live-risk-models.js';

/** What the scoring thread is asked (scoring-thread.ts holds the other end). */
export interface ScoreRequest {
  id: number;
  active: string | null;
  shadow: string | null;
  application: LoanApplication;
  on: Date;
}

/** Score requests come in batches: those the main thread started in one turn, one message. */
export type ScoringRequest =
  | { type: 'load'; artifact: RiskModelArtifact }
  | { type: 'dispose'; modelId: string }
  | { type: 'score'; requests: ScoreRequest[] };

/** The active model's section (null without one) and the shadow model's (null without one). */
export interface ScoredInThread {
  risk: RiskSection | null;
  shadowRisk: RiskSection | null;
}

/** Its answer to a score request: both sections, or why it could not (the caller then scores itself). */
export type ScoringAnswer = ({ id: number } & ScoredInThread) | { id: number; failed: string };

const port = parentPort;
if (!port) throw new Error('scoring-worker.ts runs as a worker thread');

const models = new Map<string, ModelScorer>();

const scoreWith = (modelId: string | null, application: LoanApplication, on: Date): RiskSection | null => {
  if (modelId === null) return null;
  const model = models.get(modelId);
  if (!model) throw new Error(`model ${modelId} is not loaded in the scoring thread`);
  return model.score(application, on);
};

port.on('message', (request: ScoringRequest) => {
  switch (request.type) {
    case 'load':
      // One that will not open here is left out: requests naming it fail, and the main thread scores them.
      try {
        if (!models.has(request.artifact.modelId)) models.set(request.artifact.modelId, loadRiskScorer(request.artifact));
      } catch {
        models.delete(request.artifact.modelId);
      }
      return;
    case 'dispose':
      models.get(request.modelId)?.dispose();
      models.delete(request.modelId);
      return;
    case 'score': {
      const answers: ScoringAnswer[] = [];
      for (const one of request.requests) {
        try {
          answers.push({ id: one.id, risk: scoreWith(one.active, one.application, one.on), shadowRisk: scoreWith(one.shadow, one.application, one.on) });
        } catch (error) {
          answers.push({ id: one.id, failed: error instanceof Error ? error.message : String(error) });
        }
      }
      port.postMessage(answers);
    }
  }
});
