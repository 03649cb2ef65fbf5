import { contentMask, mayReach, minimalReachingSets, requiredTokens } from './candidate-selection.js';
import type { PreparedSubject } from './entry-matching.js';
import { letterBit, type IndexStorage } from './index-storage.js';
import { minJoinedPart, type PreparedName } from './name-score.js';
import { tokenSimilarity, type NameToken } from './name-tokens.js';

/** What the index knows about a query before reading any postings. */
export interface QueryPlan {
  query: PreparedName;
  bonus: number;
  /** The lowest review threshold less the largest corroboration bonus: what a name score must be able to reach. */
  threshold: number;
  /** Per query position: vocabulary tokens it may align with (joined forms included). */
  neighbours: number[][];
  /** Per query position: postings of token pairs it equals when joined. */
  pairRanges: Array<Array<{ start: number; end: number }>>;
  /** Pair key → query positions that pair equals when joined. */
  pairMasks: Map<number, number>;
  /** First character → query positions that are initials of it. */
  initials: Map<number, number>;
  /** Hitting set of query positions (candidate-selection.ts) and positions whose anchors are read. */
  required: number;
  anchored: number;
  /** Per query position: first letters (letterBit) of every token it may align with. */
  letters: Int32Array;
  /** Per query position: postings its neighbours hold; with joins and initials, what reading it costs. */
  postingCost: Float64Array;
  costs: Float64Array;
  /**
   * A hit aligns all positions of one of these minimal reaching sets (per regime: full
   * penalties, missing tokens allowed), each with a token of its own: null when the query
   * could join two of its full tokens into one of the list's (Jian Guo / Jianguo).
   */
  oneToOne: { full: number[]; missing: number[] } | null;
  /** No join of any kind is possible: every aligned position has a neighbour in the name. */
  joinFree: boolean;
  /** Vocabulary tokens marked in the planner's masks, to clear afterwards. */
  touched: number[];
}

interface Neighbours {
  tokens: Int32Array;
  /** May align in a name that is not Chinese, and in one that is (syllables compare exactly there). */
  elsewhere: Uint8Array;
  inChinese: Uint8Array;
}

/** Memoised query tokens; cleared when full. */
const neighbourCacheSize = 100_000;

/**
 * Builds query plans against one index. Holds per-query scratch (a mask per vocabulary
 * token of the query positions it may align with), so one planner serves one query at a
 * time: screening is synchronous.
 */
export class QueryPlanner {
  readonly tokenMask: Int32Array;
  readonly tokenMaskChinese: Int32Array;
  private readonly neighbourCache = new Map<string, Neighbours>();

  constructor(private readonly storage: IndexStorage) {
    this.tokenMask = new Int32Array(storage.vocabulary.size);
    this.tokenMaskChinese = new Int32Array(storage.vocabulary.size);
  }

  plan(prepared: PreparedSubject, bonus: number): QueryPlan {
    const { storage } = this;
    const q = prepared.name;
    const n = q.tokens.length;
    const plan: QueryPlan = {
      query: q,
      bonus,
      threshold: storage.minReview - bonus,
      neighbours: q.tokens.map(() => []),
      pairRanges: q.tokens.map(() => []),
      pairMasks: new Map(),
      initials: new Map(),
      required: 0,
      anchored: 0,
      letters: new Int32Array(n),
      postingCost: new Float64Array(n),
      costs: new Float64Array(n),
      oneToOne: null,
      joinFree: true,
      touched: [],
    };
    let contentJoins = false;
    const costs = plan.costs;
    q.tokens.forEach((token, i) => {
      if (token.particle) return;
      const bit = 1 << i;
      // Its own first letter: an initial's partners, and the first half of a join, start with it.
      plan.letters[i]! |= letterBit(token.text.charCodeAt(0));
      if (token.initial) {
        const c = token.text.charCodeAt(0);
        plan.initials.set(c, (plan.initials.get(c) ?? 0) | bit);
        for (const t of storage.byFirstChar.get(c) ?? []) costs[i]! += storage.postings.count(t);
      }
      const neighbours = this.neighboursOf(token, q.chinese);
      for (let k = 0; k < neighbours.tokens.length; k++) {
        const t = neighbours.tokens[k]!;
        plan.neighbours[i]!.push(t);
        this.mark(plan, t, neighbours.elsewhere[k] === 1 ? bit : 0, neighbours.inChinese[k] === 1 ? bit : 0);
        plan.letters[i]! |= letterBit(storage.tokenFirstChar[t]!);
        costs[i]! += storage.postings.count(t);
        plan.postingCost[i]! += storage.postings.count(t);
      }
      // The list writes apart what the query joins (Jianguo against Jian Guo).
      for (let cut = minJoinedPart; cut <= token.text.length - minJoinedPart; cut++) {
        const a = storage.vocabulary.id(token.text.slice(0, cut));
        const b = a === undefined ? undefined : storage.vocabulary.id(token.text.slice(cut));
        if (a === undefined || b === undefined) continue;
        const range = storage.pairs.range(a, b);
        if (range.end === range.start) continue;
        plan.joinFree = false;
        plan.pairRanges[i]!.push(range);
        const key = storage.pairs.key(a, b);
        plan.pairMasks.set(key, (plan.pairMasks.get(key) ?? 0) | bit);
        costs[i]! += range.end - range.start;
      }
    });
    // The query writes apart what the list joins (Jian Guo against Jianguo, al Rashid against Alrashid).
    q.tokens.forEach((token, i) => {
      const partners = q.tokens[i + 1]?.particle ? [i + 1, i + 2] : [i + 1];
      for (const k of partners) {
        const other = q.tokens[k];
        if (!other || other.particle || token.text.length < minJoinedPart || other.text.length < minJoinedPart) continue;
        const t = storage.vocabulary.id(token.text + other.text);
        if (t === undefined) continue;
        plan.joinFree = false;
        if (!token.particle) contentJoins = true;
        const bits = (1 << i) | (1 << k);
        this.mark(plan, t, bits, bits);
        for (const p of [i, k]) {
          plan.letters[p]! |= letterBit(storage.tokenFirstChar[t]!);
          if (q.tokens[p]!.particle) continue;
          plan.neighbours[p]!.push(t);
          costs[p]! += storage.postings.count(t);
        }
      }
    });
    plan.required = requiredTokens(q, costs, plan.threshold);
    // A hit aligning none of the required tokens must be missing-only, with two or more pairs.
    const rest = contentMask(q) & ~plan.required;
    if (popcount(rest) >= 2 && mayReach(q, rest, true, plan.threshold)) plan.anchored = rest;
    if (!contentJoins) plan.oneToOne = minimalReachingSets(q, plan.threshold);
    return plan;
  }

  /** Clears the plan's marks, ready for the next query. */
  release(plan: QueryPlan): void {
    for (const t of plan.touched) {
      this.tokenMask[t] = 0;
      this.tokenMaskChinese[t] = 0;
    }
  }

  private mark(plan: QueryPlan, t: number, bits: number, inChinese: number): void {
    if (this.tokenMask[t] === 0 && this.tokenMaskChinese[t] === 0) plan.touched.push(t);
    this.tokenMask[t]! |= bits;
    this.tokenMaskChinese[t]! |= inChinese;
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
    const { vocabulary } = this.storage;
    const found = new Set<number>();
    const exact = vocabulary.id(token.text);
    if (exact !== undefined) found.add(exact);
    if (!token.initial) {
      // An initial on the list (J.) against this token (John).
      const initial = vocabulary.id(token.text[0]!);
      if (initial !== undefined) found.add(initial);
      if (token.text.length > 3) vocabulary.formNeighbours(token, found);
    }
    const tokens: number[] = [];
    const elsewhere: number[] = [];
    const inChinese: number[] = [];
    for (const t of found) {
      const other = vocabulary.tokens[t]!;
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
}

export function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
