import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Chooses the PostgreSQL the integration tests run against, in this order:
 * DATABASE_URL; a throwaway container through testcontainers when Docker is reachable;
 * otherwise the embedded PGlite, announced on a line of its own.
 * With a server, each test file gets its own database named after this run, and the
 * run drops exactly the databases it created.
 */
export interface TestDatabaseTarget {
  kind: 'postgres' | 'pglite';
  /** Connection string of a database on the server to run CREATE DATABASE from. */
  adminUrl?: string;
  /** Every database this run creates starts with this prefix. */
  prefix?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTarget;
  }
}

let teardown: (() => Promise<void>) | undefined;

async function startContainer(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer from Docker')), 5000)),
    ]);
  } catch {
    return null;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  teardown = async () => {
    await container.stop();
  };
  return container.getConnectionUri();
}

async function dropRunDatabases(adminUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL || null;
  let source = 'DATABASE_URL';
  if (!adminUrl) {
    adminUrl = await startContainer();
    source = 'a testcontainers PostgreSQL 16 container';
  }
  if (!adminUrl) {
    process.stdout.write(
      '\n[tests] No DATABASE_URL and no Docker: integration tests run on the embedded PGlite, not on a PostgreSQL server.\n\n',
    );
    project.provide('testDatabase', { kind: 'pglite' });
    return async () => {};
  }
  const prefix = `lss_test_${Date.now().toString(36)}_${process.pid}_`;
  process.stdout.write(`\n[tests] Integration tests run on PostgreSQL from ${source}; databases ${prefix}*\n\n`);
  project.provide('testDatabase', { kind: 'postgres', adminUrl, prefix });
  return async () => {
    await dropRunDatabases(adminUrl, prefix);
    await teardown?.();
  };
}
