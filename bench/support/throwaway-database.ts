import pg from 'pg';

/** The drops of the databases this process made and has not dropped yet. */
const notDropped = new Set<() => Promise<void>>();

/**
 * A database of its own for one benchmark run on the DATABASE_URL server, dropped
 * afterwards; none (the embedded PGlite) when DATABASE_URL is unset.
 */
export async function throwawayDatabase(prefix: string): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return { url: undefined, drop: async () => {} };
  const name = `${prefix}_${Date.now().toString(36)}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const drop = async () => {
    notDropped.delete(drop);
    await run(`drop database if exists "${name}" with (force)`);
  };
  notDropped.add(drop);
  return { url: url.toString(), drop };
}

/** For a benchmark that fails part-way: drops what it made, so a failed run leaves no database behind. */
export async function dropThrowawayDatabases(): Promise<void> {
  for (const drop of [...notDropped]) await drop().catch(() => {});
}
