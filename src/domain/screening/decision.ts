import { z } from 'zod';
import { reasonCodes } from '../policy/reason-codes.js';

export const outcomes = ['accept', 'reject', 'review'] as const;
export const outcomeSchema = z.enum(outcomes);
export type Outcome = z.infer<typeof outcomeSchema>;

export const reasonSchema = z
  .object({
    code: z.enum(reasonCodes),
    severity: z.enum(['reject', 'review', 'info']),
    message: z.string(),
    factors: z.array(z.string()).optional().describe('Where the risk model drove the reason: its top factors'),
  })
  .meta({ id: 'Reason' });

const blocklistFieldStatus = z.enum(['agreed', 'conflicted', 'unknown']);

export const blocklistHitSchema = z.object({
  listId: z.string(),
  listName: z.string(),
  listKind: z.string(),
  entryId: z.string(),
  score: z.number().min(0).max(1),
  strength: z.enum(['strong', 'possible']),
  action: z.enum(['reject', 'review']),
  matchedName: z.string(),
  explanation: z.string(),
  /** How the hit was found: an identifier match is strong whatever the name. */
  matchedOn: z.enum(['identifier', 'name']).optional(),
  /** How each fact of the applicant compared with the entry. */
  fields: z
    .object({
      name: blocklistFieldStatus,
      dateOfBirth: blocklistFieldStatus,
      nationality: blocklistFieldStatus,
      identifier: blocklistFieldStatus,
    })
    .optional(),
  /** Set when a reviewer established this applicant is not the listed person. */
  suppressed: z
    .object({ suppressionId: z.string(), reason: z.string(), expiresAt: z.string().nullable() })
    .optional(),
});
export type BlocklistHit = z.infer<typeof blocklistHitSchema>;

export const blocklistSectionSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('not_configured'),
      detail: z.string(),
    }),
    z.object({
      status: z.enum(['clear', 'hit']),
      listsVersion: z.string(),
      hits: z.array(blocklistHitSchema),
    }),
  ])
  .meta({ id: 'BlocklistSection' });
export type BlocklistSection = z.infer<typeof blocklistSectionSchema>;

export const riskSectionSchema = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('not_configured'),
      detail: z.string(),
    }),
    z.object({
      status: z.literal('scored'),
      modelVersion: z.string(),
      probabilityOfDefault: z.number().min(0).max(1),
      riskBand: z.string(),
      segment: z.object({ id: z.number().int(), defaultRate: z.number() }).optional(),
      anomalyPercentile: z.number().min(0).max(100).optional(),
      topFactors: z.array(z.object({ feature: z.string(), effect: z.number(), text: z.string() })),
    }),
  ])
  .meta({ id: 'RiskSection' });
export type RiskSection = z.infer<typeof riskSectionSchema>;

export const versionsSchema = z
  .object({
    policy: z.string(),
    riskModel: z.string().nullable(),
    shadowModel: z.string().nullable(),
    blocklists: z.string().nullable(),
  })
  .meta({ id: 'Versions' });
export type Versions = z.infer<typeof versionsSchema>;

/** What the screening flow concludes, before it is logged. */
export interface ScreeningOutcome {
  outcome: Outcome;
  reasons: z.infer<typeof reasonSchema>[];
  blocklist: BlocklistSection;
  risk: RiskSection;
  /** The shadow model's score, if one runs: logged, never returned, never deciding. */
  shadowRisk?: RiskSection;
  versions: Versions;
}

/** A decision as the origination system receives it, and as auditors read it. */
export const screeningDecisionSchema = z
  .object({
    decisionId: z.uuid(),
    applicationId: z.string(),
    decision: outcomeSchema,
    reasons: z.array(reasonSchema),
    blocklist: blocklistSectionSchema,
    risk: riskSectionSchema,
    versions: versionsSchema,
    decidedAt: z.iso.datetime(),
  })
  .meta({ id: 'ScreeningDecision' });
export type ScreeningDecision = z.infer<typeof screeningDecisionSchema>;
