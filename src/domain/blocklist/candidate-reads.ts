import type { IndexStorage } from './index-storage.js';
import type { PostingLists } from './posting-lists.js';
import type { QueryPlan } from './query-plan.js';

/** A read of postings covering the query positions in `positions`: whole token postings, and co-occurrence ranges. */
interface Access {
  positions: number;
  cost: number;
  tokens: readonly number[];
  ranges: Array<{ start: number; end: number }>;
  /** The ranges are of token-and-initial postings, not co-occurrences. */
  withInitial?: boolean;
}

/** A co-occurrence lookup (a binary search) costs about as much as reading this many postings. */
const lookupCost = 4;

/**
 * Reads the candidate names of a query plan from the postings, each name once. Two ways,
 * each missing no hit; the cheaper is taken:
 *
 * - general: the postings of a hitting set of query tokens (every hit that is not
 *   missing-only aligns one of them), and for missing-only hits the anchors;
 * - by sets, when no joins are possible: a hit aligns one to one all positions of a
 *   minimal reaching set, so its name holds a neighbour of each, and of any two together.
 */
export class CandidateReader {
  private candidates = new Int32Array(1024);
  private readonly seen: Int32Array;
  private stamp = 0;
  private count = 0;

  constructor(private readonly storage: IndexStorage) {
    this.seen = new Int32Array(storage.nameEntry.length);
  }

  /** Reads the candidates; returns the buffer and how many it holds (valid until the next read). */
  read(plan: QueryPlan): { names: Int32Array; count: number } {
    this.stamp++;
    this.count = 0;
    const cover = plan.oneToOne && plan.joinFree ? this.coverBySets(plan, plan.oneToOne, this.generalCost(plan)) : null;
    if (cover) {
      for (const access of cover) {
        for (const t of access.tokens) this.takeAll(this.storage.postings, t);
        const pairs = access.withInitial ? this.storage.withInitial : this.storage.cooccurrence;
        for (const range of access.ranges) pairs.forEach(range, this.take);
      }
    } else {
      this.readGeneral(plan);
    }
    return { names: this.candidates, count: this.count };
  }

  private readonly take = (name: number): void => {
    if (this.seen[name] === this.stamp) return;
    this.seen[name] = this.stamp;
    if (this.count >= this.candidates.length) this.grow(this.count + 1);
    this.candidates[this.count++] = name;
  };

  private takeAll(lists: PostingLists, t: number): void {
    const { items, offsets } = lists;
    const end = offsets[t + 1]!;
    if (this.count + end - offsets[t]! > this.candidates.length) this.grow(this.count + end - offsets[t]!);
    for (let p = offsets[t]!; p < end; p++) {
      const name = items[p]!;
      if (this.seen[name] === this.stamp) continue;
      this.seen[name] = this.stamp;
      this.candidates[this.count++] = name;
    }
  }

  private grow(needed: number): void {
    const grown = new Int32Array(Math.max(needed, this.candidates.length * 2));
    grown.set(this.candidates);
    this.candidates = grown;
  }

  /**
   * Names sharing a neighbour of a required token, and, when a missing-only hit could avoid
   * the required tokens, names whose rarest token is a neighbour of another query token
   * (every token of such a name aligns, its rarest too). If the query has one initial
   * there, it may be what the rarest token aligns with: then the second rarest aligns with
   * a full token, and the rarest starts with the initial's letter.
   */
  private readGeneral(plan: QueryPlan): void {
    const { storage } = this;
    const q = plan.query;
    const [rarest, secondRarest] = storage.anchors;
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
        if (required) this.takeAll(storage.postings, t);
        if ((anchored & bit) === 0) continue;
        this.takeAll(rarest, t);
        if (anchoredInitials === 1) {
          for (let p = secondRarest.offsets[t]!; p < secondRarest.offsets[t + 1]!; p++) {
            const name = secondRarest.items[p]!;
            if (storage.tokenFirstChar[storage.nameRarest[name]!] === initialLetter) this.take(name);
          }
        }
      }
      for (const range of plan.pairRanges[i]!) storage.pairs.forEach(range, this.take);
      if (token.initial && required) {
        for (const t of storage.byFirstChar.get(token.text.charCodeAt(0)) ?? []) this.takeAll(storage.postings, t);
      }
    });
    if (anchoredInitials >= 2) {
      q.tokens.forEach((token, i) => {
        if (!token.initial || (anchored & (1 << i)) === 0) return;
        for (const t of storage.byFirstChar.get(token.text.charCodeAt(0)) ?? []) this.takeAll(rarest, t);
      });
    }
  }

  /** What readGeneral reads, as postings. */
  private generalCost(plan: QueryPlan): number {
    let cost = 0;
    plan.query.tokens.forEach((_, i) => {
      const bit = 1 << i;
      if ((plan.required & bit) !== 0) cost += plan.costs[i]!;
      if ((plan.anchored & bit) !== 0) {
        for (const t of plan.neighbours[i]!) cost += this.storage.anchors[0].count(t) + this.storage.anchors[1].count(t);
      }
    });
    return cost;
  }

  /**
   * Reads that cover every minimal reaching set (an access covers a set when its positions
   * lie within it), chosen greedily by postings per set covered; null when they would cost
   * more than the general read.
   */
  private coverBySets(plan: QueryPlan, sets: { full: number[]; missing: number[] }, generalCost: number): Access[] | null {
    const q = plan.query;
    const all = [...new Set([...sets.full, ...sets.missing])];
    const minimal = all.filter((set) => !all.some((other) => other !== set && (other & set) === other));
    const options: Access[] = [];
    const considered = new Set<number>();
    for (const set of minimal) {
      const full = q.tokens.map((_, i) => i).filter((i) => (set & (1 << i)) !== 0 && !q.tokens[i]!.initial);
      const initials = q.tokens.map((_, i) => i).filter((i) => (set & (1 << i)) !== 0 && q.tokens[i]!.initial);
      // A set of initials only would need every token of a letter: the general read handles it.
      if (full.length === 0) return null;
      for (const i of full) {
        for (const j of initials) {
          const key = (1 << i) | (1 << j);
          if (considered.has(key)) continue;
          considered.add(key);
          options.push(this.initialAccess(plan, i, q.tokens[j]!.text.charCodeAt(0), key));
        }
      }
      for (const i of full) {
        if (!considered.has(1 << i)) options.push({ positions: 1 << i, cost: plan.postingCost[i]!, tokens: plan.neighbours[i]!, ranges: [] });
        considered.add(1 << i);
      }
      for (let x = 0; x < full.length; x++) {
        for (let y = x + 1; y < full.length; y++) {
          const key = (1 << full[x]!) | (1 << full[y]!);
          if (considered.has(key)) continue;
          considered.add(key);
          const forward = this.pairAccess(plan, full[x]!, full[y]!);
          const backward = this.pairAccess(plan, full[y]!, full[x]!);
          options.push(forward.cost <= backward.cost ? forward : backward);
        }
      }
    }
    const chosen: Access[] = [];
    let uncovered = minimal;
    let total = 0;
    while (uncovered.length > 0) {
      let best: Access | null = null;
      let bestRatio = Infinity;
      for (const option of options) {
        const covers = uncovered.filter((set) => (option.positions & set) === option.positions).length;
        if (covers > 0 && option.cost / covers < bestRatio) {
          bestRatio = option.cost / covers;
          best = option;
        }
      }
      if (!best) return null;
      chosen.push(best);
      total += best.cost;
      if (total >= generalCost) return null;
      const positions = best.positions;
      uncovered = uncovered.filter((set) => (positions & set) !== positions);
    }
    return chosen;
  }

  /** Names holding a neighbour of position i and another token starting with an initial's letter. */
  private initialAccess(plan: QueryPlan, i: number, letter: number, positions: number): Access {
    const { storage } = this;
    const tokens: number[] = [];
    const ranges: Array<{ start: number; end: number }> = [];
    let cost = 0;
    for (const a of plan.neighbours[i]!) {
      const alone = storage.postings.count(a);
      if (alone <= lookupCost) {
        tokens.push(a);
        cost += alone;
        continue;
      }
      const range = storage.withInitial.range(a, letter);
      cost += lookupCost + range.end - range.start;
      if (range.end > range.start) ranges.push(range);
    }
    return { positions, cost, tokens, ranges, withInitial: true };
  }

  /**
   * Names holding a neighbour of position i and one of position j: a rare neighbour of i
   * is read whole; a common one only together with each neighbour of j.
   */
  private pairAccess(plan: QueryPlan, i: number, j: number): Access {
    const { storage } = this;
    const tokens: number[] = [];
    const ranges: Array<{ start: number; end: number }> = [];
    let cost = 0;
    const partners = plan.neighbours[j]!;
    for (const a of plan.neighbours[i]!) {
      const alone = storage.postings.count(a);
      if (alone <= partners.length * lookupCost) {
        tokens.push(a);
        cost += alone;
        continue;
      }
      cost += partners.length * lookupCost;
      for (const b of partners) {
        const range = storage.cooccurrence.range(Math.min(a, b), Math.max(a, b));
        if (range.end === range.start) continue;
        ranges.push(range);
        cost += range.end - range.start;
      }
    }
    return { positions: (1 << i) | (1 << j), cost, tokens, ranges };
  }
}
