/**
 * Raw feature values, read or derived from an application record. Derived quantities
 * use the same definitions as the policy's applicant facts (applicant-facts.ts), so a
 * model's "debt-to-income" is the policy's debt-to-income.
 */
import { ageInYears } from '../../screening/applicant-facts.js';
import { asCategory, asNumber, readPath, type ApplicationRecord, type RecordValue } from './application-record.js';
import type { FeatureSource, RecordPath } from './feature-spec.js';

const num = (record: ApplicationRecord, path: RecordPath) => asNumber(readPath(record, path));

function divide(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined || !(denominator > 0)) return undefined;
  return numerator / denominator;
}

function sumOf(record: ApplicationRecord, paths: readonly RecordPath[]): number | undefined {
  let total = 0;
  for (const path of paths) {
    const value = num(record, path);
    if (value === undefined) return undefined;
    total += value;
  }
  return total;
}

function instalment(record: ApplicationRecord): number | undefined {
  return divide(num(record, 'loan.amount'), num(record, 'loan.termMonths'));
}

function ageYears(record: ApplicationRecord): number | undefined {
  const dateOfBirth = readPath(record, 'applicant.dateOfBirth');
  if (typeof dateOfBirth !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth)) return undefined;
  return ageInYears(dateOfBirth, new Date(`${record.decisionDate}T00:00:00Z`));
}

/** The raw value a feature source yields for a record; undefined means missing. */
export function sourceValue(record: ApplicationRecord, source: FeatureSource): RecordValue | undefined {
  switch (source.kind) {
    case 'path':
      return readPath(record, source.path);
    case 'ageYears':
      return ageYears(record);
    case 'instalment':
      return instalment(record);
    case 'instalmentToIncome':
      return divide(instalment(record), num(record, 'financials.monthlyIncome'));
    case 'debtToIncome': {
      const debts = num(record, 'financials.monthlyDebtPayments') ?? 0;
      const payment = instalment(record);
      return divide(payment === undefined ? undefined : debts + payment, num(record, 'financials.monthlyIncome'));
    }
    case 'loanToAnnualIncome': {
      const income = num(record, 'financials.monthlyIncome');
      return divide(num(record, 'loan.amount'), income === undefined ? undefined : 12 * income);
    }
    case 'ratio':
      return divide(sumOf(record, source.numerator), sumOf(record, source.denominator));
    case 'sum':
      return sumOf(record, source.paths);
    case 'max': {
      const values = source.paths.map((p) => num(record, p));
      return values.some((v) => v === undefined) ? undefined : Math.max(...(values as number[]));
    }
    case 'countAtLeast': {
      const values = source.paths.map((p) => num(record, p));
      return values.some((v) => v === undefined) ? undefined : values.filter((v) => v! >= source.threshold).length;
    }
  }
}

export function numericSourceValue(record: ApplicationRecord, source: FeatureSource): number | undefined {
  return asNumber(sourceValue(record, source));
}

export function categoricalSourceValue(record: ApplicationRecord, source: FeatureSource): string | undefined {
  return asCategory(sourceValue(record, source));
}
