import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screeningDecisionSchema } from '../../src/domain/screening/decision.js';
import { exampleApplication } from '../../src/domain/screening/example-application.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

const screen = (body: unknown, role: 'originator' | 'admin' | null = 'originator') =>
  service.request({ method: 'POST', url: '/v1/screenings', role, body });

async function logCount(): Promise<number> {
  const { n } = await service.database.db
    .selectFrom('decision_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

describe('POST /v1/screenings', () => {
  it('accepts the README example and answers with a decision, its reasons and the versions used', async () => {
    const response = await screen(exampleApplication);
    expect(response.statusCode).toBe(200);
    const decision = response.json();
    expect(decision).toMatchObject({
      applicationId: 'LOS-2026-000123',
      decision: 'accept',
      blocklist: { status: 'not_configured' },
      risk: { status: 'scored', modelVersion: expect.stringMatching(/^rm-/), riskBand: expect.any(String) },
      versions: { policy: expect.any(String), riskModel: expect.stringMatching(/^rm-/), blocklists: null },
    });
    expect(decision.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(decision.reasons.map((r: { code: string }) => r.code)).toEqual(['BLOCKLIST_NOT_CONFIGURED', 'ALL_RULES_PASSED']);
    expect(new Date(decision.decidedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('scores risk with the shipped default model: probability, segment, anomaly percentile and top factors', async () => {
    const { risk } = (await screen(anApplication())).json();
    expect(risk.probabilityOfDefault).toBeGreaterThan(0);
    expect(risk.probabilityOfDefault).toBeLessThan(1);
    expect(risk.segment).toMatchObject({ id: expect.any(Number), defaultRate: expect.any(Number) });
    expect(risk.anomalyPercentile).toBeGreaterThanOrEqual(0);
    expect(risk.topFactors.length).toBeGreaterThan(0);
    expect(risk.topFactors[0].text).toMatch(/default risk/);
  });

  it('answers exactly the documented shape, for accepts, rejects, reviews and replays alike', async () => {
    const underage = anApplication({ applicant: { dateOfBirth: '2015-01-01' } });
    const answers = [await screen(exampleApplication), await screen(anApplication()), await screen(underage), await screen(underage)];
    expect(answers.map((a) => a.json().decision)).toEqual(expect.arrayContaining(['reject']));
    expect(answers[3]!.headers['idempotent-replay']).toBe('true');
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      // The OpenAPI schema parses each response to itself: no field missing, none extra (parsing drops those).
      const decision = answer.json();
      expect(screeningDecisionSchema.parse(decision)).toEqual(decision);
    }
  });

  it('scores the same with SCORING_THREAD=off, on the main thread, as on the scoring thread', async () => {
    const withoutThread = await startTestService({}, { SCORING_THREAD: 'off' });
    try {
      const application = anApplication({ financials: { monthlyIncome: 9_500_000, employmentYears: 3, monthlyDebtPayments: 2_700_000 } });
      const onThread = (await screen(application)).json();
      const onMain = (await withoutThread.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: application })).json();
      expect(onMain.risk).toMatchObject({ status: 'scored' });
      expect(onMain.risk).toEqual(onThread.risk);
      expect(onMain.decision).toBe(onThread.decision);
    } finally {
      await withoutThread.close();
    }
  });

  it('answers with an admin key as well as an originator key', async () => {
    const response = await screen(anApplication(), 'admin');
    expect(response.statusCode).toBe(200);
  });

  it('logs the decision with the input, outcome, reasons, versions, caller and latency before answering', async () => {
    const application = anApplication();
    const response = await screen(application);
    const { decisionId } = response.json();
    const row = await service.database.db
      .selectFrom('decision_log')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .executeTakeFirstOrThrow();
    expect(row.outcome).toBe('accept');
    expect(row.api_key_id).toBe(service.keyIds.originator);
    expect(row.reasons).toEqual(response.json().reasons);
    expect(row.versions).toEqual(response.json().versions);
    expect(row.latency_ms).toBeGreaterThan(0);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const audited = await service.request({ method: 'GET', url: `/v1/decisions/${decisionId}`, role: 'auditor' });
    expect(audited.json().application).toEqual(application);
  });

  it('keeps applicant PII unreadable in the table, and lets auditors find a person by national ID', async () => {
    const application = anApplication({
      applicant: { fullName: 'Đặng Thị Quỳnh', nationalId: { type: 'CCCD', number: '036 190 007 777', country: 'VN' } },
    });
    const { decisionId } = (await screen(application)).json();
    const row = await service.database.db
      .selectFrom('decision_log')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const secret of ['Quỳnh', 'Dang Thi', '036 190 007 777', '036190007777', application.applicant.dateOfBirth, 'an.nguyen@example.com', '+84901234567', 'Lý Thường Kiệt']) {
      expect(stored).not.toContain(secret);
    }
    expect(row.application).toMatchObject({ applicant: { nationality: 'VN' }, loan: application.loan });

    // The same number written differently finds the same person.
    const found = await service.request({
      method: 'GET',
      url: '/v1/decisions?nationalIdNumber=036-190-007777&nationalIdCountry=VN',
      role: 'auditor',
    });
    expect(found.json().items.map((d: { decisionId: string }) => d.decisionId)).toEqual([decisionId]);
    expect(found.json().items[0].application.applicant.fullName).toBe('Đặng Thị Quỳnh');
  });

  it('rejects an applicant under 18 with the UNDERAGE reason first', async () => {
    const dob = new Date();
    dob.setUTCFullYear(dob.getUTCFullYear() - 17);
    const response = await screen(anApplication({ applicant: { dateOfBirth: dob.toISOString().slice(0, 10) } }));
    expect(response.statusCode).toBe(200);
    expect(response.json().decision).toBe('reject');
    expect(response.json().reasons[0].code).toBe('UNDERAGE');
  });

  it('sends an application whose debt payments exceed the policy share of income to review', async () => {
    const response = await screen(anApplication({ financials: { monthlyDebtPayments: 8_000_000 } }));
    expect(response.json().decision).toBe('review');
    expect(response.json().reasons[0].code).toBe('DTI_ABOVE_LIMIT');
  });

  describe('idempotency', () => {
    it('returns the original decision when the same caller retries the same application', async () => {
      const application = anApplication();
      const first = await screen(application);
      const before = await logCount();
      const retry = await screen(application);
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['idempotent-replay']).toBe('true');
      expect(retry.json()).toEqual(first.json());
      expect(await logCount()).toBe(before);
    });

    it('treats a retry whose fields arrive in another order as the same request', async () => {
      const application = anApplication();
      const first = await screen(application);
      const reordered = Object.fromEntries(Object.entries(application).reverse());
      const retry = await screen(reordered);
      expect(retry.json().decisionId).toBe(first.json().decisionId);
    });

    it('refuses the same applicationId with a different body with 409 naming the original decision', async () => {
      const application = anApplication();
      const first = await screen(application);
      const before = await logCount();
      const changed = { ...application, loan: { ...application.loan, amount: application.loan.amount + 1 } };
      const conflict = await screen(changed);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(conflict.json()).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', decisionId: first.json().decisionId });
      expect(await logCount()).toBe(before);
    });

    it('gives concurrent retries of one application a single decision', async () => {
      const application = anApplication();
      const before = await logCount();
      const responses = await Promise.all(Array.from({ length: 10 }, () => screen(application)));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(new Set(responses.map((r) => r.json().decisionId)).size).toBe(1);
      expect(await logCount()).toBe(before + 1);
    });

    it('keeps applicationIds of different callers apart', async () => {
      const application = anApplication();
      const byOriginator = await screen(application, 'originator');
      const byAdmin = await screen(application, 'admin');
      expect(byAdmin.json().decisionId).not.toBe(byOriginator.json().decisionId);
    });
  });

  describe('bad input', () => {
    it('answers a wrong type with 400 problem+json naming the field, and writes nothing', async () => {
      const before = await logCount();
      const body = anApplication() as unknown as { loan: Record<string, unknown> };
      body.loan.amount = 'fifty million';
      const response = await screen(body);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({
        status: 400,
        code: 'APPLICATION_INVALID',
        errors: [{ in: 'body', path: 'loan.amount', code: 'invalid_type' }],
      });
      expect(await logCount()).toBe(before);
    });

    it('names every bad field, including missing and unknown ones', async () => {
      const body = anApplication() as unknown as Record<string, Record<string, unknown>>;
      delete body.applicant!.dateOfBirth;
      body.financials!.monthlyincome = 1;
      const response = await screen(body);
      expect(response.statusCode).toBe(400);
      const paths = response.json().errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['applicant.dateOfBirth', 'financials.monthlyincome']));
    });

    it('refuses a request without an API key with 401', async () => {
      const response = await screen(anApplication(), null);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    });

    it('refuses an unknown API key with 401', async () => {
      const response = await service.request({
        method: 'POST',
        url: '/v1/screenings',
        key: 'lss_not-a-real-key',
        body: anApplication(),
      });
      expect(response.statusCode).toBe(401);
    });
  });
});
