import { evaluatePolicy } from '../policy/evaluate-policy.js';
import type { PolicyDocument } from '../policy/policy-document.js';
import { applicantFacts } from './applicant-facts.js';
import type { LoanApplication } from './application.js';
import type { ScreeningOutcome } from './decision.js';
import type { BlocklistScreener, RiskScorer } from './ports.js';

export interface ScreeningContext {
  blocklists: BlocklistScreener;
  risk: RiskScorer;
  policy: PolicyDocument;
  now: Date;
}

/** The screening flow: blocklists, then risk, then policy. Pure: no I/O, no clock. */
export function screenApplication(
  application: LoanApplication,
  context: ScreeningContext,
): ScreeningOutcome {
  const blocklist = context.blocklists.screen(application);
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
