import { jaroWinkler } from './jaro-winkler.js';
import { comparePinyin, nameKind, type NameKind } from './name-kinds.js';
import { foldToken, skeleton } from './normalise-name.js';

/** Tokens this short (after folding) get no fuzzy credit: Nam is not Lam, An is not Anh. */
export const SHORT_TOKEN = 4;
/** Below this a token pair counts as no match at all. */
export const MIN_TOKEN_SIMILARITY = 0.92;
/** Each missing middle name costs this factor... */
const MISSING_MIDDLE_FACTOR = 0.97;
/** ...and a missing first or last token (a second surname, say) this one. */
const MISSING_END_FACTOR = 0.95;

/** A token prepared for comparison. `positions` are the original tokens it stands for. */
export interface PreparedToken {
  text: string;
  folded: string;
  positions: number;
  /** False for tokens joined only from short syllables: those match exactly or not at all. */
  fuzzy: boolean;
  kind: NameKind;
}

export function prepareToken(text: string, positions: number, fuzzy = true, kind: NameKind = 'general'): PreparedToken {
  return { text, folded: foldToken(text, kind !== 'vietnamese'), positions, fuzzy, kind };
}

const ARTICLE = /^(al|el|ul)(?=[a-z]{4,})/;
const GENDER_VOWELS = /^[aou]$/;

/**
 * Pairs that Jaro-Winkler scores high but that name different people: a feminine form
 * (Petrov/Petrova, Daniel/Daniela), a swapped final a/o in a given name (Antonio/Antonia),
 * or another final consonant in a short name (Khalil/Khalid, Saleh/Salem).
 */
function differentNames(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length === short.length + 1 && long.startsWith(short) && long.endsWith('a')) return true;
  if (a.length === b.length && a.slice(0, -1) === b.slice(0, -1)) {
    const x = a.at(-1)!;
    const y = b.at(-1)!;
    if (a.length <= 7 && GENDER_VOWELS.test(x) && GENDER_VOWELS.test(y)) return true;
    if (a.length <= 6 && !/[aeiou]/.test(x) && !/[aeiou]/.test(y)) return true;
  }
  return false;
}

/**
 * Similarity of two tokens in [0, 1]. Exact → 1; same after transliteration folding →
 * 0.95; an initial against a name starting with it → 0.9; otherwise Jaro-Winkler on the
 * folded forms, but only between tokens longer than SHORT_TOKEN that start alike, and 0
 * below MIN_TOKEN_SIMILARITY. The first-letter rule is what lets the index find every
 * fuzzy neighbour by scanning one bucket of its vocabulary.
 */
export function tokenSimilarity(a: PreparedToken, b: PreparedToken): number {
  if (a.text === b.text) return 1;
  // Syllables joined together match only as written.
  if (!a.fuzzy || !b.fuzzy) return 0;
  if (a.folded === b.folded) return 0.95;
  if (a.text.length === 1 || b.text.length === 1) {
    return a.text[0] === b.text[0] && a.text.length !== b.text.length ? 0.9 : 0;
  }
  const stripA = a.folded.replace(ARTICLE, '');
  const stripB = b.folded.replace(ARTICLE, '');
  if (stripA === stripB) return 0.95;
  if (!a.fuzzy || !b.fuzzy) return 0;
  // Vietnamese syllables of different length are different names (Trường / Trọng).
  if ((a.kind === 'vietnamese' || b.kind === 'vietnamese') && a.text.length !== b.text.length) return 0;
  // A name two letters longer is another name (Orlov / Orlovsky, Smith / Smithson).
  if (Math.abs(a.folded.length - b.folded.length) >= 2 && a.positions !== 0 && popcount(a.positions) === 1 && popcount(b.positions) === 1) return 0;
  const fuzzy = Math.max(fuzzyOnly(a.folded, b.folded), stripA !== a.folded || stripB !== b.folded ? fuzzyOnly(stripA, stripB) : 0);
  // Transliterations that differ only in vowels (Abdullah/Abdallah, Saleh/Salih, Zahra/Zohra),
  // but not Vietnamese syllables, whose vowels tell names apart.
  if (
    fuzzy < 0.93 &&
    a.kind !== 'vietnamese' &&
    b.kind !== 'vietnamese' &&
    a.folded.length > SHORT_TOKEN &&
    a.folded.length === b.folded.length &&
    !differentNames(a.folded, b.folded) &&
    skeleton(a.folded) === skeleton(b.folded)
  ) {
    return 0.93;
  }
  return fuzzy;
}

/** The fuzzy part of tokenSimilarity, on folded forms. */
export function fuzzyOnly(a: string, b: string): number {
  if (a.length <= SHORT_TOKEN || b.length <= SHORT_TOKEN || a[0] !== b[0]) return 0;
  if (differentNames(a, b)) return 0;
  const s = jaroWinkler(a, b);
  return s >= MIN_TOKEN_SIMILARITY ? s : 0;
}

/**
 * The ways a token list may be written: as is, and with adjacent short tokens joined
 * (Jian Guo ↔ Jianguo, Abd Rahman ↔ Abdrahman). Each joined token remembers which
 * original positions it covers (a bitmask).
 */
const JOINING_PREFIXES = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abu', 'bin', 'ibn', 'ben', 'bint', 'al', 'el', 'nur', 'nour']);
/** Tokens up to this length may be joined with a neighbour (syllables, hyphenated given names). */
const JOINABLE = 5;

export function variants(tokens: string[], kind: NameKind = 'general'): PreparedToken[][] {
  const n = tokens.length;
  const base = tokens.map((t, i) => prepareToken(t, 1 << Math.min(i, 30), true, kind));
  if (n < 2 || n > 6) return [base];
  // Boundaries that may be joined: between short syllables, or after a compound prefix (Abdul Rahman).
  const joinable: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const shortPair = tokens[i]!.length <= JOINABLE && tokens[i + 1]!.length <= JOINABLE;
    if (shortPair || JOINING_PREFIXES.has(tokens[i]!)) joinable.push(i);
  }
  const out: PreparedToken[][] = [];
  const combos = Math.min(1 << joinable.length, 32);
  for (let mask = 0; mask < combos; mask++) {
    const variant: PreparedToken[] = [];
    let text = tokens[0]!;
    let positions = base[0]!.positions;
    let hasLong = tokens[0]!.length > SHORT_TOKEN;
    let prefixJoin = false;
    let joined = false;
    let parts = 1;
    for (let i = 1; i <= n; i++) {
      const boundary = joinable.indexOf(i - 1);
      if (i < n && boundary !== -1 && (mask & (1 << boundary)) !== 0) {
        prefixJoin ||= JOINING_PREFIXES.has(tokens[i - 1]!);
        parts += 1;
        text += tokens[i]!;
        positions |= base[i]!.positions;
        hasLong ||= tokens[i]!.length > SHORT_TOKEN;
        joined = true;
        continue;
      }
      // A token joined only from short syllables matches exactly or not at all (Min-jun is
      // not Min-seo); one joined after a compound prefix (Abu Bakr, Nour El Din) may vary.
      variant.push(prepareToken(text, positions, !joined || (prefixJoin && parts === 2), kind));
      if (i < n) {
        text = tokens[i]!;
        positions = base[i]!.positions;
        hasLong = tokens[i]!.length > SHORT_TOKEN;
        prefixJoin = false;
        joined = false;
        parts = 1;
      }
    }
    out.push(variant);
  }
  return out;
}

export interface NameComparison {
  score: number;
  /** Query token pairs that agreed, for the explanation. */
  matched: number;
  missingMiddle: number;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v; v &= v - 1) n++;
  return n;
}

/**
 * Order-independent name score: the best one-to-one alignment of tokens, summed and
 * divided by the longer side's length; unmatched middle tokens of the longer side (a
 * missing middle name) are forgiven at a small cost. A score of at least 0.85 can only
 * come from two or more agreeing query positions (or all of a one-token query).
 */
export function compareTokens(query: PreparedToken[], entry: PreparedToken[]): NameComparison {
  const nq = query.length;
  const ne = entry.length;
  const sims: number[][] = query.map((q) => entry.map((e) => tokenSimilarity(q, e)));
  // Best assignment by search: names have few tokens.
  let bestSum = 0;
  let bestPairs: Array<[number, number]> = [];
  const usedE = new Array<boolean>(ne).fill(false);
  const pairs: Array<[number, number]> = [];
  const search = (qi: number, sum: number) => {
    if (qi === nq) {
      if (sum > bestSum) {
        bestSum = sum;
        bestPairs = pairs.slice();
      }
      return;
    }
    // Upper bound: every remaining query token scores 1.
    if (sum + (nq - qi) <= bestSum) return;
    for (let ei = 0; ei < ne; ei++) {
      const s = sims[qi]![ei]!;
      if (s === 0 || usedE[ei]) continue;
      usedE[ei] = true;
      pairs.push([qi, ei]);
      search(qi + 1, sum + s);
      pairs.pop();
      usedE[ei] = false;
    }
    search(qi + 1, sum);
  };
  search(0, 0);

  // Positions (in original tokens) of each side that took part.
  const countPositions = (tokens: PreparedToken[], used: Set<number>) => {
    let mask = 0;
    for (const i of used) mask |= tokens[i]!.positions;
    let total = 0;
    for (const t of tokens) total |= t.positions;
    return { used: popcount(mask), total: popcount(total), mask, all: total };
  };
  const q = countPositions(query, new Set(bestPairs.map((p) => p[0])));
  const e = countPositions(entry, new Set(bestPairs.map((p) => p[1])));
  // Forgive unmatched middle positions of the longer side (not its first or last token).
  const longer = q.total >= e.total ? q : e;
  const shorter = longer === q ? e : q;
  let forgiven = 0;
  let forgivenEnds = 0;
  const longerTokens = longer === q ? query : entry;
  const vietnamese = query[0]?.kind === 'vietnamese';
  if (shorter.used === shorter.total && bestPairs.length >= 2) {
    const highest = 31 - Math.clz32(longer.all);
    for (let bit = 0; bit <= highest; bit++) {
      if ((longer.all & (1 << bit)) !== 0 && (longer.mask & (1 << bit)) === 0) {
        // In Vietnamese names only the gender markers Văn and Thị are commonly left out.
        const text = longerTokens.find((t) => (t.positions & (1 << bit)) !== 0)?.text;
        if (vietnamese && text !== 'van' && text !== 'thi') continue;
        if (bit === 0 || bit === highest) forgivenEnds++;
        else forgiven++;
      }
    }
  }
  // Each side's share of its positions that found a partner (forgiven ones left out); the
  // name agrees only as far as the less covered side does.
  const ratio = (tokens: PreparedToken[], pick: (pair: [number, number]) => number, side: typeof q) => {
    const denominator = Math.max(side.total - (side === longer ? forgiven + forgivenEnds : 0), 1);
    let sum = 0;
    for (const pair of bestPairs) sum += sims[pair[0]]![pair[1]]! * popcount(tokens[pick(pair)]!.positions);
    return sum / denominator;
  };
  const qRatio = ratio(query, (p) => p[0], q);
  const eRatio = ratio(entry, (p) => p[1], e);
  const score = Math.min(1, Math.min(qRatio, eRatio) * MISSING_MIDDLE_FACTOR ** forgiven * MISSING_END_FACTOR ** forgivenEnds);
  return { score, matched: bestPairs.length, missingMiddle: forgiven + forgivenEnds };
}

/** A name's tokens with everything comparison needs, computed once. */
export interface ComparableName {
  tokens: string[];
  kind: NameKind;
  general: PreparedToken[][];
  vietnamese: PreparedToken[][] | null;
}

export function comparable(tokens: string[]): ComparableName {
  return { tokens, kind: nameKind(tokens), general: variants(tokens, 'general'), vietnamese: null };
}

function variantsFor(name: ComparableName, kind: NameKind): PreparedToken[][] {
  if (kind !== 'vietnamese') return name.general;
  name.vietnamese ??= variants(name.tokens, 'vietnamese');
  return name.vietnamese;
}

/** Best score over the ways each name may be written. */
export function nameSimilarity(queryTokens: string[], entryTokens: string[]): NameComparison {
  return compareNames(comparable(queryTokens), comparable(entryTokens));
}

export function compareNames(query: ComparableName, entry: ComparableName): NameComparison {
  if (query.kind === 'pinyin' && entry.kind === 'pinyin') {
    const score = comparePinyin(query.tokens, entry.tokens);
    return { score, matched: score > 0 ? query.tokens.length : 0, missingMiddle: 0 };
  }
  const kind: NameKind = query.kind === 'vietnamese' || entry.kind === 'vietnamese' ? 'vietnamese' : 'general';
  let best: NameComparison = { score: 0, matched: 0, missingMiddle: 0 };
  const qv = variantsFor(query, kind);
  const ev = variantsFor(entry, kind);
  // Joins on one side at a time: each side's variants against the other side as written.
  const consider = (a: PreparedToken[], b: PreparedToken[]) => {
    const c = compareTokens(a, b);
    if (c.score > best.score) best = c;
  };
  for (const a of qv) consider(a, ev[0]!);
  for (let j = 1; j < ev.length; j++) consider(qv[0]!, ev[j]!);
  return best;
}
