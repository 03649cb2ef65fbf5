import type { Logger } from 'pino';
import type { BlocklistEntry, ScreeningSubject } from '../domain/blocklist/entry.js';
import { listsVersionLabel, type Blocklist } from '../domain/blocklist/list.js';
import { DomainError } from '../domain/errors.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { BlocklistHit, BlocklistSection } from '../domain/screening/decision.js';
import type { BlocklistScreener } from '../domain/screening/ports.js';
import { BLOCKLIST_CHANNEL, type BlocklistRepository } from '../db/blocklist-repository.js';
import { ChangeFollower } from './change-follower.js';
import type { DatabaseHandle } from '../db/connect.js';

/** What the in-memory matcher needs to know about each list. */
export interface IndexedList {
  id: string;
  name: string;
  kind: Blocklist['kind'];
  action: Blocklist['action'];
  strongThreshold: number;
  reviewThreshold: number;
  version: number;
}

export interface IndexedEntry {
  id: string;
  listId: string;
  entry: BlocklistEntry;
}

export interface BlocklistMatcher {
  screen(subject: ScreeningSubject): BlocklistHit[];
}

export type BuildMatcher = (lists: IndexedList[], entries: IndexedEntry[]) => BlocklistMatcher;

export function subjectOf(application: LoanApplication): ScreeningSubject {
  const { applicant } = application;
  return {
    fullName: applicant.fullName,
    dateOfBirth: applicant.dateOfBirth,
    nationalId: applicant.nationalId,
    nationality: applicant.nationality,
  };
}

interface Loaded {
  lists: IndexedList[];
  matcher: BlocklistMatcher;
  label: string | null;
  signature: string;
  entryCount: number;
}

const signatureOf = (lists: Array<{ id: string; version: number }>) =>
  lists
    .map((l) => `${l.id}:${l.version}`)
    .sort()
    .join(',');

/**
 * The blocklists this instance screens against: loaded in full from the database into
 * an in-memory index, swapped atomically when a list changes on any instance
 * (LISTEN/NOTIFY, with a periodic version check as a safety net). Until the first full
 * load it refuses to screen, so nothing is ever screened against a partial list.
 */
export class LiveBlocklists implements BlocklistScreener {
  private loaded: Loaded | null = null;
  private lastError: string | null = null;
  private readonly follower: ChangeFollower;

  constructor(
    private readonly repository: BlocklistRepository,
    private readonly buildMatcher: BuildMatcher,
    private readonly logger: Logger,
    pollIntervalMs = 5000,
  ) {
    this.follower = new ChangeFollower({
      name: 'blocklists',
      channel: BLOCKLIST_CHANNEL,
      load: () => this.loadOnce(),
      isStale: async () => !this.loaded || signatureOf(await this.repository.all()) !== this.loaded.signature,
      pollIntervalMs,
      logger,
    });
  }

  get version(): string | null {
    return this.loaded?.label ?? null;
  }

  /** Readiness: loaded in full, with what is served. */
  status() {
    return {
      loaded: this.loaded !== null,
      version: this.version,
      lists: this.loaded?.lists.length ?? 0,
      entries: this.loaded?.entryCount ?? 0,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  screen(application: LoanApplication): BlocklistSection {
    const loaded = this.loaded;
    if (!loaded) {
      throw new DomainError('BLOCKLISTS_LOADING', 'The blocklists are still loading; retry shortly.');
    }
    if (loaded.lists.length === 0) {
      return { status: 'not_configured', detail: 'No blocklist has been created on this service.' };
    }
    const hits = loaded.matcher.screen(subjectOf(application));
    return { status: hits.length > 0 ? 'hit' : 'clear', listsVersion: loaded.label ?? '', hits };
  }

  /** Loads everything, then follows changes until `stop()`. */
  start(database: DatabaseHandle): Promise<void> {
    return this.follower.start(database);
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  /** Rebuilds the index from the database; concurrent calls coalesce into one more pass. */
  reload(): Promise<void> {
    return this.follower.reload();
  }

  private async loadOnce(): Promise<void> {
    const started = performance.now();
    try {
      const lists = (await this.repository.all()).map<IndexedList>((l) => ({
        id: l.id,
        name: l.name,
        kind: l.kind,
        action: l.action,
        strongThreshold: l.strongThreshold,
        reviewThreshold: l.reviewThreshold,
        version: l.version,
      }));
      const signature = signatureOf(lists);
      if (this.loaded?.signature === signature) return;
      const entries: IndexedEntry[] = [];
      for await (const page of this.repository.allCurrentEntries()) {
        for (const e of page) entries.push({ id: e.id, listId: e.listId, entry: e.entry });
      }
      // A list that changed while we read would leave a mix of versions: read again.
      const after = signatureOf(await this.repository.all());
      if (after !== signature) {
        this.follower.requestAnotherPass();
        return;
      }
      const matcher: BlocklistMatcher = lists.length === 0 ? { screen: () => [] } : this.buildMatcher(lists, entries);
      this.loaded = { lists, matcher, label: listsVersionLabel(lists), signature, entryCount: entries.length };
      this.lastError = null;
      this.logger.info(
        { lists: lists.length, entries: entries.length, version: this.loaded.label, ms: Math.round(performance.now() - started) },
        'blocklists loaded',
      );
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error }, 'cannot load blocklists; keeping the previous index');
    }
  }
}
