import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screeningDecisionSchema } from '../../src/domain/screening/decision.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

const screen = (application: ReturnType<typeof anApplication>) =>
  service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: application });

describe('blocklists in the screening flow', () => {
  let criminalListId: string;

  it('creates a list for analysts, with version 1 and default thresholds', async () => {
    const response = await service.request({
      method: 'POST',
      url: '/v1/lists',
      role: 'analyst',
      body: { name: 'vn-criminal-records', kind: 'criminal_record', action: 'reject' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ version: 1, entryCount: 0, action: 'reject', strongThreshold: 0.92 });
    criminalListId = response.json().id;
  });

  it('refuses a second list with the same name with 409', async () => {
    const response = await service.request({
      method: 'POST',
      url: '/v1/lists',
      role: 'analyst',
      body: { name: 'vn-criminal-records', kind: 'fraud', action: 'review' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('adds an entry as a new version', async () => {
    const response = await service.request({
      method: 'POST',
      url: '/v1/lists/vn-criminal-records/entries',
      role: 'analyst',
      body: {
        externalId: 'VN-CR-0001',
        fullName: 'Lê Văn Đức',
        datesOfBirth: ['1985-07-01'],
        identifiers: [{ type: 'CCCD', number: '079085001234', country: 'VN' }],
        nationalities: ['VN'],
        reason: 'Fraud conviction, Ho Chi Minh City People’s Court, 2019',
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ added: 1, list: { version: 2, entryCount: 1 } });
  });

  let idMatchDecision: string;

  it('rejects an applicant whose national ID is on a criminal-record list, naming the list', async () => {
    const response = await screen(
      anApplication({
        applicant: { fullName: 'Phạm Thị Hoa', nationalId: { type: 'CCCD', number: '079-085-001-234', country: 'VN' } },
      }),
    );
    expect(response.statusCode).toBe(200);
    const decision = response.json();
    expect(decision.decision).toBe('reject');
    expect(decision.reasons[0].code).toBe('BLOCKLIST_ID_MATCH');
    expect(decision.blocklist.status).toBe('hit');
    expect(decision.blocklist.hits[0]).toMatchObject({
      listId: criminalListId,
      listName: 'vn-criminal-records',
      entryId: expect.any(String),
      strength: 'strong',
      action: 'reject',
    });
    expect(decision.blocklist.hits[0].explanation).toMatch(/identifier|ID/i);
    expect(decision.versions.blocklists).toBe('vn-criminal-records@2');
    idMatchDecision = decision.decisionId;
  });

  it('sends a name-only near match with an agreeing date of birth to review, explained', async () => {
    const response = await screen(
      anApplication({
        applicant: {
          fullName: 'Le Van Duc',
          dateOfBirth: '1985-07-01',
          nationalId: { type: 'CCCD', number: '001085999999', country: 'VN' },
        },
      }),
    );
    const decision = response.json();
    expect(decision.blocklist.status).toBe('hit');
    expect(['reject', 'review']).toContain(decision.decision);
    expect(decision.blocklist.hits[0].explanation.length).toBeGreaterThan(20);
    // Exactly the documented shape, hits and all: parsing drops any field the schema lacks.
    expect(screeningDecisionSchema.parse(decision)).toEqual(decision);
  });

  it('clears an unrelated applicant and records the list version screened against', async () => {
    const response = await screen(anApplication());
    const decision = response.json();
    expect(decision.blocklist).toMatchObject({ status: 'clear', hits: [] });
    expect(decision.decision).toBe('accept');
    expect(decision.versions.blocklists).toBe('vn-criminal-records@2');
  });

  it('stops flagging a delisted entry, and keeps its history', async () => {
    const removed = await service.request({
      method: 'DELETE',
      url: '/v1/lists/vn-criminal-records/entries/VN-CR-0001',
      role: 'analyst',
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ removed: 1, list: { version: 3, entryCount: 0 } });

    const response = await screen(
      anApplication({ applicant: { nationalId: { type: 'CCCD', number: '079085001234', country: 'VN' } } }),
    );
    expect(response.json().blocklist.status).toBe('clear');

    const versions = await service.request({ method: 'GET', url: '/v1/lists/vn-criminal-records/versions', role: 'auditor' });
    expect(versions.json().items.map((v: { version: number; change: string }) => [v.version, v.change])).toEqual([
      [3, 'entry_removed'],
      [2, 'entry_added'],
      [1, 'created'],
    ]);
  });

  it('replays a decision made before the entry was delisted against the list as it stood then', async () => {
    const replay = (await service.request({ method: 'POST', url: `/v1/decisions/${idMatchDecision}/replay`, role: 'auditor' })).json();
    expect(replay).toMatchObject({ reproduced: true, differences: [], original: { outcome: 'reject' }, replayed: { outcome: 'reject' } });
    expect(replay.replayed.hits).toHaveLength(1);
  });

  it('says in /readyz which list versions it serves', async () => {
    const ready = await service.request({ method: 'GET', url: '/readyz', role: null });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.blocklists).toMatchObject({ loaded: true, version: 'vn-criminal-records@3' });
  });

  it('lets auditors read lists but not change them', async () => {
    expect((await service.request({ method: 'GET', url: '/v1/lists', role: 'auditor' })).statusCode).toBe(200);
    const write = await service.request({
      method: 'POST',
      url: '/v1/lists',
      role: 'auditor',
      body: { name: 'x', kind: 'fraud', action: 'review' },
    });
    expect(write.statusCode).toBe(403);
  });
});

describe('re-screening past applicants when a list changes', () => {
  it('finds the past decisions whose applicants hit an entry added since', async () => {
    const application = anApplication({
      applicant: { fullName: 'Võ Thị Hạnh', dateOfBirth: '1979-03-14', nationalId: { type: 'CCCD', number: '092079004567', country: 'VN' } },
    });
    const past = (await screen(application)).json();
    expect(past.blocklist.status).toBe('clear');

    await service.request({
      method: 'POST',
      url: '/v1/lists/vn-criminal-records/entries',
      role: 'analyst',
      body: { externalId: 'VN-CR-0002', fullName: 'VO THI HANH', datesOfBirth: ['1979-03-14'], nationalities: ['VN'] },
    });
    const report = (
      await service.request({ method: 'POST', url: '/v1/lists/vn-criminal-records/rescreen', role: 'analyst' })
    ).json();
    expect(report.decisionsChecked).toBeGreaterThan(1);
    expect(report.flagged.map((f: { decisionId: string }) => f.decisionId)).toEqual([past.decisionId]);
    expect(report.flagged[0].newHits[0]).toMatchObject({ listName: 'vn-criminal-records', matchedName: 'VO THI HANH' });
  });
});
