import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { primaryChannel, superviseWorkers } from './cluster.js';
import { DecisionLog } from './db/decision-log.js';
import { DecisionLogServer, RemoteDecisionLog } from './db/decision-log-channel.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { loadPiiCipher } from './pii-keys.js';

/** The process: configuration, database, HTTP server and graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const cipher = loadPiiCipher(config, logger);
  if (config.WORKERS > 1 && cluster.isPrimary) {
    // Once, before the workers start: migrations, the admin key, a generated PII key.
    // Then it stays the one writer of the decision log, for every worker's decisions.
    const prepared = await prepareDatabase(config, logger, { poolSize: Math.min(config.DATABASE_POOL_SIZE, 4) });
    const writer = new DecisionLogServer(
      (observe) => new DecisionLog(prepared.db, cipher, logger, config.DECISION_LOG_MAX_BATCH, observe, prepared.runPrepared),
      logger,
    );
    superviseWorkers({
      workers: config.WORKERS,
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      logger,
      onFork: (worker) => writer.serve(worker),
      onStopped: async () => {
        await writer.close();
        await prepared.close();
      },
    });
    return;
  }
  const database = await prepareDatabase(config, logger);
  const { app, blocklistsLoaded } = await buildApp({
    config,
    database,
    logger,
    cipher,
    ...(cluster.isWorker ? { decisionLog: (observe) => new RemoteDecisionLog(primaryChannel(), observe) } : {}),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing those in flight');
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    try {
      await app.close(); // stops accepting, waits for in-flight requests, flushes the decision log
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  if (cluster.isWorker) {
    // The primary hands connections to every worker that listens, ready or not: a worker
    // listens once its lists, models and policy are loaded (or failed to load, which
    // /readyz then reports), so no request lands on a worker still loading.
    await app.ready();
    await blocklistsLoaded().catch(() => {});
  }
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
