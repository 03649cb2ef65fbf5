/** Options of one training run; stored with the model so the run can be repeated. */
import { z } from 'zod';

export const trainingOptionsSchema = z.object({
  target: z.string().min(1),
  exclude: z.array(z.string()).default([]),
  /** Stratified K-fold cross-validation on the development rows. */
  folds: z.number().int().min(2).max(20).default(5),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(20261123),
  /** Share of rows held out (stratified) and used only for the final evaluation. */
  holdoutShare: z.number().min(0.05).max(0.5).default(0.2),
  /**
   * Kernel SVM training is roughly quadratic in rows: above this many training rows,
   * each SVM fit uses a stratified random subsample of this size (encoders and
   * segments still use every training row).
   */
  maxTrainRows: z.number().int().min(50).max(100_000).default(6000),
  /** C and gamma are chosen by stratified CV on at most this many of the fit's rows. */
  gridRows: z.number().int().min(50).max(100_000).default(3000),
  gridFolds: z.number().int().min(2).max(10).default(3),
  gridC: z.array(z.number().positive()).min(1).default([0.03, 0.1, 0.3, 1, 3]),
  /** gamma = scale / number of encoded columns. */
  gridGammaScale: z.array(z.number().positive()).min(1).default([0.5, 1, 2]),
  minK: z.number().int().min(2).max(20).default(2),
  maxK: z.number().int().min(2).max(30).default(8),
  /** Probability thresholds for the confusion matrices in the report. */
  thresholds: z.array(z.number().min(0).max(1)).default([0.1, 0.25, 0.5]),
  /**
   * Accept / reject cut-offs on the probability for the report's decision table; the
   * defaults are the shipped policy's (review from 0.25, reject from 0.5).
   */
  acceptBelow: z.number().min(0).max(1).default(0.25),
  rejectFrom: z.number().min(0).max(1).default(0.5),
});
export type TrainingOptions = z.infer<typeof trainingOptionsSchema>;
export type TrainingOptionsInput = z.input<typeof trainingOptionsSchema>;
