/**
 * A training table parsed from CSV text: header, string cells and 0/1 outcomes.
 * Pure: the caller reads the file; the fingerprint is over the exact bytes.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export interface TrainingTable {
  /** Feature columns (target and excluded columns removed). */
  columns: string[];
  /** Cells of the feature columns, one array per row. */
  rows: string[][];
  /** 1 = defaulted (bad), 0 = repaid (good). */
  labels: number[];
  target: string;
  excluded: string[];
}

export interface DataFingerprint {
  sha256: string;
  rows: number;
  positives: number;
}

/** Cells that count as missing values. */
export function isMissing(cell: string | undefined): boolean {
  return cell === undefined || cell.trim() === '' || cell.trim() === 'NA';
}

const positive = new Set(['1', 'true', 'yes', 'bad', 'default']);
const negative = new Set(['0', 'false', 'no', 'good']);

export function parseOutcome(cell: string, row: number, target: string): number {
  const value = cell.trim().toLowerCase();
  if (positive.has(value)) return 1;
  if (negative.has(value)) return 0;
  throw new DatasetError(
    `row ${row}: target column "${target}" holds "${cell}"; expected 1/0 (also true/false, yes/no, bad/good)`,
  );
}

export function fingerprint(bytes: Uint8Array | string, labels: readonly number[]): DataFingerprint {
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: labels.length,
    positives: labels.reduce((s, y) => s + y, 0),
  };
}

export function parseTrainingCsv(text: string, options: { target: string; exclude?: readonly string[] }): TrainingTable {
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: true }) as string[][];
  const [header, ...body] = records;
  if (!header || body.length === 0) throw new DatasetError('the CSV has no header or no data rows');
  const exclude = options.exclude ?? [];
  const targetAt = header.indexOf(options.target);
  if (targetAt === -1) throw new DatasetError(`no column "${options.target}" (columns: ${header.join(', ')})`);
  const unknown = exclude.filter((c) => !header.includes(c));
  if (unknown.length > 0) throw new DatasetError(`--exclude names unknown columns: ${unknown.join(', ')}`);
  if (new Set(header).size !== header.length) throw new DatasetError('the CSV header repeats a column name');
  const keep = header.map((_, i) => i).filter((i) => i !== targetAt && !exclude.includes(header[i]!));
  const labels = body.map((cells, r) => {
    const cell = cells[targetAt]!;
    if (isMissing(cell)) throw new DatasetError(`row ${r + 2}: the target "${options.target}" is missing`);
    return parseOutcome(cell, r + 2, options.target);
  });
  const positives = labels.reduce((s, y) => s + y, 0);
  if (positives < 2 || positives > labels.length - 2) {
    throw new DatasetError(`the target needs at least two rows of each outcome (has ${positives} of ${labels.length} positive)`);
  }
  return {
    columns: keep.map((i) => header[i]!),
    rows: body.map((cells) => keep.map((i) => cells[i]!)),
    labels,
    target: options.target,
    excluded: [...exclude],
  };
}

/** Whether every non-missing cell of a column parses as a finite number. */
export function isNumericColumn(table: TrainingTable, column: number): boolean {
  let seen = false;
  for (const row of table.rows) {
    const cell = row[column]!;
    if (isMissing(cell)) continue;
    if (!Number.isFinite(Number(cell))) return false;
    seen = true;
  }
  return seen;
}
