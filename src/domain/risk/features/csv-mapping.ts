/**
 * Maps a training CSV row into the application record shape, so that the feature spec
 * reads training rows exactly as it reads live applications.
 */
import { addMonths } from '../../screening/applicant-facts.js';
import { DatasetError, isMissing, isNumericColumn, type TrainingTable } from '../dataset.js';
import { isoDay, writePath, type ApplicationRecord, type RecordValue, type RecordValues } from './application-record.js';
import type { ColumnMapping, RecordPath } from './feature-spec.js';

/** A CSV column name as an attribute key (attributes.<key>): other characters become `_`. */
export function attributeKeyForColumn(column: string): string {
  const key = column.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
  return /^[A-Za-z]/.test(key) ? key : `c${key}`.slice(0, 64);
}

export interface CsvRecordMapper {
  toRecord(row: readonly string[], rowNumber: number): ApplicationRecord;
}

/** A date of birth that makes someone `age` whole years old on `decisionDate` (mid-year). */
export function dateOfBirthForAge(age: number, decisionDate: string): string {
  return isoDay(addMonths(new Date(`${decisionDate}T00:00:00Z`), -(12 * Math.floor(age) + 6)));
}

function parseNumber(cell: string, column: string, rowNumber: number): number {
  const value = Number(cell);
  if (!Number.isFinite(value)) throw new DatasetError(`row ${rowNumber}: column "${column}" holds "${cell}", not a number`);
  return value;
}

/**
 * Builds the mapper for a table: spec mappings first; every other column becomes
 * `attributes.<column>`, a number when the whole column is numeric, else text.
 */
export function csvRecordMapper(table: TrainingTable, mappings: readonly ColumnMapping[], decisionDate: string): CsvRecordMapper {
  const at = new Map(table.columns.map((c, i) => [c, i]));
  for (const m of mappings) {
    if (!at.has(m.column)) throw new DatasetError(`the spec maps column "${m.column}", which the CSV does not have (or is excluded)`);
    if (m.transform.kind === 'instalmentShareToIncome') {
      for (const c of [m.transform.amountColumn, m.transform.termColumn]) {
        if (!at.has(c)) throw new DatasetError(`the spec's income mapping needs column "${c}"`);
      }
    }
  }
  const mapped = new Set(mappings.map((m) => m.column));
  const unmapped = table.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !mapped.has(column))
    .map(({ column, index }) => ({
      index,
      path: `attributes.${attributeKeyForColumn(column)}` as RecordPath,
      numeric: isNumericColumn(table, index),
    }));

  const cellOf = (row: readonly string[], column: string) => row[at.get(column)!]!;

  function mappedValue(m: ColumnMapping, row: readonly string[], cell: string, rowNumber: number): RecordValue | null {
    const t = m.transform;
    switch (t.kind) {
      case 'number':
        return parseNumber(cell, m.column, rowNumber);
      case 'text':
        return cell;
      case 'map': {
        const value = t.values[cell];
        if (value === undefined) throw new DatasetError(`row ${rowNumber}: column "${m.column}" holds "${cell}", which the spec does not map`);
        return value;
      }
      case 'ageToDateOfBirth':
        return dateOfBirthForAge(parseNumber(cell, m.column, rowNumber), decisionDate);
      case 'instalmentShareToIncome': {
        const share = t.shares[cell];
        if (share === undefined) throw new DatasetError(`row ${rowNumber}: column "${m.column}" holds "${cell}", which the spec does not map`);
        const amount = parseNumber(cellOf(row, t.amountColumn), t.amountColumn, rowNumber);
        const term = parseNumber(cellOf(row, t.termColumn), t.termColumn, rowNumber);
        return amount / term / share;
      }
    }
  }

  return {
    toRecord(row, rowNumber) {
      const values: RecordValues = {};
      for (const m of mappings) {
        const cell = cellOf(row, m.column);
        const value = isMissing(cell) ? null : mappedValue(m, row, cell, rowNumber);
        if (value !== null) writePath(values, m.path, value);
      }
      for (const u of unmapped) {
        const cell = row[u.index]!;
        if (!isMissing(cell)) writePath(values, u.path, u.numeric ? Number(cell) : cell);
      }
      return { decisionDate, values };
    },
  };
}
