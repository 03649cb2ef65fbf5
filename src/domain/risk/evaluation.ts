/** The evaluation block reported for a set of predictions (held-out split or CV). */
import { z } from 'zod';
import {
  brierScore,
  calibrationByQuantile,
  confusionAt,
  decisionTable,
  gini,
  ksStatistic,
  logLoss,
  rocAuc,
} from './metrics.js';

const rate = z.number().nullable();
const cell = z.object({ rows: z.number().int(), defaults: z.number().int() });

export const metricsBlockSchema = z.object({
  rows: z.number().int(),
  positives: z.number().int(),
  auc: z.number(),
  gini: z.number(),
  ks: z.number(),
  /** Probability at which the KS gap is largest. */
  ksThreshold: z.number(),
  brier: z.number(),
  logLoss: z.number(),
  calibration: z.array(
    z.object({
      bin: z.number().int(),
      rows: z.number().int(),
      meanPredicted: z.number(),
      observedRate: z.number(),
      minPredicted: z.number(),
      maxPredicted: z.number(),
    }),
  ),
  confusion: z.array(
    z.object({
      threshold: z.number(),
      truePositives: z.number().int(),
      falsePositives: z.number().int(),
      trueNegatives: z.number().int(),
      falseNegatives: z.number().int(),
      truePositiveRate: rate,
      falsePositiveRate: rate,
      precision: rate,
    }),
  ),
  decisionTable: z.object({ acceptBelow: z.number(), rejectFrom: z.number(), accept: cell, review: cell, reject: cell }),
});
export type MetricsBlock = z.infer<typeof metricsBlockSchema>;

export interface EvaluationThresholds {
  thresholds: readonly number[];
  acceptBelow: number;
  rejectFrom: number;
}

export function evaluatePredictions(
  probabilities: readonly number[],
  labels: readonly number[],
  t: EvaluationThresholds,
): MetricsBlock {
  const auc = rocAuc(probabilities, labels);
  const ks = ksStatistic(probabilities, labels);
  return {
    rows: labels.length,
    positives: labels.reduce((s, y) => s + y, 0),
    auc,
    gini: gini(auc),
    ks: ks.ks,
    ksThreshold: ks.threshold,
    brier: brierScore(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    calibration: calibrationByQuantile(probabilities, labels, 10),
    confusion: t.thresholds.map((threshold) => confusionAt(probabilities, labels, threshold)),
    decisionTable: decisionTable(probabilities, labels, t.acceptBelow, t.rejectFrom),
  };
}
