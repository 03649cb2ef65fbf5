import type { ApplicantFacts } from '../screening/applicant-facts.js';
import type { LoanApplication } from '../screening/application.js';
import type { BlocklistSection, Outcome, RiskSection } from '../screening/decision.js';
import type { PolicyDocument } from './policy-document.js';
import { byImportance, reason, type Reason } from './reason-codes.js';

export interface PolicyInput {
  application: LoanApplication;
  facts: ApplicantFacts;
  blocklist: BlocklistSection;
  risk: RiskSection;
}

export interface PolicyVerdict {
  outcome: Outcome;
  reasons: Reason[];
}

/** Turns the facts, blocklist hits and risk score into an outcome with reasons. */
export function evaluatePolicy(input: PolicyInput, policy: PolicyDocument): PolicyVerdict {
  const rules = policy.hardRules;
  const { facts, application } = input;
  const found: Reason[] = [];

  if (input.blocklist.status === 'hit') {
    const hits = input.blocklist.hits;
    if (hits.some((h) => h.strength === 'strong' && h.action === 'reject')) {
      found.push(reason('BLOCKLIST_MATCH'));
    }
    if (hits.some((h) => h.strength !== 'strong' || h.action === 'review')) {
      found.push(reason('BLOCKLIST_POSSIBLE_MATCH'));
    }
  }
  if (facts.ageYears < rules.minimumAge) found.push(reason('UNDERAGE'));
  if (application.financials.monthlyIncome === 0) {
    found.push(reason('NO_INCOME'));
  } else if (facts.debtToIncome > rules.rejectDebtToIncome) {
    found.push(reason('DTI_ABOVE_HARD_LIMIT'));
  } else if (facts.debtToIncome > rules.reviewDebtToIncome) {
    found.push(reason('DTI_ABOVE_LIMIT'));
  }
  if (facts.ageAtMaturityYears > rules.maximumAgeAtMaturity) {
    found.push(reason('AGE_AT_MATURITY_ABOVE_LIMIT'));
  }
  if (
    application.financials.monthlyIncome > 0 &&
    facts.loanToAnnualIncome > rules.reviewLoanToAnnualIncome
  ) {
    found.push(reason('LOAN_AMOUNT_ABOVE_INCOME_MULTIPLE'));
  }
  if (rules.reviewOnSeriousDelinquency && application.creditHistory.delinquencies90d > 0) {
    found.push(reason('RECENT_SERIOUS_DELINQUENCY'));
  }

  const outcome: Outcome = found.some((r) => r.severity === 'reject')
    ? 'reject'
    : found.some((r) => r.severity === 'review')
      ? 'review'
      : 'accept';

  if (outcome === 'accept') found.push(reason('ALL_RULES_PASSED'));
  if (input.blocklist.status === 'not_configured') found.push(reason('BLOCKLIST_NOT_CONFIGURED'));
  if (input.risk.status === 'not_configured') found.push(reason('RISK_MODEL_NOT_CONFIGURED'));

  return { outcome, reasons: byImportance(found) };
}
