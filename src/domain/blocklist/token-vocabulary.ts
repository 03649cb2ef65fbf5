import { jaroWinkler, winklerMaxPrefix, winklerPrefixScale } from './jaro-winkler.js';
import { firstLetterClass, fuzzyThreshold, maxLengthDifference, nameToken, vowelSkeleton, type NameToken, type TokenForm } from './name-tokens.js';
import { PostingLists } from './posting-lists.js';

/**
 * Every distinct token of the indexed names, interned to a number, with the lookups that
 * find, for a query form, every vocabulary token tokenSimilarity may give credit to:
 * equal folded spelling, equal vowel skeleton, an equivalent-name key, or Jaro-Winkler
 * ≥ fuzzyThreshold on folded spellings. The last is a scan of one bucket of folded
 * spellings (same first-letter class, length within one letter: formSimilarity gives no
 * credit outside it) behind a letter-set bound that never rejects a pair reaching the
 * threshold, so the scan is exact.
 */
export class TokenVocabulary {
  private readonly ids = new Map<string, number>();
  readonly tokens: NameToken[] = [];

  private readonly canonicalIds = new Map<string, number>();
  private readonly canonicals: string[] = [];
  /** Vowel skeleton → its id in skeletonCanonicals (built by `seal`). */
  private readonly skeletonIds = new Map<string, number>();
  private readonly byEquivalentKey = new Map<string, number[]>();
  /**
   * Built by `seal`, flat: canonical id → token ids having a form with that folded spelling,
   * and skeleton id → canonical ids. (As an array per key they were some 200,000 objects
   * for every full garbage collection to trace with a 100,000-entry list.)
   */
  private canonicalOwners = PostingLists.empty();
  private skeletonCanonicals = PostingLists.empty();
  /** `${class}:${length}` → canonical ids, with their lengths and letter masks alongside. */
  private buckets = new Map<string, Int32Array>();
  private canonicalMasks = new Int32Array(0);
  private sealed = false;

  get size(): number {
    return this.tokens.length;
  }

  id(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** The token's id, interning it on first sight (only before `seal`). */
  intern(text: string): number {
    const known = this.ids.get(text);
    if (known !== undefined) return known;
    if (this.sealed) throw new Error('vocabulary is sealed');
    const id = this.tokens.length;
    const token = nameToken(text);
    this.ids.set(text, id);
    this.tokens.push(token);
    for (const form of token.forms) {
      if (form.exactOnly) {
        append(this.byEquivalentKey, form.text, id);
        continue;
      }
      if (this.canonicalIds.has(form.canonical)) continue;
      this.canonicalIds.set(form.canonical, this.canonicals.length);
      this.canonicals.push(form.canonical);
    }
    return id;
  }

  /** Builds the fuzzy buckets; the vocabulary is read-only afterwards. */
  seal(): void {
    this.sealed = true;
    this.canonicalMasks = new Int32Array(this.canonicals.length);
    const grouped = new Map<string, number[]>();
    this.canonicals.forEach((canonical, cid) => {
      this.canonicalMasks[cid] = letterMask(canonical);
      append(grouped, bucketKey(canonical), cid);
    });
    this.buckets = new Map([...grouped].map(([key, cids]) => [key, Int32Array.from(cids)]));
    this.canonicalOwners = PostingLists.build(this.canonicals.length, this.tokens.length, (id, emit) => {
      for (const form of this.tokens[id]!.forms) if (!form.exactOnly) emit(this.canonicalIds.get(form.canonical)!);
    });
    // A form's skeleton is that of its folded spelling (name-tokens.ts), so each canonical has one.
    const skeletonOf = this.canonicals.map((canonical) => {
      const skeleton = vowelSkeleton(canonical);
      let id = this.skeletonIds.get(skeleton);
      if (id === undefined) {
        id = this.skeletonIds.size;
        this.skeletonIds.set(skeleton, id);
      }
      return id;
    });
    this.skeletonCanonicals = PostingLists.build(this.skeletonIds.size, skeletonOf.length, (cid, emit) => emit(skeletonOf[cid]!));
  }

  /**
   * Token ids that may score above zero against a query token through its forms (not
   * counting equality, initials or particles, which the caller handles): a superset the
   * caller filters with tokenSimilarity.
   */
  formNeighbours(token: NameToken, into: Set<number>): void {
    for (const form of token.forms) {
      if (form.exactOnly) {
        for (const id of this.byEquivalentKey.get(form.text) ?? []) into.add(id);
        continue;
      }
      const same = this.canonicalIds.get(form.canonical);
      if (same !== undefined) this.addOwners(same, into);
      const skeleton = this.skeletonIds.get(form.skeleton);
      if (skeleton !== undefined) this.skeletonCanonicals.forEach(skeleton, (cid) => this.addOwners(cid, into));
      this.scanFuzzy(form, into);
    }
  }

  private addOwners(cid: number, into: Set<number>): void {
    this.canonicalOwners.forEach(cid, (id) => into.add(id));
  }

  private scanFuzzy(form: TokenForm, into: Set<number>): void {
    const a = form.canonical;
    const la = a.length;
    const maskA = letterMask(a);
    const cls = firstLetterClass(a);
    for (let lb = Math.max(1, la - maxLengthDifference); lb <= la + maxLengthDifference; lb++) {
      const bucket = this.buckets.get(`${cls}:${lb}`);
      if (!bucket) continue;
      for (let k = 0; k < bucket.length; k++) {
        const cid = bucket[k]!;
        const maskB = this.canonicalMasks[cid]!;
        // Letters of one side absent from the other cannot be Jaro matches.
        const m = Math.min(la - popcount(maskA & ~maskB), lb - popcount(maskB & ~maskA));
        if (m <= 0 || !mayReach(m, la, lb)) continue;
        if (jaroWinkler(a, this.canonicals[cid]!) >= fuzzyThreshold) this.addOwners(cid, into);
      }
    }
  }
}

/** Jaro ≤ (m/la + m/lb + 1)/3 and Winkler adds at most 4 × 0.1 of the rest. */
function mayReach(m: number, la: number, lb: number): boolean {
  const jaroMax = (m / la + m / lb + 1) / 3;
  return jaroMax + winklerMaxPrefix * winklerPrefixScale * (1 - jaroMax) >= fuzzyThreshold - 1e-12;
}

const bucketKey = (canonical: string) => `${firstLetterClass(canonical)}:${canonical.length}`;

/** One bit per letter a–z; other characters share the six remaining bits. */
function letterMask(s: string): number {
  let mask = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    mask |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 6));
  }
  return mask;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
