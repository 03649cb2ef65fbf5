/**
 * The feature spec: which values a model reads from a loan application, how each is
 * derived and encoded, and (once fitted on training data) the encoding parameters.
 * JSON-serialisable; stored in every model artifact and accepted by `models train --spec`.
 */
import { z } from 'zod';

/** A path into the application record, e.g. `loan.amount` or `attributes.channel`. */
export const recordPathSchema = z
  .string()
  .regex(
    /^(applicant|loan|financials|creditHistory)\.[A-Za-z][A-Za-z0-9]*$|^attributes\.[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
    'must be applicant.X, loan.X, financials.X, creditHistory.X or attributes.X',
  );
export type RecordPath = z.infer<typeof recordPathSchema>;

const paths = z.array(recordPathSchema).min(1).max(24);

/** Where a feature's raw value comes from. Derived sources mirror the policy's applicant facts. */
export const featureSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: recordPathSchema }),
  /** Whole years between applicant.dateOfBirth and the decision date. */
  z.object({ kind: z.literal('ageYears') }),
  /** (financials.monthlyDebtPayments + loan.amount / loan.termMonths) / financials.monthlyIncome. */
  z.object({ kind: z.literal('debtToIncome') }),
  /** loan.amount / (12 × financials.monthlyIncome). */
  z.object({ kind: z.literal('loanToAnnualIncome') }),
  /** Principal-only monthly instalment: loan.amount / loan.termMonths. */
  z.object({ kind: z.literal('instalment') }),
  /** (loan.amount / loan.termMonths) / financials.monthlyIncome. */
  z.object({ kind: z.literal('instalmentToIncome') }),
  /** sum(numerator) / sum(denominator); missing when the denominator is not positive. */
  z.object({ kind: z.literal('ratio'), numerator: paths, denominator: paths }),
  z.object({ kind: z.literal('sum'), paths }),
  z.object({ kind: z.literal('max'), paths }),
  /** How many of the paths hold a number ≥ threshold (e.g. months with a payment delay). */
  z.object({ kind: z.literal('countAtLeast'), paths, threshold: z.number() }),
]);
export type FeatureSource = z.infer<typeof featureSourceSchema>;

export const numericTransforms = ['none', 'log1p', 'signedLog1p', 'auto'] as const;

export const featureEncodingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    /**
     * Applied before z-scoring. `log1p` needs values ≥ 0 (negatives are clipped to 0);
     * `signedLog1p` is sign(x)·log(1+|x|); `auto` picks signedLog1p when the training
     * values are heavily skewed (|skewness| > 2), else none.
     */
    transform: z.enum(numericTransforms).default('none'),
    /** Raw values are clipped to [min, max] first (e.g. a ratio capped at 3). */
    clip: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
  }),
  z.object({
    kind: z.literal('categorical'),
    /** Levels seen in fewer than this share of training rows go to the `other` bucket. */
    minShare: z.number().min(0).max(0.5).default(0.01),
    maxLevels: z.number().int().min(1).max(100).default(30),
  }),
]);
export type FeatureEncoding = z.infer<typeof featureEncodingSchema>;

export const featureDefinitionSchema = z.object({
  /** Stable identifier, used in column names and top factors. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/),
  /** Plain words for explanations, e.g. "Debt-to-income". */
  label: z.string().min(1).max(80),
  source: featureSourceSchema,
  encoding: featureEncodingSchema,
});
export type FeatureDefinition = z.infer<typeof featureDefinitionSchema>;

/** How one CSV column becomes a value in the application record. */
export const columnTransformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number') }),
  z.object({ kind: z.literal('text') }),
  /** Code → value lookup; null means a missing value; a code not in the table is an error. */
  z.object({ kind: z.literal('map'), values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])) }),
  /** Age in whole years at the training decision date → a date of birth (the mid-year). */
  z.object({ kind: z.literal('ageToDateOfBirth') }),
  /**
   * A code giving the instalment's share of income → monthly income
   * = (amount / term) / share. Used where the data has no income (German credit).
   */
  z.object({
    kind: z.literal('instalmentShareToIncome'),
    shares: z.record(z.string(), z.number().positive().max(1)),
    amountColumn: z.string(),
    termColumn: z.string(),
  }),
]);
export type ColumnTransform = z.infer<typeof columnTransformSchema>;

export const columnMappingSchema = z.object({
  column: z.string().min(1),
  path: recordPathSchema,
  transform: columnTransformSchema.default({ kind: 'number' }),
});
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const featureSpecSchema = z
  .object({
    /**
     * CSV columns mapped onto the application record. A column that is not mapped here
     * (and is neither the target nor excluded) is available as `attributes.<column>`.
     */
    columns: z.array(columnMappingSchema).default([]),
    /** The date training rows are treated as decided on (for age from date of birth). */
    trainingDecisionDate: z.iso.date().default('2000-01-01'),
    features: z.array(featureDefinitionSchema).min(1).max(200),
    /** Free text kept with the model: where the mapping comes from, approximations. */
    notes: z.string().max(4000).optional(),
  })
  .refine((spec) => new Set(spec.features.map((f) => f.name)).size === spec.features.length, {
    message: 'feature names must be unique',
    path: ['features'],
  });
export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type FeatureSpecInput = z.input<typeof featureSpecSchema>;

/** Encoding parameters learned from the training rows of one fit. */
export const fittedEncodingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    transform: z.enum(['none', 'log1p', 'signedLog1p']),
    clip: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    /** Raw (untransformed) training median: imputes missing values and anchors explanations. */
    median: z.number(),
    mean: z.number(),
    std: z.number().positive(),
    /** True when training rows had missing values: adds a 0/1 missing-indicator column. */
    missingIndicator: z.boolean(),
  }),
  z.object({
    kind: z.literal('categorical'),
    levels: z.array(z.string()),
    /** Most frequent training level (imputes missing values). */
    mode: z.string(),
    missingIndicator: z.boolean(),
  }),
]);
export type FittedEncoding = z.infer<typeof fittedEncodingSchema>;

export const fittedFeatureSpecSchema = z.object({
  columns: z.array(columnMappingSchema),
  trainingDecisionDate: z.iso.date(),
  features: z.array(featureDefinitionSchema.extend({ fitted: fittedEncodingSchema })),
  notes: z.string().optional(),
});
export type FittedFeatureSpec = z.infer<typeof fittedFeatureSpecSchema>;
export type FittedFeature = FittedFeatureSpec['features'][number];
