import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/domain/policy/evaluate-policy.js';
import { builtinPolicy, type PolicyDocument } from '../../src/domain/policy/policy-document.js';
import { reasonCatalogue } from '../../src/domain/policy/reason-codes.js';
import type { ApplicantFacts } from '../../src/domain/screening/applicant-facts.js';
import type { LoanApplication } from '../../src/domain/screening/application.js';
import type { BlocklistHit, RiskSection } from '../../src/domain/screening/decision.js';
import {
  noBlocklists,
  noRiskModel,
  type BlocklistScreener,
  type RiskScorer,
} from '../../src/domain/screening/ports.js';
import { screenApplication, type ScreeningContext } from '../../src/domain/screening/screen-application.js';
import { anApplication } from '../fixtures/applications.js';

const now = new Date('2026-11-23T10:00:00Z');

function screen(application: LoanApplication, context: Partial<ScreeningContext> = {}) {
  return screenApplication(application, {
    blocklists: noBlocklists,
    risk: noRiskModel,
    policy: builtinPolicy,
    now,
    ...context,
  });
}

const codes = (result: { reasons: { code: string }[] }) => result.reasons.map((r) => r.code);

function aHit(overrides: Partial<BlocklistHit> = {}): BlocklistHit {
  return {
    listId: 'list-1',
    listName: 'Court judgments 2026',
    listKind: 'criminal_record',
    entryId: 'entry-42',
    score: 0.97,
    strength: 'strong',
    action: 'reject',
    matchedName: 'Nguyễn Văn An',
    explanation: 'name and date of birth match',
    ...overrides,
  };
}

/** A blocklist screener that answers every application with the given hits. */
function blocklistsFinding(hits: BlocklistHit[], version = 'lists-2026-11-20') {
  const screened: LoanApplication[] = [];
  const screener: BlocklistScreener & { screened: LoanApplication[] } = {
    version,
    screened,
    screen: (application) => {
      screened.push(application);
      return { status: hits.length > 0 ? 'hit' : 'clear', listsVersion: version, hits };
    },
  };
  return screener;
}

/** A risk scorer that gives every application the same low probability of default. */
function riskScoring(probabilityOfDefault = 0.03): RiskScorer {
  const section: RiskSection = {
    status: 'scored',
    modelVersion: 'pd-2026-10',
    probabilityOfDefault,
    riskBand: 'A',
    topFactors: [],
  };
  return {
    activeModelVersion: 'pd-2026-10',
    shadowModelVersion: 'pd-2026-11-candidate',
    score: () => section,
    scoreShadow: () => ({ ...section, modelVersion: 'pd-2026-11-candidate' }),
  };
}

const fullyConfigured = { blocklists: blocklistsFinding([]), risk: riskScoring() };

describe('screening an application', () => {
  it('accepts the README example, saying that all rules passed and what was not checked', () => {
    const result = screen(anApplication());
    expect(result.outcome).toBe('accept');
    expect(codes(result)).toEqual(['BLOCKLIST_NOT_CONFIGURED', 'RISK_MODEL_NOT_CONFIGURED', 'ALL_RULES_PASSED']);
    expect(result.reasons.map((r) => r.severity)).toEqual(['info', 'info', 'info']);
    expect(result.blocklist.status).toBe('not_configured');
    expect(result.risk.status).toBe('not_configured');
  });

  it('gives only ALL_RULES_PASSED when the blocklists and the risk model were both consulted', () => {
    const result = screen(anApplication(), fullyConfigured);
    expect(result.outcome).toBe('accept');
    expect(codes(result)).toEqual(['ALL_RULES_PASSED']);
  });

  it('gives each reason the message and severity from the catalogue', () => {
    const result = screen(anApplication({ applicant: { dateOfBirth: '2010-01-01' } }));
    expect(result.reasons[0]).toEqual({
      code: 'UNDERAGE',
      severity: 'reject',
      message: reasonCatalogue.UNDERAGE.message,
    });
  });

  describe('age', () => {
    it('rejects an applicant who is under 18, with UNDERAGE as the first reason', () => {
      const result = screen(anApplication({ applicant: { dateOfBirth: '2008-11-24' } }), fullyConfigured);
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual(['UNDERAGE']);
    });

    it('accepts an applicant on their 18th birthday', () => {
      const result = screen(anApplication({ applicant: { dateOfBirth: '2008-11-23' } }), fullyConfigured);
      expect(result.outcome).toBe('accept');
    });

    it('puts UNDERAGE before the review reasons of an underage applicant', () => {
      const result = screen(
        anApplication({
          applicant: { dateOfBirth: '2009-06-01' },
          financials: { monthlyDebtPayments: 7_000_000 },
          creditHistory: { delinquencies90d: 1 },
        }),
        fullyConfigured,
      );
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual(['UNDERAGE', 'DTI_ABOVE_LIMIT', 'RECENT_SERIOUS_DELINQUENCY']);
    });

    it('reviews an applicant who would be older than 75 when the loan matures', () => {
      // 71 on the decision date; a five-year loan ends at 76.
      const result = screen(
        anApplication({ applicant: { dateOfBirth: '1955-01-01' }, loan: { termMonths: 60 } }),
        fullyConfigured,
      );
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['AGE_AT_MATURITY_ABOVE_LIMIT']);
    });

    it('applies the minimum age of the policy it is given', () => {
      const strict: PolicyDocument = {
        ...builtinPolicy,
        version: 'strict-21',
        hardRules: { ...builtinPolicy.hardRules, minimumAge: 21 },
      };
      const twenty = anApplication({ applicant: { dateOfBirth: '2006-01-01' } });
      expect(screen(twenty, fullyConfigured).outcome).toBe('accept');
      expect(screen(twenty, { ...fullyConfigured, policy: strict }).outcome).toBe('reject');
    });
  });

  describe('affordability', () => {
    // The example earns 18,000,000 a month and its new instalment is 50,000,000 / 24.
    it('reviews an applicant whose debt-to-income is above the review limit', () => {
      // (7,000,000 + 2,083,333) / 18,000,000 ≈ 0.50
      const result = screen(anApplication({ financials: { monthlyDebtPayments: 7_000_000 } }), fullyConfigured);
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['DTI_ABOVE_LIMIT']);
    });

    it('rejects an applicant whose debt-to-income is above the hard limit, without also asking for review', () => {
      // (11,000,000 + 2,083,333) / 18,000,000 ≈ 0.73
      const result = screen(anApplication({ financials: { monthlyDebtPayments: 11_000_000 } }), fullyConfigured);
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual(['DTI_ABOVE_HARD_LIMIT']);
    });

    it('reviews an applicant with no income rather than rejecting on debt-to-income', () => {
      const result = screen(anApplication({ financials: { monthlyIncome: 0 } }), fullyConfigured);
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['NO_INCOME']);
    });

    it('reviews a loan larger than twice the annual income', () => {
      // 500,000,000 against 216,000,000 a year, over 20 years so the instalment stays affordable.
      const result = screen(
        anApplication({ loan: { amount: 500_000_000, termMonths: 240 } }),
        fullyConfigured,
      );
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['LOAN_AMOUNT_ABOVE_INCOME_MULTIPLE']);
    });
  });

  describe('credit history', () => {
    it('reviews an applicant with a payment 90 or more days late', () => {
      const result = screen(anApplication({ creditHistory: { delinquencies90d: 1 } }), fullyConfigured);
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['RECENT_SERIOUS_DELINQUENCY']);
    });

    it('does not review 30- or 60-day delinquencies', () => {
      const result = screen(
        anApplication({ creditHistory: { delinquencies30d: 3, delinquencies60d: 1 } }),
        fullyConfigured,
      );
      expect(result.outcome).toBe('accept');
    });

    it('ignores 90-day delinquencies under a policy that does not review them', () => {
      const lenient: PolicyDocument = {
        ...builtinPolicy,
        hardRules: { ...builtinPolicy.hardRules, reviewOnSeriousDelinquency: false },
      };
      const result = screen(anApplication({ creditHistory: { delinquencies90d: 2 } }), {
        ...fullyConfigured,
        policy: lenient,
      });
      expect(result.outcome).toBe('accept');
    });
  });

  describe('blocklists', () => {
    it('rejects an applicant who strongly matches a list whose policy is to reject', () => {
      const result = screen(anApplication(), { ...fullyConfigured, blocklists: blocklistsFinding([aHit()]) });
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual(['BLOCKLIST_NAME_MATCH']);
      expect(result.blocklist).toEqual({ status: 'hit', listsVersion: 'lists-2026-11-20', hits: [aHit()] });
    });

    it('reviews a possible match, even on a list whose policy is to reject', () => {
      const hits = [aHit({ strength: 'possible', score: 0.81 })];
      const result = screen(anApplication(), { ...fullyConfigured, blocklists: blocklistsFinding(hits) });
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['BLOCKLIST_NAME_POSSIBLE']);
    });

    it('reviews a strong match on a list whose policy is only to review', () => {
      const hits = [aHit({ action: 'review' })];
      const result = screen(anApplication(), { ...fullyConfigured, blocklists: blocklistsFinding(hits) });
      expect(result.outcome).toBe('review');
      expect(codes(result)).toEqual(['BLOCKLIST_NAME_MATCH']);
      expect(result.reasons[0]!.severity).toBe('review');
    });

    it('rejects when one hit is strong and another only possible, listing the match first', () => {
      const hits = [aHit({ strength: 'possible', entryId: 'entry-7' }), aHit()];
      const result = screen(anApplication(), { ...fullyConfigured, blocklists: blocklistsFinding(hits) });
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual(['BLOCKLIST_NAME_MATCH', 'BLOCKLIST_NAME_POSSIBLE']);
    });

    it('accepts an applicant the lists clear', () => {
      const result = screen(anApplication(), fullyConfigured);
      expect(result.blocklist).toEqual({ status: 'clear', listsVersion: 'lists-2026-11-20', hits: [] });
      expect(result.outcome).toBe('accept');
    });

    it('screens the application it was given', () => {
      const blocklists = blocklistsFinding([]);
      const application = anApplication();
      screen(application, { ...fullyConfigured, blocklists });
      expect(blocklists.screened).toEqual([application]);
    });
  });

  describe('order of reasons', () => {
    it('lists what drove the outcome first (rejections, then reviews), and the information notes last', () => {
      const result = screen(
        anApplication({
          applicant: { dateOfBirth: '2010-03-15' },
          loan: { amount: 500_000_000, termMonths: 240 },
          financials: { monthlyDebtPayments: 11_000_000 },
          creditHistory: { delinquencies90d: 1 },
        }),
        { blocklists: blocklistsFinding([aHit({ strength: 'possible' })]), risk: noRiskModel },
      );
      expect(result.outcome).toBe('reject');
      expect(codes(result)).toEqual([
        'UNDERAGE',
        'DTI_ABOVE_HARD_LIMIT',
        'BLOCKLIST_NAME_POSSIBLE',
        'LOAN_AMOUNT_ABOVE_INCOME_MULTIPLE',
        'RECENT_SERIOUS_DELINQUENCY',
        'RISK_MODEL_NOT_CONFIGURED',
      ]);
    });

    it('does not claim that all rules passed when any rule failed', () => {
      const result = screen(anApplication({ creditHistory: { delinquencies90d: 1 } }));
      expect(codes(result)).not.toContain('ALL_RULES_PASSED');
      expect(codes(result)).toEqual([
        'RECENT_SERIOUS_DELINQUENCY',
        'BLOCKLIST_NOT_CONFIGURED',
        'RISK_MODEL_NOT_CONFIGURED',
      ]);
    });
  });

  describe('versions', () => {
    it('reports the policy version and the versions of the lists and models used', () => {
      const result = screen(anApplication(), fullyConfigured);
      expect(result.versions).toEqual({
        policy: 'builtin-2026-11-23',
        riskModel: 'pd-2026-10',
        shadowModel: 'pd-2026-11-candidate',
        blocklists: 'lists-2026-11-20',
      });
    });

    it('reports null for lists and models that are not configured', () => {
      const result = screen(anApplication(), { policy: { ...builtinPolicy, version: 'custom-7' } });
      expect(result.versions).toEqual({ policy: 'custom-7', riskModel: null, shadowModel: null, blocklists: null });
    });

    it('passes the risk section through as the scorer produced it', () => {
      const result = screen(anApplication(), fullyConfigured);
      expect(result.risk).toMatchObject({ status: 'scored', modelVersion: 'pd-2026-10', probabilityOfDefault: 0.03 });
    });
  });
});

describe('policy evaluation at the debt-to-income limits', () => {
  const facts = (debtToIncome: number): ApplicantFacts => ({
    ageYears: 36,
    ageAtMaturityYears: 38,
    debtToIncome,
    loanToAnnualIncome: 0.2,
  });
  const evaluate = (debtToIncome: number) =>
    evaluatePolicy(
      {
        application: anApplication(),
        facts: facts(debtToIncome),
        blocklist: { status: 'clear', listsVersion: 'v1', hits: [] },
        risk: { status: 'scored', modelVersion: 'm1', probabilityOfDefault: 0.02, riskBand: 'A', topFactors: [] },
      },
      builtinPolicy,
    );

  it('accepts a debt-to-income exactly at the review limit of 0.45', () => {
    expect(evaluate(0.45)).toMatchObject({ outcome: 'accept' });
  });

  it('reviews a debt-to-income just above 0.45', () => {
    expect(codes(evaluate(0.4501))).toEqual(['DTI_ABOVE_LIMIT']);
  });

  it('reviews, not rejects, a debt-to-income exactly at the hard limit of 0.7', () => {
    expect(evaluate(0.7)).toMatchObject({ outcome: 'review' });
  });

  it('rejects a debt-to-income just above 0.7', () => {
    expect(evaluate(0.7001)).toMatchObject({ outcome: 'reject', reasons: [{ code: 'DTI_ABOVE_HARD_LIMIT' }] });
  });
});
