import cluster, { type Worker } from 'node:cluster';
import type { Serializable } from 'node:child_process';
import type { Logger } from 'pino';
import type { ChannelEnd } from './db/decision-log-channel.js';

export interface SupervisorOptions {
  workers: number;
  shutdownTimeoutMs: number;
  logger: Logger;
  /** Called for each worker forked (the decision log's writer serves it). */
  onFork?: (worker: ChannelEnd) => void;
  /** Called once every worker has stopped, before the primary exits. */
  onStopped?: () => Promise<void>;
}

/** The primary's end of the IPC channel to one worker. */
function workerChannel(worker: Worker): ChannelEnd {
  return {
    send: (message) => {
      if (worker.isConnected()) worker.send(message as Serializable);
    },
    onMessage: (listener) => worker.on('message', listener),
    onClose: (listener) => worker.once('exit', listener),
  };
}

/** A worker's end of the IPC channel to its primary. */
export function primaryChannel(): ChannelEnd {
  return {
    send: (message) => {
      if (!process.connected || !process.send) throw new Error('the primary process is gone');
      process.send(message as Serializable);
    },
    onMessage: (listener) => process.on('message', listener),
    onClose: (listener) => process.once('disconnect', listener),
  };
}

/**
 * The primary process when WORKERS > 1: forks the workers (each a whole service on the
 * shared port: its own index, models and database pool; their decisions are appended by
 * the primary's one decision-log writer, decision-log-channel.ts), replaces one that
 * dies, and on SIGTERM or SIGINT passes the signal on and exits when they have all
 * finished their in-flight requests.
 */
export function superviseWorkers({ workers, shutdownTimeoutMs, logger, onFork, onStopped }: SupervisorOptions): void {
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    onFork?.(workerChannel(worker));
  };
  for (let i = 0; i < workers; i++) fork();

  cluster.on('exit', (worker: Worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('all workers stopped');
        void (onStopped?.() ?? Promise.resolve()).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error }, 'error while stopping the primary');
            process.exit(1);
          },
        );
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
