import type { BlocklistEntry } from './entry.js';

/** Size of the buffers the JSON is written into; an entry never spans two. */
const defaultChunkBytes = 8 << 20;

/**
 * Entries as their lists gave them, kept as JSON in buffers outside the JavaScript heap
 * and read back one at a time: the index needs an entry only when one of its names has
 * scored high enough to be judged. As objects, a 100,000-entry list was some 700,000
 * objects that every full garbage collection had to trace (32 of its 56 ms, measured);
 * here it is a few buffers the collector does not look into.
 *
 * The buffers are filled one after another and never copied whole, so building needs
 * little more than the JSON itself (a million entries are about 190 MB of it).
 */
export class EntryArchive {
  private readonly chunks: Uint8Array[] = [];
  private used = 0;
  private bytes = 0;
  /** Per entry: its chunk, first byte and end, while adding; packed by `seal`. */
  private locations: number[] = [];
  private sealedLocations: Int32Array | null = null;
  private readonly chunkBytes: number;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(options: { chunkBytes?: number } = {}) {
    this.chunkBytes = options.chunkBytes ?? defaultChunkBytes;
  }

  get size(): number {
    return (this.sealedLocations?.length ?? this.locations.length) / 3;
  }

  /** Bytes of JSON held. */
  get byteLength(): number {
    return this.bytes;
  }

  /** Stores an entry; returns its number (0, 1, …). Only before `seal`. */
  add(entry: BlocklistEntry): number {
    if (this.sealedLocations) throw new Error('entry archive is sealed');
    const text = JSON.stringify(entry);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    const most = text.length * 3;
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || this.used + most > chunk.length) {
      chunk = new Uint8Array(Math.max(this.chunkBytes, most));
      this.chunks.push(chunk);
      this.used = 0;
    }
    const { written } = this.encoder.encodeInto(text, chunk.subarray(this.used));
    this.locations.push(this.chunks.length - 1, this.used, this.used + written);
    this.used += written;
    this.bytes += written;
    return this.locations.length / 3 - 1;
  }

  /** Trims the last buffer to what it holds; read-only afterwards. */
  seal(): void {
    const last = this.chunks.length - 1;
    if (last >= 0) this.chunks[last] = this.chunks[last]!.slice(0, this.used);
    this.sealedLocations = Int32Array.from(this.locations);
    this.locations = [];
  }

  /** A fresh copy of entry `e`, as it was added. */
  get(e: number): BlocklistEntry {
    const at = this.sealedLocations;
    if (!at) throw new Error('entry archive is not sealed yet');
    const chunk = this.chunks[at[e * 3]!]!;
    return JSON.parse(this.decoder.decode(chunk.subarray(at[e * 3 + 1]!, at[e * 3 + 2]!))) as BlocklistEntry;
  }
}
