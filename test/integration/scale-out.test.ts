import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ApiKeyRepository } from '../../src/db/api-key-repository.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { builtinPolicy } from '../../src/domain/policy/policy-document.js';
import { ephemeralPiiCipher } from '../../src/pii-keys.js';
import { anApplication } from '../fixtures/applications.js';
import { createTestDatabaseUrl, silentLogger } from '../support/test-database.js';

/**
 * Scale-out (issue 6, part 6): two instances of the service on ONE PostgreSQL database,
 * as behind a load balancer. A policy, a blocklist and a model changed through instance A
 * are served by instance B within seconds (LISTEN/NOTIFY, with polling as the safety net),
 * and concurrent screenings through both leave one valid decision chain.
 */
const onServer = inject('testDatabase').kind === 'postgres';
const PROPAGATION_LIMIT_MS = 10_000;

interface Instance {
  name: 'A' | 'B';
  database: DatabaseHandle;
  built: BuiltApp;
}

let instances: Instance[] = [];
const keys = {} as Record<Role, string>;
const propagation: Record<string, number> = {};

function call(instance: Instance, method: 'GET' | 'POST', url: string, role: Role, body?: unknown): Promise<LightMyRequestResponse> {
  return instance.built.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${keys[role]}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

async function readiness(instance: Instance) {
  return (await instance.built.app.inject({ method: 'GET', url: '/readyz' })).json() as {
    checks: { blocklists: { version: string | null; lastError?: string }; riskModels: { active: string | null; activeIsDefault: boolean; shadow: string | null } };
    versions: { policy: string };
  };
}

/** Polls until `check` holds and returns how long that took; fails after PROPAGATION_LIMIT_MS. */
async function until(what: string, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < PROPAGATION_LIMIT_MS) {
    if (await check()) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: not seen within ${PROPAGATION_LIMIT_MS} ms`);
}

describe.runIf(onServer)('two instances on one PostgreSQL database', () => {
  const [a, b] = [() => instances[0]!, () => instances[1]!];

  beforeAll(async () => {
    const url = (await createTestDatabaseUrl())!;
    const cipher = ephemeralPiiCipher(); // one key set, as every instance of a deployment shares PII_KEYS
    for (const name of ['A', 'B'] as const) {
      const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://', poolSize: 10, timeoutMs: 5000, logger: silentLogger });
      if (name === 'A') await migrateToLatest(database.db);
      // The default 5 s safety-net poll: propagation well under it shows LISTEN/NOTIFY at work.
      const config = configSchema.parse({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
      const built = await buildApp({ config, database, logger: silentLogger, cipher });
      await built.app.ready();
      await built.blocklistsLoaded();
      instances.push({ name, database, built });
    }
    const repository = new ApiKeyRepository(a().database.db);
    for (const role of roles) keys[role] = (await repository.create({ name: `scale-out ${role}`, role })).key;
  }, 60_000);

  afterAll(async () => {
    for (const { built, database } of instances) {
      await built.app.close();
      await database.close();
    }
    instances = [];
    process.stdout.write(`[scale-out] propagation from A to B (ms): ${JSON.stringify(propagation)}\n`);
  });

  it('serves on B a policy stored and activated through A', async () => {
    const version = 'scale-out-strict-dti';
    const stricter = { ...builtinPolicy, version, description: 'Review from a debt-to-income of 0.30', hardRules: { ...builtinPolicy.hardRules, reviewDebtToIncome: 0.3 } };
    expect((await call(a(), 'POST', '/v1/policies', 'admin', stricter)).statusCode).toBe(201);
    expect((await call(a(), 'POST', `/v1/policies/${version}/activate`, 'admin')).statusCode).toBe(200);

    propagation.policy = await until('B serving the new policy', async () => (await readiness(b())).versions.policy === version);
    const borderline = anApplication({ financials: { monthlyDebtPayments: 4_000_000, monthlyIncome: 18_000_000 } });
    const decision = (await call(b(), 'POST', '/v1/screenings', 'originator', borderline)).json();
    expect(decision).toMatchObject({ decision: 'review', versions: { policy: version } });
    expect(decision.reasons[0].code).toBe('DTI_ABOVE_LIMIT');
  });

  it('serves on B a blocklist created and filled through A, and screens against it', async () => {
    const created = await call(a(), 'POST', '/v1/lists', 'analyst', { name: 'scale-out-fraud', kind: 'fraud', action: 'reject' });
    expect(created.statusCode).toBe(201);
    const added = await call(a(), 'POST', '/v1/lists/scale-out-fraud/entries', 'analyst', {
      externalId: 'SO-0001',
      fullName: 'Hoàng Văn Scale',
      datesOfBirth: ['1979-03-03'],
      identifiers: [{ type: 'CCCD', number: '001079000777', country: 'VN' }],
      nationalities: ['VN'],
    });
    expect(added.statusCode).toBe(200);
    // A reloads before answering (read your own writes); B follows.
    const onA = (await readiness(a())).checks.blocklists;
    expect(onA.version).toBe('scale-out-fraud@2');
    propagation.blocklist = await until('B serving the list version A serves', async () => (await readiness(b())).checks.blocklists.version === onA.version);

    const listed = anApplication({ applicant: { fullName: 'Someone Else', nationalId: { type: 'CCCD', number: '001-079-000-777', country: 'VN' } } });
    const decision = (await call(b(), 'POST', '/v1/screenings', 'originator', listed)).json();
    expect(decision).toMatchObject({ decision: 'reject', blocklist: { status: 'hit' }, versions: { blocklists: 'scale-out-fraud@2' } });
    expect(decision.blocklist.hits[0]).toMatchObject({ listName: 'scale-out-fraud', strength: 'strong', action: 'reject' });
  });

  it('serves on B the model promoted, shadowed and retired through A', async () => {
    const shipped = JSON.parse(readFileSync(new URL('../../models/default/model.json', import.meta.url), 'utf8')) as { modelId: string };
    const before = (await readiness(b())).checks.riskModels;
    expect(before).toMatchObject({ active: shipped.modelId, activeIsDefault: true, shadow: null });

    expect((await call(a(), 'POST', `/v1/models/${shipped.modelId}/promote`, 'analyst', { note: 'scale-out test' })).statusCode).toBe(200);
    propagation.modelPromote = await until('B serving the promoted model', async () => {
      const models = (await readiness(b())).checks.riskModels;
      return models.active === shipped.modelId && !models.activeIsDefault;
    });

    // A second model: the shipped artifact registered again under another id.
    const copyId = 'rm-5ca1e0000001';
    const artifact = (await call(a(), 'GET', `/v1/models/${shipped.modelId}/artifact`, 'analyst')).json();
    expect((await call(a(), 'POST', '/v1/models', 'analyst', { ...artifact, modelId: copyId })).statusCode).toBe(201);
    expect((await call(a(), 'POST', `/v1/models/${copyId}/shadow`, 'analyst', { note: 'scale-out test' })).statusCode).toBe(200);
    propagation.modelShadow = await until('B scoring with the shadow model', async () => (await readiness(b())).checks.riskModels.shadow === copyId);
    const decision = (await call(b(), 'POST', '/v1/screenings', 'originator', anApplication())).json();
    expect(decision.versions).toMatchObject({ riskModel: shipped.modelId, shadowModel: copyId });

    expect((await call(a(), 'POST', `/v1/models/${copyId}/retire`, 'analyst', { note: 'scale-out test' })).statusCode).toBe(200);
    propagation.modelRetire = await until('B dropping the retired shadow', async () => (await readiness(b())).checks.riskModels.shadow === null);
  });

  it('keeps one valid chain under concurrent screenings through both instances', async () => {
    const perInstance = 200;
    const results = await Promise.all(
      instances.flatMap((instance) =>
        Array.from({ length: perInstance }, () => call(instance, 'POST', '/v1/screenings', 'originator', anApplication())),
      ),
    );
    expect(results.map((r) => r.statusCode).filter((s) => s !== 200)).toEqual([]);
    const decisionIds = new Set(results.map((r) => r.json().decisionId as string));
    expect(decisionIds.size).toBe(2 * perInstance);

    const { count } = await a()
      .database.db.selectFrom('decision_log')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    for (const instance of instances) {
      const verdict = (await call(instance, 'GET', '/v1/audit/verify', 'auditor')).json();
      expect(verdict, `verified through ${instance.name}`).toMatchObject({ ok: true, checked: Number(count) });
    }
    // Both instances wrote into the same sequence: no gaps, no duplicates.
    const seqs = await a().database.db.selectFrom('decision_log').select('seq').orderBy('seq').execute();
    expect(seqs.map((r) => Number(r.seq))).toEqual(Array.from({ length: Number(count) }, (_, i) => i + 1));
  }, 60_000);
});

if (!onServer) {
  process.stdout.write(
    '\n[scale-out] not run: needs a PostgreSQL server (PGlite admits one process and cannot be shared by two instances); set DATABASE_URL, as CI does\n\n',
  );
}
