import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
const made: Array<{ decisionId: string; decision: string; applicationId: string }> = [];

beforeAll(async () => {
  service = await startTestService();
  for (let i = 0; i < 7; i++) {
    // Every third applicant carries heavy debts, so the log holds both accept and review.
    const application = anApplication(i % 3 === 0 ? { financials: { monthlyDebtPayments: 9_000_000 } } : {});
    const response = await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: application });
    made.push(response.json());
  }
});
afterAll(async () => service?.close());

const get = (url: string) => service.request({ method: 'GET', url, role: 'auditor' });

describe('reading the decision log', () => {
  it('returns one decision exactly as it was made, with its input and chain hashes', async () => {
    const first = made[0]!;
    const response = await get(`/v1/decisions/${first.decisionId}`);
    expect(response.statusCode).toBe(200);
    const record = response.json();
    expect(record).toMatchObject({
      decisionId: first.decisionId,
      applicationId: first.applicationId,
      outcome: first.decision,
      apiKeyId: service.keyIds.originator,
      seq: 1,
      prevHash: '0'.repeat(64),
    });
    expect(record.application.applicationId).toBe(first.applicationId);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 404 for an unknown decision and 400 for a malformed id', async () => {
    expect((await get('/v1/decisions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/v1/decisions/42')).statusCode).toBe(400);
  });

  it('pages through every decision newest first without skipping or repeating', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ decisionId: string }>; nextCursor: string | null } = (
        await get(`/v1/decisions?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((d: { decisionId: string }) => d.decisionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((d) => d.decisionId).reverse());
  });

  it('filters by outcome and by applicationId', async () => {
    const reviews = (await get('/v1/decisions?outcome=review&limit=100')).json().items;
    expect(reviews.length).toBe(made.filter((d) => d.decision === 'review').length);
    expect(reviews.length).toBeGreaterThan(0);
    const target = made[4]!;
    const byApplication = (await get(`/v1/decisions?applicationId=${target.applicationId}`)).json().items;
    expect(byApplication.map((d: { decisionId: string }) => d.decisionId)).toEqual([target.decisionId]);
  });

  it('filters by time range', async () => {
    const future = (await get(`/v1/decisions?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json();
    expect(future.items).toEqual([]);
    const past = (await get(`/v1/decisions?to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=100`)).json();
    expect(past.items.length).toBe(made.length);
  });

  it('rejects a forged cursor, an unknown outcome and an unknown parameter with 400', async () => {
    for (const url of ['/v1/decisions?cursor=abc', '/v1/decisions?outcome=maybe', '/v1/decisions?sort=asc', '/v1/decisions?limit=0']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code).toBe('REQUEST_INVALID');
    }
  });

  it('verifies the chain for auditors', async () => {
    const response = await get('/v1/audit/verify');
    expect(response.json()).toMatchObject({ ok: true, checked: made.length, lastSeq: made.length });
  });

  it('verifies a time range, anchored on the record before it', async () => {
    const third = (await get(`/v1/decisions/${made[2]!.decisionId}`)).json();
    const response = await get(`/v1/audit/verify?from=${encodeURIComponent(third.decidedAt)}`);
    const verdict = response.json();
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThanOrEqual(made.length - 3);
    expect(verdict.checked).toBeLessThanOrEqual(made.length);
    expect(verdict.lastSeq).toBe(made.length);
  });

  it('exports every decision as NDJSON, oldest first, exactly as logged', async () => {
    const response = await get('/v1/decisions/export?format=ndjson');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="decisions-.*\.ndjson"/);
    const lines = response.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((r: { decisionId: string }) => r.decisionId)).toEqual(made.map((d) => d.decisionId));
    const one = (await get(`/v1/decisions/${made[1]!.decisionId}`)).json();
    expect(lines[1]).toEqual(one);
  });

  it('exports as CSV with a header and one line per decision', async () => {
    const response = await get('/v1/decisions/export?format=csv');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,decision_id,application_id,decided_at,outcome,reason_codes,/);
    expect(lines).toHaveLength(made.length + 1);
    expect(lines[1]).toContain(made[0]!.decisionId);
    expect(lines[1]).toContain(made[0]!.decision);
  });

  it('exports nothing for a range with no decisions', async () => {
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    const response = await get(`/v1/decisions/export?format=ndjson&from=${future}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });
});
