import type { BlocklistHit } from '../screening/decision.js';
import { CandidateFilter } from './candidate-filter.js';
import { CandidateReader } from './candidate-reads.js';
import { maxCorroborationBonus } from './corroboration.js';
import type { ScreeningSubject } from './entry.js';
import {
  betterName,
  judgeMatch,
  matchingIdentifier,
  prepareSubject,
  type BestName,
  type EntryMatch,
  type JudgedMatch,
  type MatchThresholds,
  type PreparedSubject,
} from './entry-matching.js';
import { explainMatch, summariseMatch } from './hit-explanation.js';
import { IndexStorage, type IndexedEntry, type IndexedList } from './index-storage.js';
import { alignNames, type PreparedName } from './name-score.js';
import { tokenSimilarity } from './name-tokens.js';
import { QueryPlanner } from './query-plan.js';

export type { IndexedEntry, IndexedList } from './index-storage.js';

/** A hit with what matched it and how each field compared. */
export type IndexHit = BlocklistHit & Pick<EntryMatch, 'matchedOn' | 'fields'>;

type SimilarityCache = (queryPosition: number, token: number, chinese: 0 | 1) => number;

/**
 * How many hits of one screening, strongest first, are explained in full (token by token,
 * date of birth, nationality); the rest get one line (summariseMatch) beside their
 * `fields`. A common name can hit hundreds of entries of a large list, no analyst reads
 * that far, and wording every hit was a quarter of the cost of such a screening.
 */
export const hitsExplainedInFull = 25;

/**
 * The in-memory blocklist index: every entry of every loaded list, screened in about a
 * millisecond with exactly the hits a full scan gives.
 *
 * Identifiers go through a hash map of normalised keys. For names, a query plan
 * (query-plan.ts) finds each query token's neighbours in the vocabulary; the candidate
 * reader (candidate-reads.ts) reads postings that every possible hit appears in; the
 * candidate filter (candidate-filter.ts) drops, by an upper bound on the score, names
 * that cannot reach the review threshold; the rest are scored by the same functions as
 * matchEntry. `fullScan` scores every name instead: the reference the index is tested
 * against.
 */
export class BlocklistIndex {
  private readonly storage: IndexStorage;
  private readonly planner: QueryPlanner;
  private readonly reader: CandidateReader;
  /** Per list (by position in storage.lists). */
  private readonly listThresholds: MatchThresholds[];

  constructor(lists: readonly IndexedList[], entries: Iterable<IndexedEntry>) {
    this.storage = new IndexStorage(lists, entries);
    this.listThresholds = this.storage.lists.map((l) => ({ strong: l.strongThreshold, review: l.reviewThreshold }));
    this.planner = new QueryPlanner(this.storage);
    this.reader = new CandidateReader(this.storage);
  }

  get size(): { entries: number; names: number; vocabulary: number; postings: number } {
    const { storage } = this;
    return {
      entries: storage.entryCount,
      names: storage.nameEntry.length,
      vocabulary: storage.vocabulary.size,
      postings: storage.postings.total,
    };
  }

  /** Hits for one applicant, best first. */
  screen(subject: ScreeningSubject): IndexHit[] {
    const prepared = prepareSubject(subject);
    const plan = this.planner.plan(prepared, maxCorroborationBonus(subject));
    try {
      const { names, count } = this.reader.read(plan);
      const filter = new CandidateFilter(this.storage, this.planner, plan, subject.dateOfBirth);
      const similarity = this.similarityCache(prepared.name);
      const best = new Map<number, BestName>();
      for (let c = 0; c < count; c++) {
        const name = names[c]!;
        if (!filter.worthScoring(name)) continue;
        const e = this.storage.nameEntry[name]!;
        best.set(e, betterName(best.get(e) ?? null, this.alignName(prepared, name, similarity)));
      }
      return this.conclude(prepared, best, this.identifierCandidates(prepared), plan.bonus);
    } finally {
      this.planner.release(plan);
    }
  }

  /**
   * The same answer by going through every name of every entry and comparing every
   * identifier. A name none of whose tokens can pair with a query token (see
   * relatedTokens) scores 0 and is passed over; `exhaustive` scores it anyway, to test
   * that passing it over changes nothing.
   */
  fullScan(subject: ScreeningSubject, options: { exhaustive?: boolean } = {}): IndexHit[] {
    const { storage } = this;
    const prepared = prepareSubject(subject);
    const similarity = this.similarityCache(prepared.name);
    const related = options.exhaustive ? null : this.relatedTokens(prepared.name, similarity);
    const best = new Map<number, BestName>();
    for (let name = 0; name < storage.nameEntry.length; name++) {
      if (related !== null && !this.holdsRelated(name, related)) continue;
      const e = storage.nameEntry[name]!;
      best.set(e, betterName(best.get(e) ?? null, this.alignName(prepared, name, similarity)));
    }
    const byIdentifier = new Set<number>();
    for (let k = 0; k < storage.identifierKeys.length; k++) {
      if (prepared.identifierKeys.includes(storage.identifierKeys[k]!)) byIdentifier.add(storage.identifierEntry[k]!);
    }
    return this.conclude(prepared, best, byIdentifier, maxCorroborationBonus(subject));
  }

  /**
   * Per vocabulary token: 1 if it can pair with some query token, that is tokenSimilarity
   * credits it (either script) or one of the two begins with the other (the first part of
   * a join). alignNames pairs only such tokens, so a name without one has no pair and
   * scores 0. Independent of the index's plans, postings and bounds.
   */
  private relatedTokens(query: PreparedName, similarity: SimilarityCache): Uint8Array {
    const tokens = this.storage.vocabulary.tokens;
    const related = new Uint8Array(tokens.length);
    for (let t = 0; t < tokens.length; t++) {
      const text = tokens[t]!.text;
      for (let i = 0; i < query.tokens.length; i++) {
        const q = query.tokens[i]!.text;
        if (q.startsWith(text) || text.startsWith(q) || similarity(i, t, 0) > 0 || similarity(i, t, 1) > 0) {
          related[t] = 1;
          break;
        }
      }
    }
    return related;
  }

  private holdsRelated(name: number, related: Uint8Array): boolean {
    const { nameStart, nameTokens } = this.storage;
    for (let p = nameStart[name]!; p < nameStart[name + 1]!; p++) if (related[nameTokens[p]!] === 1) return true;
    return false;
  }

  /** Hits from the best name of each entry and from entries sharing an identifier key. */
  private conclude(prepared: PreparedSubject, best: Map<number, BestName>, byIdentifier: Set<number>, bonus: number): IndexHit[] {
    const { storage } = this;
    const judged: Array<{ e: number; match: Hit }> = [];
    const identified = new Set<number>();
    for (const e of byIdentifier) {
      const entry = storage.entry(e);
      const identifier = matchingIdentifier(prepared, entry);
      if (!identifier) continue;
      identified.add(e);
      const match = judgeMatch(prepared, entry, this.bestOfAllNames(prepared, e), identifier, this.thresholds(e));
      if (isHit(match)) judged.push({ e, match });
    }
    best.forEach((name, e) => {
      if (identified.has(e)) return;
      // An organisation earns no corroboration bonus; below this, no hit is possible.
      const reachable = name.alignment.score + (storage.entryOrganisation[e] === 1 ? 0 : bonus);
      if (reachable < this.thresholds(e).review - 1e-9) return;
      const match = judgeMatch(prepared, storage.entry(e), name, null, this.thresholds(e));
      if (isHit(match)) judged.push({ e, match });
    });
    judged.sort((a, b) => b.match.score - a.match.score || compare(this.listOf(a.e).id, this.listOf(b.e).id) || compare(storage.entryIds[a.e]!, storage.entryIds[b.e]!));
    return judged.map(({ e, match }, rank) => this.hit(e, match, rank));
  }

  private hit(e: number, m: Hit, rank: number): IndexHit {
    const list = this.listOf(e);
    return {
      listId: list.id,
      listName: list.name,
      listKind: list.kind,
      entryId: this.storage.entryIds[e]!,
      score: m.score,
      strength: m.strength,
      action: m.strength === 'strong' ? list.action : 'review',
      matchedName: m.matchedName,
      explanation: rank < hitsExplainedInFull ? explainMatch(m.facts) : summariseMatch(m.facts, rank, hitsExplainedInFull),
      matchedOn: m.matchedOn,
      fields: m.fields,
    };
  }

  private listOf(e: number): IndexedList {
    return this.storage.lists[this.storage.entryList[e]!]!;
  }

  private thresholds(e: number): MatchThresholds {
    return this.listThresholds[this.storage.entryList[e]!]!;
  }

  private bestOfAllNames(prepared: PreparedSubject, e: number): BestName | null {
    const similarity = this.similarityCache(prepared.name);
    let best: BestName | null = null;
    for (let name = this.storage.entryNameStart[e]!; name < this.storage.entryNameStart[e + 1]!; name++) {
      best = betterName(best, this.alignName(prepared, name, similarity));
    }
    return best;
  }

  private identifierCandidates(prepared: PreparedSubject): Set<number> {
    const out = new Set<number>();
    for (const key of prepared.identifierKeys) this.storage.entriesWithIdentifier(key, out);
    return out;
  }

  private alignName(prepared: PreparedSubject, name: number, similarity: SimilarityCache): BestName {
    const { storage } = this;
    const listed = storage.preparedName(name);
    const start = storage.nameStart[name]!;
    const chinese = listed.chinese ? 1 : 0;
    const organisation = storage.entryOrganisation[storage.nameEntry[name]!] === 1;
    const alignment = alignNames(prepared.name, listed, organisation, (i, j) => similarity(i, storage.nameTokens[start + j]!, chinese));
    return { nameIndex: storage.nameIndex[name]!, name: listed, alignment };
  }

  /** tokenSimilarity of query position i against a vocabulary token, memoised per query. */
  private similarityCache(query: PreparedName): SimilarityCache {
    const tokens = this.storage.vocabulary.tokens;
    const memo = query.tokens.map(() => new Map<number, number>());
    return (i, t, chinese) => {
      const key = t * 2 + chinese;
      const known = memo[i]!.get(key);
      if (known !== undefined) return known;
      const s = tokenSimilarity(query.tokens[i]!, tokens[t]!, query.chinese, chinese === 1);
      memo[i]!.set(key, s);
      return s;
    };
  }
}

type Hit = JudgedMatch & { strength: 'strong' | 'possible' };
const isHit = (m: JudgedMatch): m is Hit => m.strength !== null;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
