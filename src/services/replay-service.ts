import type { DecisionRecord } from '../domain/audit/decision-record.js';
import { DomainError } from '../domain/errors.js';
import { evaluatePolicy } from '../domain/policy/evaluate-policy.js';
import { applicantFacts } from '../domain/screening/applicant-facts.js';
import type { BlocklistSection, RiskSection } from '../domain/screening/decision.js';
import type { BlocklistRepository } from '../db/blocklist-repository.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import type { RiskModelRepository } from '../db/risk-model-repository.js';
import { subjectOf, type BuildMatcher, type IndexedEntry, type IndexedList } from './live-blocklists.js';
import type { LivePolicy } from './live-policy.js';
import type { LoadScorer } from './live-risk-models.js';

export interface ReplayReport {
  decisionId: string;
  reproduced: boolean;
  differences: string[];
  original: { outcome: string; reasons: string[]; probabilityOfDefault: number | null; hits: Array<{ entryId: string; score: number }> };
  replayed: { outcome: string; reasons: string[]; probabilityOfDefault: number | null; hits: Array<{ entryId: string; score: number }> };
  versions: DecisionRecord['versions'];
}

const summary = (outcome: string, reasons: Array<{ code: string }>, risk: RiskSection, blocklist: BlocklistSection) => ({
  outcome,
  reasons: reasons.map((r) => r.code),
  probabilityOfDefault: risk.status === 'scored' ? risk.probabilityOfDefault : null,
  hits: blocklist.status === 'not_configured' ? [] : blocklist.hits.map((h) => ({ entryId: h.entryId, score: h.score })),
});

/**
 * Recomputes a past decision from its stored input with the list versions, model and
 * policy recorded on it, and says whether it comes out the same: outcome, reasons, score
 * and blocklist hits.
 */
export class ReplayService {
  constructor(
    private readonly decisions: DecisionRepository,
    private readonly lists: BlocklistRepository,
    private readonly models: RiskModelRepository,
    private readonly policies: LivePolicy,
    private readonly buildMatcher: BuildMatcher,
    private readonly loadScorer: LoadScorer,
  ) {}

  async replay(decisionId: string): Promise<ReplayReport> {
    const record = await this.decisions.findById(decisionId);
    if (!record) throw new DomainError('NOT_FOUND', `No decision ${decisionId}.`);
    const on = new Date(record.decidedAt);

    const policy = await this.policies.byVersion(record.versions.policy);
    if (!policy) throw new DomainError('CONFLICT', `Policy ${record.versions.policy} is no longer stored; the decision cannot be replayed.`);

    const blocklist = await this.blocklistAsOf(record);
    let risk: RiskSection = record.risk.status === 'not_configured' ? record.risk : { status: 'not_configured', detail: 'model missing' };
    if (record.versions.riskModel) {
      const scorer = this.loadScorer(await this.models.artifact(record.versions.riskModel));
      try {
        risk = scorer.score(record.application, on);
      } finally {
        scorer.dispose();
      }
    }
    const verdict = evaluatePolicy(
      { application: record.application, facts: applicantFacts(record.application, on), blocklist, risk },
      policy,
    );

    const original = summary(record.outcome, record.reasons, record.risk, record.blocklist);
    const replayed = summary(verdict.outcome, verdict.reasons, risk, blocklist);
    const differences: string[] = [];
    if (original.outcome !== replayed.outcome) differences.push(`outcome ${original.outcome} became ${replayed.outcome}`);
    if (original.reasons.join(',') !== replayed.reasons.join(',')) {
      differences.push(`reasons ${original.reasons.join(',')} became ${replayed.reasons.join(',')}`);
    }
    if (
      original.probabilityOfDefault !== replayed.probabilityOfDefault &&
      Math.abs((original.probabilityOfDefault ?? -1) - (replayed.probabilityOfDefault ?? -1)) > 1e-9
    ) {
      differences.push(`probability of default ${original.probabilityOfDefault} became ${replayed.probabilityOfDefault}`);
    }
    const hitKey = (h: { entryId: string; score: number }) => `${h.entryId}:${h.score.toFixed(6)}`;
    if (original.hits.map(hitKey).sort().join() !== replayed.hits.map(hitKey).sort().join()) {
      differences.push('blocklist hits differ');
    }
    return { decisionId, reproduced: differences.length === 0, differences, original, replayed, versions: record.versions };
  }

  /** The lists exactly as they stood at the versions the decision records. */
  private async blocklistAsOf(record: DecisionRecord): Promise<BlocklistSection> {
    const label = record.versions.blocklists;
    if (!label || record.blocklist.status === 'not_configured') return record.blocklist;
    const indexedLists: IndexedList[] = [];
    const entries: IndexedEntry[] = [];
    for (const part of label.split(',')) {
      const at = part.lastIndexOf('@');
      const name = part.slice(0, at);
      const version = Number(part.slice(at + 1));
      const list = await this.lists.get(name);
      const settings = (await this.lists.versions(list.id)).find((v) => v.version === version)?.settings as
        | { action: IndexedList['action']; strongThreshold: number; reviewThreshold: number }
        | undefined;
      if (!settings) throw new DomainError('CONFLICT', `List ${name} has no version ${version}.`);
      indexedLists.push({ id: list.id, name, kind: list.kind, version, ...settings });
      for (const e of await this.lists.entriesAtVersion(list.id, version)) entries.push({ id: e.id, listId: e.listId, entry: e.entry });
    }
    const hits = this.buildMatcher(indexedLists, entries).screen(subjectOf(record.application));
    // Suppressions as they applied when the decision was made.
    const originalHits = record.blocklist.hits;
    const suppressed = new Map(originalHits.filter((h) => h.suppressed).map((h) => [h.entryId, h.suppressed!]));
    const marked = hits.map((h) => (suppressed.has(h.entryId) ? { ...h, suppressed: suppressed.get(h.entryId)! } : h));
    return { status: marked.length > 0 ? 'hit' : 'clear', listsVersion: label, hits: marked };
  }
}
