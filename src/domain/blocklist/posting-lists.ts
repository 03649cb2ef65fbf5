/**
 * Inverted lists in flat typed arrays: for each key (a token id) the items (name ids) that
 * contain it, in increasing order. A million-entry list has a few million postings; as
 * JavaScript arrays of arrays they would cost several times the memory and the collector's time.
 */
export class PostingLists {
  private constructor(
    /** Items of key k lie at items[offsets[k] .. offsets[k + 1]). */
    readonly offsets: Int32Array,
    readonly items: Int32Array,
  ) {}

  /** No keys, no items. */
  static empty(): PostingLists {
    return new PostingLists(new Int32Array(1), new Int32Array(0));
  }

  /** `each(item, emit)` emits the keys of one item; it is called twice per item (count, then fill). */
  static build(keys: number, items: number, each: (item: number, emit: (key: number) => void) => void): PostingLists {
    const last = new Int32Array(keys).fill(-1);
    const counts = new Int32Array(keys + 1);
    for (let item = 0; item < items; item++) {
      each(item, (key) => {
        if (last[key] === item) return;
        last[key] = item;
        counts[key + 1]!++;
      });
    }
    for (let k = 0; k < keys; k++) counts[k + 1]! += counts[k]!;
    const offsets = counts;
    const cursor = offsets.slice(0, keys);
    const data = new Int32Array(offsets[keys]!);
    last.fill(-1);
    for (let item = 0; item < items; item++) {
      each(item, (key) => {
        if (last[key] === item) return;
        last[key] = item;
        data[cursor[key]!++] = item;
      });
    }
    return new PostingLists(offsets, data);
  }

  get total(): number {
    return this.items.length;
  }

  count(key: number): number {
    return this.offsets[key + 1]! - this.offsets[key]!;
  }

  forEach(key: number, fn: (item: number) => void): void {
    const end = this.offsets[key + 1]!;
    for (let p = this.offsets[key]!; p < end; p++) fn(this.items[p]!);
  }
}

/** Items are packed with the second key as `second × itemSpace + item` in one float64. */
const itemSpace = 2 ** 24;
const keySpace = 2 ** 26;

/**
 * Postings of ordered token pairs (a, b), grouped by a and sorted by b within a group:
 * the names in which a is followed by b, for joined-versus-split name matching.
 */
export class TokenPairPostings {
  private constructor(
    private readonly offsets: Int32Array,
    private readonly packed: Float64Array,
  ) {}

  static build(keys: number, items: number, each: (item: number, emit: (a: number, b: number) => void) => void): TokenPairPostings {
    if (items >= itemSpace || keys >= keySpace) throw new RangeError('too many names or tokens for the pair index');
    const counts = new Int32Array(keys + 1);
    for (let item = 0; item < items; item++) each(item, (a) => counts[a + 1]!++);
    for (let k = 0; k < keys; k++) counts[k + 1]! += counts[k]!;
    const cursor = counts.slice(0, keys);
    const packed = new Float64Array(counts[keys]!);
    for (let item = 0; item < items; item++) {
      each(item, (a, b) => {
        packed[cursor[a]!++] = b * itemSpace + item;
      });
    }
    for (let k = 0; k < keys; k++) {
      if (counts[k + 1]! - counts[k]! > 1) packed.subarray(counts[k]!, counts[k + 1]!).sort();
    }
    return new TokenPairPostings(counts, packed);
  }

  /** A number identifying the pair, for maps. */
  key(a: number, b: number): number {
    return a * keySpace + b;
  }

  /** The first token of the pair a key identifies. */
  first(key: number): number {
    return Math.floor(key / keySpace);
  }

  /** Where the names with `a` followed by `b` lie in the packed array. */
  range(a: number, b: number): { start: number; end: number } {
    if (a + 1 >= this.offsets.length) return { start: 0, end: 0 };
    const lo = this.lowerBound(this.offsets[a]!, this.offsets[a + 1]!, b * itemSpace);
    const hi = this.lowerBound(lo, this.offsets[a + 1]!, (b + 1) * itemSpace);
    return { start: lo, end: hi };
  }

  forEach(range: { start: number; end: number }, fn: (item: number) => void): void {
    for (let p = range.start; p < range.end; p++) fn(this.packed[p]! % itemSpace);
  }

  private lowerBound(lo: number, hi: number, value: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.packed[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
