import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrainingCsv } from '../../../src/domain/risk/dataset.js';
import { recordFromApplication } from '../../../src/domain/risk/features/application-record.js';
import { csvRecordMapper, dateOfBirthForAge } from '../../../src/domain/risk/features/csv-mapping.js';
import { sourceValue } from '../../../src/domain/risk/features/derived.js';
import { encodeValue, encodedColumns, fitEncoding } from '../../../src/domain/risk/features/encoding.js';
import { featureSpecSchema } from '../../../src/domain/risk/features/feature-spec.js';
import { buildFeatureVector, featureColumns, fitFeatureSpec, rawFeatureValues } from '../../../src/domain/risk/features/feature-vector.js';
import { inferFeatureSpec } from '../../../src/domain/risk/features/infer-spec.js';
import { applicantFacts } from '../../../src/domain/screening/applicant-facts.js';
import { anApplication } from '../../fixtures/applications.js';

const germanCsv = readFileSync(new URL('../../../models/default/data/german_credit.csv', import.meta.url), 'utf8');
const germanSpec = featureSpecSchema.parse(
  JSON.parse(readFileSync(new URL('../../../models/default/spec.json', import.meta.url), 'utf8')),
);

function encode(fitted: ReturnType<typeof fitEncoding>, value: number | string | undefined): number[] {
  const out: number[] = [];
  encodeValue(fitted, value, out);
  return out;
}

describe('feature vectors', () => {
  const table = parseTrainingCsv(germanCsv, { target: 'default' });
  const mapper = csvRecordMapper(table, germanSpec.columns, germanSpec.trainingDecisionDate);
  const fitted = fitFeatureSpec(
    germanSpec,
    table.rows.map((row, i) => rawFeatureValues(germanSpec.features, mapper.toRecord(row, i + 2))),
  );

  it('are identical for a training row and the equivalent live application', () => {
    const header = table.columns;
    const cells: Record<string, string> = {
      checking_status: 'A12', duration_months: '24', credit_history: 'A34', purpose: 'A43', credit_amount: '2400',
      savings_status: 'A65', employment_since: 'A73', installment_rate_pct: '2', personal_status_sex: 'A93',
      other_debtors: 'A101', residence_since: '2', property: 'A121', age: '35', other_installment_plans: 'A143',
      housing: 'A151', existing_credits: '2', job: 'A173', num_dependents: '1', telephone: 'A192', foreign_worker: 'A201',
    };
    const trainingRecord = mapper.toRecord(header.map((c) => cells[c]!), 2);

    // The same applicant as the service receives them (income = instalment / 20% share).
    const application = anApplication({
      applicant: { dateOfBirth: '1991-05-01' },
      loan: { amount: 2400, currency: 'EUR', termMonths: 24, purpose: 'consumer' },
      financials: { monthlyIncome: 500, employmentStatus: 'employed', employmentYears: 2.5, monthlyDebtPayments: 0, dependents: 1, housing: 'rent' },
      creditHistory: { openCreditLines: 2, delinquencies30d: 0, delinquencies60d: 0, delinquencies90d: 0 },
      attributes: {
        creditHistory: 'all_repaid_at_this_bank',
        checkingBalanceLevel: 1,
        property: 'real_estate',
        otherInstalmentPlans: 'none',
        otherDebtors: 'none',
      },
    });
    const liveRecord = recordFromApplication(application, new Date('2026-11-23T10:00:00Z'));

    expect(rawFeatureValues(fitted.features, liveRecord)).toEqual(rawFeatureValues(fitted.features, trainingRecord));
    expect(buildFeatureVector(fitted, liveRecord)).toEqual(buildFeatureVector(fitted, trainingRecord));
    const raw = Object.fromEntries(fitted.features.map((f, i) => [f.name, rawFeatureValues(fitted.features, liveRecord)[i]]));
    expect(raw).toMatchObject({ age: 35, debtToIncome: 0.2, termMonths: 24, housing: 'rent', savingsLevel: undefined });
  });

  it('have one value per encoded column', () => {
    const record = mapper.toRecord(table.rows[0]!, 2);
    expect(buildFeatureVector(fitted, record)).toHaveLength(featureColumns(fitted).length);
  });

  it('derive age, debt-to-income and loan-to-income exactly as the policy facts do', () => {
    const application = anApplication({ loan: { amount: 36_000_000, termMonths: 36 }, financials: { monthlyIncome: 12_000_000, monthlyDebtPayments: 3_000_000 } });
    const on = new Date('2026-04-12T08:00:00Z');
    const record = recordFromApplication(application, on);
    const facts = applicantFacts(application, on);
    expect(sourceValue(record, { kind: 'ageYears' })).toBe(facts.ageYears);
    expect(sourceValue(record, { kind: 'debtToIncome' })).toBe(facts.debtToIncome);
    expect(sourceValue(record, { kind: 'loanToAnnualIncome' })).toBe(facts.loanToAnnualIncome);
    expect(sourceValue(record, { kind: 'instalment' })).toBe(1_000_000);
  });

  it('treat a ratio with a zero denominator as missing, not infinite', () => {
    const record = recordFromApplication(anApplication({ financials: { monthlyIncome: 0 } }), new Date());
    expect(sourceValue(record, { kind: 'debtToIncome' })).toBeUndefined();
    expect(
      sourceValue({ decisionDate: '2020-01-01', values: { attributes: { a: 3, b: 0, c: 1 } } }, { kind: 'ratio', numerator: ['attributes.a'], denominator: ['attributes.b', 'attributes.c'] }),
    ).toBe(3);
  });

  it('count and take maxima over several paths', () => {
    const record = { decisionDate: '2020-01-01', values: { attributes: { m1: 2, m2: -1, m3: 0 } } };
    const paths = ['attributes.m1', 'attributes.m2', 'attributes.m3'];
    expect(sourceValue(record, { kind: 'countAtLeast', paths, threshold: 0 })).toBe(2);
    expect(sourceValue(record, { kind: 'max', paths })).toBe(2);
    expect(sourceValue(record, { kind: 'sum', paths })).toBe(1);
  });

  it('give a date of birth that makes the applicant the stated age on the decision date', () => {
    expect(dateOfBirthForAge(35, '1975-01-01')).toBe('1939-07-01');
    expect(sourceValue({ decisionDate: '1975-01-01', values: { applicant: { dateOfBirth: dateOfBirthForAge(35, '1975-01-01') } } }, { kind: 'ageYears' })).toBe(35);
  });
});

describe('numeric encoding', () => {
  it('z-scores with the training mean and standard deviation, imputes the median and flags missing values', () => {
    const fitted = fitEncoding({ kind: 'numeric', transform: 'none' }, [1, 2, 3, undefined]);
    expect(fitted).toMatchObject({ kind: 'numeric', transform: 'none', median: 2, mean: 2, missingIndicator: true });
    expect(encodedColumns('x', fitted)).toEqual(['x', 'x:missing']);
    expect(encode(fitted, 3)[0]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
    expect(encode(fitted, undefined)).toEqual([0, 1]);
  });

  it('applies log1p and clipping before scaling, and caps |z| at 5', () => {
    const fitted = fitEncoding({ kind: 'numeric', transform: 'log1p', clip: { max: 100 } }, [0, 9, 99, 1e6]);
    expect(fitted.kind === 'numeric' && fitted.median).toBe(54);
    const [z] = encode(fitted, 1e9);
    expect(z).toBe(encode(fitted, 100)[0]); // clipped to 100 first
    const wide = fitEncoding({ kind: 'numeric', transform: 'none' }, [0, 0, 0, 0, 1]);
    expect(encode(wide, 1000)).toEqual([5]);
  });

  it('picks a signed log for heavily skewed values when asked to choose', () => {
    const skewed = [...new Array(50).fill(1), 10, 100, 1000, 100000];
    expect(fitEncoding({ kind: 'numeric', transform: 'auto' }, skewed)).toMatchObject({ transform: 'signedLog1p' });
    expect(fitEncoding({ kind: 'numeric', transform: 'auto' }, [1, 2, 3, 4, 5])).toMatchObject({ transform: 'none' });
  });

  it('adds no missing-indicator column when training had no missing values', () => {
    const fitted = fitEncoding({ kind: 'numeric', transform: 'none' }, [1, 2, 3]);
    expect(encodedColumns('x', fitted)).toEqual(['x']);
    expect(encode(fitted, undefined)).toEqual([0]);
  });
});

describe('categorical encoding', () => {
  const values = ['own', 'own', 'own', 'rent', 'rent', 'family', undefined, 'own', 'rent', 'own'];

  it('one-hot encodes the levels, with an other bucket and a missing indicator', () => {
    const fitted = fitEncoding({ kind: 'categorical', minShare: 0.15, maxLevels: 30 }, values);
    expect(fitted).toEqual({ kind: 'categorical', levels: ['own', 'rent'], mode: 'own', missingIndicator: true });
    expect(encodedColumns('housing', fitted)).toEqual(['housing=own', 'housing=rent', 'housing=other', 'housing:missing']);
    expect(encode(fitted, 'rent')).toEqual([0, 1, 0, 0]);
    expect(encode(fitted, 'family')).toEqual([0, 0, 1, 0]); // rarer than minShare
    expect(encode(fitted, 'boat')).toEqual([0, 0, 1, 0]); // never seen
    expect(encode(fitted, undefined)).toEqual([1, 0, 0, 1]); // the mode, flagged
  });
});

describe('spec inference for a CSV without a spec', () => {
  it('reads numeric columns as numbers and the rest as categories; empty cells and NA are missing', () => {
    const table = parseTrainingCsv('id,income,region,default\n1,100,north,0\n2,,south,1\n3,NA,north,0\n4,250,,1\n5,300,east,0\n', {
      target: 'default',
      exclude: ['id'],
    });
    const spec = inferFeatureSpec(table);
    expect(spec.features.map((f) => [f.name, f.encoding.kind, f.source])).toEqual([
      ['income', 'numeric', { kind: 'path', path: 'attributes.income' }],
      ['region', 'categorical', { kind: 'path', path: 'attributes.region' }],
    ]);
    const mapper = csvRecordMapper(table, spec.columns, spec.trainingDecisionDate);
    const raws = table.rows.map((row, i) => rawFeatureValues(spec.features, mapper.toRecord(row, i + 2)));
    expect(raws).toEqual([
      [100, 'north'],
      [undefined, 'south'],
      [undefined, 'north'],
      [250, undefined],
      [300, 'east'],
    ]);
  });

  it('names a bad target value, a missing target and unknown excluded columns', () => {
    expect(() => parseTrainingCsv('a,y\n1,0\n2,maybe\n', { target: 'y' })).toThrow(/row 3.*"maybe"/);
    expect(() => parseTrainingCsv('a,y\n1,0\n2,\n', { target: 'y' })).toThrow(/row 3.*missing/);
    expect(() => parseTrainingCsv('a,y\n1,0\n2,1\n', { target: 'y', exclude: ['b'] })).toThrow(/unknown columns: b/);
    expect(() => parseTrainingCsv('a,y\n1,0\n2,1\n', { target: 'z' })).toThrow(/no column "z"/);
  });
});
