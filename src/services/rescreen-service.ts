import type { BlocklistHit } from '../domain/screening/decision.js';
import type { BlocklistRepository } from '../db/blocklist-repository.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import type { LiveBlocklists } from './live-blocklists.js';

export interface RescreenReport {
  listId: string;
  listVersion: number;
  decisionsChecked: number;
  /** Past decisions whose applicants hit an entry of the list now that they did not hit then. */
  flagged: Array<{ decisionId: string; applicationId: string; decidedAt: string; outcome: string; newHits: BlocklistHit[] }>;
}

/**
 * Re-screens past applicants against a list as it stands now, to find decisions a list
 * change would have affected. Reads the decision log; writes nothing.
 */
export class RescreenService {
  constructor(
    private readonly lists: BlocklistRepository,
    private readonly decisions: DecisionRepository,
    private readonly live: LiveBlocklists | null,
  ) {}

  async rescreen(listIdOrName: string, range: { from?: Date | undefined; to?: Date | undefined }): Promise<RescreenReport> {
    const list = await this.lists.get(listIdOrName);
    if (this.live) await this.live.reload();
    const report: RescreenReport = { listId: list.id, listVersion: list.version, decisionsChecked: 0, flagged: [] };
    if (!this.live) return report;
    for await (const record of this.decisions.stream(range)) {
      report.decisionsChecked += 1;
      const now = this.live.screen(record.application);
      if (now.status === 'not_configured') continue;
      const before = new Set(record.blocklist.status === 'not_configured' ? [] : record.blocklist.hits.map((h) => h.entryId));
      const newHits = now.hits.filter((h) => h.listId === list.id && !before.has(h.entryId));
      if (newHits.length > 0) {
        report.flagged.push({ decisionId: record.decisionId, applicationId: record.applicationId, decidedAt: record.decidedAt, outcome: record.outcome, newHits });
      }
    }
    return report;
  }
}
