import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from './database.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** 'postgres' for a server reached through DATABASE_URL, 'pglite' for the embedded one. */
  kind: 'postgres' | 'pglite';
  /** Where the data lives, without credentials. */
  location: string;
  /**
   * Calls `onMessage` for each NOTIFY on `channel`, from any instance on the database.
   * Resolves to a function that stops listening. Reconnects by itself after a lost
   * connection; `onReconnect` lets the caller catch up on what it may have missed.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs a statement as a named prepared statement on a pooled connection (each
   * connection parses and plans it once), for a hot statement whose parsing costs more
   * than its execution. Only on a PostgreSQL server; PGlite runs statements through `db`.
   */
  runPrepared?: PreparedRunner;
  close(): Promise<void>;
}

/** Runs `text` with `values` as the prepared statement `name`; resolves to the rows it affected. */
export type PreparedRunner = (name: string, text: string, values: unknown[]) => Promise<number>;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Directory for the embedded database; `memory://` keeps it in memory. */
  dataDir: string;
  poolSize: number;
  timeoutMs: number;
  logger: Logger;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options, options.databaseUrl) : openPglite(options);
}

function openPostgres(options: DatabaseOptions, url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: options.timeoutMs,
    // Fail fast rather than hang: the server cancels slow statements, and the client gives
    // up on a server that stops answering altogether.
    statement_timeout: options.timeoutMs * 5,
    query_timeout: options.timeoutMs * 5 + 1000,
    keepAlive: true,
    application_name: 'loan-screening',
  });
  // A client losing its connection must not crash the process, idle (the pool's 'error')
  // or checked out between two queries (the client's own 'error', which nothing else
  // listens to); the query in flight fails on its own, and the pool replaces the client.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'idle database connection lost'));
  pool.on('connect', (client) => {
    client.on('error', (error) => options.logger.warn({ err: error }, 'database connection lost'));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    kind: 'postgres',
    location: `${parsed.host}${parsed.pathname}`,
    listen: (channel, onMessage, onReconnect) => listenOnServer(url, channel, options, onMessage, onReconnect),
    runPrepared: async (name, text, values) => (await pool.query({ name, text, values })).rowCount ?? 0,
    close: () => db.destroy(),
  };
}

/** LISTEN needs a connection of its own, outside the pool, kept open and re-opened. */
async function listenOnServer(
  url: string,
  channel: string,
  options: DatabaseOptions,
  onMessage: (payload: string) => void,
  onReconnect?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs, keepAlive: true });
    next.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    next.on('error', (error) => {
      options.logger.warn({ err: error, channel }, 'notification connection lost; reconnecting');
      scheduleReconnect();
    });
    next.on('end', () => scheduleReconnect());
    await next.connect();
    await next.query(`listen "${channel.replaceAll('"', '""')}"`);
    client = next;
    if (isReconnect) onReconnect?.();
  };
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    client = null;
    retry = setTimeout(() => {
      retry = undefined;
      connect(true).catch((error: unknown) => {
        options.logger.warn({ err: error, channel }, 'cannot reconnect for notifications; retrying');
        scheduleReconnect();
      });
    }, 1000);
    retry.unref();
  };
  try {
    await connect(false);
  } catch (error) {
    options.logger.warn({ err: error, channel }, 'cannot listen for notifications yet; retrying');
    scheduleReconnect();
  }
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const current = client as pg.Client | null;
    client = null;
    await current?.end().catch(() => {});
  };
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  let location = options.dataDir;
  if (!location.startsWith('memory://')) {
    location = resolve(options.dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    location,
    listen: async (channel, onMessage) => {
      const stop = await client.listen(channel, onMessage);
      return async () => {
        if (!client.closed) await stop();
      };
    },
    close: () => db.destroy(),
  };
}

/** True when the database answers a trivial query within the timeout. */
export async function databaseIsReachable(db: Kysely<Database>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((done) => {
    timer = setTimeout(() => done(false), timeoutMs);
  });
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
