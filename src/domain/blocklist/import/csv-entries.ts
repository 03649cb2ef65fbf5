import { readCsvRecords } from './csv-records.js';
import { ImportFileError } from './import-file-error.js';
import { validateEntry, type ImportRow, type TextSource } from './import-row.js';

/**
 * The columns of the list CSV format (docs/blocklists.md), in the order a template shows them.
 * Only `external_id` and `full_name` are required; the header may give the columns in any order.
 */
export const csvEntryColumns = [
  'external_id',
  'full_name',
  'aliases',
  'dates_of_birth',
  'identifiers',
  'nationalities',
  'entity_type',
  'reason',
  'source_reference',
] as const;
export type CsvEntryColumn = (typeof csvEntryColumns)[number];

const requiredColumns: readonly CsvEntryColumn[] = ['external_id', 'full_name'];

/** Separates the items of a list cell: `Ivan Petrov|I. Petrov`. */
export const csvListSeparator = '|';

export interface CsvEntriesOptions {
  /** Name used in rejected rows and errors; defaults to `entries.csv`. */
  file?: string;
}

/**
 * Streams list entries from the CSV format: a header row naming the columns, then one entry per
 * record. Each record becomes an entry validated by the entry schema, or a rejected row with its
 * line and reason. A header with an unknown, repeated or missing required column is an
 * `ImportFileError`, thrown before any row is read.
 */
export async function* parseCsvEntries(source: TextSource, options: CsvEntriesOptions = {}): AsyncGenerator<ImportRow> {
  const file = options.file ?? 'entries.csv';
  let columns: Array<CsvEntryColumn> | undefined;
  for await (const { line, fields } of readCsvRecords(source, file)) {
    if (!columns) {
      columns = readHeader(fields, file, line);
      continue;
    }
    if (fields.length !== columns.length) {
      yield {
        kind: 'rejected',
        file,
        line,
        reason: `has ${fields.length} fields where the header has ${columns.length} columns`,
      };
      continue;
    }
    const cells = new Map<CsvEntryColumn, string>();
    columns.forEach((column, i) => {
      const value = fields[i]?.trim() ?? '';
      if (value !== '') cells.set(column, value);
    });
    // A spreadsheet's empty rows come out as a row of empty cells: blank, not bad.
    if (cells.size === 0) continue;
    const input = entryInputFromCells(cells);
    if ('problem' in input) {
      const externalId = cells.get('external_id');
      yield { kind: 'rejected', file, line, reason: input.problem, ...(externalId ? { externalId } : {}) };
    } else {
      yield validateEntry(input.entry, file, line);
    }
  }
  if (!columns) throw new ImportFileError(file, undefined, 'the file is empty: a header row is required');
}

function readHeader(fields: string[], file: string, line: number): CsvEntryColumn[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const known = new Set<string>(csvEntryColumns);
  const unknown = names.filter((n) => !known.has(n));
  const problems: string[] = [];
  if (unknown.length > 0) {
    problems.push(`unknown column(s) ${unknown.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) problems.push(`repeated column(s) ${[...new Set(repeated)].join(', ')}`);
  const missing = requiredColumns.filter((c) => !names.includes(c));
  if (missing.length > 0) problems.push(`missing required column(s) ${missing.join(', ')}`);
  if (problems.length > 0) {
    throw new ImportFileError(
      file,
      line,
      `header has ${problems.join('; ')}. The columns are: ${csvEntryColumns.join(', ')} (only external_id and full_name are required)`,
    );
  }
  return names as CsvEntryColumn[];
}

type CellsResult = { entry: Record<string, unknown> } | { problem: string };

/** Turns the non-empty cells of one record into the entry schema's input shape. */
function entryInputFromCells(cells: Map<CsvEntryColumn, string>): CellsResult {
  const entry: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) entry[key] = value;
  };
  set('externalId', cells.get('external_id'));
  set('fullName', cells.get('full_name'));
  set('aliases', listCell(cells.get('aliases')));
  set('datesOfBirth', listCell(cells.get('dates_of_birth')));
  set('nationalities', listCell(cells.get('nationalities'))?.map((c) => c.toUpperCase()));
  set('entityType', cells.get('entity_type')?.toLowerCase());
  set('reason', cells.get('reason'));
  set('sourceReference', cells.get('source_reference'));
  const identifiers = listCell(cells.get('identifiers'));
  if (identifiers) {
    const parsed = [];
    for (const item of identifiers) {
      const identifier = parseIdentifierCell(item);
      if (!identifier) {
        return { problem: `identifiers: ${JSON.stringify(item)} is not written type:number or type:number:country` };
      }
      parsed.push(identifier);
    }
    entry.identifiers = parsed;
  }
  return { entry };
}

function listCell(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(csvListSeparator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * `national_id:079123456789:VN`, `passport:B1234567`. The type ends at the first colon; a last
 * part of two letters is the issuing country; anything between is the number, colons included.
 */
export function parseIdentifierCell(item: string): { type: string; number: string; country?: string } | undefined {
  const first = item.indexOf(':');
  if (first <= 0) return undefined;
  const type = item.slice(0, first).trim();
  let number = item.slice(first + 1).trim();
  let country: string | undefined;
  const last = number.lastIndexOf(':');
  if (last !== -1 && /^[A-Za-z]{2}$/.test(number.slice(last + 1).trim())) {
    country = number.slice(last + 1).trim().toUpperCase();
    number = number.slice(0, last).trim();
  }
  if (type === '' || number === '') return undefined;
  return country ? { type, number, country } : { type, number };
}
