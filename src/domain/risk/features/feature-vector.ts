/**
 * Record → raw feature values → encoded vector. Training rows and live applications
 * both go through `rawFeatureValues` and `encodeRawValues`, so they cannot drift apart.
 */
import type { ApplicationRecord } from './application-record.js';
import { categoricalSourceValue, numericSourceValue } from './derived.js';
import { encodeValue, encodedColumns, fitEncoding, type RawValue } from './encoding.js';
import type { FeatureDefinition, FeatureSpec, FittedFeatureSpec } from './feature-spec.js';

/** One raw value per feature, in spec order. */
export type RawRow = RawValue[];

export function rawFeatureValues(features: readonly FeatureDefinition[], record: ApplicationRecord): RawRow {
  return features.map((f) =>
    f.encoding.kind === 'numeric' ? numericSourceValue(record, f.source) : categoricalSourceValue(record, f.source),
  );
}

/** Fits every feature's encoding on the given rows only. */
export function fitFeatureSpec(spec: FeatureSpec, rows: readonly RawRow[]): FittedFeatureSpec {
  return {
    columns: spec.columns,
    trainingDecisionDate: spec.trainingDecisionDate,
    ...(spec.notes ? { notes: spec.notes } : {}),
    features: spec.features.map((feature, i) => ({
      ...feature,
      fitted: fitEncoding(feature.encoding, rows.map((row) => row[i])),
    })),
  };
}

export function featureColumns(spec: FittedFeatureSpec): string[] {
  return spec.features.flatMap((f) => encodedColumns(f.name, f.fitted));
}

export function encodeRawValues(spec: FittedFeatureSpec, row: RawRow): number[] {
  const out: number[] = [];
  spec.features.forEach((feature, i) => encodeValue(feature.fitted, row[i], out));
  return out;
}

/** The model input for one application record. */
export function buildFeatureVector(spec: FittedFeatureSpec, record: ApplicationRecord): number[] {
  return encodeRawValues(spec, rawFeatureValues(spec.features, record));
}
