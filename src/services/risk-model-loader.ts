import { existsSync, readFileSync } from 'node:fs';
import { riskModelArtifactSchema, type RiskModelArtifact } from '../domain/risk/artifact.js';
import type { LoadScorer } from './live-risk-models.js';

/** Opens an artifact as a scorer. */
export const loadRiskScorer: LoadScorer = () => {
  throw new Error('risk model scoring is not available yet');
};

/** The model shipped with the service, used while no model has been promoted. */
export function readDefaultArtifact(path: string): RiskModelArtifact | null {
  if (!existsSync(path)) return null;
  return riskModelArtifactSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
