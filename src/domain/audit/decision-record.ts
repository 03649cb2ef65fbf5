import { z } from 'zod';
import { loanApplicationSchema } from '../screening/application.js';
import {
  blocklistSectionSchema,
  outcomeSchema,
  reasonSchema,
  riskSectionSchema,
  versionsSchema,
  type ScreeningDecision,
} from '../screening/decision.js';

/** One entry of the decision log, exactly as it was made; what the hash covers. */
export const decisionRecordContentSchema = z.object({
  seq: z.number().int().positive(),
  decisionId: z.uuid(),
  applicationId: z.string(),
  apiKeyId: z.uuid().describe('The API key that asked for the decision'),
  requestHash: z.string().describe('sha256 of the canonical JSON of the validated request body'),
  outcome: outcomeSchema,
  reasons: z.array(reasonSchema),
  application: loanApplicationSchema,
  blocklist: blocklistSectionSchema,
  risk: riskSectionSchema,
  versions: versionsSchema,
  latencyMs: z.number().describe('Time from receiving the request to reaching the decision'),
  decidedAt: z.iso.datetime(),
});
export type DecisionRecordContent = z.infer<typeof decisionRecordContentSchema>;

export const decisionRecordSchema = decisionRecordContentSchema
  .extend({
    prevHash: z.string().length(64),
    hash: z.string().length(64),
  })
  .meta({ id: 'DecisionRecord' });
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** A decision before the log has given it a place in the chain. */
export type UnsequencedDecision = Omit<DecisionRecordContent, 'seq'>;

export function contentOf(record: DecisionRecord): DecisionRecordContent {
  const { prevHash: _prev, hash: _hash, ...content } = record;
  return content;
}

/** The part of a logged decision that the origination system receives. */
export function toScreeningDecision(record: DecisionRecord): ScreeningDecision {
  return {
    decisionId: record.decisionId,
    applicationId: record.applicationId,
    decision: record.outcome,
    reasons: record.reasons,
    blocklist: record.blocklist,
    risk: record.risk,
    versions: record.versions,
    decidedAt: record.decidedAt,
  };
}
