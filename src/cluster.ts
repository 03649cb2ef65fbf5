import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

export interface SupervisorOptions {
  workers: number;
  shutdownTimeoutMs: number;
  logger: Logger;
}

/**
 * The primary process when WORKERS > 1: forks the workers (each a whole service on the
 * shared port: its own index, models and database pool; the decision log's advisory lock
 * keeps one chain), replaces one that dies, and on SIGTERM or SIGINT passes the signal
 * on and exits when they have all finished their in-flight requests.
 */
export function superviseWorkers({ workers, shutdownTimeoutMs, logger }: SupervisorOptions): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < workers; i++) fork();

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('all workers stopped');
        process.exit(0);
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(fork, 1000).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: Object.keys(cluster.workers ?? {}).length }, 'shutting down the workers');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    // Workers have their own SHUTDOWN_TIMEOUT_MS; this is the backstop.
    setTimeout(() => {
      logger.error('workers took too long to stop; exiting');
      process.exit(1);
    }, shutdownTimeoutMs + 2000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
