import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CrashHarness, type CrashCycleReport } from '../support/crash-cycle.js';
import { createTestDatabaseUrl } from '../support/test-database.js';

/**
 * Crash safety (issue 6, part 3): the real server process is killed with SIGKILL in the
 * middle of concurrent screening load, three times, and restarted on the same database.
 * `npm run bench:crash` runs the same cycle 20 times (docs/benchmarks.md).
 */
const CYCLES = 3;
// The embedded PGlite answers about a third as fast: kill it earlier, so the test stays quick.
const firstKill = inject('testDatabase').kind === 'postgres' ? 150 : 60;
const step = inject('testDatabase').kind === 'postgres' ? 100 : 40;
const ADMIN_API_KEY = 'test-admin-key-for-the-crash-safety-test-01';

/**
 * Drives `cycles` SIGKILL cycles against one server process started with `extraEnv`, and
 * checks after each that nothing acknowledged was lost and nothing half-written remains.
 */
function crashCycles(label: string, extraEnv: Record<string, string>, cycles: number) {
  let harness: CrashHarness;
  let dataDir: string;
  const reports: CrashCycleReport[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lss-crash-'));
    const url = await createTestDatabaseUrl();
    harness = new CrashHarness({
      ADMIN_API_KEY,
      DATA_DIR: dataDir,
      ...(url ? { DATABASE_URL: url } : {}),
      ...extraEnv,
    });
    await harness.start();
  }, 60_000);

  afterAll(async () => {
    await harness?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no acknowledged decision when ${label} is killed with SIGKILL mid-load, ${cycles} times`, async () => {
    for (let i = 0; i < cycles; i++) {
      // A different moment in each cycle (on PostgreSQL after 150, 250 and 350 answered screenings).
      const killAfter = firstKill + step * i;
      const report = await harness.cycle({ clients: 16, killAfterAcknowledged: killAfter });
      reports.push(report);
      const context = JSON.stringify({ ...report, lost: report.lost.slice(0, 5), altered: report.altered.slice(0, 5) });

      // The kill really came mid-load: answered and unanswered requests on both sides of it.
      expect(report.acknowledged, context).toBeGreaterThanOrEqual(killAfter);
      expect(report.unanswered, context).toBeGreaterThan(0);
      expect(report.otherStatuses, context).toEqual({});

      // Nothing half-written: the chain verifies while the server is down...
      expect(report.verifyWhileDown.code, context).toBe(0);
      expect(report.verifyWhileDown.verdict, context).toMatchObject({ ok: true });
      // ...every acknowledged decision is there, as it was answered...
      expect(report.lost, context).toEqual([]);
      expect(report.altered, context).toEqual([]);
      // ...and every unanswered request, retried with its applicationId, gets its one decision.
      expect(report.retried.failed, context).toEqual([]);
      expect(report.retried.replayed + report.retried.fresh, context).toBe(report.unanswered);
      expect(report.chainAfterRetries, context).toEqual({ ok: true, checked: report.expectedRows });
      expect(report.logRows, context).toBe(report.expectedRows);
      expect(report.strayRows, context).toEqual([]);
    }
    const summary = reports.map((r) => ({
      acknowledged: r.acknowledged,
      unanswered: r.unanswered,
      replayed: r.retried.replayed,
      killedAfterMs: r.killedAfterMs,
      restartMs: r.restartMs,
    }));
    process.stdout.write(`[crash-safety${extraEnv.WORKERS ? ` WORKERS=${extraEnv.WORKERS}` : ''}] ${JSON.stringify(summary)}\n`);
  }, 120_000);
}

describe(`crash safety (${inject('testDatabase').kind})`, () => {
  crashCycles('the process', {}, CYCLES);
});

// Two workers answer, and the primary process writes the log for both (decision-log-channel.ts):
// killing it takes the writer and, with it, both workers.
describe.runIf(inject('testDatabase').kind === 'postgres' && process.platform === 'linux')('crash safety with WORKERS=2 (postgres)', () => {
  crashCycles('the primary process, the log writer of two workers,', { WORKERS: '2' }, 2);
});
