import type { BlocklistHit } from '../../screening/decision.js';
import type { BlocklistEntry, ScreeningSubject } from '../entry.js';
import { identifierKeys } from './identifiers.js';
import { jaroWinkler } from './jaro-winkler.js';
import { compareDateOfBirth, matchPrepared, prepareNames, prepareSubject, type PreparedName, type PreparedSubject } from './match-entry.js';
import { MIN_TOKEN_SIMILARITY, SHORT_TOKEN } from './name-similarity.js';
import { foldToken, skeleton } from './normalise-name.js';

export interface IndexList {
  id: string;
  name: string;
  kind: string;
  action: 'reject' | 'review';
  strongThreshold: number;
  reviewThreshold: number;
  version: number;
}

export interface IndexEntry {
  id: string;
  listId: string;
  entry: BlocklistEntry;
}

interface Stored {
  id: string;
  list: IndexList;
  entry: BlocklistEntry;
  names: PreparedName[];
}

const ARTICLE = /^(al|el|ul)(?=[a-z]{4,})/;

/** Every key under which a token can meet another token that scores above zero against it. */
function tokenKeys(text: string, folded: string): string[] {
  // Vietnamese names are compared with a lighter fold (vowels kept): index that form too.
  const light = foldToken(text, false);
  const keys = [`t:${text}`, `f:${folded}`, `f:${light}`];
  const stripped = folded.replace(ARTICLE, '');
  if (stripped !== folded) keys.push(`f:${stripped}`);
  if (folded.length > SHORT_TOKEN) keys.push(`k:${folded.length}:${skeleton(folded)}`);
  if (text.length === 1) keys.push(`i:${text}`);
  else keys.push(`i-of:${text[0]}`);
  return keys;
}

/** Keys an initial in the query must look up: every name with a token starting with that letter. */
const initialLookups = (text: string) => (text.length === 1 ? [`i-of:${text}`] : [`i:${text[0]}`]);

/**
 * The in-memory blocklist index. Identifiers are found through a hash map. Names through
 * an inverted index over every way a name's tokens may be written (as is, joined), keyed
 * so that any token pair the scorer gives credit to shares a key, plus a vocabulary of
 * folded tokens bucketed by first letter and length for Jaro-Winkler neighbours (the
 * scorer gives fuzzy credit only between tokens that start alike and whose lengths allow
 * a score of at least MIN_TOKEN_SIMILARITY). A name can reach the review threshold only
 * if at least two of the query's positions (one for a one-token query) find a partner, so
 * candidates are names that cover that many positions: nothing a full scan would flag is
 * left out.
 */
export class BlocklistIndex {
  private readonly stored: Stored[] = [];
  private readonly byIdentifier = new Map<string, number[]>();
  /** key → pairs of (name record id = entry index × 256 + name index, the name's positions under that key). */
  private readonly postings = new Map<string, number[]>();
  /** first letter + length → distinct folded tokens. */
  private readonly vocabulary = new Map<string, string[]>();
  private readonly fuzzyCache = new Map<string, string[]>();
  private readonly minReview: number;

  constructor(lists: IndexList[], entries: Iterable<IndexEntry>) {
    const listById = new Map(lists.map((l) => [l.id, l]));
    this.minReview = Math.min(1, ...lists.map((l) => l.reviewThreshold));
    const seenVocabulary = new Set<string>();
    for (const { id, listId, entry } of entries) {
      const list = listById.get(listId);
      if (!list) continue;
      const index = this.stored.length;
      const names = prepareNames(entry).slice(0, 256);
      this.stored.push({ id, list, entry, names });
      for (const identifier of entry.identifiers) {
        for (const key of identifierKeys(identifier.number)) push(this.byIdentifier, key, index);
      }
      names.forEach((name, n) => {
        const record = index * 256 + n;
        const keys = new Map<string, number>();
        for (const variant of name.comparable.general) {
          for (const token of variant) {
            for (const key of tokenKeys(token.text, token.folded)) keys.set(key, (keys.get(key) ?? 0) | token.positions);
            if (token.fuzzy && token.folded.length > SHORT_TOKEN) {
              for (const form of [token.folded, foldToken(token.text, false)]) {
                if (seenVocabulary.has(form)) continue;
                seenVocabulary.add(form);
                push(this.vocabulary, `${form[0]}:${form.length}`, form);
              }
            }
          }
        }
        for (const [key, positions] of keys) {
          const list = this.postings.get(key);
          if (list) list.push(record, positions);
          else this.postings.set(key, [record, positions]);
        }
      });
    }
  }

  get size(): number {
    return this.stored.length;
  }

  /** Hits for one applicant, best first. */
  screen(subject: ScreeningSubject): BlocklistHit[] {
    const prepared = prepareSubject(subject);
    // Entry → the names worth scoring (all of them for an identifier match).
    const candidates = this.nameCandidates(prepared);
    for (const key of prepared.identifierKeys) for (const i of this.byIdentifier.get(key) ?? []) candidates.set(i, null);
    return this.score(prepared, candidates);
  }

  /** The same answer by comparing with every entry: the reference the index is tested against. */
  fullScan(subject: ScreeningSubject): BlocklistHit[] {
    return this.score(prepareSubject(subject), new Map([...this.stored.keys()].map((i) => [i, null])));
  }

  /** `names` null: every name of the entry; otherwise only those that may still reach a threshold. */
  private score(subject: PreparedSubject, candidates: Map<number, Map<number, Coverage> | null>): BlocklistHit[] {
    const hits: BlocklistHit[] = [];
    for (const [i, nameCoverage] of candidates) {
      const s = this.stored[i]!;
      let names = s.names;
      if (nameCoverage) {
        // A clearly different date of birth vetoes a name-only hit: no need to score the names.
        const dob = compareDateOfBirth(subject.dateOfBirth, s.entry.datesOfBirth);
        if (dob === 'conflict') continue;
        const nationality = !!subject.nationality && s.entry.nationalities.includes(subject.nationality);
        names = s.names.filter((name, n) => {
          const c = nameCoverage.get(n);
          return c !== undefined && boosted(scoreBound(c, subject.tokens.length, name.tokens.length), dob === 'agree', nationality) >= s.list.reviewThreshold - 0.001;
        });
        if (names.length === 0) continue;
      }
      const m = matchPrepared(subject, s.entry, names, { strong: s.list.strongThreshold, review: s.list.reviewThreshold });
      if (!m.strength) continue;
      hits.push({
        listId: s.list.id,
        listName: s.list.name,
        listKind: s.list.kind,
        entryId: s.id,
        score: m.score,
        strength: m.strength,
        action: s.list.action,
        matchedName: m.matchedName,
        explanation: m.explanation,
        matchedOn: m.matchedOn,
      });
    }
    return hits.sort((a, b) => b.score - a.score || (a.entryId < b.entryId ? -1 : 1));
  }

  /** Entries with a name covering enough query positions to possibly reach a threshold. */
  private nameCandidates(subject: PreparedSubject): Map<number, Map<number, Coverage> | null> {
    const positions = subject.tokens.length;
    const initials = subject.tokens.filter((t) => t.length === 1).length;
    // With the usual thresholds a hit needs two agreeing positions; a list with a lower
    // review threshold makes every single agreeing position a candidate.
    const required = this.minReview < 0.85 ? 1 : Math.min(2, Math.max(1, positions - initials));
    const coverage = new Map<number, Coverage>();
    const cover = (record: number, query: number, entry: number) => {
      const c = coverage.get(record);
      if (c) {
        c.query |= query;
        c.entry |= entry;
      } else coverage.set(record, { query, entry });
    };
    for (const variant of subject.name.general) {
      for (const token of variant) {
        const keys = new Set(tokenKeys(token.text, token.folded).filter((k) => !k.startsWith('i-of:') && !k.startsWith('i:')));
        for (const key of initialLookups(token.text)) keys.add(key);
        if (token.fuzzy && token.folded.length > SHORT_TOKEN) {
          for (const neighbour of this.fuzzyNeighbours(token.folded)) keys.add(`f:${neighbour}`);
          for (const neighbour of this.fuzzyNeighbours(foldToken(token.text, false))) keys.add(`f:${neighbour}`);
          const stripped = token.folded.replace(ARTICLE, '');
          if (stripped !== token.folded) for (const neighbour of this.fuzzyNeighbours(stripped)) keys.add(`f:${neighbour}`);
        }
        for (const key of keys) {
          const list = this.postings.get(key);
          if (!list) continue;
          for (let k = 0; k < list.length; k += 2) cover(list[k]!, token.positions, list[k + 1]!);
        }
      }
    }
    const out = new Map<number, Map<number, Coverage> | null>();
    for (const [record, c] of coverage) {
      if (popcount(c.query) < required) continue;
      const entry = Math.floor(record / 256);
      const names = out.get(entry) ?? new Map<number, Coverage>();
      names.set(record % 256, c);
      out.set(entry, names);
    }
    return out;
  }

  /** Folded vocabulary tokens within fuzzy reach (same first letter, compatible length). */
  private fuzzyNeighbours(folded: string): string[] {
    const cached = this.fuzzyCache.get(folded);
    if (cached) return cached;
    const found: string[] = [];
    const la = folded.length;
    // Jaro-Winkler ≥ 0.92 needs the shorter token to be at least 0.6 of the longer one.
    for (let lb = Math.ceil(la * 0.6); lb <= Math.floor(la / 0.6); lb++) {
      for (const candidate of this.vocabulary.get(`${folded[0]}:${lb}`) ?? []) {
        if (jaroWinkler(folded, candidate) >= MIN_TOKEN_SIMILARITY) found.push(candidate);
      }
    }
    if (this.fuzzyCache.size > 100_000) this.fuzzyCache.clear();
    this.fuzzyCache.set(folded, found);
    return found;
  }
}

/** Which positions of the query and of a listed name found a possible partner. */
interface Coverage {
  query: number;
  entry: number;
}

/**
 * The most a name can score against the query given which positions on each side could
 * find a partner: the less covered side decides, unless the shorter side is fully covered,
 * when the longer side's missing tokens may be forgiven (at 0.97 each at best).
 */
function scoreBound(c: Coverage, queryPositions: number, entryPositions: number): number {
  const q = Math.min(popcount(c.query), queryPositions);
  const e = Math.min(popcount(c.entry), entryPositions);
  let bound = Math.min(q / Math.max(queryPositions, 1), e / Math.max(entryPositions, 1));
  if (e >= entryPositions && entryPositions >= 2) bound = Math.max(bound, 0.97 ** (queryPositions - q));
  if (q >= queryPositions && queryPositions >= 2) bound = Math.max(bound, 0.97 ** (entryPositions - e));
  return Math.min(1, bound);
}

/** The same corroboration boosts matchPrepared applies. */
function boosted(score: number, dobAgrees: boolean, nationalityAgrees: boolean): number {
  let s = score;
  if (dobAgrees) s += (1 - s) * 0.5;
  if (nationalityAgrees) s += (1 - s) * 0.2;
  return s;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}
