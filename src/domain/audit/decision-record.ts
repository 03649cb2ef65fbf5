import { z } from 'zod';
import { joinPii, splitPii, type RedactedApplication } from '../privacy/applicant-pii.js';
import type { PiiCipher, SealedPii } from '../privacy/pii-cipher.js';
import { loanApplicationSchema, type LoanApplication } from '../screening/application.js';
import {
  blocklistSectionSchema,
  outcomeSchema,
  reasonSchema,
  riskSectionSchema,
  versionsSchema,
  type ScreeningDecision,
} from '../screening/decision.js';

/** A decision as an auditor reads it: the full input, decrypted, and its place in the chain. */
export const decisionRecordSchema = z
  .object({
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
    shadowRisk: riskSectionSchema.optional().describe('The shadow model’s score, logged but never deciding'),
    versions: versionsSchema,
    latencyMs: z.number().describe('Time from receiving the request to reaching the decision'),
    decidedAt: z.iso.datetime(),
    piiKeyId: z.string().nullable().describe('Key the applicant PII is encrypted under at rest'),
    subjectHash: z.string().nullable().describe('HMAC of the national ID, for finding one person’s decisions'),
    prevHash: z.string().length(64),
    hash: z.string().length(64),
  })
  .meta({ id: 'DecisionRecord' });
export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** A decision before the log has given it a place in the chain. */
export type UnsequencedDecision = Omit<DecisionRecord, 'seq' | 'prevHash' | 'hash' | 'piiKeyId' | 'subjectHash'>;

/**
 * What the decision log stores and the hash covers: the application with the applicant's
 * PII taken out, the PII sealed (AES-256-GCM), and the keyed hash of the national ID. The
 * chain can therefore be verified without any key.
 */
export interface StoredDecisionContent extends Omit<UnsequencedDecision, 'application'> {
  seq: number;
  application: RedactedApplication;
  pii?: SealedPii;
  subjectHash?: string;
}

export interface StoredDecision {
  content: StoredDecisionContent;
  prevHash: string;
  hash: string;
}

export function sealDecision(decision: UnsequencedDecision, seq: number, cipher: PiiCipher): StoredDecisionContent {
  const { redacted, pii } = splitPii(decision.application);
  return {
    ...decision,
    seq,
    application: redacted,
    pii: cipher.seal(pii, decision.decisionId),
    subjectHash: cipher.subjectHash(decision.application.applicant.nationalId),
  };
}

/** The auditor's view of a stored decision; decrypts the applicant's PII. */
export function openDecision(stored: StoredDecision, cipher: PiiCipher): DecisionRecord {
  const { pii, subjectHash, application, ...rest } = stored.content;
  const full: LoanApplication = pii
    ? joinPii(application, cipher.open(pii, rest.decisionId))
    : (application as unknown as LoanApplication);
  return {
    ...rest,
    application: full,
    piiKeyId: pii?.keyId ?? null,
    subjectHash: subjectHash ?? null,
    prevHash: stored.prevHash,
    hash: stored.hash,
  };
}

/** The part of a logged decision that the origination system receives. */
export function toScreeningDecision(record: Pick<DecisionRecord, 'decisionId' | 'applicationId' | 'outcome' | 'reasons' | 'blocklist' | 'risk' | 'versions' | 'decidedAt'>): ScreeningDecision {
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
