import { NameScoreBound, type PreparedName } from './name-score.js';

/**
 * Which query tokens an entry must share for the index to consider it, chosen so that no
 * entry a full scan would flag is left out.
 *
 * An unaligned query token costs its full weight unless the alignment is "missing only"
 * (the entry's every token aligns). So, leaving missing-only alignments aside, if every
 * token in a set S is unaligned the score is at most nameScoreBound(all tokens but S) and,
 * with the largest corroboration bonus the subject can earn, below the lowest review
 * threshold when `required` says so: every other hit aligns a token of S (pigeonhole), and
 * is found through the postings of S's neighbours. Of the sets that work, the one with the
 * fewest postings to read is taken. Missing-only alignments are found another way (every
 * entry token aligns, so one of the entry's rarest tokens does: its anchors).
 */

/** Bit i stands for query position i; particles have no bit (they never need to align). */
export function contentMask(query: PreparedName): number {
  let mask = 0;
  query.tokens.forEach((t, i) => {
    if (!t.particle) mask |= 1 << i;
  });
  return mask;
}

/** True when an entry aligning at most the tokens in `aligned` could still be a hit. */
export function mayReach(query: PreparedName | NameScoreBound, aligned: number, missingAllowed: boolean, threshold: number): boolean {
  const bound = query instanceof NameScoreBound ? query : new NameScoreBound(query);
  return bound.bound(aligned, missingAllowed, 0, 0) >= threshold - 1e-9;
}

/** Subsets are enumerated up to this many content tokens; longer queries are chosen greedily. */
const exhaustiveLimit = 12;
/** Minimal reaching sets are listed up to this many content tokens. */
const oneToOneLimit = 8;

/**
 * The cheapest set of query positions (as a bit mask) such that an entry aligning none of
 * them cannot reach `threshold` outside a missing-only alignment. `costs[i]` is the number
 * of postings a lookup of position i reads.
 */
export function requiredTokens(query: PreparedName, costs: ArrayLike<number>, threshold: number): number {
  const content = contentMask(query);
  const positions = query.tokens.map((_, i) => i).filter((i) => (content & (1 << i)) !== 0);
  const bound = new NameScoreBound(query);
  const works = (s: number) => !mayReach(bound, content & ~s, false, threshold);
  if (positions.length <= exhaustiveLimit) {
    let best = content;
    let bestCost = Infinity;
    const n = positions.length;
    for (let subset = 1; subset < 1 << n; subset++) {
      let s = 0;
      let cost = 0;
      for (let k = 0; k < n; k++) {
        if ((subset & (1 << k)) !== 0) {
          s |= 1 << positions[k]!;
          cost += costs[positions[k]!]!;
        }
      }
      if (cost < bestCost && works(s)) {
        best = s;
        bestCost = cost;
      }
    }
    return best;
  }
  let s = 0;
  for (const i of [...positions].sort((a, b) => costs[a]! - costs[b]!)) {
    s |= 1 << i;
    if (works(s)) return s;
  }
  return content;
}

/**
 * The minimal sets of query positions whose alignment alone can reach `threshold`, under
 * full penalties and with missing tokens allowed; null for long queries (not enumerated).
 */
export function minimalReachingSets(query: PreparedName, threshold: number): { full: number[]; missing: number[] } | null {
  const content = contentMask(query);
  const positions = query.tokens.map((_, i) => i).filter((i) => (content & (1 << i)) !== 0);
  if (positions.length > oneToOneLimit) return null;
  const bound = new NameScoreBound(query);
  const minimal = (missingAllowed: boolean) => {
    const reaching: number[] = [];
    for (let subset = 1; subset < 1 << positions.length; subset++) {
      let set = 0;
      positions.forEach((p, k) => {
        if ((subset & (1 << k)) !== 0) set |= 1 << p;
      });
      if (mayReach(bound, set, missingAllowed, threshold)) reaching.push(set);
    }
    return reaching.filter((set) => !reaching.some((other) => other !== set && (other & set) === other));
  };
  return { full: minimal(false), missing: minimal(true) };
}
