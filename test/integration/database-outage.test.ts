import { ephemeralPiiCipher } from '../../src/pii-keys.js';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { buildApp } from '../../src/app.js';
import { anApplication } from '../fixtures/applications.js';
import { silentLogger } from '../support/test-database.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService | undefined;
afterEach(async () => {
  await service?.close().catch(() => {});
  service = undefined;
});

describe('when the database is unavailable', () => {
  it('answers screenings with 503 problem+json at once, and /readyz says why', async () => {
    service = await startTestService();
    await service.database.db.destroy();
    const started = performance.now();
    const response = await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: anApplication() });
    const elapsed = performance.now() - started;
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json().code).toBe('DATABASE_UNAVAILABLE');
    // Not a timing threshold: the point is that the request did not wait out its timeout.
    expect(elapsed).toBeLessThan(5000);

    const ready = await service.request({ method: 'GET', url: '/readyz', role: null });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', checks: { database: { reachable: false } } });
  });

  it('answers 503 for a server that refuses connections, without hanging', async () => {
    const { openDatabase } = await import('../../src/db/connect.js');
    // Port 1 on loopback: nothing listens there, so every connection is refused.
    const database = await openDatabase({
      databaseUrl: 'postgres://nobody@127.0.0.1:1/none',
      dataDir: 'memory://',
      poolSize: 2,
      timeoutMs: 500,
      logger: silentLogger,
    });
    const config = configSchema.parse({ DATA_DIR: 'memory://', DATABASE_TIMEOUT_MS: '500' });
    const { app } = await buildApp({ config, database, logger: silentLogger, cipher: ephemeralPiiCipher() });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/screenings',
        headers: { authorization: 'Bearer lss_anything' },
        payload: anApplication(),
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().code).toBe('DATABASE_UNAVAILABLE');
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe.runIf(inject('testDatabase').kind === 'postgres')(
  'when the decision log cannot be written (PostgreSQL server only: needs a second connection holding a lock)',
  () => {
    it('answers 503 in time, and a retry with the same applicationId ends with exactly one decision', async () => {
      service = await startTestService();
      // A second app on the same database, with short timeouts, so the blocked write gives up.
      const { openDatabase } = await import('../../src/db/connect.js');
      const database = await openDatabase({
        databaseUrl: service.database.url!,
        dataDir: 'memory://',
        poolSize: 4,
        timeoutMs: 200,
        logger: silentLogger,
      });
      const config = configSchema.parse({ DATA_DIR: 'memory://', DATABASE_TIMEOUT_MS: '200' });
      const { app, blocklistsLoaded } = await buildApp({ config, database, logger: silentLogger, cipher: ephemeralPiiCipher() });
      await app.ready();
      await blocklistsLoaded();
      const locker = new pg.Client({ connectionString: service.database.url! });
      await locker.connect();
      const application = anApplication();
      const screen = () =>
        app.inject({
          method: 'POST',
          url: '/v1/screenings',
          headers: { authorization: `Bearer ${service!.keys.originator}` },
          payload: application,
        });
      try {
        // EXCLUSIVE lets readers through but blocks every insert into the log.
        await locker.query('begin; lock table decision_log in exclusive mode');
        const refused = await screen();
        expect(refused.statusCode).toBe(503);
        expect(refused.json().code).toBe('DECISION_LOG_UNAVAILABLE');
        expect(refused.json()).not.toHaveProperty('decisionId');
        await locker.query('rollback');

        // The write the caller stopped waiting for may still commit; the retry then returns it.
        const retried = await screen();
        expect(retried.statusCode).toBe(200);
        const again = await screen();
        expect(again.json().decisionId).toBe(retried.json().decisionId);
        const rows = await service.database.db
          .selectFrom('decision_log')
          .select('decision_id')
          .where('application_id', '=', application.applicationId)
          .execute();
        expect(rows.map((r) => r.decision_id)).toEqual([retried.json().decisionId]);
      } finally {
        await locker.end();
        await app.close();
        await database.close();
      }
    });
  },
);
