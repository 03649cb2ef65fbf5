import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDependencies, type BuiltApp } from '../../src/app.js';
import { configSchema } from '../../src/config.js';
import { ApiKeyRepository } from '../../src/db/api-key-repository.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { openTestDatabase, silentLogger } from './test-database.js';
import type { PiiCipher } from '../../src/domain/privacy/pii-cipher.js';
import { ephemeralPiiCipher } from '../../src/pii-keys.js';

export interface TestService extends BuiltApp {
  database: DatabaseHandle & { url: string | null };
  /** The PII cipher the service seals with (for a second writer on the same log). */
  cipher: PiiCipher;
  /** A key per role, created in the test database. */
  keys: Record<Role, string>;
  keyIds: Record<Role, string>;
  request(options: {
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
    url: string;
    role?: Role | null;
    key?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** The whole service over a database of its own, with one API key for each role. */
export async function startTestService(
  overrides: Partial<AppDependencies> = {},
  env: Record<string, string> = {},
): Promise<TestService> {
  const database = await openTestDatabase();
  const config = configSchema.parse({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ...env });
  const cipher = overrides.cipher ?? ephemeralPiiCipher();
  const built = await buildApp({ config, database, logger: silentLogger, ...overrides, cipher });
  await built.app.ready();
  await built.blocklistsLoaded();
  const repo = new ApiKeyRepository(database.db);
  const keys = {} as Record<Role, string>;
  const keyIds = {} as Record<Role, string>;
  for (const role of roles) {
    const created = await repo.create({ name: `test ${role}`, role });
    keys[role] = created.key;
    keyIds[role] = created.summary.id;
  }
  const app: FastifyInstance = built.app;
  return {
    ...built,
    database,
    cipher,
    keys,
    keyIds,
    request: ({ method, url, role = 'admin', key, body, headers = {} }) => {
      const secret = key ?? (role ? keys[role] : undefined);
      return app.inject({
        method,
        url,
        headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
