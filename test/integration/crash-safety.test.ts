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
  });
  await harness.start();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`crash safety (${inject('testDatabase').kind})`, () => {
  it(`loses no acknowledged decision when the process is killed with SIGKILL mid-load, ${CYCLES} times`, async () => {
    for (let i = 0; i < CYCLES; i++) {
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
    process.stdout.write(`[crash-safety] ${JSON.stringify(summary)}\n`);
  }, 120_000);
});
