import { parseDate } from './corroboration.js';
import { nameFact, nameFactsStride, type IndexStorage } from './index-storage.js';
import { maxNameTokens } from './name-normalisation.js';
import { missingTokenPenalty, NameScoreBound } from './name-score.js';
import type { QueryPlanner, QueryPlan } from './query-plan.js';

/** Queries of up to this many positions keep the first test's verdicts in a table (2^(n+1) slots). */
const maxMemoisedPositions = 10;

/**
 * Decides, cheaply and without ever dropping a hit, which candidate names are worth
 * scoring: a name is scored only if the best score it could reach (nameScoreBound, from
 * the query positions it could align and the entry tokens that cannot align) reaches the
 * threshold. Tests run cheapest first: the entry's date of birth (a veto), the name's
 * first letters, its tokens, then a one-to-one matching of query positions to tokens.
 */
export class CandidateFilter {
  private readonly bound: NameScoreBound;
  private readonly reach: number;
  private readonly birthYear: number;
  /** The name being looked at: its tokens, and per token the query positions it may align with. */
  private readonly nameTokens = new Int32Array(maxNameTokens);
  private readonly positionBits = new Int32Array(maxNameTokens);
  private readonly matchedBy = new Int32Array(maxNameTokens);
  private readonly visited = new Uint8Array(maxNameTokens);
  /** The plan's initials as parallel arrays (first character, query positions): a Map lookup per token was the filter's main cost. */
  private readonly initialChars: Int32Array;
  private readonly initialBits: Int32Array;
  /** First tokens of the plan's joinable pairs: most names hold none, and then need no pair-key lookup. */
  private readonly pairFirsts: Int32Array;
  /** The first test's verdict by (positions with a letter in common, entry has initials): 1 pass, 0 fail, -1 not yet known. Null for long queries. */
  private readonly letterVerdicts: Int8Array | null;
  // What alignable found, kept in fields rather than returned in an object (one per candidate).
  private aligned = 0;
  private unaligned = 0;
  private unalignedIfMissing = 0;

  constructor(
    private readonly storage: IndexStorage,
    private readonly planner: QueryPlanner,
    private readonly plan: QueryPlan,
    dateOfBirth: string | undefined,
  ) {
    this.bound = new NameScoreBound(plan.query);
    this.reach = plan.threshold - 1e-9;
    // A date of birth years away from the entry's only one vetoes any name match.
    this.birthYear = dateOfBirth ? (parseDate(dateOfBirth)?.year ?? 0) : 0;
    this.initialChars = Int32Array.from(plan.initials.keys());
    this.initialBits = Int32Array.from(plan.initials.values());
    this.letterVerdicts = plan.letters.length <= maxMemoisedPositions ? new Int8Array(2 << plan.letters.length).fill(-1) : null;
    this.pairFirsts = Int32Array.from(new Set(Array.from(plan.pairMasks.keys(), (key) => storage.pairs.first(key))));
  }

  worthScoring(name: number): boolean {
    const { storage, plan } = this;
    const facts = storage.nameFacts;
    const record = name * nameFactsStride;
    const flags = facts[record + nameFact.flags]!;
    const listed = flags >> nameFact.birthYearShift;
    if (this.birthYear !== 0 && listed !== 0 && Math.abs(listed - this.birthYear) > 1) return false;
    const letters = facts[record + nameFact.letters]!;
    let possible = 0;
    for (let k = 0; k < plan.letters.length; k++) if ((letters & plan.letters[k]!) !== 0) possible |= 1 << k;
    const initials = (flags & nameFact.hasInitial) !== 0;
    if (!this.lettersReach(possible, initials)) return false;

    const chinese = (flags & nameFact.chinese) !== 0;
    const length = storage.nameTokensInto(name, this.nameTokens);
    this.alignable(length, chinese);
    const { aligned, unaligned, unalignedIfMissing } = this;
    const organisation = (flags & nameFact.organisation) !== 0;
    const missingAllowed = unaligned === 0 && !organisation;
    const entryMissing = organisation || chinese ? unaligned : unalignedIfMissing;
    if (!(this.bound.bound(aligned, missingAllowed, unaligned, entryMissing, initials) >= this.reach)) return false;
    return !plan.oneToOne || this.alignsOneToOne(length, missingAllowed ? plan.oneToOne.missing : plan.oneToOne.full);
  }

  // Verdicts, not bounds, are kept and returned: a double returned from a call that is not inlined is a heap allocation.
  private lettersReach(possible: number, initials: boolean): boolean {
    const memo = this.letterVerdicts;
    if (memo === null) return this.bound.bound(possible, true, 0, 0, initials) >= this.reach;
    const slot = possible * 2 + (initials ? 1 : 0);
    if (memo[slot] === -1) memo[slot] = this.bound.bound(possible, true, 0, 0, initials) >= this.reach ? 1 : 0;
    return memo[slot] === 1;
  }

  /** Per token of the name (nameTokens; in positionBits) the query positions it may align with; their union; what unalignable tokens cost. */
  private alignable(length: number, chinese: boolean): void {
    const { storage, plan, initialChars, initialBits } = this;
    const tokens = this.nameTokens;
    const bits = this.positionBits;
    const mask = chinese ? this.planner.tokenMaskChinese : this.planner.tokenMask;
    const initials = initialChars.length;
    for (let p = 0; p < length; p++) {
      const t = tokens[p]!;
      let b = mask[t]!;
      if (initials > 0 && storage.tokenInitial[t] === 0 && storage.tokenParticle[t] === 0) {
        const first = storage.tokenFirstChar[t]!;
        for (let k = 0; k < initials; k++) if (initialChars[k] === first) b |= initialBits[k]!;
      }
      bits[p] = b;
    }
    if (plan.pairMasks.size > 0) {
      // Two tokens of the name joined equal one query token: both align with it.
      const firsts = this.pairFirsts;
      for (let p = 0; p + 1 < length; p++) {
        const first = tokens[p]!;
        let joinable = false;
        for (let f = 0; f < firsts.length && !joinable; f++) joinable = firsts[f] === first;
        if (!joinable) continue;
        const k = storage.tokenParticle[tokens[p + 1]!] === 1 ? p + 2 : p + 1;
        if (k >= length) continue;
        const joined = plan.pairMasks.get(storage.pairs.key(tokens[p]!, tokens[k]!));
        if (joined === undefined) continue;
        bits[p]! |= joined;
        bits[k]! |= joined;
      }
    }
    let aligned = 0;
    let unaligned = 0;
    let unalignedIfMissing = 0;
    for (let p = 0; p < length; p++) {
      aligned |= bits[p]!;
      const t = tokens[p]!;
      if (bits[p] === 0 && storage.tokenParticle[t] === 0) {
        unaligned += storage.tokenWeight[t]!;
        unalignedIfMissing += Math.min(storage.tokenWeight[t]!, missingTokenPenalty);
      }
    }
    this.aligned = aligned;
    this.unaligned = unaligned;
    this.unalignedIfMissing = unalignedIfMissing;
  }

  /** Whether one of the sets of query positions aligns with distinct tokens of the name (after alignable). */
  private alignsOneToOne(length: number, sets: readonly number[]): boolean {
    for (const set of sets) {
      this.matchedBy.fill(-1, 0, length);
      let all = true;
      for (let i = 0; i < 32 && all; i++) {
        if ((set & (1 << i)) === 0) continue;
        this.visited.fill(0, 0, length);
        all = this.augment(i, length);
      }
      if (all) return true;
    }
    return false;
  }

  /** Kuhn's augmenting path: query position i takes a free name position, or one whose holder can move. */
  private augment(i: number, length: number): boolean {
    for (let p = 0; p < length; p++) {
      if ((this.positionBits[p]! & (1 << i)) === 0 || this.visited[p] === 1) continue;
      this.visited[p] = 1;
      const holder = this.matchedBy[p]!;
      if (holder === -1 || this.augment(holder, length)) {
        this.matchedBy[p] = i;
        return true;
      }
    }
    return false;
  }
}
