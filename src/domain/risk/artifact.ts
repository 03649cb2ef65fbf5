/**
 * The model artifact: everything needed to score an application and to audit how the
 * model was made. JSON; validated by this schema whenever it is loaded.
 */
import { z } from 'zod';
import { metricsBlockSchema } from './evaluation.js';
import { fittedFeatureSpecSchema } from './features/feature-spec.js';
import { riskBandsSchema } from './risk-bands.js';
import { trainingOptionsSchema } from './training/training-options.js';

export const RISK_MODEL_FORMAT = 'loan-screening.risk-model/1';

const segmentSchema = z.object({
  id: z.number().int(),
  rows: z.number().int(),
  defaults: z.number().int(),
  defaultRate: z.number(),
});

export const segmentModelSchema = z.object({
  k: z.number().int().min(1),
  silhouette: z.array(z.object({ k: z.number().int(), score: z.number() })),
  centroids: z.array(z.array(z.number())),
  segments: z.array(segmentSchema),
  distanceQuantiles: z.array(z.number()).min(2),
  fittedOnRows: z.number().int(),
});

const groupOutcomeSchema = z.object({
  rows: z.number().int(),
  defaults: z.number().int(),
  observedRate: z.number().nullable(),
  meanPredicted: z.number().nullable(),
});

export const evaluationReportSchema = z.object({
  crossValidation: z.object({
    folds: z.number().int(),
    /** C and gamma were chosen inside each training fold (nested), never on the test fold. */
    nested: z.literal(true),
    /** Means over folds: the figures the CLI prints. */
    auc: z.number(),
    aucStd: z.number(),
    ks: z.number(),
    brier: z.number(),
    logLoss: z.number(),
    perFold: z.array(
      z.object({
        fold: z.number().int(),
        rows: z.number().int(),
        positives: z.number().int(),
        auc: z.number(),
        ks: z.number(),
        brier: z.number(),
        logLoss: z.number(),
        C: z.number(),
        gamma: z.number(),
        svmTrainRows: z.number().int(),
        seconds: z.number(),
      }),
    ),
    /** All out-of-fold predictions together (calibration, confusion, decision table). */
    pooled: metricsBlockSchema,
    /** Out-of-fold predictions grouped by the final model's segments. */
    segments: z.array(groupOutcomeSchema.extend({ segment: z.number().int() })),
  }),
  holdout: metricsBlockSchema.extend({
    segments: z.array(groupOutcomeSchema.extend({ segment: z.number().int() })),
    bands: z.array(groupOutcomeSchema.extend({ band: z.string() })),
  }),
  reduction: z.object({
    applied: z.boolean(),
    strategy: z.string(),
    developmentRows: z.number().int(),
    holdoutRows: z.number().int(),
    maxTrainRows: z.number().int(),
    svmTrainRows: z.number().int(),
    gridRows: z.number().int(),
  }),
  gridSearch: z.array(z.object({ C: z.number(), gamma: z.number(), auc: z.number() })),
  segments: z.object({
    k: z.number().int(),
    criterion: z.string(),
    silhouette: z.array(z.object({ k: z.number().int(), score: z.number() })),
    training: z.array(segmentSchema),
  }),
  timings: z.object({
    prepareSeconds: z.number(),
    crossValidationSeconds: z.number(),
    finalFitSeconds: z.number(),
    segmentsSeconds: z.number(),
    holdoutSeconds: z.number(),
    totalSeconds: z.number(),
  }),
});
export type EvaluationReport = z.infer<typeof evaluationReportSchema>;

export const riskModelArtifactSchema = z.object({
  format: z.literal(RISK_MODEL_FORMAT),
  /** Content-derived: the same data and options give the same id. */
  modelId: z.string().regex(/^rm-[0-9a-f]{12}$/),
  kind: z.literal('kmeans+svm'),
  createdAt: z.iso.datetime(),
  featureSpec: fittedFeatureSpecSchema,
  featureColumns: z.array(z.string()).min(1),
  svm: z.object({
    library: z.string(),
    kernel: z.literal('rbf'),
    C: z.number().positive(),
    gamma: z.number().positive(),
    classWeights: z.object({ negative: z.number().positive(), positive: z.number().positive() }),
    trainedOnRows: z.number().int(),
    supportVectors: z.number().int(),
    /** libsvm's own text format (svm_save_model), with Platt parameters probA/probB. */
    model: z.string(),
  }),
  segments: segmentModelSchema,
  riskBands: riskBandsSchema,
  report: evaluationReportSchema,
  training: z.object({
    data: z.object({
      file: z.string().optional(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      rows: z.number().int(),
      positives: z.number().int(),
    }),
    options: trainingOptionsSchema,
  }),
});
export type RiskModelArtifact = z.infer<typeof riskModelArtifactSchema>;
