/**
 * Streams 100,000 decisions out of GET /v1/decisions/export (NDJSON and CSV) and samples
 * the server's memory while it does: the export must not grow with the number of rows.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/decision-export.ts     (EXPORT_ROWS)
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { ApiKeyRepository } from '../src/db/api-key-repository.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { LoanApplication } from '../src/domain/screening/application.js';
import { exampleApplication } from '../src/domain/screening/example-application.js';
import { ephemeralPiiCipher } from '../src/pii-keys.js';
import { dropThrowawayDatabases, throwawayDatabase } from './support/throwaway-database.js';

const ROWS = Number(process.env.EXPORT_ROWS ?? 100_000);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main() {
  const server = await throwawayDatabase('lss_export');
  const logger = pino({ level: 'silent' });
  const database = await openDatabase({ databaseUrl: server.url, dataDir: 'memory://', poolSize: 10, timeoutMs: 10_000, logger });
  await migrateToLatest(database.db);
  const config = configSchema.parse({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', DECISION_LOG_MAX_BATCH: '1000' });
  const built = await buildApp({ config, database, logger, cipher: ephemeralPiiCipher() });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  await built.blocklistsLoaded();
  const { key, summary } = await new ApiKeyRepository(database.db).create({ name: 'export', role: 'admin' });

  const filled = performance.now();
  for (let done = 0; done < ROWS; done += 1000) {
    await Promise.all(
      Array.from({ length: Math.min(1000, ROWS - done) }, (_, i) => {
        const application = structuredClone(exampleApplication) as LoanApplication;
        application.applicationId = `EXPORT-${done + i}`;
        return built.decisionLog.append({
          decisionId: randomUUID(),
          applicationId: application.applicationId,
          apiKeyId: summary.id,
          requestHash: 'e'.repeat(64),
          outcome: 'accept',
          reasons: [{ code: 'ALL_RULES_PASSED', severity: 'info', message: 'The application passed every rule the active policy applies.' }],
          application,
          blocklist: { status: 'not_configured', detail: 'bench' },
          risk: { status: 'not_configured', detail: 'bench' },
          versions: { policy: 'bench', riskModel: null, shadowModel: null, blocklists: null },
          latencyMs: 1,
          decidedAt: new Date().toISOString(),
        });
      }),
    );
  }
  const fillSeconds = (performance.now() - filled) / 1000;

  const results = [];
  for (const format of ['ndjson', 'csv'] as const) {
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakHeap = baseline.heapUsed;
    let peakRss = baseline.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 50);
    const started = performance.now();
    const response = await fetch(`${address}/v1/decisions/export?format=${format}`, { headers: { authorization: `Bearer ${key}` } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    clearInterval(sampler);
    results.push({
      format,
      status: response.status,
      lines,
      megabytes: mb(bytes),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      heapBaselineMb: mb(baseline.heapUsed),
      heapPeakMb: mb(peakHeap),
      rssBaselineMb: mb(baseline.rss),
      rssPeakMb: mb(peakRss),
    });
  }
  await built.app.close();
  await database.close();
  await server.drop();
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: `${cpus().length} x ${cpus()[0]?.model}`, rows: ROWS, fillSeconds: Math.round(fillSeconds), results }, null, 2)}\n`);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  await dropThrowawayDatabases();
  process.exit(1);
});
