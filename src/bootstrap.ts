import type { Logger } from 'pino';
import type { Config } from './config.js';
import { ApiKeyRepository } from './db/api-key-repository.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';

/** Opens the configured database, applies migrations and registers ADMIN_API_KEY. */
export async function prepareDatabase(config: Config, logger: Logger, options: { poolSize?: number } = {}): Promise<DatabaseHandle> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: options.poolSize ?? config.DATABASE_POOL_SIZE,
    timeoutMs: config.DATABASE_TIMEOUT_MS,
    logger,
  });
  if (database.kind === 'pglite') {
    logger.warn(
      { location: database.location },
      'no DATABASE_URL: using the embedded PGlite database (one process only; set DATABASE_URL in production)',
    );
  }
  try {
    const { results } = await migrateToLatest(database.db);
    for (const r of results ?? []) logger.info({ migration: r.migrationName, status: r.status }, 'migration');
    if (config.ADMIN_API_KEY) {
      const admin = await new ApiKeyRepository(database.db).ensure({
        secret: config.ADMIN_API_KEY,
        name: 'ADMIN_API_KEY',
        role: 'admin',
      });
      if (admin.revokedAt) logger.warn({ keyId: admin.id }, 'ADMIN_API_KEY is revoked and will be refused');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
