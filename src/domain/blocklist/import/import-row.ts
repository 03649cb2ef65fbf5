import type { z } from 'zod';
import { blocklistEntryInputSchema, type BlocklistEntry } from '../entry.js';

/**
 * What every import parser yields, one row at a time: an entry that passed
 * `blocklistEntryInputSchema`, or a row that did not, with the file and line it came from.
 * Parsers never throw for a bad row; they throw only when a whole file cannot be read
 * (see `ImportFileError`).
 */
export type ImportRow = AcceptedRow | RejectedRow;

export interface AcceptedRow {
  kind: 'entry';
  /** The file the row came from, as the caller named it (e.g. `entries.csv`, `sdn.csv`). */
  file: string;
  /** 1-based line on which the row starts in that file. */
  line: number;
  entry: BlocklistEntry;
}

export interface RejectedRow {
  kind: 'rejected';
  file: string;
  line: number;
  reason: string;
  /**
   * The row's external id, when it could be read. A `replace` import keeps the list's current
   * entry for it instead of removing it: a typo in a listed person's row must not delist them.
   */
  externalId?: string;
}

/** Anything a caller can stream a file from: a `Readable`, an async generator, an array of chunks. */
export type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** Validates a parsed row with the entry schema: the one place every format goes through. */
export function validateEntry(input: unknown, file: string, line: number): AcceptedRow | RejectedRow {
  const result = blocklistEntryInputSchema.safeParse(input);
  if (result.success) return { kind: 'entry', file, line, entry: result.data };
  const rejected: RejectedRow = { kind: 'rejected', file, line, reason: describeIssues(result.error.issues) };
  const externalId = (input as { externalId?: unknown } | null)?.externalId;
  if (typeof externalId === 'string' && externalId.trim() !== '') rejected.externalId = externalId.trim();
  return rejected;
}

/** `fullName: Too small…; aliases.2: must be well-formed text…`: one clause per problem. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
