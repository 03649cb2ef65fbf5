/**
 * Fitting and applying one feature's encoding. Fitting sees only the rows it is given
 * (a training fold), never the rows it will be evaluated on.
 */
import type { FeatureEncoding, FittedEncoding } from './feature-spec.js';

/** A feature's raw value: a number for numeric features, a label for categorical ones. */
export type RawValue = number | string | undefined;

/** z-scores are clipped here so one extreme value cannot dominate the RBF distance. */
export const Z_LIMIT = 5;

const OTHER = 'other';

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function skewness(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  return m2 > 0 ? m3 / m2 ** 1.5 : 0;
}

function clipValue(value: number, clip: { min?: number; max?: number } | undefined): number {
  if (!clip) return value;
  if (clip.min !== undefined && value < clip.min) return clip.min;
  if (clip.max !== undefined && value > clip.max) return clip.max;
  return value;
}

function applyTransform(value: number, transform: 'none' | 'log1p' | 'signedLog1p'): number {
  if (transform === 'log1p') return Math.log1p(Math.max(0, value));
  if (transform === 'signedLog1p') return Math.sign(value) * Math.log1p(Math.abs(value));
  return value;
}

export function fitEncoding(encoding: FeatureEncoding, values: readonly RawValue[]): FittedEncoding {
  const missingIndicator = values.some((v) => v === undefined);
  if (encoding.kind === 'numeric') {
    const present = values
      .filter((v): v is number => typeof v === 'number')
      .map((v) => clipValue(v, encoding.clip))
      .sort((a, b) => a - b);
    const transform =
      encoding.transform === 'auto' ? (Math.abs(skewness(present)) > 2 ? 'signedLog1p' : 'none') : encoding.transform;
    const med = median(present);
    const transformed = present.map((v) => applyTransform(v, transform));
    const n = transformed.length;
    const mean = n > 0 ? transformed.reduce((s, v) => s + v, 0) / n : 0;
    const variance = n > 0 ? transformed.reduce((s, v) => s + (v - mean) ** 2, 0) / n : 0;
    const std = variance > 1e-24 ? Math.sqrt(variance) : 1;
    return { kind: 'numeric', transform, ...(encoding.clip ? { clip: encoding.clip } : {}), median: med, mean, std, missingIndicator };
  }
  const counts = new Map<string, number>();
  for (const v of values) if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts.entries()].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0));
  const levels = ranked
    .filter(([level, count]) => level !== OTHER && count >= encoding.minShare * values.length)
    .slice(0, encoding.maxLevels)
    .map(([level]) => level)
    .sort();
  return { kind: 'categorical', levels, mode: ranked[0]?.[0] ?? OTHER, missingIndicator };
}

/** Names of the columns a fitted feature contributes to the vector. */
export function encodedColumns(name: string, fitted: FittedEncoding): string[] {
  const columns = fitted.kind === 'numeric' ? [name] : [...fitted.levels.map((l) => `${name}=${l}`), `${name}=${OTHER}`];
  if (fitted.missingIndicator) columns.push(`${name}:missing`);
  return columns;
}

/** Appends a feature's encoded columns for one raw value to `out`. */
export function encodeValue(fitted: FittedEncoding, value: RawValue, out: number[]): void {
  if (fitted.kind === 'numeric') {
    const raw = typeof value === 'number' && Number.isFinite(value) ? value : fitted.median;
    const z = (applyTransform(clipValue(raw, fitted.clip), fitted.transform) - fitted.mean) / fitted.std;
    out.push(Math.max(-Z_LIMIT, Math.min(Z_LIMIT, z)));
    if (fitted.missingIndicator) out.push(typeof value === 'number' && Number.isFinite(value) ? 0 : 1);
    return;
  }
  const label = typeof value === 'string' ? value : fitted.mode;
  const at = fitted.levels.indexOf(label);
  for (let i = 0; i < fitted.levels.length; i += 1) out.push(i === at ? 1 : 0);
  out.push(at === -1 ? 1 : 0);
  if (fitted.missingIndicator) out.push(typeof value === 'string' ? 0 : 1);
}

/** The value a feature is set to when asking "what if this were typical?". */
export function typicalValue(fitted: FittedEncoding): RawValue {
  return fitted.kind === 'numeric' ? fitted.median : fitted.mode;
}
