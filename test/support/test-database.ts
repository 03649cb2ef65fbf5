import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** The connection string of a new, empty database for one test file, or null for PGlite. */
export async function createTestDatabaseUrl(): Promise<string | null> {
  const target = inject('testDatabase');
  if (target.kind === 'pglite' || !target.adminUrl) return null;
  const name = `${target.prefix}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: target.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const silentLogger = pino({ level: 'silent' });

/** A migrated database of its own for one test file. */
export async function openTestDatabase(): Promise<DatabaseHandle & { url: string | null }> {
  const url = await createTestDatabaseUrl();
  const handle = await openDatabase({
    databaseUrl: url ?? undefined,
    dataDir: 'memory://',
    poolSize: 10,
    timeoutMs: 5000,
    logger: silentLogger,
  });
  await migrateToLatest(handle.db);
  return { ...handle, url };
}
