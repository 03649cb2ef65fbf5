import { z } from 'zod';

export const reviewOutcomes = ['accept', 'reject'] as const;

/** A reviewer's final outcome for a decision in review: appended to its own hash chain. */
export const reviewRecordSchema = z
  .object({
    seq: z.number().int().positive(),
    reviewId: z.uuid(),
    decisionId: z.uuid(),
    decisionHash: z.string().length(64).describe('Hash of the decision record reviewed: links the two chains'),
    outcome: z.enum(reviewOutcomes),
    note: z.string(),
    reviewerKeyId: z.uuid(),
    suppressionIds: z.array(z.uuid()).describe('False-positive suppressions recorded with this review'),
    reviewedAt: z.iso.datetime(),
    prevHash: z.string().length(64),
    hash: z.string().length(64),
  })
  .meta({ id: 'ReviewRecord' });
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;
export type ReviewContent = Omit<ReviewRecord, 'prevHash' | 'hash'>;

export const suppressionRequestSchema = z.strictObject({
  listId: z.uuid(),
  entryId: z.uuid().describe('The hit’s entryId: the suppression lapses when the entry changes'),
  reason: z.string().trim().min(10).max(2000).describe('Why the applicant is not the listed person'),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const reviewRequestSchema = z
  .strictObject({
    outcome: z.enum(reviewOutcomes),
    note: z.string().trim().min(3).max(4000),
    suppressions: z.array(suppressionRequestSchema).max(50).default([]),
  })
  .meta({ id: 'ReviewRequest' });
export type ReviewRequest = z.output<typeof reviewRequestSchema>;
