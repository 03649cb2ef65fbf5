import type { Caller } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';
import { riskModelArtifactSchema, type RiskModelArtifact } from '../domain/risk/artifact.js';
import { populationStability, type DriftReport } from '../domain/risk/drift.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import type { ModelStatus, RiskModelRepository } from '../db/risk-model-repository.js';
import type { Clock } from './screening-service.js';

/** The registry as analysts use it: inspect, register, promote, shadow, retire, monitor. */
export class ModelService {
  constructor(
    private readonly models: RiskModelRepository,
    private readonly decisions: DecisionRepository,
    private readonly clock: Clock,
    /** Called after a status change commits, so this instance serves it before answering. */
    private readonly onChange: () => Promise<void> = async () => {},
  ) {}

  list() {
    return this.models.list();
  }

  async describe(id: string) {
    const [model, artifact, events] = await Promise.all([this.models.get(id), this.models.artifact(id), this.models.events(id)]);
    return {
      ...model,
      featureSpec: artifact.featureSpec,
      parameters: { svm: { C: artifact.svm.C, gamma: artifact.svm.gamma, classWeights: artifact.svm.classWeights, trainedOnRows: artifact.svm.trainedOnRows, supportVectors: artifact.svm.supportVectors }, segments: artifact.segments.k },
      riskBands: artifact.riskBands,
      training: artifact.training,
      report: artifact.report,
      events,
    };
  }

  artifact(id: string): Promise<RiskModelArtifact> {
    return this.models.artifact(id);
  }

  async register(input: unknown, caller: Caller) {
    const parsed = riskModelArtifactSchema.safeParse(input);
    if (!parsed.success) {
      const fields = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
      throw new DomainError('REQUEST_INVALID', 'The body is not a risk model artifact.', { fields });
    }
    return this.models.register(parsed.data, caller.keyId, this.clock.now());
  }

  async setStatus(id: string, status: ModelStatus, caller: Caller, note?: string) {
    const model = await this.models.setStatus(id, status, caller.keyId, this.clock.now(), note);
    await this.onChange();
    return model;
  }

  /** PSI of the model's recent scores against its hold-out score deciles. */
  async monitoring(id: string, recent: number): Promise<DriftReport & { modelId: string; reference: string }> {
    const artifact = await this.models.artifact(id);
    const scores = await this.decisions.recentScores(id, recent);
    const reference = artifact.report.holdout.calibration.map((b) => ({ rows: b.rows, maxPredicted: b.maxPredicted }));
    return { modelId: id, reference: 'hold-out score deciles from training', ...populationStability(reference, scores) };
  }
}
