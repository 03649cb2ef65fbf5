import { ephemeralPiiCipher } from '../../src/pii-keys.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionLog } from '../../src/db/decision-log.js';
import { DecisionRepository } from '../../src/db/decision-repository.js';
import { silentLogger } from '../support/test-database.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
let decisions: DecisionRepository;
beforeAll(async () => {
  service = await startTestService();
  decisions = new DecisionRepository(service.database.db, ephemeralPiiCipher());
});
afterAll(async () => service?.close());

async function screenMany(n: number) {
  return Promise.all(
    Array.from({ length: n }, () =>
      service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: anApplication() }),
    ),
  );
}

describe('the decision log', () => {
  it('stays one unbroken hash chain after 200 concurrent screenings', async () => {
    const responses = await screenMany(200);
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const verdict = await decisions.verify();
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.checked).toBeGreaterThanOrEqual(200);
    const seqs = (await service.database.db.selectFrom('decision_log').select('seq').orderBy('seq').execute()).map(
      (r) => Number(r.seq),
    );
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('logs one decision when two instances write the same applicationId at once, and answers both with it', async () => {
    // Two writers on one database, as two instances: the chain lock orders them, and the
    // second finds the first's decision inside its transaction.
    const other = new DecisionLog(service.database.db, service.cipher, silentLogger);
    const decision = (applicationId: string) => ({
      decisionId: randomUUID(),
      applicationId,
      apiKeyId: service.keyIds.originator,
      requestHash: 'e'.repeat(64),
      outcome: 'accept' as const,
      reasons: [],
      application: anApplication({ applicationId }),
      blocklist: { status: 'not_configured' as const, detail: 'test' },
      risk: { status: 'not_configured' as const, detail: 'test' },
      versions: { policy: 'test', riskModel: null, shadowModel: null, blocklists: null },
      latencyMs: 1,
      decidedAt: new Date().toISOString(),
    });
    for (let round = 0; round < 10; round++) {
      const applicationId = `RACE-${round}-${randomUUID()}`;
      const [a, b] = await Promise.all([service.decisionLog.append(decision(applicationId)), other.append(decision(applicationId))]);
      expect([a.status, b.status].sort()).toEqual(['created', 'replayed']);
      expect(a.record.decisionId).toBe(b.record.decisionId);
    }
    await other.close();
    expect(await decisions.verify()).toMatchObject({ ok: true });
  });

  it('writes decisions that arrive while a transaction is in flight together (group commit)', async () => {
    const before = await service.database.db
      .selectFrom('decision_log')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirstOrThrow();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        service.decisionLog.append({
          decisionId: randomUUID(),
          applicationId: `GROUP-${i}`,
          apiKeyId: service.keyIds.originator,
          requestHash: 'f'.repeat(64),
          outcome: 'accept',
          reasons: [],
          application: anApplication({ applicationId: `GROUP-${i}` }),
          blocklist: { status: 'not_configured', detail: 'test' },
          risk: { status: 'not_configured', detail: 'test' },
          versions: { policy: 'test', riskModel: null, shadowModel: null, blocklists: null },
          latencyMs: 1,
          decidedAt: new Date().toISOString(),
        }),
      ),
    );
    expect(results.every((r) => r.status === 'created')).toBe(true);
    const rows = await service.database.db
      .selectFrom('decision_log')
      .select(sql<string>`count(distinct xmin::text)`.as('transactions'))
      .where('seq', '>', Number(before.max ?? 0))
      .executeTakeFirstOrThrow();
    // The first append starts a transaction; the other 99 queue behind it and share the next.
    expect(Number(rows.transactions)).toBeLessThanOrEqual(2);
    expect(await decisions.verify()).toMatchObject({ ok: true });
  });

  it('refuses UPDATE of a logged decision', async () => {
    await screenMany(1);
    await expect(sql`update decision_log set outcome = 'reject'`.execute(service.database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses DELETE of a logged decision', async () => {
    await expect(sql`delete from decision_log`.execute(service.database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses TRUNCATE of the log', async () => {
    await expect(sql`truncate decision_log`.execute(service.database.db)).rejects.toThrow(/append-only/);
  });

  it('names the first altered record when someone bypasses the trigger', async () => {
    const [victim] = await screenMany(1);
    const { decisionId } = victim!.json();
    const { db } = service.database;
    const row = await db.selectFrom('decision_log').select('seq').where('decision_id', '=', decisionId).executeTakeFirstOrThrow();
    // Only a superuser can do this; the chain must still reveal it.
    await sql`alter table decision_log disable trigger decision_log_no_update_or_delete`.execute(db);
    await sql`update decision_log set outcome = 'reject' where decision_id = ${decisionId}`.execute(db);
    await sql`alter table decision_log enable trigger decision_log_no_update_or_delete`.execute(db);

    const verdict = await decisions.verify();
    expect(verdict).toMatchObject({ ok: false, brokenAt: Number(row.seq), reason: expect.stringMatching(/altered/) });

    const response = await service.request({ method: 'GET', url: '/v1/audit/verify', role: 'auditor' });
    expect(response.json()).toMatchObject({ ok: false, brokenAt: Number(row.seq) });
  });
});
