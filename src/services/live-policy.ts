import type { Logger } from 'pino';
import { builtinPolicy, type PolicyDocument } from '../domain/policy/policy-document.js';
import type { DatabaseHandle } from '../db/connect.js';
import { POLICIES_CHANNEL, type PolicyRepository } from '../db/policy-repository.js';
import { ChangeFollower } from './change-follower.js';

/** The policy this instance decides with: the last one activated, or the built-in one. */
export class LivePolicy {
  private current: PolicyDocument = builtinPolicy;
  private loadedOnce = false;
  private readonly follower: ChangeFollower;

  constructor(
    private readonly repository: PolicyRepository,
    private readonly logger: Logger,
    pollIntervalMs = 5000,
  ) {
    this.follower = new ChangeFollower({
      name: 'policy',
      channel: POLICIES_CHANNEL,
      load: () => this.loadOnce(),
      isStale: async () => ((await this.repository.activeVersion())?.version ?? builtinPolicy.version) !== this.current.version,
      pollIntervalMs,
      logger,
    });
  }

  get document(): PolicyDocument {
    return this.current;
  }

  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** A policy by version, for re-explaining and replaying old decisions. */
  async byVersion(version: string): Promise<PolicyDocument | null> {
    if (version === builtinPolicy.version) return builtinPolicy;
    return (await this.repository.find(version))?.document ?? null;
  }

  start(database: DatabaseHandle): Promise<void> {
    return this.follower.start(database);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  reload(): Promise<void> {
    return this.follower.reload();
  }

  private async loadOnce(): Promise<void> {
    try {
      const active = await this.repository.activeVersion();
      const next = active ? (await this.repository.get(active.version)).document : builtinPolicy;
      if (next.version !== this.current.version) this.logger.info({ policy: next.version }, 'policy activated');
      this.current = next;
      this.loadedOnce = true;
    } catch (error) {
      this.logger.error({ err: error }, 'cannot load the active policy; keeping the previous one');
    }
  }
}
