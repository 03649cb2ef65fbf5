import { maxNameTokens } from './name-normalisation.js';
import { initialSimilarity, initialWeight, isSyllable, maxTokenWeight, nameToken, type NameToken } from './name-tokens.js';

/**
 * The name score: tokens aligned one to one, order-independent, best pairs first.
 *
 *   score = Σ similarity × weight over aligned pairs
 *           ─────────────────────────────────────────────────────────────
 *           Σ weight over aligned pairs + Σ penalty over unaligned tokens
 *
 * A pair weighs as its lighter token (an initial pair as its full name). An unaligned
 * token costs its full weight when the other name has an unaligned token too: a token on
 * both sides that differs is a conflict (Nguyễn Văn An / Nguyễn Thị An). When only one
 * side has unaligned tokens they are missing, not conflicting (a middle name, patronymic
 * or second surname left out) and cost at most `missingTokenPenalty` each, provided two
 * or more pairs agree, the entry is a person, and the longer name is not Chinese (where
 * Zhou Jie and Zhou Jie Lun are different people).
 */

export const missingTokenPenalty = 0.75;

export interface PreparedName {
  tokens: readonly NameToken[];
  /** Every token is pinyin: a Chinese name, whose syllables are never optional. */
  chinese: boolean;
}

export function prepareName(tokens: readonly string[]): PreparedName {
  const prepared = tokens.map(nameToken);
  const content = prepared.filter((t) => !t.particle);
  return { tokens: prepared, chinese: content.length > 0 && content.every((t) => t.pinyin) };
}

export type PairKind = 'same' | 'similar' | 'initial' | 'joined';

export interface TokenPair {
  /** Query token positions (two when the query writes apart what the entry joins). */
  query: readonly number[];
  entry: readonly number[];
  similarity: number;
  weight: number;
  kind: PairKind;
}

export interface NameAlignment {
  score: number;
  pairs: TokenPair[];
  /** Unaligned non-particle tokens, by position. */
  unmatchedQuery: number[];
  unmatchedEntry: number[];
  /** The unaligned tokens were forgiven as missing rather than counted as conflicts. */
  missing: boolean;
  /** Syllables that agree but stand in another order (王建国 / 王国建) were left unaligned. */
  outOfOrder: boolean;
}

/** The second position that may be joined with `i`: the next token (k = 0), or the one after a particle (k = 1, Abd al-Rahman); -1 if none. */
function joinPartner(tokens: readonly NameToken[], i: number, k: number): number {
  if (k === 0) return i + 1 < tokens.length ? i + 1 : -1;
  return i + 2 < tokens.length && tokens[i + 1]!.particle ? i + 2 : -1;
}

/** Each part of a joined token has at least this many letters: an initial is not half of a name. */
export const minJoinedPart = 2;

function isJoinOf(joined: string, a: string, b: string): boolean {
  return joined.length === a.length + b.length && joined.startsWith(a) && joined.endsWith(b);
}

/**
 * Pairs where one side writes as one token what the other writes as two (Jianguo / Jian
 * Guo, al-Rashid / Alrashid); found before any other pair, exact only.
 */
function joinPairs(
  split: readonly NameToken[],
  whole: readonly NameToken[],
  splitUsed: Uint8Array,
  wholeUsed: Uint8Array,
  splitIsQuery: boolean,
  pairs: TokenPair[],
): void {
  // Lengths of the tokens that could be a join: most names have none that fits.
  let lengths = 0;
  for (let j = 0; j < whole.length; j++) if (wholeUsed[j] === 0 && !whole[j]!.particle) lengths |= 1 << Math.min(whole[j]!.text.length, 31);
  for (let i = 0; i < split.length; i++) {
    if (splitUsed[i] === 1) continue;
    for (let partner = 0; partner < 2; partner++) {
      const k = joinPartner(split, i, partner);
      if (k < 0) continue;
      if ((lengths & (1 << Math.min(split[i]!.text.length + split[k]!.text.length, 31))) === 0) continue;
      if (splitUsed[k] === 1 || split[k]!.particle) continue;
      const a = split[i]!.text;
      const b = split[k]!.text;
      if (a.length < minJoinedPart || b.length < minJoinedPart) continue;
      let j = -1;
      for (let at = 0; at < whole.length && j < 0; at++) if (wholeUsed[at] === 0 && !whole[at]!.particle && isJoinOf(whole[at]!.text, a, b)) j = at;
      if (j < 0) continue;
      for (let at = i; at <= k; at++) splitUsed[at] = 1;
      wholeUsed[j] = 1;
      const positions = [i, k];
      const weight = Math.min(split[i]!.weight + split[k]!.weight, whole[j]!.weight);
      pairs.push(
        splitIsQuery
          ? { query: positions, entry: position(j), similarity: 1, weight, kind: 'joined' }
          : { query: position(j), entry: positions, similarity: 1, weight, kind: 'joined' },
      );
      break;
    }
  }
}

/**
 * Syllables are ordered: 王建国 (Wang Jian Guo) is not 王国建 (Wang Guo Jian). Two adjacent
 * syllables aligned to adjacent entry syllables in the opposite order lose the second pair,
 * unless the whole name is written backwards (Chinh Minh Pham for Phạm Minh Chính).
 */
function dropReversedSyllables(query: PreparedName, entry: PreparedName, pairs: TokenPair[], qUsed: Uint8Array, eUsed: Uint8Array): TokenPair[] {
  const q = query.tokens;
  let syllables = false;
  for (let i = 0; i < q.length && !syllables; i++) syllables = isSyllable(q[i]!, query.chinese);
  if (!syllables) return pairs;
  // Runs for every candidate name of a Vietnamese or Chinese query: no allocation unless a pair is dropped.
  const { entryOf, dropped } = scratch;
  entryOf.fill(-1, 0, q.length);
  dropped.fill(0, 0, q.length);
  let single = 0;
  for (const p of pairs) {
    if (p.query.length !== 1 || p.entry.length !== 1) continue;
    entryOf[p.query[0]!] = p.entry[0]!;
    single++;
  }
  if (single < 2) return pairs;
  // Entry positions in query order, all descending: the whole name is written backwards.
  let backwards = true;
  let previous = -1;
  for (let i = 0; i < q.length && backwards; i++) {
    const at = entryOf[i]!;
    if (at < 0) continue;
    if (previous >= 0 && at >= previous) backwards = false;
    previous = at;
  }
  if (backwards) return pairs;
  let drops = 0;
  for (let i = 0; i + 1 < q.length; i++) {
    const next = i + 1;
    const a = entryOf[i]!;
    const b = entryOf[next]!;
    if (a < 0 || b < 0 || dropped[i] === 1 || b !== a - 1) continue;
    const bothSyllables =
      isSyllable(q[i]!, query.chinese) &&
      isSyllable(q[next]!, query.chinese) &&
      isSyllable(entry.tokens[a]!, entry.chinese) &&
      isSyllable(entry.tokens[b]!, entry.chinese);
    if (bothSyllables) {
      dropped[next] = 1;
      drops++;
    }
  }
  if (drops === 0) return pairs;
  return pairs.filter((p) => {
    const drop = p.query.length === 1 && p.entry.length === 1 && dropped[p.query[0]!] === 1;
    if (drop) {
      qUsed[p.query[0]!] = 0;
      eUsed[p.entry[0]!] = 0;
    }
    return !drop;
  });
}

/** `[i]`, shared: most pairs are one token to one, and their position lists are never changed. */
const singlePositions: ReadonlyArray<readonly number[]> = Array.from({ length: maxNameTokens }, (_, i) => Object.freeze([i]));
const position = (i: number): readonly number[] => singlePositions[i] ?? [i];

/**
 * alignNames' working arrays, reused: it runs for every candidate name and never inside
 * itself. Per query and entry position, whether it is aligned; per candidate pair (at most
 * one per query and entry position) its positions, similarity and weight, and their
 * order; per query position, for dropReversedSyllables, its single entry partner and
 * whether its pair is dropped. Sized for normaliseName's longest names, grown for longer.
 */
function scratchArrays(positions: number) {
  const pairs = positions * positions;
  return {
    positions,
    queryUsed: new Uint8Array(positions),
    entryUsed: new Uint8Array(positions),
    i: new Int32Array(pairs),
    j: new Int32Array(pairs),
    s: new Float64Array(pairs),
    weight: new Float64Array(pairs),
    order: new Int32Array(pairs),
    entryOf: new Int32Array(positions),
    dropped: new Uint8Array(positions),
  };
}
let scratch = scratchArrays(maxNameTokens);

function comesBefore(a: number, b: number): boolean {
  const { i, j, s, weight } = scratch;
  const d = s[b]! * weight[b]! - s[a]! * weight[a]!;
  if (d !== 0) return d < 0;
  return i[a] !== i[b] ? i[a]! < i[b]! : j[a]! < j[b]!;
}

export type TokenSimilarityOf = (queryPosition: number, entryPosition: number) => number;

export function alignNames(
  query: PreparedName,
  entry: PreparedName,
  entryIsOrganisation: boolean,
  similarity: TokenSimilarityOf,
): NameAlignment {
  const q = query.tokens;
  const e = entry.tokens;
  if (Math.max(q.length, e.length) > scratch.positions) scratch = scratchArrays(Math.max(q.length, e.length));
  const qUsed = scratch.queryUsed.fill(0, 0, q.length);
  const eUsed = scratch.entryUsed.fill(0, 0, e.length);
  let pairs: TokenPair[] = [];
  joinPairs(q, e, qUsed, eUsed, true, pairs);
  joinPairs(e, q, eUsed, qUsed, false, pairs);

  // Token pairs that may align, best first.
  const { i: ci, j: cj, s: cs, weight: cw, order } = scratch;
  let n = 0;
  for (let i = 0; i < q.length; i++) {
    if (qUsed[i] === 1 || q[i]!.particle) continue;
    for (let j = 0; j < e.length; j++) {
      if (eUsed[j] === 1 || e[j]!.particle) continue;
      const s = similarity(i, j);
      if (s <= 0) continue;
      const initial = q[i]!.initial !== e[j]!.initial;
      ci[n] = i;
      cj[n] = j;
      cs[n] = s;
      cw[n] = initial ? (q[i]!.initial ? e[j]!.weight : q[i]!.weight) : Math.min(q[i]!.weight, e[j]!.weight);
      // Insertion by s × weight descending, then query and entry position: pairs are few.
      let at = n;
      while (at > 0 && comesBefore(n, order[at - 1]!)) {
        order[at] = order[at - 1]!;
        at--;
      }
      order[at] = n;
      n++;
    }
  }
  for (let k = 0; k < n; k++) {
    const c = order[k]!;
    const i = ci[c]!;
    const j = cj[c]!;
    if (qUsed[i] === 1 || eUsed[j] === 1) continue;
    qUsed[i] = 1;
    eUsed[j] = 1;
    const initial = q[i]!.initial !== e[j]!.initial;
    const kind: PairKind = initial ? 'initial' : cs[c] === 1 ? 'same' : 'similar';
    pairs.push({ query: position(i), entry: position(j), similarity: cs[c]!, weight: cw[c]!, kind });
  }
  const before = pairs.length;
  pairs = dropReversedSyllables(query, entry, pairs, qUsed, eUsed);
  const outOfOrder = pairs.length < before;

  const unmatchedQuery: number[] = [];
  const unmatchedEntry: number[] = [];
  for (let i = 0; i < q.length; i++) if (qUsed[i] === 0 && !q[i]!.particle) unmatchedQuery.push(i);
  for (let j = 0; j < e.length; j++) if (eUsed[j] === 0 && !e[j]!.particle) unmatchedEntry.push(j);
  const oneSided = (unmatchedQuery.length === 0) !== (unmatchedEntry.length === 0);
  const longer = unmatchedQuery.length > 0 ? query : entry;
  const missing = oneSided && pairs.length >= 2 && !entryIsOrganisation && !longer.chinese;

  let numerator = 0;
  let denominator = 0;
  for (const p of pairs) {
    numerator += p.similarity * p.weight;
    denominator += p.weight;
  }
  for (const i of unmatchedQuery) denominator += missing ? Math.min(q[i]!.weight, missingTokenPenalty) : q[i]!.weight;
  for (const j of unmatchedEntry) denominator += missing ? Math.min(e[j]!.weight, missingTokenPenalty) : e[j]!.weight;
  const score = denominator > 0 ? numerator / denominator : 0;
  return { score, pairs, unmatchedQuery, unmatchedEntry, missing, outOfOrder };
}

/**
 * The highest name score an entry can reach against this query when at most the query
 * tokens in `matched` (a bit per position) find partners. Pairs weigh at most their query
 * token (an initial at most maxTokenWeight). Unmatched query tokens cost their weight, or
 * the missing-token penalty when `missingAllowed` (the entry is a person whose every
 * token may align, two or more pairs, the query not Chinese). `entryUnaligned` is what
 * entry tokens known to align with nothing cost at least: `full` when they conflict with
 * unmatched query tokens, `missing` (the caller's lightest case for that entry) when the
 * query aligns completely. The index's candidate generation rests on this bound.
 */
export function nameScoreBound(
  query: PreparedName,
  matched: number,
  missingAllowed: boolean,
  entryUnaligned: { full: number; missing: number } = { full: 0, missing: 0 },
): number {
  return new NameScoreBound(query).bound(matched, missingAllowed, entryUnaligned.full, entryUnaligned.missing);
}

/** nameScoreBound with the query's weights laid out once, for the index's per-candidate check. */
export class NameScoreBound {
  private readonly positions: Int32Array;
  private readonly initial: Uint8Array;
  private readonly weight: Float64Array;
  private readonly missingWeight: Float64Array;
  private readonly chinese: boolean;

  constructor(query: PreparedName) {
    const content = query.tokens.map((t, i) => ({ t, i })).filter(({ t }) => !t.particle);
    this.positions = Int32Array.from(content, ({ i }) => i);
    this.initial = Uint8Array.from(content, ({ t }) => (t.initial ? 1 : 0));
    this.weight = Float64Array.from(content, ({ t }) => t.weight);
    this.missingWeight = Float64Array.from(content, ({ t }) => Math.min(t.weight, missingTokenPenalty));
    this.chinese = query.chinese;
  }

  /** `entryInitials`: the entry may have one-letter tokens, which an initial can equal. */
  bound(matched: number, missingAllowed: boolean, entryFull: number, entryMissing: number, entryInitials = true): number {
    // A full token pairs at most at its own weight with similarity 1; an initial pairs with
    // a name of weight 2..maxTokenWeight at initialSimilarity, or with the same initial.
    let aligned = 0;
    let unaligned = 0;
    let unalignedIfMissing = 0;
    let pairsPossible = 0;
    let initials = 0;
    for (let k = 0; k < this.positions.length; k++) {
      if ((matched & (1 << this.positions[k]!)) !== 0) {
        if (this.initial[k] === 1) initials++;
        else aligned += this.weight[k]!;
        pairsPossible++;
      } else {
        unaligned += this.weight[k]!;
        unalignedIfMissing += this.missingWeight[k]!;
      }
    }
    let penalty: number;
    if (entryFull > 0) {
      // Tokens unaligned on both sides conflict; the entry's alone may be missing.
      penalty = unaligned > 0 ? unaligned + entryFull : pairsPossible >= 2 ? entryMissing : entryFull;
    } else {
      penalty = missingAllowed && pairsPossible >= 2 && !this.chinese ? unalignedIfMissing : unaligned;
    }
    if (initials === 0) return aligned + penalty > 0 ? aligned / (aligned + penalty) : 0;
    // The ratio is monotone in each initial's pair weight, so its maximum lies at a corner.
    let best = 0;
    const options = entryInitials ? initialPairOptions : fullNameInitialPairOptions;
    const combinations = initials <= 4 ? options.length ** initials : 0;
    if (combinations === 0) return 1;
    for (let c = 0; c < combinations; c++) {
      let numerator = aligned;
      let denominator = aligned + penalty;
      for (let k = 0, code = c; k < initials; k++, code = Math.floor(code / options.length)) {
        const corner = options[code % options.length]!;
        numerator += corner[0];
        denominator += corner[1];
      }
      if (denominator > 0 && numerator / denominator > best) best = numerator / denominator;
    }
    return best;
  }
}

/** What an aligned initial adds to the score's numerator and denominator, at the corners. */
const initialPairOptions: ReadonlyArray<readonly [number, number]> = [
  [initialSimilarity * 2, 2],
  [initialSimilarity * maxTokenWeight, maxTokenWeight],
  [initialWeight, initialWeight],
];
/** The corners when the entry has no one-letter token for an initial to equal. */
const fullNameInitialPairOptions = initialPairOptions.slice(0, 2);
