import { z } from 'zod';
import { listKinds } from '../blocklist/entry.js';

const share = z.number().min(0).max(1);

export const policySections = ['blocklist', 'hardRules', 'risk'] as const;

/**
 * A versioned, declarative policy: what blocklist hits do, the probability-of-default
 * cut-offs, when an unusual profile goes to review, the hard rules, and which group's
 * reasons come first. Documents are never edited: a change is a new version.
 */
export const policyDocumentSchema = z
  .strictObject({
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, . _ -')
      .describe('Unique name of this version, e.g. 2026-12-01'),
    description: z.string().max(2000).optional(),
    blocklists: z
      .strictObject({
        /** What a strong hit does, by list kind; `list` follows the list's own action. */
        strongHit: z
          .partialRecord(z.enum(listKinds), z.enum(['reject', 'review', 'list']))
          .default({})
          .describe('By list kind: reject, review, or list (the list’s own action, the default)'),
        /** What a possible (below strong) hit does. */
        possibleHit: z.enum(['review', 'ignore']).default('review'),
      })
      .default({ strongHit: {}, possibleHit: 'review' }),
    risk: z
      .strictObject({
        /** Probability of default from which an application goes to review... */
        reviewFrom: share.default(0.25),
        /** ...and from which it is rejected. */
        rejectFrom: share.default(0.5),
        /** Anomaly percentile (distance to the nearest segment) above which to review; null: never. */
        anomalyReviewPercentile: z.number().min(50).max(100).nullable().default(99.5),
        /** What to do when no model could score the application. */
        whenUnscored: z.enum(['accept', 'review']).default('accept'),
      })
      .refine((r) => r.reviewFrom <= r.rejectFrom, { message: 'reviewFrom must not exceed rejectFrom', path: ['reviewFrom'] })
      .default({ reviewFrom: 0.25, rejectFrom: 0.5, anomalyReviewPercentile: 99.5, whenUnscored: 'accept' }),
    hardRules: z
      .strictObject({
        minimumAge: z.number().int().min(16).max(30),
        maximumAgeAtMaturity: z.number().int().min(40).max(120),
        /** Back-end debt-to-income (existing payments plus this loan) above which to review. */
        reviewDebtToIncome: z.number().positive().max(5),
        /** ... and above which to reject. */
        rejectDebtToIncome: z.number().positive().max(5),
        /** Loan amount divided by annual income above which to review. */
        reviewLoanToAnnualIncome: z.number().positive().max(100),
        /** Any payment 90+ days late sends the application to review. */
        reviewOnSeriousDelinquency: z.boolean(),
      })
      .refine((r) => r.rejectDebtToIncome >= r.reviewDebtToIncome, {
        message: 'rejectDebtToIncome must not be below reviewDebtToIncome',
        path: ['rejectDebtToIncome'],
      }),
    /** Whose reasons come first when several groups have something to say. */
    order: z
      .array(z.enum(policySections))
      .length(3)
      .refine((o) => new Set(o).size === 3, 'must name blocklist, hardRules and risk once each')
      .default(['blocklist', 'hardRules', 'risk']),
  })
  .meta({ id: 'PolicyDocument' });

export type PolicyDocument = z.output<typeof policyDocumentSchema>;
export type PolicyDocumentInput = z.input<typeof policyDocumentSchema>;

/** The policy the service runs until an administrator activates another. */
export const builtinPolicy: PolicyDocument = Object.freeze(
  policyDocumentSchema.parse({
    version: 'builtin-2026-11-23',
    description: 'Shipped default: list actions as configured per list, PD review from 0.25 and reject from 0.5.',
    hardRules: {
      minimumAge: 18,
      maximumAgeAtMaturity: 75,
      reviewDebtToIncome: 0.45,
      rejectDebtToIncome: 0.7,
      reviewLoanToAnnualIncome: 2,
      reviewOnSeriousDelinquency: true,
    },
  }),
);
