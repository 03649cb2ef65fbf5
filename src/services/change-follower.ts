import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connect.js';

export interface FollowerOptions {
  /** What is followed, for log lines. */
  name: string;
  /** NOTIFY channel on which changes are announced. */
  channel: string;
  /** Loads the current state and swaps it in; must keep the previous state on failure. */
  load: () => Promise<void>;
  /** Cheap check whether the loaded state is behind the database (the safety net). */
  isStale: () => Promise<boolean>;
  pollIntervalMs: number;
  logger: Logger;
}

/**
 * Keeps something loaded from the database current on every instance: reloads on each
 * NOTIFY (and after the listening connection reconnects), and checks for staleness on a
 * timer in case a notification was missed. Reloads never overlap; requests that arrive
 * during one coalesce into a single further pass.
 */
export class ChangeFollower {
  private reloading: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly options: FollowerOptions) {}

  async start(database: DatabaseHandle): Promise<void> {
    this.stopListening = await database.listen(
      this.options.channel,
      () => void this.reload(),
      () => void this.reload(),
    );
    await this.reload();
    this.poller = setInterval(() => void this.reloadIfStale(), this.options.pollIntervalMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.poller);
    await this.stopListening?.();
    await this.reloading?.catch(() => {});
  }

  /** Asks for another pass after the current one: the state changed while it was read. */
  requestAnotherPass(): void {
    this.again = true;
  }

  reload(): Promise<void> {
    if (this.reloading) {
      this.again = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.again = false;
          await this.options.load();
        } while (this.again);
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private async reloadIfStale(): Promise<void> {
    try {
      if (await this.options.isStale()) await this.reload();
    } catch (error) {
      this.options.logger.warn({ err: error }, `cannot check whether the ${this.options.name} changed`);
    }
  }
}
