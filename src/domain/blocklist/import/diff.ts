import { createHash } from 'node:crypto';
import { canonicalJson } from '../../audit/canonical-json.js';
import type { BlocklistEntry } from '../entry.js';
import type { AcceptedRow, ImportRow, RejectedRow } from './import-row.js';

/** `replace`: the file is the whole list, entries absent from it are removed. `upsert`: add or change only. */
export const importModes = ['replace', 'upsert'] as const;
export type ImportMode = (typeof importModes)[number];

/**
 * sha256 (hex) of the entry's canonical JSON, with the arrays whose order carries no meaning
 * (aliases, dates of birth, identifiers, nationalities) sorted and de-duplicated first: the
 * same listing written in another order hashes the same, so a re-import reports no change.
 */
export function entryContentHash(entry: BlocklistEntry): string {
  return createHash('sha256').update(canonicalJson(canonicalEntry(entry))).digest('hex');
}

function canonicalEntry(entry: BlocklistEntry): BlocklistEntry {
  return {
    ...entry,
    aliases: sortedSet(entry.aliases),
    datesOfBirth: sortedSet(entry.datesOfBirth),
    nationalities: sortedSet(entry.nationalities),
    identifiers: [...new Map(entry.identifiers.map((id) => [canonicalJson(id), id])).entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, id]) => id),
  };
}

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

/** Code-unit order, the same on every machine (no locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the list holds now, by external id: enough to tell a changed entry from an unchanged one. */
export type CurrentEntries = ReadonlyMap<string, { contentHash: string }>;

export type EntryChangeKind = 'added' | 'changed' | 'unchanged';

export interface ClassifiedEntry {
  kind: EntryChangeKind;
  row: AcceptedRow;
  contentHash: string;
}

export interface EntryDiffResult {
  mode: ImportMode;
  /** External ids, in the order the file gave them. */
  added: string[];
  changed: string[];
  /** External ids on the list that the file does not hold (always empty for `upsert`), sorted. */
  removed: string[];
  /**
   * External ids on the list whose rows the file holds but that were rejected: kept as they are,
   * not removed (`replace`) and not changed. Sorted.
   */
  retained: string[];
  unchanged: number;
  /** Later rows repeating an external id already seen in this import. */
  duplicates: RejectedRow[];
}

/**
 * Compares an import with the list as it stands, one entry at a time, so a caller can stream
 * a file through it and store each classified entry as it goes. Remembers only the external ids
 * seen (to reject repeats and to find removals), not the entries.
 */
export class EntryDiff {
  private readonly firstSeen = new Map<string, { file: string; line: number }>();
  private readonly added: string[] = [];
  private readonly changed: string[] = [];
  private readonly duplicates: RejectedRow[] = [];
  private readonly rejectedIds = new Set<string>();
  private unchanged = 0;

  constructor(
    private readonly current: CurrentEntries,
    readonly mode: ImportMode,
  ) {}

  /** Classifies one accepted row, or rejects it when its external id was already imported. */
  accept(row: AcceptedRow): ClassifiedEntry | RejectedRow {
    const id = row.entry.externalId;
    const first = this.firstSeen.get(id);
    if (first) {
      const where = first.file === row.file ? `line ${first.line}` : `${first.file} line ${first.line}`;
      const rejected: RejectedRow = {
        kind: 'rejected',
        file: row.file,
        line: row.line,
        reason: `duplicate externalId ${JSON.stringify(id)}: already given on ${where}`,
      };
      this.duplicates.push(rejected);
      return rejected;
    }
    this.firstSeen.set(id, { file: row.file, line: row.line });
    const contentHash = entryContentHash(row.entry);
    const existing = this.current.get(id);
    let kind: EntryChangeKind;
    if (!existing) {
      kind = 'added';
      this.added.push(id);
    } else if (existing.contentHash !== contentHash) {
      kind = 'changed';
      this.changed.push(id);
    } else {
      kind = 'unchanged';
      this.unchanged += 1;
    }
    return { kind, row, contentHash };
  }

  /** Notes a row the parser rejected, so that the entry it names is not removed. */
  reject(row: RejectedRow): void {
    if (row.externalId !== undefined) this.rejectedIds.add(row.externalId);
  }

  /** The outcome once the whole file has been read. */
  finish(): EntryDiffResult {
    const absent = [...this.current.keys()].filter((id) => !this.firstSeen.has(id));
    const retained = absent.filter((id) => this.rejectedIds.has(id)).sort(compare);
    const removed = this.mode === 'replace' ? absent.filter((id) => !this.rejectedIds.has(id)).sort(compare) : [];
    return {
      mode: this.mode,
      added: [...this.added],
      changed: [...this.changed],
      removed,
      retained,
      unchanged: this.unchanged,
      duplicates: [...this.duplicates],
    };
  }
}

/**
 * Diffs a whole import against the current list. `incoming` may hold the rows the parsers yield
 * (rejected ones only keep their entries from removal) or bare entries (numbered 1, 2, … in
 * `options.file`).
 */
export async function diffEntries(
  current: CurrentEntries,
  incoming: Iterable<BlocklistEntry | ImportRow> | AsyncIterable<BlocklistEntry | ImportRow>,
  options: { mode: ImportMode; file?: string } = { mode: 'replace' },
): Promise<EntryDiffResult> {
  const diff = new EntryDiff(current, options.mode);
  let ordinal = 0;
  for await (const item of incoming) {
    ordinal += 1;
    if (!('kind' in item)) diff.accept({ kind: 'entry', file: options.file ?? 'entries', line: ordinal, entry: item });
    else if (item.kind === 'entry') diff.accept(item);
    else diff.reject(item);
  }
  return diff.finish();
}
