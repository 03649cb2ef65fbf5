import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/domain/policy/evaluate-policy.js';
import { builtinPolicy, policyDocumentSchema, type PolicyDocument } from '../../src/domain/policy/policy-document.js';
import { reasonCodeList } from '../../src/domain/policy/reason-codes.js';
import { applicantFacts } from '../../src/domain/screening/applicant-facts.js';
import type { BlocklistHit, BlocklistSection, RiskSection } from '../../src/domain/screening/decision.js';
import { anApplication } from '../fixtures/applications.js';

const on = new Date('2026-11-23T10:00:00Z');

function scored(probabilityOfDefault: number, extra: Partial<Extract<RiskSection, { status: 'scored' }>> = {}): RiskSection {
  return {
    status: 'scored',
    modelVersion: 'rm-test',
    probabilityOfDefault,
    riskBand: 'C',
    anomalyPercentile: 40,
    topFactors: [
      { feature: 'debtToIncome', effect: 0.08, text: 'Debt-to-income of 0.62 raises the estimated default risk by 8 points' },
      { feature: 'historyMonths', effect: -0.02, text: 'A long credit history lowers it by 2 points' },
    ],
    ...extra,
  };
}

const hit = (overrides: Partial<BlocklistHit> = {}): BlocklistHit => ({
  listId: 'l1',
  listName: 'vn-courts',
  listKind: 'criminal_record',
  entryId: 'e1',
  score: 0.97,
  strength: 'strong',
  action: 'reject',
  matchedName: 'LE VAN DUC',
  explanation: 'identifier CCCD 079085001234 is on the list',
  ...overrides,
});

function decide(risk: RiskSection, blocklist: BlocklistSection = { status: 'clear', listsVersion: 'v', hits: [] }, policy: PolicyDocument = builtinPolicy) {
  const application = anApplication();
  return evaluatePolicy({ application, facts: applicantFacts(application, on), blocklist, risk }, policy);
}

const withPolicy = (patch: Record<string, unknown>) =>
  policyDocumentSchema.parse({ ...builtinPolicy, ...patch, version: 'test-policy' });

describe('the policy on the risk score', () => {
  it('accepts below the review cut-off', () => {
    expect(decide(scored(0.1)).outcome).toBe('accept');
  });

  it('reviews from the review cut-off, with the model’s adverse factors as the reason', () => {
    const verdict = decide(scored(0.3));
    expect(verdict.outcome).toBe('review');
    expect(verdict.reasons[0]).toMatchObject({
      code: 'PD_ABOVE_REVIEW',
      factors: ['Debt-to-income of 0.62 raises the estimated default risk by 8 points'],
    });
  });

  it('rejects from the reject cut-off and names the factors behind it', () => {
    const verdict = decide(scored(0.5));
    expect(verdict.outcome).toBe('reject');
    expect(verdict.reasons[0]!.code).toBe('PD_ABOVE_REJECT');
    expect(verdict.reasons[0]!.factors?.[0]).toMatch(/Debt-to-income/);
  });

  it('follows a stricter cut-off in a newer policy', () => {
    const strict = withPolicy({ risk: { reviewFrom: 0.05, rejectFrom: 0.2 } });
    expect(decide(scored(0.1), undefined, strict).outcome).toBe('review');
    expect(decide(scored(0.25), undefined, strict).outcome).toBe('reject');
  });

  it('reviews an application unlike the training data', () => {
    const verdict = decide(scored(0.05, { anomalyPercentile: 99.9 }));
    expect(verdict.outcome).toBe('review');
    expect(verdict.reasons[0]!.code).toBe('ANOMALOUS_PROFILE');
  });

  it('reviews an unscored application when the policy asks for it', () => {
    const unscored: RiskSection = { status: 'not_configured', detail: 'x' };
    expect(decide(unscored).outcome).toBe('accept');
    const careful = withPolicy({ risk: { whenUnscored: 'review' } });
    const verdict = decide(unscored, undefined, careful);
    expect(verdict.outcome).toBe('review');
    expect(verdict.reasons[0]!.code).toBe('RISK_NOT_SCORED');
  });
});

describe('the policy on blocklist hits', () => {
  it('names an identifier match as such', () => {
    const verdict = decide(scored(0.05), { status: 'hit', listsVersion: 'v', hits: [hit({ matchedOn: 'identifier' })] });
    expect(verdict).toMatchObject({ outcome: 'reject', reasons: [{ code: 'BLOCKLIST_ID_MATCH', severity: 'reject' }] });
  });

  it('can override the list’s own action by list kind', () => {
    const pepReview = withPolicy({ blocklists: { strongHit: { pep: 'review' } } });
    const verdict = decide(scored(0.05), { status: 'hit', listsVersion: 'v', hits: [hit({ listKind: 'pep' })] }, pepReview);
    expect(verdict.outcome).toBe('review');
  });

  it('sets a suppressed hit aside, saying so', () => {
    const suppressed = hit({ suppressed: { suppressionId: 's1', reason: 'different person', expiresAt: null } });
    const verdict = decide(scored(0.05), { status: 'hit', listsVersion: 'v', hits: [suppressed] });
    expect(verdict.outcome).toBe('accept');
    expect(verdict.reasons.map((r) => r.code)).toContain('BLOCKLIST_HIT_SUPPRESSED');
  });

  it('puts the groups in the policy’s order within a severity', () => {
    const riskFirst = withPolicy({ order: ['risk', 'blocklist', 'hardRules'] });
    const verdict = decide(
      scored(0.3),
      { status: 'hit', listsVersion: 'v', hits: [hit({ strength: 'possible' })] },
      riskFirst,
    );
    expect(verdict.reasons.map((r) => r.code).slice(0, 2)).toEqual(['PD_ABOVE_REVIEW', 'BLOCKLIST_NAME_POSSIBLE']);
  });
});

describe('policy documents', () => {
  it('reject a review cut-off above the reject cut-off, naming the field', () => {
    const result = policyDocumentSchema.safeParse({ ...builtinPolicy, version: 'bad', risk: { reviewFrom: 0.6, rejectFrom: 0.5 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['risk', 'reviewFrom']);
  });

  it('reject an order that names a group twice', () => {
    const result = policyDocumentSchema.safeParse({ ...builtinPolicy, version: 'bad', order: ['risk', 'risk', 'blocklist'] });
    expect(result.success).toBe(false);
  });
});

describe('the reason-code catalogue', () => {
  it('lists every code once, most important first, each with plain words', () => {
    const list = reasonCodeList();
    expect(new Set(list.map((c) => c.code)).size).toBe(list.length);
    expect(list.map((c) => c.rank)).toEqual([...list.map((c) => c.rank)].sort((a, b) => a - b));
    expect(list.every((c) => c.message.length > 20)).toBe(true);
  });
});
