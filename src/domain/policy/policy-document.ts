import { z } from 'zod';

/**
 * A versioned, declarative policy. Until policies are stored and activated through the
 * API, the service runs the built-in document below; every decision records its version.
 */
export const policyDocumentSchema = z
  .object({
    version: z.string().min(1).max(64),
    hardRules: z.object({
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
    }),
  })
  .refine((p) => p.hardRules.rejectDebtToIncome >= p.hardRules.reviewDebtToIncome, {
    message: 'rejectDebtToIncome must not be below reviewDebtToIncome',
    path: ['hardRules', 'rejectDebtToIncome'],
  });

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

export const builtinPolicy: PolicyDocument = Object.freeze({
  version: 'builtin-2026-11-23',
  hardRules: Object.freeze({
    minimumAge: 18,
    maximumAgeAtMaturity: 75,
    reviewDebtToIncome: 0.45,
    rejectDebtToIncome: 0.7,
    reviewLoanToAnnualIncome: 2,
    reviewOnSeriousDelinquency: true,
  }),
});
