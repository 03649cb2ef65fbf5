import { existsSync, readFileSync } from 'node:fs';
import { riskModelArtifactSchema, type RiskModelArtifact } from '../domain/risk/artifact.js';
import { RiskModel } from '../domain/risk/risk-model.js';
import type { LoadScorer } from './live-risk-models.js';

/** Opens an artifact as a scorer (libsvm model in its own wasm heap; dispose frees it). */
export const loadRiskScorer: LoadScorer = (artifact) => RiskModel.fromArtifact(artifact);

/** The model shipped with the service, used while no model has been promoted. */
export function readDefaultArtifact(path: string): RiskModelArtifact | null {
  if (!existsSync(path)) return null;
  return riskModelArtifactSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
