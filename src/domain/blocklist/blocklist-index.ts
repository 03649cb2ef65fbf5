import type { BlocklistHit } from '../screening/decision.js';
import { contentMask, mayReach, minimalReachingSets, requiredTokens } from './candidate-selection.js';
import { isOrganisation, maxCorroborationBonus } from './corroboration.js';
import type { BlocklistEntry, ScreeningSubject } from './entry.js';
import {
  betterName,
  concludeMatch,
  entryNames,
  matchingIdentifier,
  normaliseEntryName,
  prepareSubject,
  type BestName,
  type EntryMatch,
  type PreparedSubject,
} from './entry-matching.js';
import { identifierKeys } from './identifier-normalisation.js';
import { maxNameTokens } from './name-normalisation.js';
import { alignNames, minJoinedPart, missingTokenPenalty, NameScoreBound, type PreparedName } from './name-score.js';
import { tokenSimilarity, type NameToken } from './name-tokens.js';
import { PostingLists, TokenPairPostings } from './posting-lists.js';
import { TokenVocabulary } from './token-vocabulary.js';

/** What the index needs to know about each list. */
export interface IndexedList {
  id: string;
  name: string;
  kind: string;
  action: 'reject' | 'review';
  strongThreshold: number;
  reviewThreshold: number;
  version: number;
}

export interface IndexedEntry {
  id: string;
  listId: string;
  entry: BlocklistEntry;
}

export type IndexHit = BlocklistHit & Pick<EntryMatch, 'matchedOn' | 'fields'>;


/**
 * The in-memory blocklist index: every entry of every loaded list, screened in about a
 * millisecond with exactly the hits a full scan gives.
 *
 * Identifiers go through a hash map of normalised keys. Names are interned token arrays;
 * postings (token → names), anchors (a name's rarest and second-rarest token → name) and joined pairs
 * (two adjacent tokens → names, for Jianguo against Jian Guo) are flat typed arrays. A
 * query reads the postings of the cheapest set of its tokens that every hit must share
 * (candidate-selection.ts), plus the anchors of every token's neighbours for hits that
 * only miss tokens; each candidate name is then bounded from the query tokens it can
 * align, and scored in full only if the bound reaches the review threshold.
 */
export class BlocklistIndex {
  private readonly lists: IndexedList[];
  private readonly entryIds: string[] = [];
  private readonly entries: BlocklistEntry[] = [];
  private readonly entryList: Int32Array;
  private readonly vocabulary = new TokenVocabulary();
  /** name → entry, which of the entry's names (0 full name, k alias k), Chinese flag, tokens. */
  /** entry → its first name; an entry's names are consecutive. */
  private readonly entryNameStart: Int32Array;
  private readonly nameEntry: Int32Array;
  private readonly nameIndex: Int32Array;
  private readonly nameChinese: Uint8Array;
  private readonly nameStart: Int32Array;
  private readonly nameTokens: Int32Array;
  private readonly postings: PostingLists;
  /** A name under its rarest token, and under its second rarest. */
  private readonly anchors: [PostingLists, PostingLists];
  private readonly nameRarest: Int32Array;
  /** Per name, one bit per first letter of its tokens: a one-read test of what it might align. */
  private readonly nameLetters: Int32Array;
  /** Per name: it has a one-letter token (an initial). */
  private readonly nameHasInitial: Uint8Array;
  private readonly pairs: TokenPairPostings;
  /** Two tokens of one name, in either order (smaller id first): the names holding both. */
  private readonly cooccurrence: TokenPairPostings;
  private readonly byIdentifier = new Map<string, number[]>();
  /** Per token: particle, initial, first character; per entry: an organisation. Typed copies for the hot loop. */
  private readonly tokenParticle: Uint8Array;
  private readonly tokenInitial: Uint8Array;
  private readonly tokenFirstChar: Uint16Array;
  private readonly tokenWeight: Uint8Array;
  private readonly entryOrganisation: Uint8Array;
  /** The year of an entry's only date of birth, 0 when it has none or several: enough to see a veto coming. */
  private readonly entryBirthYear: Int16Array;
  /** Token ids by first character, for initials in a query (J. matches every token starting with j). */
  private readonly byFirstChar = new Map<number, number[]>();
  private readonly minReview: number;

  // Per-query scratch space, reused: screening is synchronous. Query positions each token
  // may align with, in a name that is not Chinese and in one that is (syllables compare exactly there).
  private readonly tokenMask: Int32Array;
  private readonly tokenMaskChinese: Int32Array;
  private readonly nameSeen: Int32Array;
  private stamp = 0;

  constructor(lists: readonly IndexedList[], indexed: Iterable<IndexedEntry>) {
    this.lists = [...lists];
    const listIndex = new Map(this.lists.map((l, i) => [l.id, i]));
    this.minReview = Math.min(1, ...this.lists.map((l) => l.reviewThreshold));
    const entryList: number[] = [];
    const entryNameStart: number[] = [];
    const nameEntry: number[] = [];
    const nameIndex: number[] = [];
    const nameChinese: number[] = [];
    const nameStart: number[] = [0];
    const nameTokens: number[] = [];

    for (const { id, listId, entry } of indexed) {
      const list = listIndex.get(listId);
      if (list === undefined) continue;
      const e = this.entries.length;
      this.entries.push(entry);
      this.entryIds.push(id);
      entryList.push(list);
      entryNameStart.push(nameEntry.length);
      for (const identifier of entry.identifiers) {
        for (const key of identifierKeys(identifier.number, identifier.country)) append(this.byIdentifier, key, e);
      }
      const seen = new Set<string>();
      entryNames(entry).forEach((raw, k) => {
        const tokens = normaliseEntryName(entry, raw);
        const key = tokens.join(' ');
        // An alias that normalises like an earlier name scores the same; the earlier wins ties anyway.
        if (tokens.length === 0 || seen.has(key)) return;
        seen.add(key);
        nameEntry.push(e);
        nameIndex.push(k);
        let chinese = true;
        let content = 0;
        for (const text of tokens) {
          const t = this.vocabulary.intern(text);
          nameTokens.push(t);
          const token = this.vocabulary.tokens[t]!;
          if (!token.particle) {
            content++;
            chinese &&= token.pinyin;
          }
        }
        nameChinese.push(chinese && content > 0 ? 1 : 0);
        nameStart.push(nameTokens.length);
      });
    }
    this.vocabulary.seal();
    this.entryList = Int32Array.from(entryList);
    entryNameStart.push(nameEntry.length);
    this.entryNameStart = Int32Array.from(entryNameStart);
    this.nameEntry = Int32Array.from(nameEntry);
    this.nameIndex = Int32Array.from(nameIndex);
    this.nameChinese = Uint8Array.from(nameChinese);
    this.nameStart = Int32Array.from(nameStart);
    this.nameTokens = Int32Array.from(nameTokens);

    const vocabularySize = this.vocabulary.size;
    const names = this.nameEntry.length;
    this.postings = PostingLists.build(vocabularySize, names, (name, emit) => {
      for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) emit(this.nameTokens[p]!);
    });
    this.nameLetters = new Int32Array(names);
    this.nameHasInitial = new Uint8Array(names);
    for (let name = 0; name < names; name++) {
      let letters = 0;
      for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) {
        if (this.vocabulary.tokens[this.nameTokens[p]!]!.initial) this.nameHasInitial[name] = 1;
        // Particles too: al + Rashid may join into the query's Alrashid.
        letters |= letterBit(this.vocabulary.tokens[this.nameTokens[p]!]!.text.charCodeAt(0));
      }
      this.nameLetters[name] = letters;
    }
    this.nameRarest = new Int32Array(names).fill(-1);
    const second = new Int32Array(names).fill(-1);
    for (let name = 0; name < names; name++) {
      const content: number[] = [];
      for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) {
        const t = this.nameTokens[p]!;
        if (!this.vocabulary.tokens[t]!.particle && !content.includes(t)) content.push(t);
      }
      content.sort((a, b) => this.postings.count(a) - this.postings.count(b) || a - b);
      if (content.length > 0) this.nameRarest[name] = content[0]!;
      if (content.length > 1) second[name] = content[1]!;
    }
    const anchor = (ranked: Int32Array) =>
      PostingLists.build(vocabularySize, names, (name, emit) => {
        if (ranked[name]! >= 0) emit(ranked[name]!);
      });
    this.anchors = [anchor(this.nameRarest), anchor(second)];
    this.pairs = TokenPairPostings.build(vocabularySize, names, (name, emit) => {
      const start = this.nameStart[name]!;
      const end = this.nameStart[name + 1]!;
      const tokens = this.vocabulary.tokens;
      const joinable = (t: number) => tokens[t]!.text.length >= minJoinedPart;
      for (let p = start; p < end; p++) {
        // The partners alignNames may join with p: the next token, or the one after a particle.
        const a = this.nameTokens[p]!;
        if (!joinable(a)) continue;
        const next = p + 1 < end ? tokens[this.nameTokens[p + 1]!]!.particle : true;
        if (p + 1 < end && !next && joinable(this.nameTokens[p + 1]!)) emit(a, this.nameTokens[p + 1]!);
        const after = this.nameTokens[p + 2];
        if (after !== undefined && p + 2 < end && next && !tokens[after]!.particle && joinable(after)) emit(a, after);
      }
    });
    this.cooccurrence = TokenPairPostings.build(vocabularySize, names, (name, emit) => {
      const start = this.nameStart[name]!;
      const end = this.nameStart[name + 1]!;
      const tokens = this.vocabulary.tokens;
      for (let p = start; p < end; p++) {
        const a = this.nameTokens[p]!;
        if (tokens[a]!.particle) continue;
        for (let r = p + 1; r < end; r++) {
          const b = this.nameTokens[r]!;
          if (!tokens[b]!.particle) emit(Math.min(a, b), Math.max(a, b));
        }
      }
    });
    this.vocabulary.tokens.forEach((token, t) => {
      if (!token.initial && !token.particle) append(this.byFirstChar, token.text.charCodeAt(0), t);
    });
    this.tokenParticle = Uint8Array.from(this.vocabulary.tokens, (t) => (t.particle ? 1 : 0));
    this.tokenInitial = Uint8Array.from(this.vocabulary.tokens, (t) => (t.initial ? 1 : 0));
    this.tokenFirstChar = Uint16Array.from(this.vocabulary.tokens, (t) => t.text.charCodeAt(0));
    this.tokenWeight = Uint8Array.from(this.vocabulary.tokens, (t) => t.weight);
    this.entryOrganisation = Uint8Array.from(this.entries, (e) => (isOrganisation(e) ? 1 : 0));
    this.entryBirthYear = Int16Array.from(this.entries, (e) =>
      e.datesOfBirth.length === 1 && !isOrganisation(e) ? Number(e.datesOfBirth[0]!.slice(0, 4)) || 0 : 0,
    );
    this.tokenMask = new Int32Array(vocabularySize);
    this.tokenMaskChinese = new Int32Array(vocabularySize);
    this.nameSeen = new Int32Array(names);
  }

  get size(): { entries: number; names: number; vocabulary: number; postings: number } {
    return {
      entries: this.entries.length,
      names: this.nameEntry.length,
      vocabulary: this.vocabulary.size,
      postings: this.postings.total,
    };
  }

  /** Hits for one applicant, best first. */
  screen(subject: ScreeningSubject): IndexHit[] {
    const prepared = prepareSubject(subject);
    const plan = this.plan(prepared, maxCorroborationBonus(subject));
    try {
      const cover = plan.oneToOne ? this.coverBySets(plan, plan.oneToOne, this.generalCost(plan)) : null;
      const count = cover ? this.candidatesFromAccesses(plan, cover) : this.candidateNames(plan);
      const candidates = this.candidates;
      const best = new Map<number, BestName>();
      const similarity = this.similarityCache(prepared.name);
      const bound = new NameScoreBound(prepared.name);
      const reach = plan.threshold - 1e-9;
      // A date of birth years away from the entry's vetoes any name match: no need to score it.
      const birthYear = /^\d{4}(-\d{2}(-\d{2})?)?$/.test(subject.dateOfBirth ?? '') ? Number(subject.dateOfBirth!.slice(0, 4)) : 0;
      for (let c = 0; c < count; c++) {
        const name = candidates[c]!;
        const e = this.nameEntry[name]!;
        const listed = this.entryBirthYear[e]!;
        if (birthYear !== 0 && listed !== 0 && Math.abs(listed - birthYear) > 1) continue;
        // The first letters a name could align by tell most candidates apart before their tokens are read.
        const letters = this.nameLetters[name]!;
        let possible = 0;
        for (let k = 0; k < plan.letters.length; k++) if ((letters & plan.letters[k]!) !== 0) possible |= 1 << k;
        const initials = this.nameHasInitial[name] === 1;
        if (bound.bound(possible, true, 0, 0, initials) < reach) continue;
        const aligned = this.alignable(plan, name);
        const organisation = this.entryOrganisation[e] === 1;
        const missingAllowed = this.lastComplete && !organisation;
        const entryMissing = organisation || this.nameChinese[name] === 1 ? this.lastUnaligned : this.lastUnalignedIfMissing;
        if (bound.bound(aligned, missingAllowed, this.lastUnaligned, entryMissing, initials) < reach) continue;
        if (plan.oneToOne && !this.canAlignOneToOne(plan, name, missingAllowed)) continue;
        best.set(e, betterName(best.get(e) ?? null, this.alignName(prepared, name, similarity)));
      }
      return this.conclude(prepared, best, this.identifierCandidates(prepared), plan.bonus);
    } finally {
      for (const t of plan.touched) {
        this.tokenMask[t] = 0;
        this.tokenMaskChinese[t] = 0;
      }
    }
  }

  /** The same answer by scoring every name of every entry: the reference screen() is tested against. */
  fullScan(subject: ScreeningSubject): IndexHit[] {
    const prepared = prepareSubject(subject);
    const similarity = this.similarityCache(prepared.name);
    const best = new Map<number, BestName>();
    for (let name = 0; name < this.nameEntry.length; name++) {
      const e = this.nameEntry[name]!;
      best.set(e, betterName(best.get(e) ?? null, this.alignName(prepared, name, similarity)));
    }
    const all = new Set<number>();
    for (let e = 0; e < this.entries.length; e++) if (matchingIdentifier(prepared, this.entries[e]!)) all.add(e);
    return this.conclude(prepared, best, all, maxCorroborationBonus(subject));
  }

  private conclude(prepared: PreparedSubject, best: Map<number, BestName>, byIdentifier: Set<number>, bonus: number): IndexHit[] {
    const hits: IndexHit[] = [];
    const verdict = (e: number, name: BestName | null, identifier: ReturnType<typeof matchingIdentifier>) => {
      const list = this.lists[this.entryList[e]!]!;
      const entry = this.entries[e]!;
      const m = concludeMatch(prepared, entry, name, identifier, { strong: list.strongThreshold, review: list.reviewThreshold });
      if (!m.strength) return;
      hits.push({
        listId: list.id,
        listName: list.name,
        listKind: list.kind,
        entryId: this.entryIds[e]!,
        score: m.score,
        strength: m.strength,
        action: m.strength === 'strong' ? list.action : 'review',
        matchedName: m.matchedName,
        explanation: m.explanation,
        matchedOn: m.matchedOn,
        fields: m.fields,
      });
    };
    for (const e of byIdentifier) {
      const identifier = matchingIdentifier(prepared, this.entries[e]!);
      if (identifier) verdict(e, this.bestOfAllNames(prepared, e), identifier);
    }
    for (const [e, name] of best) {
      if (byIdentifier.has(e) && matchingIdentifier(prepared, this.entries[e]!)) continue;
      const list = this.lists[this.entryList[e]!]!;
      const reachable = name.alignment.score + (isOrganisation(this.entries[e]!) ? 0 : bonus);
      if (reachable < list.reviewThreshold - 1e-9) continue;
      verdict(e, name, null);
    }
    return hits.sort((a, b) => b.score - a.score || compare(a.listId, b.listId) || compare(a.entryId, b.entryId));
  }

  private bestOfAllNames(prepared: PreparedSubject, e: number): BestName | null {
    const similarity = this.similarityCache(prepared.name);
    let best: BestName | null = null;
    for (let name = this.entryNameStart[e]!; name < this.entryNameStart[e + 1]!; name++) {
      best = betterName(best, this.alignName(prepared, name, similarity));
    }
    return best;
  }

  private identifierCandidates(prepared: PreparedSubject): Set<number> {
    const out = new Set<number>();
    for (const key of prepared.identifierKeys) for (const e of this.byIdentifier.get(key) ?? []) out.add(e);
    return out;
  }

  private preparedName(name: number): PreparedName {
    const tokens = [];
    for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) tokens.push(this.vocabulary.tokens[this.nameTokens[p]!]!);
    return { tokens, chinese: this.nameChinese[name] === 1 };
  }

  private alignName(prepared: PreparedSubject, name: number, similarity: SimilarityCache): BestName {
    const listed = this.preparedName(name);
    const e = this.nameEntry[name]!;
    const start = this.nameStart[name]!;
    const chinese = listed.chinese ? 1 : 0;
    const alignment = alignNames(prepared.name, listed, isOrganisation(this.entries[e]!), (i, j) =>
      similarity(i, this.nameTokens[start + j]!, chinese),
    );
    return { nameIndex: this.nameIndex[name]!, name: listed, alignment };
  }

  /** tokenSimilarity of query position i against a vocabulary token, memoised per query. */
  private similarityCache(query: PreparedName): SimilarityCache {
    const memo = query.tokens.map(() => new Map<number, number>());
    return (i, t, chinese) => {
      const key = t * 2 + chinese;
      const known = memo[i]!.get(key);
      if (known !== undefined) return known;
      const s = tokenSimilarity(query.tokens[i]!, this.vocabulary.tokens[t]!, query.chinese, chinese === 1);
      memo[i]!.set(key, s);
      return s;
    };
  }

  /**
   * For each query position: the vocabulary tokens it may align with (marked in
   * tokenMask), the joined pairs it may equal, and what reading them costs.
   */
  private plan(prepared: PreparedSubject, bonus: number): QueryPlan {
    const q = prepared.name;
    const n = q.tokens.length;
    const plan: QueryPlan = {
      query: q,
      bonus,
      threshold: this.minReview - bonus,
      neighbours: q.tokens.map(() => []),
      pairRanges: q.tokens.map(() => []),
      pairMasks: new Map(),
      initials: new Map(),
      touched: [],
      required: 0,
      anchored: 0,
      letters: new Int32Array(n),
      postingCost: new Float64Array(n),
      costs: new Float64Array(n),
      oneToOne: null,
    };
    let joins = false;
    const mark = (t: number, bits: number, inChinese = bits) => {
      if (this.tokenMask[t] === 0 && this.tokenMaskChinese[t] === 0) plan.touched.push(t);
      this.tokenMask[t]! |= bits;
      this.tokenMaskChinese[t]! |= inChinese;
    };
    const costs = plan.costs;
    q.tokens.forEach((token, i) => {
      if (token.particle) return;
      const bit = 1 << i;
      // Its own first letter: an initial's partners, and the first half of a join, start with it.
      plan.letters[i]! |= letterBit(token.text.charCodeAt(0));
      if (token.initial) {
        const c = token.text.charCodeAt(0);
        plan.initials.set(c, (plan.initials.get(c) ?? 0) | bit);
        for (const t of this.byFirstChar.get(c) ?? []) costs[i]! += this.postings.count(t);
      }
      const neighbours = this.neighboursOf(token, q.chinese);
      for (let k = 0; k < neighbours.tokens.length; k++) {
        const t = neighbours.tokens[k]!;
        plan.neighbours[i]!.push(t);
        mark(t, neighbours.elsewhere[k] === 1 ? bit : 0, neighbours.inChinese[k] === 1 ? bit : 0);
        plan.letters[i]! |= letterBit(this.tokenFirstChar[t]!);
        costs[i]! += this.postings.count(t);
        plan.postingCost[i]! += this.postings.count(t);
      }
      // The list writes apart what the query joins (Jianguo against Jian Guo).
      for (let cut = minJoinedPart; cut <= token.text.length - minJoinedPart; cut++) {
        const a = this.vocabulary.id(token.text.slice(0, cut));
        const b = a === undefined ? undefined : this.vocabulary.id(token.text.slice(cut));
        if (a === undefined || b === undefined) continue;
        const range = this.pairs.range(a, b);
        if (range.end === range.start) continue;
        plan.pairRanges[i]!.push(range);
        joins = true;
        plan.pairMasks.set(this.pairs.key(a, b), (plan.pairMasks.get(this.pairs.key(a, b)) ?? 0) | bit);
        costs[i]! += range.end - range.start;
      }
    });
    // The query writes apart what the list joins (Jian Guo against Jianguo, al Rashid against Alrashid).
    q.tokens.forEach((token, i) => {
      const partners = [i + 1, ...(q.tokens[i + 1]?.particle ? [i + 2] : [])];
      for (const k of partners) {
        const other = q.tokens[k];
        if (!other || other.particle || token.text.length < minJoinedPart || other.text.length < minJoinedPart) continue;
        const t = this.vocabulary.id(token.text + other.text);
        if (t === undefined) continue;
        const bits = (1 << i) | (1 << k);
        mark(t, bits);
        joins = true;
        plan.letters[i]! |= letterBit(this.tokenFirstChar[t]!);
        plan.letters[k]! |= letterBit(this.tokenFirstChar[t]!);
        for (const p of [i, k]) {
          if (q.tokens[p]!.particle) continue;
          plan.neighbours[p]!.push(t);
          costs[p]! += this.postings.count(t);
        }
      }
    });
    plan.required = requiredTokens(q, costs, plan.threshold);
    // A hit aligning none of the required tokens must be missing-only, with two or more pairs.
    const rest = contentMask(q) & ~plan.required;
    if (popcount(rest) >= 2 && mayReach(q, rest, true, plan.threshold)) plan.anchored = rest;
    if (!joins) plan.oneToOne = minimalReachingSets(q, plan.threshold);
    return plan;
  }

  /**
   * Vocabulary tokens a query token may align with, and whether it may in a name that is
   * not Chinese and in one that is. A pure function of the token and the vocabulary,
   * memoised: applicants' names repeat.
   */
  private neighboursOf(token: NameToken, queryChinese: boolean): Neighbours {
    const key = `${queryChinese ? 1 : 0}${token.text}`;
    const known = this.neighbourCache.get(key);
    if (known) return known;
    const found = new Set<number>();
    const exact = this.vocabulary.id(token.text);
    if (exact !== undefined) found.add(exact);
    if (!token.initial) {
      // An initial on the list (J.) against this token (John).
      const initial = this.vocabulary.id(token.text[0]!);
      if (initial !== undefined) found.add(initial);
      if (token.text.length > 3) this.vocabulary.formNeighbours(token, found);
    }
    const tokens: number[] = [];
    const elsewhere: number[] = [];
    const inChinese: number[] = [];
    for (const t of found) {
      const other = this.vocabulary.tokens[t]!;
      const plain = t === exact || tokenSimilarity(token, other, queryChinese, false) > 0;
      const chinese = t === exact || tokenSimilarity(token, other, queryChinese, true) > 0;
      if (!plain && !chinese) continue;
      tokens.push(t);
      elsewhere.push(plain ? 1 : 0);
      inChinese.push(chinese ? 1 : 0);
    }
    const neighbours = { tokens: Int32Array.from(tokens), elsewhere: Uint8Array.from(elsewhere), inChinese: Uint8Array.from(inChinese) };
    if (this.neighbourCache.size >= neighbourCacheSize) this.neighbourCache.clear();
    this.neighbourCache.set(key, neighbours);
    return neighbours;
  }

  private readonly neighbourCache = new Map<string, Neighbours>();

  /**
   * Names that share a neighbour of a required token: every hit does, unless all its entry
   * tokens align while some query tokens are missing. When such a hit could avoid the
   * required tokens and still reach the threshold, also names whose rarest token is a
   * neighbour of another query token: that token must align with something. If the query
   * has one initial there, it may be what the rarest token aligns with; then the second
   * rarest aligns with a full token, and the rarest starts with the initial's letter.
   */
  private candidateNames(plan: QueryPlan): number {
    const stamp = ++this.stamp;
    const seen = this.nameSeen;
    let count = 0;
    const take = (name: number) => {
      if (seen[name] === stamp) return;
      seen[name] = stamp;
      if (count >= this.candidates.length) this.growCandidates(count + 1);
      this.candidates[count++] = name;
    };
    const takeAll = (lists: PostingLists, t: number) => {
      const items = lists.items;
      const end = lists.offsets[t + 1]!;
      if (count + (end - lists.offsets[t]!) > this.candidates.length) this.growCandidates(count + end - lists.offsets[t]!);
      for (let p = lists.offsets[t]!; p < end; p++) {
        const name = items[p]!;
        if (seen[name] === stamp) continue;
        seen[name] = stamp;
        this.candidates[count++] = name;
      }
    };
    const q = plan.query;
    const [rarest, secondRarest] = this.anchors;
    const anchored = plan.anchored;
    let anchoredInitials = 0;
    let initialLetter = -1;
    q.tokens.forEach((token, i) => {
      if (token.initial && (anchored & (1 << i)) !== 0) {
        anchoredInitials++;
        initialLetter = token.text.charCodeAt(0);
      }
    });
    q.tokens.forEach((token, i) => {
      const bit = 1 << i;
      const required = (plan.required & bit) !== 0;
      if (!required && (anchored & bit) === 0) return;
      for (const t of plan.neighbours[i]!) {
        if (required) takeAll(this.postings, t);
        if ((anchored & bit) === 0) continue;
        takeAll(rarest, t);
        if (anchoredInitials === 1) {
          const items = secondRarest.items;
          for (let p = secondRarest.offsets[t]!; p < secondRarest.offsets[t + 1]!; p++) {
            const name = items[p]!;
            if (this.tokenFirstChar[this.nameRarest[name]!] === initialLetter) take(name);
          }
        }
      }
      for (const range of plan.pairRanges[i]!) this.pairs.forEach(range, take);
      if (token.initial && required) {
        for (const t of this.byFirstChar.get(token.text.charCodeAt(0)) ?? []) takeAll(this.postings, t);
      }
    });
    if (anchoredInitials >= 2) {
      q.tokens.forEach((token, i) => {
        if (!token.initial || (anchored & (1 << i)) === 0) return;
        for (const t of this.byFirstChar.get(token.text.charCodeAt(0)) ?? []) takeAll(rarest, t);
      });
    }
    return count;
  }

  /**
   * Without joins, a hit aligns one to one every position of some minimal reaching set:
   * its name holds a neighbour of each full token of that set, and any two of them
   * together. So it suffices to read, for every such set, one position's postings or the
   * co-occurrence postings of two positions' neighbours; the reads are chosen greedily by
   * postings per set covered. Null when that costs more than the general plan.
   */
  private coverBySets(plan: QueryPlan, sets: { full: number[]; missing: number[] }, generalCost: number): Access[] | null {
    const q = plan.query;
    const all = [...new Set([...sets.full, ...sets.missing])];
    const minimal = all.filter((set) => !all.some((other) => other !== set && (other & set) === other));
    const options: Access[] = [];
    const positionsOf = (set: number) => q.tokens.map((_, i) => i).filter((i) => (set & (1 << i)) !== 0);
    const seenOption = new Set<number>();
    for (const set of minimal) {
      const full = positionsOf(set).filter((i) => !q.tokens[i]!.initial);
      // A set of initials only would need every token of a letter: the general plan handles it.
      if (full.length === 0) return null;
      for (const i of full) {
        if (!seenOption.has(1 << i)) options.push({ positions: 1 << i, cost: plan.postingCost[i]!, tokens: plan.neighbours[i]!, ranges: [] });
        seenOption.add(1 << i);
      }
      for (let x = 0; x < full.length; x++) {
        for (let y = x + 1; y < full.length; y++) {
          const key = (1 << full[x]!) | (1 << full[y]!);
          if (seenOption.has(key)) continue;
          seenOption.add(key);
          const forward = this.pairAccess(plan, full[x]!, full[y]!);
          const backward = this.pairAccess(plan, full[y]!, full[x]!);
          options.push(forward.cost <= backward.cost ? forward : backward);
        }
      }
    }
    // Greedy weighted set cover: an access covers a set when its positions lie within it.
    const chosen: Access[] = [];
    let uncovered = minimal.slice();
    let total = 0;
    while (uncovered.length > 0) {
      let best: Access | null = null;
      let bestRatio = Infinity;
      for (const option of options) {
        const covers = uncovered.filter((set) => (option.positions & set) === option.positions).length;
        if (covers === 0) continue;
        const ratio = option.cost / covers;
        if (ratio < bestRatio) {
          bestRatio = ratio;
          best = option;
        }
      }
      if (!best) return null;
      chosen.push(best);
      total += best.cost;
      if (total >= generalCost) return null;
      uncovered = uncovered.filter((set) => (best.positions & set) !== best.positions);
    }
    return chosen;
  }

  /**
   * Names holding a neighbour of position i and one of position j: a rare neighbour of i
   * is read whole; a common one only together with each neighbour of j.
   */
  private pairAccess(plan: QueryPlan, i: number, j: number): Access {
    const tokens: number[] = [];
    const ranges: Array<{ start: number; end: number }> = [];
    let cost = 0;
    const partners = plan.neighbours[j]!;
    for (const a of plan.neighbours[i]!) {
      const alone = this.postings.count(a);
      if (alone <= partners.length * lookupCost) {
        tokens.push(a);
        cost += alone;
        continue;
      }
      cost += partners.length * lookupCost;
      for (const b of partners) {
        const range = this.cooccurrence.range(Math.min(a, b), Math.max(a, b));
        if (range.end === range.start) continue;
        ranges.push(range);
        cost += range.end - range.start;
      }
    }
    return { positions: (1 << i) | (1 << j), cost, tokens, ranges };
  }

  private candidatesFromAccesses(plan: QueryPlan, accesses: Access[]): number {
    const stamp = ++this.stamp;
    const seen = this.nameSeen;
    let count = 0;
    const take = (name: number) => {
      if (seen[name] === stamp) return;
      seen[name] = stamp;
      if (count >= this.candidates.length) this.growCandidates(count + 1);
      this.candidates[count++] = name;
    };
    for (const access of accesses) {
      for (const t of access.tokens) this.postings.forEach(t, take);
      for (const range of access.ranges) this.cooccurrence.forEach(range, take);
    }
    return count;
  }

  /** What the general plan (candidateNames) reads. */
  private generalCost(plan: QueryPlan): number {
    let cost = 0;
    plan.query.tokens.forEach((token, i) => {
      const bit = 1 << i;
      if ((plan.required & bit) !== 0) cost += plan.costs[i]!;
      if ((plan.anchored & bit) !== 0) for (const t of plan.neighbours[i]!) cost += this.anchors[0].count(t) + this.anchors[1].count(t);
    });
    return cost;
  }

  private candidates = new Int32Array(1024);

  private growCandidates(needed: number): void {
    const grown = new Int32Array(Math.max(needed, this.candidates.length * 2));
    grown.set(this.candidates);
    this.candidates = grown;
  }

  /** The query positions a name could align (a superset), and whether every name token could align. */
  private alignable(plan: QueryPlan, name: number): number {
    const start = this.nameStart[name]!;
    const end = this.nameStart[name + 1]!;
    const bits = this.positionBits;
    const mask = this.nameChinese[name] === 1 ? this.tokenMaskChinese : this.tokenMask;
    const initials = plan.initials.size > 0 ? plan.initials : null;
    for (let p = start; p < end; p++) {
      const t = this.nameTokens[p]!;
      let b = mask[t]!;
      if (initials !== null && this.tokenInitial[t] === 0 && this.tokenParticle[t] === 0) b |= initials.get(this.tokenFirstChar[t]!) ?? 0;
      bits[p - start] = b;
    }
    if (plan.pairMasks.size > 0) {
      // Two tokens of the name joined equal one query token: both align with it.
      for (let p = start; p + 1 < end; p++) {
        // The partner alignNames may join with p: the next token, or the one after a particle.
        const next = this.tokenParticle[this.nameTokens[p + 1]!] === 1;
        this.markJoined(plan, p, next ? p + 2 : p + 1, start, end);
      }
    }
    let aligned = 0;
    let unaligned = 0;
    let unalignedIfMissing = 0;
    for (let p = start; p < end; p++) {
      aligned |= bits[p - start]!;
      const t = this.nameTokens[p]!;
      if (bits[p - start] === 0 && this.tokenParticle[t] === 0) {
        unaligned += this.tokenWeight[t]!;
        unalignedIfMissing += Math.min(this.tokenWeight[t]!, missingTokenPenalty);
      }
    }
    this.lastComplete = unaligned === 0;
    this.lastUnaligned = unaligned;
    this.lastUnalignedIfMissing = unalignedIfMissing;
    return aligned;
  }

  private markJoined(plan: QueryPlan, p: number, k: number, start: number, end: number): void {
    if (k >= end) return;
    const joined = plan.pairMasks.get(this.pairs.key(this.nameTokens[p]!, this.nameTokens[k]!));
    if (joined === undefined) return;
    this.positionBits[p - start]! |= joined;
    this.positionBits[k - start]! |= joined;
  }

  /** Of the last name given to alignable(): whether every non-particle token may align, and what those that cannot cost. */
  private lastComplete = false;
  private lastUnaligned = 0;
  private lastUnalignedIfMissing = 0;
  private readonly positionBits = new Int32Array(maxNameTokens);
  private readonly matchedBy = new Int32Array(32);

  /** Whether some minimal reaching set of query positions aligns with distinct tokens of the name (after alignable()). */
  private canAlignOneToOne(plan: QueryPlan, name: number, missingAllowed: boolean): boolean {
    const length = this.nameStart[name + 1]! - this.nameStart[name]!;
    const sets = missingAllowed ? plan.oneToOne!.missing : plan.oneToOne!.full;
    for (const set of sets) {
      this.matchedBy.fill(-1, 0, length);
      let all = true;
      for (let i = 0; i < 32 && all; i++) {
        if ((set & (1 << i)) === 0) continue;
        all = this.augment(i, length, new Uint8Array(length));
      }
      if (all) return true;
    }
    return false;
  }

  /** Kuhn's augmenting path: query position i takes a free entry position, or one whose holder can move. */
  private augment(i: number, length: number, visited: Uint8Array): boolean {
    for (let p = 0; p < length; p++) {
      if ((this.positionBits[p]! & (1 << i)) === 0 || visited[p] === 1) continue;
      visited[p] = 1;
      const holder = this.matchedBy[p]!;
      if (holder === -1 || this.augment(holder, length, visited)) {
        this.matchedBy[p] = i;
        return true;
      }
    }
    return false;
  }
}

/** A read of postings covering the query positions in `positions`: whole token postings, and co-occurrence ranges. */
interface Access {
  positions: number;
  cost: number;
  tokens: readonly number[];
  ranges: Array<{ start: number; end: number }>;
}

/** A co-occurrence lookup (a binary search) costs about as much as reading this many postings. */
const lookupCost = 4;

/** Memoised query tokens; cleared when full. */
const neighbourCacheSize = 100_000;

interface Neighbours {
  tokens: Int32Array;
  elsewhere: Uint8Array;
  inChinese: Uint8Array;
}

type SimilarityCache = (queryPosition: number, token: number, chinese: 0 | 1) => number;

interface QueryPlan {
  query: PreparedName;
  bonus: number;
  /** The lowest review threshold less the largest corroboration bonus: what a name score must be able to reach. */
  threshold: number;
  /** Per query position: vocabulary tokens it may align with (joined forms included). */
  neighbours: number[][];
  /** Per query position: postings of adjacent token pairs it equals when joined. */
  pairRanges: Array<Array<{ start: number; end: number }>>;
  pairMasks: Map<number, number>;
  /** First character → query positions that are initials of it. */
  initials: Map<number, number>;
  touched: number[];
  required: number;
  /** Query positions whose neighbours' anchors are read (see candidateNames). */
  anchored: number;
  /** Per query position, the first letters (letterBit) of every token it may align with. */
  letters: Int32Array;
  /** Per query position, the postings its neighbours hold; and with joined forms and initials, what reading it costs. */
  postingCost: Float64Array;
  costs: Float64Array;
  /**
   * Without joined tokens every aligned pair uses one query and one entry token: a
   * candidate can then only reach the threshold if one of these sets of query positions
   * (the smallest that can, per regime: full penalties, missing tokens allowed) aligns
   * with distinct entry tokens. Null when joins are possible.
   */
  oneToOne: { full: number[]; missing: number[] } | null;
}

/** One bit per letter a–z; other first characters share the six remaining bits. */
function letterBit(c: number): number {
  return c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 6));
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

function append<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
