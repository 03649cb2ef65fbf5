import type { BlocklistEntry } from './entry.js';

/**
 * Entries as their lists gave them, kept as JSON in one buffer outside the JavaScript heap
 * and read back one at a time: the index needs an entry only when one of its names has
 * scored high enough to be judged. As objects, a 100,000-entry list was some 700,000
 * objects that every full garbage collection had to trace (32 of its 56 ms, measured); here
 * it is one buffer the collector does not look into.
 */
export class EntryArchive {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;
  private offsets: number[] = [0];
  private sealedOffsets: Int32Array | null = null;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  get size(): number {
    return (this.sealedOffsets?.length ?? this.offsets.length) - 1;
  }

  /** Stores an entry; returns its number (0, 1, …). Only before `seal`. */
  add(entry: BlocklistEntry): number {
    if (this.sealedOffsets) throw new Error('entry archive is sealed');
    const text = JSON.stringify(entry);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    this.reserve(text.length * 3);
    this.length += this.encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
    this.offsets.push(this.length);
    return this.offsets.length - 2;
  }

  /** Trims the buffer to what it holds; read-only afterwards. */
  seal(): void {
    this.bytes = this.bytes.slice(0, this.length);
    this.sealedOffsets = Int32Array.from(this.offsets);
    this.offsets = [];
  }

  /** A fresh copy of entry `e`, as it was added. */
  get(e: number): BlocklistEntry {
    const offsets = this.sealedOffsets;
    if (!offsets) throw new Error('entry archive is not sealed yet');
    return JSON.parse(this.decoder.decode(this.bytes.subarray(offsets[e]!, offsets[e + 1]!))) as BlocklistEntry;
  }

  /** Bytes held, for size reports. */
  get byteLength(): number {
    return this.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
