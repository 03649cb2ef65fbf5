import pg from 'pg';

/**
 * What the PostgreSQL server wrote during a benchmark phase: WAL bytes, full-page images,
 * WAL segment files it had to create, and checkpoints. These are server-wide counters, so
 * they describe the phase only on a machine where nothing else writes to that server.
 * A slow commit of the decision log is often one of these (a checkpoint's sync, a new
 * 16 MB segment zero-filled), so the load report puts them beside each phase's latency.
 */
export interface PostgresActivity {
  walBytes: number;
  fullPageImages: number | null;
  walSegments: number | null;
  checkpoints: number;
}

export async function postgresActivity(connectionString: string): Promise<PostgresActivity> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const lsn = await client.query<{ bytes: string }>(`select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text as bytes`);
    const checkpoints = await client.query<{ n: string }>(`select (checkpoints_timed + checkpoints_req)::text as n from pg_stat_bgwriter`);
    // pg_stat_wal (PostgreSQL 14+) and pg_ls_waldir (superuser or pg_monitor) may be out of reach.
    const optional = async <T>(statement: string, read: (row: Record<string, string>) => T): Promise<T | null> => {
      try {
        const result = await client.query<Record<string, string>>(statement);
        return result.rows[0] ? read(result.rows[0]) : null;
      } catch {
        return null;
      }
    };
    return {
      walBytes: Number(lsn.rows[0]!.bytes),
      fullPageImages: await optional(`select wal_fpi::text as n from pg_stat_wal`, (row) => Number(row.n)),
      walSegments: await optional(`select count(*)::text as n from pg_ls_waldir()`, (row) => Number(row.n)),
      checkpoints: Number(checkpoints.rows[0]!.n),
    };
  } finally {
    await client.end();
  }
}

/** The difference between two readings, per decision where that reads better. */
export function postgresActivityDuring(before: PostgresActivity, after: PostgresActivity, decisions: number) {
  const walBytes = after.walBytes - before.walBytes;
  const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return {
    walMegabytes: +(walBytes / 1e6).toFixed(1),
    walBytesPerDecision: decisions > 0 ? Math.round(walBytes / decisions) : null,
    fullPageImages: minus(after.fullPageImages, before.fullPageImages),
    /** Segment files added to pg_wal (negative when a checkpoint removed more than were made). */
    walSegmentsAdded: minus(after.walSegments, before.walSegments),
    checkpoints: after.checkpoints - before.checkpoints,
  };
}
