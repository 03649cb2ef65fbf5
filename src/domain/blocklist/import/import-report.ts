import { EntryDiff, type ClassifiedEntry, type CurrentEntries, type EntryDiffResult, type ImportMode } from './diff.js';
import type { ImportRow, RejectedRow } from './import-row.js';

/** How many rejected rows a report lists by line and reason; the total counts them all. */
export const defaultRejectedItemLimit = 100;

/** The summary an import produces, whatever the format. */
export interface ImportReport {
  mode: ImportMode;
  /** Rows that became an entry or a rejection: accepted + rejected.total. */
  rowsRead: number;
  /** Entries that passed the schema and were not repeats of an earlier external id. */
  accepted: number;
  rejected: {
    total: number;
    /** The first rejected rows (up to the limit), in the order they were met. */
    items: RejectedRow[];
  };
  added: number;
  changed: number;
  /** Entries on the list that the file does not hold; always 0 for `upsert`. */
  removed: number;
  /** Entries on the list whose rows were rejected: kept as they were, neither changed nor removed. */
  retained: number;
  unchanged: number;
}

/** Counts rows as an import goes and writes the report at the end. */
export class ImportReportBuilder {
  private accepted = 0;
  private rejectedTotal = 0;
  private readonly rejectedItems: RejectedRow[] = [];

  constructor(
    readonly mode: ImportMode,
    private readonly maxRejectedItems = defaultRejectedItemLimit,
  ) {}

  accept(): void {
    this.accepted += 1;
  }

  reject(row: RejectedRow): void {
    this.rejectedTotal += 1;
    if (this.rejectedItems.length < this.maxRejectedItems) this.rejectedItems.push(row);
  }

  build(diff: EntryDiffResult): ImportReport {
    return {
      mode: this.mode,
      rowsRead: this.accepted + this.rejectedTotal,
      accepted: this.accepted,
      rejected: { total: this.rejectedTotal, items: [...this.rejectedItems] },
      added: diff.added.length,
      changed: diff.changed.length,
      removed: diff.removed.length,
      retained: diff.retained.length,
      unchanged: diff.unchanged,
    };
  }
}

export interface ImportEntriesOptions {
  mode: ImportMode;
  maxRejectedItems?: number;
  /** Called with every accepted entry, classified, before the next row is read: store it here. */
  onEntry?: (entry: ClassifiedEntry) => void | Promise<void>;
  /** Called with every rejected row (the report keeps only the first few). */
  onRejected?: (row: RejectedRow) => void | Promise<void>;
}

/**
 * Runs parsed rows through the diff and the report: the whole of an import that is not I/O.
 * Rows stream through; only external ids are kept, so memory grows with the list's size,
 * not with the size of its entries.
 */
export async function importEntries(
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  current: CurrentEntries,
  options: ImportEntriesOptions,
): Promise<{ report: ImportReport; diff: EntryDiffResult }> {
  const diff = new EntryDiff(current, options.mode);
  const report = new ImportReportBuilder(options.mode, options.maxRejectedItems);
  for await (const row of rows) {
    if (row.kind === 'rejected') diff.reject(row);
    const outcome = row.kind === 'entry' ? diff.accept(row) : row;
    if (outcome.kind === 'rejected') {
      report.reject(outcome);
      await options.onRejected?.(outcome);
    } else {
      report.accept();
      await options.onEntry?.(outcome);
    }
  }
  const result = diff.finish();
  return { report: report.build(result), diff: result };
}
