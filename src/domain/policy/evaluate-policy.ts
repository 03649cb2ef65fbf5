import type { ApplicantFacts } from '../screening/applicant-facts.js';
import type { LoanApplication } from '../screening/application.js';
import type { BlocklistHit, BlocklistSection, Outcome, RiskSection } from '../screening/decision.js';
import type { PolicyDocument } from './policy-document.js';
import { byImportance, reason, type Reason, type ReasonCode } from './reason-codes.js';

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

const groupOfCode = (code: ReasonCode): 'blocklist' | 'hardRules' | 'risk' | 'info' =>
  code.startsWith('BLOCKLIST_')
    ? 'blocklist'
    : code.startsWith('PD_') || code === 'ANOMALOUS_PROFILE' || code === 'RISK_NOT_SCORED'
      ? 'risk'
      : code === 'ALL_RULES_PASSED' || code.endsWith('_NOT_CONFIGURED')
        ? 'info'
        : 'hardRules';

function blocklistReasons(hits: BlocklistHit[], policy: PolicyDocument): Reason[] {
  const found: Reason[] = [];
  const live = hits.filter((h) => !h.suppressed);
  for (const hit of live) {
    if (hit.strength === 'strong') {
      const rule = policy.blocklists.strongHit[hit.listKind as keyof PolicyDocument['blocklists']['strongHit']] ?? 'list';
      const severity = rule === 'list' ? hit.action : rule;
      found.push(reason(hit.matchedOn === 'identifier' ? 'BLOCKLIST_ID_MATCH' : 'BLOCKLIST_NAME_MATCH', severity));
    } else if (policy.blocklists.possibleHit === 'review') {
      found.push(reason('BLOCKLIST_NAME_POSSIBLE'));
    }
  }
  if (live.length < hits.length) found.push(reason('BLOCKLIST_HIT_SUPPRESSED'));
  // One reason per code, keeping the most severe.
  const best = new Map<ReasonCode, Reason>();
  for (const r of found) {
    const seen = best.get(r.code);
    if (!seen || (seen.severity !== 'reject' && r.severity === 'reject')) best.set(r.code, r);
  }
  return [...best.values()];
}

function riskReasons(risk: RiskSection, policy: PolicyDocument): Reason[] {
  if (risk.status !== 'scored') {
    return policy.risk.whenUnscored === 'review' ? [reason('RISK_NOT_SCORED')] : [];
  }
  const factors = risk.topFactors.filter((f) => f.effect > 0).map((f) => f.text);
  const found: Reason[] = [];
  if (risk.probabilityOfDefault >= policy.risk.rejectFrom) {
    found.push(reason('PD_ABOVE_REJECT', undefined, factors));
  } else if (risk.probabilityOfDefault >= policy.risk.reviewFrom) {
    found.push(reason('PD_ABOVE_REVIEW', undefined, factors));
  }
  const cutoff = policy.risk.anomalyReviewPercentile;
  if (cutoff !== null && risk.anomalyPercentile !== undefined && risk.anomalyPercentile > cutoff) {
    found.push(reason('ANOMALOUS_PROFILE'));
  }
  return found;
}

function hardRuleReasons(input: PolicyInput, policy: PolicyDocument): Reason[] {
  const rules = policy.hardRules;
  const { facts, application } = input;
  const found: Reason[] = [];
  if (facts.ageYears < rules.minimumAge) found.push(reason('UNDERAGE'));
  if (application.financials.monthlyIncome === 0) {
    found.push(reason('NO_INCOME'));
  } else if (facts.debtToIncome > rules.rejectDebtToIncome) {
    found.push(reason('DTI_ABOVE_HARD_LIMIT'));
  } else if (facts.debtToIncome > rules.reviewDebtToIncome) {
    found.push(reason('DTI_ABOVE_LIMIT'));
  }
  if (facts.ageAtMaturityYears > rules.maximumAgeAtMaturity) found.push(reason('AGE_AT_MATURITY_ABOVE_LIMIT'));
  if (application.financials.monthlyIncome > 0 && facts.loanToAnnualIncome > rules.reviewLoanToAnnualIncome) {
    found.push(reason('LOAN_AMOUNT_ABOVE_INCOME_MULTIPLE'));
  }
  if (rules.reviewOnSeriousDelinquency && application.creditHistory.delinquencies90d > 0) {
    found.push(reason('RECENT_SERIOUS_DELINQUENCY'));
  }
  return found;
}

/**
 * Turns blocklist hits, hard rules and the risk score into an outcome: the most severe
 * reason decides. Reasons come most important first, so a rejection's first reason is the
 * one to give the applicant; where the model drove it, its top factors come with it.
 */
export function evaluatePolicy(input: PolicyInput, policy: PolicyDocument): PolicyVerdict {
  const found: Reason[] = [
    ...(input.blocklist.status === 'hit' ? blocklistReasons(input.blocklist.hits, policy) : []),
    ...hardRuleReasons(input, policy),
    ...riskReasons(input.risk, policy),
  ];

  const outcome: Outcome = found.some((r) => r.severity === 'reject')
    ? 'reject'
    : found.some((r) => r.severity === 'review')
      ? 'review'
      : 'accept';

  if (outcome === 'accept') found.push(reason('ALL_RULES_PASSED'));
  if (input.blocklist.status === 'not_configured') found.push(reason('BLOCKLIST_NOT_CONFIGURED'));
  if (input.risk.status === 'not_configured') found.push(reason('RISK_MODEL_NOT_CONFIGURED'));

  const order = [...policy.order, 'info'];
  return { outcome, reasons: byImportance(found, (code) => order.indexOf(groupOfCode(code))) };
}
