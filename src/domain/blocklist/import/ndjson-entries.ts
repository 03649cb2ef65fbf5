import { validateEntry, type ImportRow, type TextSource } from './import-row.js';
import { maxLineLength, readTextLines } from './text-lines.js';

export interface NdjsonEntriesOptions {
  /** Name used in rejected rows; defaults to `entries.ndjson`. */
  file?: string;
}

/**
 * Streams list entries from NDJSON: one JSON object per line in the entry shape
 * (`blocklistEntryInputSchema`, camelCase keys). Blank lines are skipped; a line that is not
 * JSON, not an object, or not a valid entry is a rejected row with its line and reason.
 */
export async function* parseNdjsonEntries(source: TextSource, options: NdjsonEntriesOptions = {}): AsyncGenerator<ImportRow> {
  const file = options.file ?? 'entries.ndjson';
  for await (const item of readTextLines(source)) {
    const { line } = item;
    if ('tooLong' in item) {
      yield { kind: 'rejected', file, line, reason: `line is longer than ${maxLineLength} characters` };
      continue;
    }
    const text = (line === 1 ? item.text.replace(/^\uFEFF/, '') : item.text).trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { kind: 'rejected', file, line, reason: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { kind: 'rejected', file, line, reason: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
      continue;
    }
    yield validateEntry(value, file, line);
  }
}
