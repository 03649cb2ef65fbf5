/**
 * Top factors behind a probability of default: for each feature, how much the
 * probability changes when that feature alone is set to its training median (numeric)
 * or most common level (categorical). Stated in plain words, in percentage points.
 */
import { encodeValue, typicalValue, type RawValue } from './features/encoding.js';
import type { FittedFeatureSpec } from './features/feature-spec.js';
import type { RawRow } from './features/feature-vector.js';

export interface RiskFactor {
  feature: string;
  label: string;
  value: RawValue;
  /** Probability with the actual value minus probability with the typical value. */
  effect: number;
  text: string;
}

// One formatter each: toLocaleString builds a new one per call, which cost more than the factors' arithmetic.
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000) return wholeNumber.format(value);
  if (Number.isInteger(value)) return String(value);
  return twoDecimals.format(value);
}

function formatPoints(effect: number): string {
  const points = Math.abs(effect) * 100;
  const text = points >= 1 ? String(Math.round(points)) : points.toFixed(1);
  return `${text} ${text === '1' ? 'point' : 'points'}`;
}

/** e.g. "Debt-to-income of 0.62 raises the estimated default risk by 8 points". */
export function describeFactor(label: string, value: RawValue, effect: number): string {
  const subject =
    value === undefined ? `${label} not provided` : typeof value === 'number' ? `${label} of ${formatNumber(value)}` : `${label} "${value}"`;
  return `${subject} ${effect >= 0 ? 'raises' : 'lowers'} the estimated default risk by ${formatPoints(effect)}`;
}

interface TypicalColumns {
  value: RawValue;
  /** The feature's first column in the encoded vector. */
  offset: number;
  /** Its columns when it takes the typical value. */
  columns: number[];
}

/** Fixed for a fitted spec, so worked out once per model. */
const typicalColumnsBySpec = new WeakMap<FittedFeatureSpec, TypicalColumns[]>();

function typicalColumns(spec: FittedFeatureSpec): TypicalColumns[] {
  let typical = typicalColumnsBySpec.get(spec);
  if (!typical) {
    let offset = 0;
    typical = spec.features.map((feature) => {
      const value = typicalValue(feature.fitted);
      const columns: number[] = [];
      encodeValue(feature.fitted, value, columns);
      const entry = { value, offset, columns };
      offset += columns.length;
      return entry;
    });
    typicalColumnsBySpec.set(spec, typical);
  }
  return typical;
}

/** Smaller changes than this (0.05 points) are not worth reporting. */
const NEGLIGIBLE = 0.0005;

/**
 * The `count` features whose typical value moves the probability most. `vector` is `raw`
 * encoded (as the model scored it); `predict` answers for an encoded vector and must not
 * keep it: one scratch vector serves every question.
 */
export function topFactors(
  spec: FittedFeatureSpec,
  raw: RawRow,
  vector: readonly number[],
  probability: number,
  predict: (vector: readonly number[]) => number,
  count = 3,
): RiskFactor[] {
  const factors: Array<Omit<RiskFactor, 'text'>> = [];
  const typical = typicalColumns(spec);
  // One scratch vector: each question writes its feature's typical columns, asks, and puts them back.
  const what = vector.slice();
  spec.features.forEach((feature, i) => {
    const { value, offset, columns } = typical[i]!;
    if (raw[i] === value) return;
    for (let c = 0; c < columns.length; c += 1) what[offset + c] = columns[c]!;
    const effect = probability - predict(what);
    for (let c = 0; c < columns.length; c += 1) what[offset + c] = vector[offset + c]!;
    if (Math.abs(effect) < NEGLIGIBLE) return;
    factors.push({ feature: feature.name, label: feature.label, value: raw[i], effect });
  });
  // Words only for the factors reported.
  return factors
    .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.feature < b.feature ? -1 : 1))
    .slice(0, count)
    .map((f) => ({ ...f, text: describeFactor(f.label, f.value, f.effect) }));
}
