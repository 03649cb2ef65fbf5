/**
 * The feature spec for a CSV trained without `--spec`: every feature column becomes
 * `attributes.<column>`, numeric (z-scored, log-transformed when heavily skewed) when
 * every non-missing cell is a number, else categorical (one-hot with an `other` bucket).
 */
import { isNumericColumn, type TrainingTable } from '../dataset.js';
import { attributeKeyForColumn } from './csv-mapping.js';
import type { FeatureSpec, RecordPath } from './feature-spec.js';

export function inferFeatureSpec(table: TrainingTable): FeatureSpec {
  const features = table.columns.flatMap((column, index) => {
    if (table.rows.every((row) => row[index]!.trim() === '' || row[index]!.trim() === 'NA')) return [];
    const key = attributeKeyForColumn(column);
    const source = { kind: 'path' as const, path: `attributes.${key}` as RecordPath };
    return [
      isNumericColumn(table, index)
        ? { name: key, label: column, source, encoding: { kind: 'numeric' as const, transform: 'auto' as const } }
        : { name: key, label: column, source, encoding: { kind: 'categorical' as const, minShare: 0.01, maxLevels: 30 } },
    ];
  });
  if (features.length === 0) throw new Error('the CSV has no usable feature columns');
  return {
    columns: [],
    trainingDecisionDate: '2000-01-01',
    features,
    notes: `Inferred from the CSV: ${features.length} columns read as attributes.<column>.`,
  };
}
