import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlocklistScreener } from '../../src/domain/screening/ports.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

const SECRET = 'webhook-secret-for-tests-0001';
const LIST_ID = '11111111-1111-4111-8111-111111111111';
const ENTRY_ID = '22222222-2222-4222-8222-222222222222';

/** A fixed screener: anyone called "Trần Văn Khả Nghi" possibly matches one entry. */
const fakeLists: BlocklistScreener = {
  version: 'fake-list@1',
  screen: (application) =>
    application.applicant.fullName === 'Trần Văn Khả Nghi'
      ? {
          status: 'hit',
          listsVersion: 'fake-list@1',
          hits: [
            {
              listId: LIST_ID,
              listName: 'fake-list',
              listKind: 'fraud',
              entryId: ENTRY_ID,
              score: 0.88,
              strength: 'possible',
              action: 'reject',
              matchedName: 'TRAN VAN KHA NGHI',
              explanation: 'Name matches entry TRAN VAN KHA NGHI (score 0.88); no date of birth on the entry.',
              matchedOn: 'name',
            },
          ],
        }
      : { status: 'clear', listsVersion: 'fake-list@1', hits: [] },
};

let service: TestService;
let receiver: Server;
const received: Array<{ headers: IncomingHttpHeaders; body: string; answered: number }> = [];

beforeAll(async () => {
  // A receiver that fails the first delivery, then accepts.
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const answered = received.length === 0 ? 500 : 204;
      received.push({ headers: request.headers, body, answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const port = (receiver.address() as AddressInfo).port;
  service = await startTestService(
    { blocklists: fakeLists, webhookOptions: { timeoutMs: 2000, maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200, pollMs: 20 } },
    { REVIEW_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/reviews`, REVIEW_WEBHOOK_SECRET: SECRET },
  );
});
afterAll(async () => {
  await service?.close();
  receiver?.close();
});

const screen = async (application: ReturnType<typeof anApplication>) =>
  (await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: application })).json();

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the review queue', () => {
  let decisionId: string;

  it('puts decisions in review on the open queue', async () => {
    const decision = await screen(anApplication({ financials: { monthlyDebtPayments: 8_000_000 } }));
    expect(decision.decision).toBe('review');
    decisionId = decision.decisionId;
    const queue = (await service.request({ method: 'GET', url: '/v1/reviews?status=open', role: 'reviewer' })).json();
    expect(queue.items.map((i: { decisionId: string }) => i.decisionId)).toContain(decisionId);
  });

  it('refuses an outcome from a reviewer who has not claimed the decision', async () => {
    const response = await service.request({
      method: 'POST',
      url: `/v1/decisions/${decisionId}/review`,
      role: 'reviewer',
      body: { outcome: 'accept', note: 'income verified with payslips' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('lets one reviewer claim a decision, and keeps others off it', async () => {
    const claimed = await service.request({ method: 'POST', url: `/v1/reviews/${decisionId}/claim`, role: 'reviewer' });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json().claimedBy).toBe(service.keyIds.reviewer);

    const other = (await service.request({ method: 'POST', url: '/v1/keys', body: { name: 'second reviewer', role: 'reviewer' } })).json();
    const refused = await service.request({ method: 'POST', url: `/v1/reviews/${decisionId}/claim`, key: other.key });
    expect(refused.statusCode).toBe(409);
    const claimedQueue = (await service.request({ method: 'GET', url: '/v1/reviews?status=claimed', role: 'reviewer' })).json();
    expect(claimedQueue.items.map((i: { decisionId: string }) => i.decisionId)).toEqual([decisionId]);
  });

  it('records the final outcome as a chained record linked to the decision, never editing it', async () => {
    const response = await service.request({
      method: 'POST',
      url: `/v1/decisions/${decisionId}/review`,
      role: 'reviewer',
      body: { outcome: 'accept', note: 'Income verified with three payslips; debts consolidated.' },
    });
    expect(response.statusCode).toBe(201);
    const decision = (await service.request({ method: 'GET', url: `/v1/decisions/${decisionId}`, role: 'auditor' })).json();
    expect(response.json()).toMatchObject({ seq: 1, decisionId, decisionHash: decision.hash, outcome: 'accept', prevHash: '0'.repeat(64) });
    expect(decision.outcome).toBe('review');

    const verify = (await service.request({ method: 'GET', url: '/v1/audit/verify?chain=reviews', role: 'auditor' })).json();
    expect(verify).toMatchObject({ ok: true, checked: 1 });
    await expect(sql`update review_log set outcome = 'reject'`.execute(service.database.db)).rejects.toThrow(/append-only/);
  });

  it('gives the origination system the final outcome, and only for its own decisions', async () => {
    const outcome = (await service.request({ method: 'GET', url: `/v1/decisions/${decisionId}/review`, role: 'originator' })).json();
    expect(outcome).toMatchObject({ status: 'completed', originalDecision: 'review', finalDecision: 'accept' });
    const stranger = (await service.request({ method: 'POST', url: '/v1/keys', body: { name: 'other LOS', role: 'originator' } })).json();
    const hidden = await service.request({ method: 'GET', url: `/v1/decisions/${decisionId}/review`, key: stranger.key });
    expect(hidden.statusCode).toBe(404);
  });

  it('refuses a second outcome for the same decision', async () => {
    await service.request({ method: 'POST', url: `/v1/reviews/${decisionId}/claim`, role: 'reviewer' });
    const again = await service.request({
      method: 'POST',
      url: `/v1/decisions/${decisionId}/review`,
      role: 'admin',
      body: { outcome: 'reject', note: 'second thoughts' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('delivers the outcome by a signed webhook, retrying after the receiver first fails', async () => {
    const delivered = await until(() => (received.length >= 2 ? received : undefined));
    expect(delivered.map((d) => d.answered)).toEqual([500, 204]);
    const last = delivered[1]!;
    expect(JSON.parse(last.body)).toMatchObject({ event: 'review.completed', decisionId, finalDecision: 'accept' });
    const [t, v1] = String(last.headers['x-lss-signature']).split(',').map((p) => p.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${last.body}`).digest('hex'));

    // The attempt is recorded just after the receiver answers.
    const attempts = await until(async () => {
      const rows = await service.database.db.selectFrom('webhook_attempts').select(['attempt', 'status_code']).orderBy('attempt').execute();
      return rows.length >= 2 ? rows : undefined;
    });
    expect(attempts).toEqual([
      { attempt: 1, status_code: 500 },
      { attempt: 2, status_code: 204 },
    ]);
  });
});

describe('false-positive suppression', () => {
  const person = { fullName: 'Trần Văn Khả Nghi', nationalId: { type: 'CCCD', number: '052088004411', country: 'VN' } };

  it('sets the hit aside for the same applicant once a reviewer has cleared them', async () => {
    const first = await screen(anApplication({ applicant: person }));
    expect(first.decision).toBe('review');
    expect(first.reasons[0].code).toBe('BLOCKLIST_NAME_POSSIBLE');

    await service.request({ method: 'POST', url: `/v1/reviews/${first.decisionId}/claim`, role: 'reviewer' });
    const review = await service.request({
      method: 'POST',
      url: `/v1/decisions/${first.decisionId}/review`,
      role: 'reviewer',
      body: {
        outcome: 'accept',
        note: 'Different person: date of birth and home province differ from the listed fraudster.',
        suppressions: [{ listId: LIST_ID, entryId: ENTRY_ID, reason: 'Different date of birth and province; ID checked in person.' }],
      },
    });
    expect(review.statusCode).toBe(201);
    expect(review.json().suppressionIds).toHaveLength(1);

    const later = await screen(anApplication({ applicant: person }));
    expect(later.decision).toBe('accept');
    expect(later.blocklist.hits[0].suppressed).toMatchObject({ reason: expect.stringMatching(/Different date of birth/) });
    expect(later.reasons.map((r: { code: string }) => r.code)).toContain('BLOCKLIST_HIT_SUPPRESSED');
  });

  it('does not carry the suppression over to another person with the same name', async () => {
    const other = await screen(anApplication({ applicant: { ...person, nationalId: { type: 'CCCD', number: '052088009999', country: 'VN' } } }));
    expect(other.decision).toBe('review');
  });

  it('refuses to suppress an entry that was not among the decision’s hits', async () => {
    const decision = await screen(anApplication({ applicant: { ...person, nationalId: { type: 'CCCD', number: '052088001111', country: 'VN' } } }));
    await service.request({ method: 'POST', url: `/v1/reviews/${decision.decisionId}/claim`, role: 'reviewer' });
    const response = await service.request({
      method: 'POST',
      url: `/v1/decisions/${decision.decisionId}/review`,
      role: 'reviewer',
      body: {
        outcome: 'accept',
        note: 'cleared',
        suppressions: [{ listId: LIST_ID, entryId: '33333333-3333-4333-8333-333333333333', reason: 'not the same person at all' }],
      },
    });
    expect(response.statusCode).toBe(400);
  });
});
