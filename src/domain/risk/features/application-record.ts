/**
 * The one record shape every feature is read from. A live application is used as is;
 * a training CSV row is first mapped into the same shape (csv-mapping.ts), so training
 * and scoring read features through the same code.
 */
import type { LoanApplication } from '../../screening/application.js';
import type { RecordPath } from './feature-spec.js';

export type RecordValue = number | string | boolean;

type Group = Record<string, unknown>;

/** The parts of a loan application a model may read; every field may be missing. */
export interface RecordValues {
  applicant?: Group;
  loan?: Group;
  financials?: Group;
  creditHistory?: Group;
  attributes?: Record<string, RecordValue>;
}

export interface ApplicationRecord {
  /** The day the decision is (or was) taken, YYYY-MM-DD (UTC): age is counted to it. */
  decisionDate: string;
  values: RecordValues;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function recordFromApplication(application: LoanApplication, on: Date): ApplicationRecord {
  return { decisionDate: isoDay(on), values: application as RecordValues };
}

function splitPath(path: RecordPath): [keyof RecordValues, string] {
  const dot = path.indexOf('.');
  return [path.slice(0, dot) as keyof RecordValues, path.slice(dot + 1)];
}

/** The value at a path, or undefined when it is absent or not a number, string or boolean. */
export function readPath(record: ApplicationRecord, path: RecordPath): RecordValue | undefined {
  const [group, key] = splitPath(path);
  const value = (record.values[group] as Group | undefined)?.[key];
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : undefined;
}

/** Sets a value at a path, creating the group (used when mapping CSV rows). */
export function writePath(values: RecordValues, path: RecordPath, value: RecordValue): void {
  const [group, key] = splitPath(path);
  const target = (values[group] ??= {}) as Group;
  target[key] = value;
}

/** A value as a number: numbers as is, numeric strings parsed, booleans as 1/0. */
export function asNumber(value: RecordValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A value as a category label: numbers and booleans as their text. */
export function asCategory(value: RecordValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}
