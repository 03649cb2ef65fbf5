import type { Caller } from '../domain/access/roles.js';
import { blocklistEntryInputSchema, type BlocklistEntry, type BlocklistEntryInput } from '../domain/blocklist/entry.js';
import { entryContentHash } from '../domain/blocklist/import/diff.js';
import type { Blocklist, ListSettings, ListSettingsPatch } from '../domain/blocklist/list.js';
import type { BlocklistRepository, ChangeResult } from '../db/blocklist-repository.js';
import type { Clock } from './screening-service.js';

export interface ListChange {
  list: Blocklist;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

/** Lists and their entries: every change is a new version, announced to every instance. */
export class BlocklistService {
  constructor(
    private readonly repository: BlocklistRepository,
    private readonly clock: Clock,
    /** Called after a change commits, so this instance serves it without waiting for NOTIFY. */
    private readonly onChange: () => Promise<void> | void = () => {},
  ) {}

  lists(): Promise<Blocklist[]> {
    return this.repository.all();
  }

  list(idOrName: string): Promise<Blocklist> {
    return this.repository.get(idOrName);
  }

  async createList(settings: ListSettings, caller: Caller): Promise<Blocklist> {
    const list = await this.repository.create(settings, caller.keyId, this.clock.now());
    await this.onChange();
    return list;
  }

  async updateList(idOrName: string, patch: ListSettingsPatch, caller: Caller): Promise<Blocklist> {
    const list = await this.repository.get(idOrName);
    const updated = await this.repository.updateSettings(list.id, patch, caller.keyId, this.clock.now());
    await this.onChange();
    return updated;
  }

  async entries(idOrName: string, limit: number, after?: string) {
    const list = await this.repository.get(idOrName);
    const rows = await this.repository.entries(list.id, limit, after);
    return {
      items: rows.map((r) => ({ ...r.entry, id: r.id, addedVersion: r.addedVersion, addedAt: r.addedAt })),
      nextAfter: rows.length === limit ? rows[rows.length - 1]!.externalId : null,
    };
  }

  async addEntry(idOrName: string, input: BlocklistEntryInput, caller: Caller): Promise<ListChange> {
    const list = await this.repository.get(idOrName);
    const entry: BlocklistEntry = blocklistEntryInputSchema.parse(input);
    const result = await this.repository.applyChange(
      list.id,
      { mode: 'upsert', entries: [{ externalId: entry.externalId, entry, contentHash: entryContentHash(entry) }], change: 'entry_added' },
      caller.keyId,
      this.clock.now(),
    );
    return this.changed(list.id, result);
  }

  async removeEntry(idOrName: string, externalId: string, caller: Caller): Promise<ListChange> {
    const list = await this.repository.get(idOrName);
    const result = await this.repository.applyChange(
      list.id,
      { mode: 'remove', entries: [], removals: [externalId], change: 'entry_removed' },
      caller.keyId,
      this.clock.now(),
    );
    return this.changed(list.id, result);
  }

  async imports(idOrName: string) {
    const list = await this.repository.get(idOrName);
    return this.repository.imports(list.id);
  }

  async versions(idOrName: string) {
    const list = await this.repository.get(idOrName);
    return this.repository.versions(list.id);
  }

  private async changed(listId: string, result: ChangeResult): Promise<ListChange> {
    await this.onChange();
    const list = await this.repository.get(listId);
    const { added, changed, removed, unchanged } = result;
    return { list, added, changed, removed, unchanged };
  }
}
