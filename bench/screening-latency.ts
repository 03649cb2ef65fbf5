import { ephemeralPiiCipher } from '../src/pii-keys.js';
/**
 * Latency of one screening end to end (HTTP + validation + decision + durable log write),
 * sequentially and with concurrent clients, beside the in-process cost of the decision
 * alone. Runs against DATABASE_URL when set, otherwise the embedded PGlite in a temp dir.
 *
 *   npm run bench                       # PGlite
 *   DATABASE_URL=postgres://… npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { dropThrowawayDatabases, throwawayDatabase } from './support/throwaway-database.js';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { ApiKeyRepository } from '../src/db/api-key-repository.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { builtinPolicy } from '../src/domain/policy/policy-document.js';
import type { LoanApplication } from '../src/domain/screening/application.js';
import { exampleApplication } from '../src/domain/screening/example-application.js';
import { noBlocklists, noRiskModel } from '../src/domain/screening/ports.js';
import { screenApplication } from '../src/domain/screening/screen-application.js';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 4000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let seq = 0;
function application(): LoanApplication {
  seq += 1;
  const a = structuredClone(exampleApplication) as LoanApplication;
  a.applicationId = `BENCH-${process.pid}-${seq}`;
  a.financials.monthlyIncome = 8_000_000 + (seq % 40) * 500_000;
  a.loan.amount = 10_000_000 + (seq % 25) * 4_000_000;
  return a;
}

async function main() {
  const logger = pino({ level: 'silent' });
  const dataDir = mkdtempSync(join(tmpdir(), 'lss-bench-'));
  const server = await throwawayDatabase('lss_bench');
  const database = await openDatabase({ databaseUrl: server.url, dataDir, poolSize: 10, timeoutMs: 5000, logger });
  await migrateToLatest(database.db);
  const config = configSchema.parse({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const { app } = await buildApp({ config, database, logger, cipher: ephemeralPiiCipher() });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await new ApiKeyRepository(database.db).create({ name: 'bench', role: 'originator' });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const screen = async () => {
    const response = await fetch(`${address}/v1/screenings`, { method: 'POST', headers, body: JSON.stringify(application()) });
    if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };

  for (let i = 0; i < 100; i++) await screen(); // warm-up

  const latencies: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t0 = performance.now();
    await screen();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);

  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < CONCURRENT) {
        next += 1;
        await screen();
      }
    }),
  );
  const concurrentSeconds = (performance.now() - t0) / 1000;

  // The decision alone, in process: no HTTP, no database.
  const inputs = Array.from({ length: 1000 }, application);
  const n = 200_000;
  const t1 = performance.now();
  for (let i = 0; i < n; i++) {
    screenApplication(inputs[i % inputs.length]!, { blocklists: noBlocklists, risk: noRiskModel, policy: builtinPolicy, now: new Date() });
  }
  const computePerSecond = n / ((performance.now() - t1) / 1000);

  await app.close();
  await database.close();
  await server.drop();
  rmSync(dataDir, { recursive: true, force: true });

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    database: database.kind,
    sequential: {
      requests: SEQUENTIAL,
      p50Ms: +percentile(latencies, 50).toFixed(2),
      p95Ms: +percentile(latencies, 95).toFixed(2),
      p99Ms: +percentile(latencies, 99).toFixed(2),
    },
    concurrent: { requests: CONCURRENT, clients: CLIENTS, perSecond: Math.round(CONCURRENT / concurrentSeconds) },
    inProcessDecisionsPerSecond: Math.round(computePerSecond),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  await dropThrowawayDatabases();
  process.exit(1);
});
