/**
 * A trained risk model loaded for scoring: probability of default (SVM with Platt
 * scaling), risk band, K-Means segment with its historical default rate, anomaly
 * percentile and the top factors. Holds wasm memory: call `dispose()` when replaced.
 *
 * Concurrency: every method is synchronous, so in Node's single thread two requests
 * can never interleave inside a prediction, and a model disposed between requests is
 * never half-used. Each worker thread loads its own instance.
 */
import type { LoanApplication } from '../screening/application.js';
import type { RiskSection } from '../screening/decision.js';
import { riskModelArtifactSchema, type RiskModelArtifact } from './artifact.js';
import { topFactors, type RiskFactor } from './explain.js';
import { recordFromApplication, type ApplicationRecord } from './features/application-record.js';
import { encodeRawValues, featureColumns, rawFeatureValues } from './features/feature-vector.js';
import { riskBandFor } from './risk-bands.js';
import { anomalyPercentile, nearestCentroid } from './segments.js';
import { parseRbfModel, type RbfModel } from './svm/decision-function.js';
import { SvmModel } from './svm/svm-model.js';
import { WhatIf } from './svm/what-if.js';

export interface RiskAssessment {
  modelId: string;
  probabilityOfDefault: number;
  riskBand: string;
  segment: { id: number; defaultRate: number; rows: number };
  /** 0–100: share of training applications closer to their segment's centre. */
  anomalyPercentile: number;
  topFactors: RiskFactor[];
}

export class RiskModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RiskModelError';
  }
}

export class RiskModel {
  private constructor(
    readonly artifact: RiskModelArtifact,
    private readonly svm: SvmModel,
    /** The same SVM in JavaScript, for the what-if questions of top factors. */
    private readonly rbf: RbfModel,
  ) {
    this.whatIf = new WhatIf(rbf);
  }

  /** Scoring is synchronous, so one what-if evaluator (its scratch arrays) serves every screening. */
  private readonly whatIf: WhatIf;

  /** Validates an artifact (parsed JSON) and loads its SVM into a fresh libsvm instance. */
  static fromArtifact(json: unknown): RiskModel {
    const parsed = riskModelArtifactSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new RiskModelError(`not a valid risk model artifact: ${first.path.join('.')}: ${first.message}`);
    }
    const artifact = parsed.data;
    const columns = featureColumns(artifact.featureSpec);
    if (columns.join('\n') !== artifact.featureColumns.join('\n')) {
      throw new RiskModelError('the artifact feature columns do not match its feature spec');
    }
    if (artifact.segments.centroids.some((c) => c.length !== columns.length)) {
      throw new RiskModelError('the artifact centroids do not match its feature columns');
    }
    return new RiskModel(artifact, SvmModel.load(artifact.svm.model, columns.length), parseRbfModel(artifact.svm.model, columns.length));
  }

  get modelId(): string {
    return this.artifact.modelId;
  }

  get disposed(): boolean {
    return this.svm.freed;
  }

  /** Scores a live application as of the decision date `on`. */
  assess(application: LoanApplication, on: Date, factorCount = 3): RiskAssessment {
    return this.assessRecord(recordFromApplication(application, on), factorCount);
  }

  /** The decision's risk section for a live application (the registry's ModelScorer shape). */
  score(application: LoanApplication, on: Date): RiskSection {
    return toRiskSection(this.assess(application, on));
  }

  /** Scores any application record (a live application or a mapped training row). */
  assessRecord(record: ApplicationRecord, factorCount = 3): RiskAssessment {
    const spec = this.artifact.featureSpec;
    const raw = rawFeatureValues(spec.features, record);
    const vector = encodeRawValues(spec, raw);
    const probability = this.svm.probabilityOfDefault(vector);
    const nearest = nearestCentroid(this.artifact.segments.centroids, vector);
    const segment = this.artifact.segments.segments[nearest.id]!;
    return {
      modelId: this.modelId,
      probabilityOfDefault: probability,
      riskBand: riskBandFor(this.artifact.riskBands, probability),
      segment: { id: segment.id, defaultRate: segment.defaultRate, rows: segment.rows },
      anomalyPercentile: anomalyPercentile(this.artifact.segments, nearest.distance),
      topFactors: factorCount > 0 ? this.topFactors(raw, vector, factorCount) : [],
    };
  }

  /**
   * Each factor's effect is the probability at the applicant's vector minus the
   * probability with that one feature typical, both from the what-if evaluator (one
   * arithmetic for both sides; the reported probability stays the wasm build's).
   */
  private topFactors(raw: ReturnType<typeof rawFeatureValues>, vector: number[], count: number): RiskFactor[] {
    if (this.svm.freed) throw new Error('the SVM model was freed');
    const whatIf = this.whatIf.around(vector);
    return topFactors(this.artifact.featureSpec, raw, vector, whatIf.probability, (x) => whatIf.probabilityAt(x), count);
  }

  /** The probability alone (no factors): one SVM evaluation. */
  probabilityOfDefault(record: ApplicationRecord): number {
    const spec = this.artifact.featureSpec;
    return this.svm.probabilityOfDefault(encodeRawValues(spec, rawFeatureValues(spec.features, record)));
  }

  /** Frees the SVM's wasm memory. Idempotent; the model cannot score afterwards. */
  dispose(): void {
    this.svm.free();
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The decision's risk section for an assessment. */
export function toRiskSection(assessment: RiskAssessment): RiskSection {
  return {
    status: 'scored',
    modelVersion: assessment.modelId,
    probabilityOfDefault: round(assessment.probabilityOfDefault, 6),
    riskBand: assessment.riskBand,
    segment: { id: assessment.segment.id, defaultRate: round(assessment.segment.defaultRate, 4) },
    anomalyPercentile: round(assessment.anomalyPercentile, 1),
    topFactors: assessment.topFactors.map((f) => ({ feature: f.feature, effect: round(f.effect, 4), text: f.text })),
  };
}
