import { isOrganisation, parseDate } from './corroboration.js';
import type { BlocklistEntry } from './entry.js';
import { EntryArchive } from './entry-archive.js';
import { entryNames, normaliseEntryName } from './entry-matching.js';
import { identifierKeys } from './identifier-normalisation.js';
import { minJoinedPart, type PreparedName } from './name-score.js';
import { PostingLists, TokenPairPostings } from './posting-lists.js';
import { TokenVocabulary } from './token-vocabulary.js';

/** What the index needs to know about each list. */
export interface IndexedList {
  id: string;
  name: string;
  kind: string;
  action: 'reject' | 'review';
  strongThreshold: number;
  reviewThreshold: number;
  version: number;
}

export interface IndexedEntry {
  id: string;
  listId: string;
  entry: BlocklistEntry;
}

/** One bit per letter a–z; other first characters share the six remaining bits. */
export function letterBit(c: number): number {
  return c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << (26 + (c % 6));
}

/**
 * Everything the index holds, built once and read-only afterwards. Names are interned
 * token ids in flat typed arrays; the entries themselves are kept as given, in an
 * EntryArchive outside the heap, for the verdict and explanation of the few whose names
 * score high enough to be judged.
 */
export class IndexStorage {
  readonly lists: IndexedList[];
  readonly minReview: number;
  readonly vocabulary = new TokenVocabulary();

  readonly entryIds: string[] = [];
  private readonly entries = new EntryArchive();
  readonly entryList: Int32Array;
  /** entry → its first name; an entry's names are consecutive. */
  readonly entryNameStart: Int32Array;
  readonly entryOrganisation: Uint8Array;
  /** Normalised identifier keys of every entry, flat, with the entry each belongs to. */
  readonly identifierKeys: string[] = [];
  readonly identifierEntry: number[] = [];
  /**
   * Identifier key → the entry holding it; the rare key held by several entries has the
   * rest in `alsoByIdentifier`. (An array per key was 200,000 objects for a full collection
   * to trace with the 100,000-entry list.)
   */
  private readonly byIdentifier = new Map<string, number>();
  private readonly alsoByIdentifier = new Map<string, number[]>();

  /** name → entry, which of the entry's names (0 full name, k alias k), Chinese flag, its tokens. */
  readonly nameEntry: Int32Array;
  readonly nameIndex: Int32Array;
  readonly nameChinese: Uint8Array;
  readonly nameStart: Int32Array;
  readonly nameTokens: Int32Array;
  readonly nameRarest: Int32Array;
  /**
   * What the candidate filter reads of a name, packed in one record of `nameFactsStride`
   * ints (see nameFact): the filter visits thousands of names scattered over millions, and
   * one cache line per name instead of one per array halved its time.
   */
  readonly nameFacts: Int32Array;

  /** token → names holding it. */
  readonly postings: PostingLists;
  /** A name under its rarest token, and under its second rarest. */
  readonly anchors: [PostingLists, PostingLists];
  /** Two adjacent tokens (or two around a particle) → names: a list writing apart what a query joins. */
  readonly pairs: TokenPairPostings;
  /** Two tokens of one name (smaller id first) → names holding both. */
  readonly cooccurrence: TokenPairPostings;
  /** A token and the first character of another token of one name → names: J. Smith against John Smith. */
  readonly withInitial: TokenPairPostings;
  /** Token ids by first character, for initials in a query (J. matches every token starting with j). */
  readonly byFirstChar = new Map<number, number[]>();

  /** Per token: particle, initial, first character, weight. Typed copies for the hot loop. */
  readonly tokenParticle: Uint8Array;
  readonly tokenInitial: Uint8Array;
  readonly tokenFirstChar: Uint16Array;
  readonly tokenWeight: Uint8Array;

  constructor(lists: readonly IndexedList[], indexed: Iterable<IndexedEntry>) {
    this.lists = [...lists];
    const listIndex = new Map(this.lists.map((l, i) => [l.id, i]));
    this.minReview = Math.min(1, ...this.lists.map((l) => l.reviewThreshold));
    const entryList: number[] = [];
    const entryNameStart: number[] = [];
    const organisation: number[] = [];
    const birthYear: number[] = [];
    const nameEntry: number[] = [];
    const nameIndex: number[] = [];
    const nameChinese: number[] = [];
    const nameStart: number[] = [0];
    const nameTokens: number[] = [];

    for (const { id, listId, entry } of indexed) {
      const list = listIndex.get(listId);
      if (list === undefined) continue;
      const e = this.entryIds.length;
      this.entryIds.push(id);
      this.entries.add(entry);
      entryList.push(list);
      entryNameStart.push(nameEntry.length);
      organisation.push(isOrganisation(entry) ? 1 : 0);
      const only = entry.datesOfBirth.length === 1 && !isOrganisation(entry) ? parseDate(entry.datesOfBirth[0]!) : null;
      birthYear.push(only?.year ?? 0);
      for (const identifier of entry.identifiers) {
        for (const key of identifierKeys(identifier.number, identifier.country)) {
          this.indexIdentifier(key, e);
          this.identifierKeys.push(key);
          this.identifierEntry.push(e);
        }
      }
      const seen = new Set<string>();
      entryNames(entry).forEach((raw, k) => {
        const tokens = normaliseEntryName(entry, raw);
        const key = tokens.join(' ');
        // An alias that normalises like an earlier name scores the same; the earlier wins ties anyway.
        if (tokens.length === 0 || seen.has(key)) return;
        seen.add(key);
        nameEntry.push(e);
        nameIndex.push(k);
        let chinese = true;
        let content = 0;
        for (const text of tokens) {
          const t = this.vocabulary.intern(text);
          nameTokens.push(t);
          const token = this.vocabulary.tokens[t]!;
          if (!token.particle) {
            content++;
            chinese &&= token.pinyin;
          }
        }
        nameChinese.push(chinese && content > 0 ? 1 : 0);
        nameStart.push(nameTokens.length);
      });
    }
    this.vocabulary.seal();
    this.entries.seal();
    entryNameStart.push(nameEntry.length);
    this.entryList = Int32Array.from(entryList);
    this.entryNameStart = Int32Array.from(entryNameStart);
    this.entryOrganisation = Uint8Array.from(organisation);
    this.nameEntry = Int32Array.from(nameEntry);
    this.nameIndex = Int32Array.from(nameIndex);
    this.nameChinese = Uint8Array.from(nameChinese);
    this.nameStart = Int32Array.from(nameStart);
    this.nameTokens = Int32Array.from(nameTokens);

    const tokens = this.vocabulary.tokens;
    this.tokenParticle = Uint8Array.from(tokens, (t) => (t.particle ? 1 : 0));
    this.tokenInitial = Uint8Array.from(tokens, (t) => (t.initial ? 1 : 0));
    this.tokenFirstChar = Uint16Array.from(tokens, (t) => t.text.charCodeAt(0));
    this.tokenWeight = Uint8Array.from(tokens, (t) => t.weight);
    tokens.forEach((token, t) => {
      if (!token.initial && !token.particle) append(this.byFirstChar, token.text.charCodeAt(0), t);
    });

    const vocabularySize = this.vocabulary.size;
    const names = this.nameEntry.length;
    this.postings = PostingLists.build(vocabularySize, names, (name, emit) => {
      for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) emit(this.nameTokens[p]!);
    });
    this.nameRarest = new Int32Array(names).fill(-1);
    this.nameFacts = new Int32Array(names * nameFactsStride);
    const second = new Int32Array(names).fill(-1);
    for (let name = 0; name < names; name++) {
      let letters = 0;
      let hasInitial = false;
      const content: number[] = [];
      for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) {
        const t = this.nameTokens[p]!;
        if (this.tokenInitial[t] === 1) hasInitial = true;
        // Particles too: al + Rashid may join into the query's Alrashid.
        letters |= letterBit(this.tokenFirstChar[t]!);
        if (this.tokenParticle[t] === 0 && !content.includes(t)) content.push(t);
      }
      const e = this.nameEntry[name]!;
      const flags =
        (hasInitial ? nameFact.hasInitial : 0) |
        (this.nameChinese[name] === 1 ? nameFact.chinese : 0) |
        (this.entryOrganisation[e] === 1 ? nameFact.organisation : 0);
      const record = name * nameFactsStride;
      const start = this.nameStart[name]!;
      const count = this.nameStart[name + 1]! - start;
      // normaliseName keeps at most maxNameTokens (24) tokens.
      if (count > nameFact.countMask) throw new Error(`a listed name has ${count} tokens, more than ${nameFact.countMask}`);
      this.nameFacts[record + nameFact.letters] = letters;
      this.nameFacts[record + nameFact.start] = start;
      this.nameFacts[record + nameFact.flags] = flags | (count << nameFact.countShift) | (birthYear[e]! << nameFact.birthYearShift);
      for (let k = 0; k < Math.min(count, nameFact.inlineTokens); k++) this.nameFacts[record + nameFact.tokens + k] = this.nameTokens[start + k]!;
      content.sort((a, b) => this.postings.count(a) - this.postings.count(b) || a - b);
      if (content.length > 0) this.nameRarest[name] = content[0]!;
      if (content.length > 1) second[name] = content[1]!;
    }
    this.anchors = [anchorLists(vocabularySize, this.nameRarest), anchorLists(vocabularySize, second)];
    this.pairs = TokenPairPostings.build(vocabularySize, names, (name, emit) => {
      const end = this.nameStart[name + 1]!;
      for (let p = this.nameStart[name]!; p < end; p++) {
        // The partners alignNames may join with p: the next token, or the one after a particle.
        const a = this.nameTokens[p]!;
        if (!this.joinable(a) || p + 1 >= end) continue;
        const next = this.nameTokens[p + 1]!;
        if (this.tokenParticle[next] === 0) {
          if (this.joinable(next)) emit(a, next);
        } else if (p + 2 < end) {
          const after = this.nameTokens[p + 2]!;
          if (this.tokenParticle[after] === 0 && this.joinable(after)) emit(a, after);
        }
      }
    });
    this.cooccurrence = TokenPairPostings.build(vocabularySize, names, (name, emit) => {
      const end = this.nameStart[name + 1]!;
      for (let p = this.nameStart[name]!; p < end; p++) {
        const a = this.nameTokens[p]!;
        if (this.tokenParticle[a] === 1) continue;
        for (let r = p + 1; r < end; r++) {
          const b = this.nameTokens[r]!;
          if (this.tokenParticle[b] === 0) emit(Math.min(a, b), Math.max(a, b));
        }
      }
    });
    this.withInitial = TokenPairPostings.build(vocabularySize, names, (name, emit) => {
      const end = this.nameStart[name + 1]!;
      for (let p = this.nameStart[name]!; p < end; p++) {
        const a = this.nameTokens[p]!;
        if (this.tokenParticle[a] === 1) continue;
        for (let r = this.nameStart[name]!; r < end; r++) {
          const b = this.nameTokens[r]!;
          if (r !== p && this.tokenParticle[b] === 0) emit(a, this.tokenFirstChar[b]!);
        }
      }
    });
  }

  get entryCount(): number {
    return this.entryIds.length;
  }

  /** The entry as the list gave it (a fresh copy: read from the archive). */
  entry(e: number): BlocklistEntry {
    return this.entries.get(e);
  }

  /** Adds to `into` the entries holding identifier key `key`. */
  entriesWithIdentifier(key: string, into: Set<number>): void {
    const first = this.byIdentifier.get(key);
    if (first === undefined) return;
    into.add(first);
    for (const e of this.alsoByIdentifier.get(key) ?? []) into.add(e);
  }

  private indexIdentifier(key: string, e: number): void {
    const first = this.byIdentifier.get(key);
    if (first === undefined) this.byIdentifier.set(key, e);
    else if (first !== e) append(this.alsoByIdentifier, key, e);
  }

  /** Copies a name's tokens into `into` (from its packed record when they fit there); returns how many. */
  nameTokensInto(name: number, into: Int32Array): number {
    const record = name * nameFactsStride;
    const length = (this.nameFacts[record + nameFact.flags]! >> nameFact.countShift) & nameFact.countMask;
    if (length <= nameFact.inlineTokens) {
      for (let k = 0; k < length; k++) into[k] = this.nameFacts[record + nameFact.tokens + k]!;
    } else {
      const start = this.nameFacts[record + nameFact.start]!;
      for (let k = 0; k < length; k++) into[k] = this.nameTokens[start + k]!;
    }
    return length;
  }

  preparedName(name: number): PreparedName {
    const tokens = [];
    for (let p = this.nameStart[name]!; p < this.nameStart[name + 1]!; p++) tokens.push(this.vocabulary.tokens[this.nameTokens[p]!]!);
    return { tokens, chinese: this.nameChinese[name] === 1 };
  }

  private joinable(t: number): boolean {
    return this.vocabulary.tokens[t]!.text.length >= minJoinedPart;
  }
}

/**
 * Layout of IndexStorage.nameFacts, per name (32 bytes, two names to a cache line): one
 * bit per first letter of its tokens; its first token's offset in nameTokens; flags (it
 * has an initial, it is Chinese, its entry is an organisation) with its token count above
 * them and, above that, the year of the entry's only date of birth (0 when none or
 * several: enough to see a veto coming); then its first `inlineTokens` tokens, so that
 * most names need no second read from nameTokens.
 */
export const nameFactsStride = 8;
export const nameFact = {
  letters: 0,
  start: 1,
  flags: 2,
  tokens: 3,
  inlineTokens: 5,
  hasInitial: 1,
  chinese: 2,
  organisation: 4,
  countShift: 3,
  countMask: 31,
  birthYearShift: 8,
} as const;

function anchorLists(vocabularySize: number, ranked: Int32Array): PostingLists {
  return PostingLists.build(vocabularySize, ranked.length, (name, emit) => {
    if (ranked[name]! >= 0) emit(ranked[name]!);
  });
}

function append<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
