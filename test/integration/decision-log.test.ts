import { ephemeralPiiCipher } from '../../src/pii-keys.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHAIN_LOCK_KEY, DecisionLog } from '../../src/db/decision-log.js';
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

function aDecision(applicationId: string) {
  return {
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
  };
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
    for (let round = 0; round < 10; round++) {
      const applicationId = `RACE-${round}-${randomUUID()}`;
      const [a, b] = await Promise.all([service.decisionLog.append(aDecision(applicationId)), other.append(aDecision(applicationId))]);
      expect([a.status, b.status].sort()).toEqual(['created', 'replayed']);
      expect(a.record.decisionId).toBe(b.record.decisionId);
    }
    await other.close();
    expect(await decisions.verify()).toMatchObject({ ok: true });
  });

  it('appends in one statement after its own last record, and under the chain lock once another instance has written', async () => {
    const paths: Array<string | undefined> = [];
    // As the service runs it: on PostgreSQL its single statements are prepared statements.
    const mine = new DecisionLog(service.database.db, service.cipher, silentLogger, 128, (batch) => paths.push(batch.path), service.database.runPrepared);
    const other = new DecisionLog(service.database.db, service.cipher, silentLogger);
    const append = (log: DecisionLog) => log.append(aDecision(`TURNS-${randomUUID()}`));

    await append(mine); // head not known yet: read under the lock
    await append(mine); // follows its own head
    await append(other); // the head moves on without `mine` knowing
    await append(mine); // its statement collides on seq and goes again under the lock
    await append(mine);
    expect(paths).toEqual(['locked', 'single-statement', 'locked', 'single-statement']);

    await Promise.all([mine.close(), other.close()]);
    expect(await decisions.verify()).toMatchObject({ ok: true });
    const seqs = (await service.database.db.selectFrom('decision_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it.runIf(inject('testDatabase').kind === 'postgres')('writes nothing past another instance\'s transaction that holds the chain lock', async () => {
    const paths: Array<string | undefined> = [];
    const mine = new DecisionLog(service.database.db, service.cipher, silentLogger, 128, (batch) => paths.push(batch.path));
    await mine.append(aDecision(`LOCKED-${randomUUID()}`));

    // Another instance's locked transaction: it has read the head and is about to insert.
    let locked!: () => void;
    let release!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = service.database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`.execute(trx);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await lockTaken;
    let settled = false;
    const waiting = mine.append(aDecision(`LOCKED-${randomUUID()}`)).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false); // its statement found the lock taken, and the locked path waits for it
    release();
    await holder;
    expect((await waiting).status).toBe('created');
    expect(paths).toEqual(['locked', 'locked']);
    await mine.close();
    expect(await decisions.verify()).toMatchObject({ ok: true });
  });

  it('answers a retried application from the log even when its batch was planned as one statement', async () => {
    const paths: Array<string | undefined> = [];
    const log = new DecisionLog(service.database.db, service.cipher, silentLogger, 128, (batch) => paths.push(batch.path), service.database.runPrepared);
    const first = await log.append(aDecision(`RETRY-${randomUUID()}`));
    const retried = await log.append({ ...aDecision(first.record.applicationId), decisionId: randomUUID() });
    expect(retried).toMatchObject({ status: 'replayed', record: { decisionId: first.record.decisionId, seq: first.record.seq } });
    const fresh = await log.append(aDecision(`RETRY-${randomUUID()}`));
    expect(fresh.record.seq).toBeGreaterThan(first.record.seq);
    // The retry's statement met the earlier row, wrote nothing, and went again under the lock.
    expect(paths).toEqual(['locked', 'locked', 'single-statement']);
    await log.close();
    expect(await decisions.verify()).toMatchObject({ ok: true });
  });

  it('writes decisions that arrive while a transaction is in flight together (group commit)', async () => {
    const before = await service.database.db
      .selectFrom('decision_log')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirstOrThrow();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        service.decisionLog.append(aDecision(`GROUP-${i}-${randomUUID()}`)),
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
