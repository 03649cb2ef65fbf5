/**
 * Crash safety over many runs: the cycle of test/integration/crash-safety.test.ts (concurrent
 * screenings against the real server process, SIGKILL mid-load, `audit verify` from the CLI
 * while it is down, restart on the same database, every acknowledged decision read back,
 * the unanswered requests retried with their applicationId) repeated N times on one database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:crash
 *   CRASH_RUNS=50 CRASH_CLIENTS=32 DATABASE_URL=… npm run bench:crash
 *   CRASH_WORKERS=2 DATABASE_URL=… npm run bench:crash   (WORKERS=2: kills the primary, the log writer)
 *
 * Creates a database of its own on the server of DATABASE_URL and drops it at the end.
 * Without DATABASE_URL it runs on PGlite in a temporary DATA_DIR. Prints one line per run and
 * a final JSON line; exits 1 if any run lost or altered an acknowledged decision or broke the chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CrashHarness, type CrashCycleReport } from '../test/support/crash-cycle.js';

const RUNS = Number(process.env.CRASH_RUNS ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 16);

async function serverDatabase(): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return { url: undefined, drop: async () => {} };
  const name = `lss_crash_${Date.now().toString(36)}`;
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
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}

/** Whether a run kept every promise: nothing lost or altered, the chain whole, every retry answered once. */
function passed(r: CrashCycleReport): boolean {
  return (
    r.lost.length === 0 &&
    r.altered.length === 0 &&
    r.verifyWhileDown.code === 0 &&
    r.verifyWhileDown.verdict?.ok === true &&
    r.retried.failed.length === 0 &&
    r.chainAfterRetries.ok &&
    r.chainAfterRetries.checked === r.expectedRows &&
    r.logRows === r.expectedRows &&
    r.strayRows.length === 0 &&
    Object.keys(r.otherStatuses).length === 0
  );
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'lss-crash-bench-'));
  const database = await serverDatabase();
  const harness = new CrashHarness({
    ADMIN_API_KEY: 'bench-admin-key-for-the-crash-safety-cycle',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    // CRASH_WORKERS=2: the primary, which writes the log for both workers, is what gets killed.
    ...(process.env.CRASH_WORKERS ? { WORKERS: process.env.CRASH_WORKERS } : {}),
  });
  const reports: CrashCycleReport[] = [];
  const started = performance.now();
  try {
    await harness.start();
    for (let i = 0; i < RUNS; i++) {
      // Kill at a different moment each run: after 100 to ~500 answered screenings.
      const killAfter = 100 + ((i * 137) % 400);
      const r = await harness.cycle({ clients: CLIENTS, killAfterAcknowledged: killAfter });
      reports.push(r);
      process.stdout.write(
        `run ${String(r.cycle).padStart(2)}: kill after ${killAfter} → acknowledged ${r.acknowledged}, unanswered ${r.unanswered}` +
          ` (retried: ${r.retried.replayed} replayed, ${r.retried.fresh} fresh, ${r.retried.failed.length} failed),` +
          ` lost ${r.lost.length}, altered ${r.altered.length}, verify while down ${r.verifyWhileDown.verdict?.ok ? 'ok' : 'FAILED'}` +
          ` (${r.verifyWhileDown.verdict?.checked ?? '?'} records), log ${r.logRows}/${r.expectedRows} rows,` +
          ` killed after ${r.killedAfterMs} ms, restart ${r.restartMs} ms${passed(r) ? '' : '  ← FAILED'}\n`,
      );
      if (!passed(r)) process.stdout.write(`${JSON.stringify(r)}\n`);
    }
  } finally {
    await harness.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const sum = (f: (r: CrashCycleReport) => number) => reports.reduce((s, r) => s + f(r), 0);
  const summary = {
    date: new Date().toISOString(),
    node: process.version,
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}, ${Math.round(totalmem() / 1024 ** 3)} GB`,
    database: database.url ? 'postgres' : 'pglite',
    runs: reports.length,
    clients: CLIENTS,
    passedRuns: reports.filter(passed).length,
    acknowledged: sum((r) => r.acknowledged),
    lost: sum((r) => r.lost.length),
    altered: sum((r) => r.altered.length),
    unanswered: sum((r) => r.unanswered),
    retriedReplayed: sum((r) => r.retried.replayed),
    retriedFresh: sum((r) => r.retried.fresh),
    retriedFailed: sum((r) => r.retried.failed.length),
    finalLogRows: reports.at(-1)?.logRows ?? 0,
    chainOkEveryRun: reports.every((r) => r.verifyWhileDown.verdict?.ok === true && r.chainAfterRetries.ok),
    medianRestartMs: [...reports.map((r) => r.restartMs)].sort((a, b) => a - b)[Math.floor(reports.length / 2)] ?? null,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (summary.passedRuns !== reports.length || reports.length !== RUNS) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
