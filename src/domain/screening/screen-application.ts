import { evaluatePolicy } from '../policy/evaluate-policy.js';
import type { PolicyDocument } from '../policy/policy-document.js';
import { applicantFacts } from './applicant-facts.js';
import type { LoanApplication } from './application.js';
import type { BlocklistSection, ScreeningOutcome } from './decision.js';
import type { BlocklistScreener, RiskScorer } from './ports.js';

/** A reviewer's finding that this applicant is not the person on a list entry. */
export interface ActiveSuppression {
  id: string;
  listId: string;
  entryId: string;
  reason: string;
  expiresAt: string | null;
}

export interface ScreeningContext {
  blocklists: BlocklistScreener;
  risk: RiskScorer;
  policy: PolicyDocument;
  now: Date;
  /** Suppressions in force for this applicant's identity. */
  suppressions?: readonly ActiveSuppression[];
}

/** Marks hits a reviewer has set aside; a changed entry has a new id, so its suppression lapses. */
function markSuppressed(section: BlocklistSection, suppressions: readonly ActiveSuppression[]): BlocklistSection {
  if (section.status !== 'hit' || suppressions.length === 0) return section;
  const hits = section.hits.map((hit) => {
    const found = suppressions.find((s) => s.entryId === hit.entryId && s.listId === hit.listId);
    return found ? { ...hit, suppressed: { suppressionId: found.id, reason: found.reason, expiresAt: found.expiresAt } } : hit;
  });
  return { ...section, hits };
}

/** The screening flow: blocklists, then risk, then policy. Pure: no I/O, no clock. */
export function screenApplication(
  application: LoanApplication,
  context: ScreeningContext,
): ScreeningOutcome {
  const blocklist = markSuppressed(context.blocklists.screen(application), context.suppressions ?? []);
  const risk = context.risk.score(application, context.now);
  const shadowRisk = context.risk.scoreShadow(application, context.now);
  const facts = applicantFacts(application, context.now);
  const verdict = evaluatePolicy({ application, facts, blocklist, risk }, context.policy);
  return {
    outcome: verdict.outcome,
    reasons: verdict.reasons,
    blocklist,
    risk,
    ...(shadowRisk ? { shadowRisk } : {}),
    versions: {
      policy: context.policy.version,
      riskModel: context.risk.activeModelVersion,
      shadowModel: context.risk.shadowModelVersion,
      // The version the hits came from, not whatever is loaded by the time we get here.
      blocklists: blocklist.status === 'not_configured' ? context.blocklists.version : blocklist.listsVersion,
    },
  };
}
