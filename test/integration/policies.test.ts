import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPolicy } from '../../src/domain/policy/policy-document.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
const history: Array<{ decisionId: string; decision: string }> = [];

beforeAll(async () => {
  service = await startTestService();
  // A seeded history: debt-to-income from 0.15 to 0.60 in steps, so a stricter limit changes some outcomes.
  for (let i = 0; i < 10; i++) {
    const application = anApplication({ financials: { monthlyDebtPayments: 1_000_000 * i, monthlyIncome: 18_000_000 } });
    const response = await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: application });
    history.push(response.json());
  }
});
afterAll(async () => service?.close());

const stricter = {
  ...builtinPolicy,
  version: '2026-12-strict-dti',
  description: 'Review from a debt-to-income of 0.30',
  hardRules: { ...builtinPolicy.hardRules, reviewDebtToIncome: 0.3 },
};

describe('policies', () => {
  it('lists the built-in policy as active until another is activated', async () => {
    const response = await service.request({ method: 'GET', url: '/v1/policies', role: 'auditor' });
    expect(response.json().items).toEqual([expect.objectContaining({ version: builtinPolicy.version, active: true, builtin: true })]);
  });

  it('lets only admins store a policy version', async () => {
    const asAnalyst = await service.request({ method: 'POST', url: '/v1/policies', role: 'analyst', body: stricter });
    expect(asAnalyst.statusCode).toBe(403);
    const created = await service.request({ method: 'POST', url: '/v1/policies', role: 'admin', body: stricter });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ version: stricter.version, active: false });
  });

  it('never edits a stored version', async () => {
    const again = await service.request({ method: 'POST', url: '/v1/policies', role: 'admin', body: { ...stricter, description: 'changed' } });
    expect(again.statusCode).toBe(409);
  });

  it('rejects an invalid document naming the field', async () => {
    const bad = { ...stricter, version: 'bad-1', risk: { reviewFrom: 0.9, rejectFrom: 0.5 } };
    const response = await service.request({ method: 'POST', url: '/v1/policies', role: 'admin', body: bad });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('risk.reviewFrom');
  });

  it('simulates the stricter cut-off on the history without writing decisions', async () => {
    const response = await service.request({
      method: 'POST',
      url: `/v1/policies/${stricter.version}/simulate`,
      role: 'analyst',
      body: {},
    });
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.decisions).toBe(history.length);
    // DTI = (debts + 50M/24) / 18M: 0.30 < DTI <= 0.45 for debts of 4M..6M → accept becomes review.
    expect(report.byOutcomePair['accept->review']).toBe(3);
    expect(report.changed).toBe(3);
    expect(report.examples.every((e: { before: string; after: string }) => e.before === 'accept' && e.after === 'review')).toBe(true);
    const after = await service.request({ method: 'GET', url: '/v1/decisions?limit=100', role: 'auditor' });
    expect(after.json().items).toHaveLength(history.length);
  });

  it('changes new decisions only once activated, and every decision shows its policy version', async () => {
    const activated = await service.request({ method: 'POST', url: `/v1/policies/${stricter.version}/activate`, role: 'admin' });
    expect(activated.json()).toMatchObject({ version: stricter.version, active: true });

    const borderline = anApplication({ financials: { monthlyDebtPayments: 4_000_000, monthlyIncome: 18_000_000 } });
    const decision = (await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: borderline })).json();
    expect(decision).toMatchObject({ decision: 'review', versions: { policy: stricter.version } });
    expect(decision.reasons[0].code).toBe('DTI_ABOVE_LIMIT');

    const old = (await service.request({ method: 'GET', url: `/v1/decisions/${history[4]!.decisionId}`, role: 'auditor' })).json();
    expect(old).toMatchObject({ outcome: 'accept', versions: { policy: builtinPolicy.version } });
  });

  it('lists the reason codes for every role', async () => {
    const response = await service.request({ method: 'GET', url: '/v1/reason-codes', role: 'originator' });
    const codes = response.json().items.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['BLOCKLIST_ID_MATCH', 'PD_ABOVE_REJECT', 'UNDERAGE', 'DTI_ABOVE_LIMIT']));
  });
});
