import { describe, expect, it } from 'vitest';
import { riskModelArtifactSchema, type RiskModelArtifact } from '../../../src/domain/risk/artifact.js';
import type { FeatureSpec } from '../../../src/domain/risk/features/feature-spec.js';
import { stratifiedFolds, stratifiedHoldout, stratifiedSample } from '../../../src/domain/risk/random.js';
import { fitAndPredictFold, trainRiskModel, type TrainingProgress } from '../../../src/domain/risk/training/train-risk-model.js';
import { quickOptions, syntheticCreditCsv } from './synthetic.js';

const now = new Date('2026-11-23T10:00:00Z');

/** The artifact without what legitimately differs between two runs: when, and how long. */
function withoutTimes(a: RiskModelArtifact) {
  const { createdAt: _c, report, ...rest } = a;
  const { timings: _t, crossValidation, ...reportRest } = report;
  return { ...rest, report: { ...reportRest, crossValidation: { ...crossValidation, perFold: crossValidation.perFold.map(({ seconds: _s, ...f }) => f) } } };
}

describe('stratified sampling', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 1 : 0));

  it('gives every fold the same share of defaults', () => {
    const folds = stratifiedFolds(labels, 5, 1);
    for (let k = 0; k < 5; k += 1) {
      const rows = folds.flatMap((f, i) => (f === k ? [i] : []));
      expect(rows).toHaveLength(20);
      expect(rows.filter((i) => labels[i] === 1)).toHaveLength(5);
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    expect(stratifiedFolds(labels, 5, 1)).toEqual(stratifiedFolds(labels, 5, 1));
    expect(stratifiedFolds(labels, 5, 1)).not.toEqual(stratifiedFolds(labels, 5, 2));
  });

  it('subsamples to the cap keeping the default share, and holds out a stratified share', () => {
    const sample = stratifiedSample(labels, labels.map((_, i) => i), 40, 3);
    expect(sample).toHaveLength(40);
    expect(sample.filter((i) => labels[i] === 1)).toHaveLength(10);
    const { train, holdout } = stratifiedHoldout(labels, 0.2, 3);
    expect(holdout).toHaveLength(20);
    expect(holdout.filter((i) => labels[i] === 1)).toHaveLength(5);
    expect(new Set([...train, ...holdout]).size).toBe(100);
  });
});

describe('a cross-validation fold', () => {
  it('fits scaling, levels and imputation on its training rows only', async () => {
    const spec: FeatureSpec = {
      columns: [],
      trainingDecisionDate: '2000-01-01',
      features: [
        { name: 'x', label: 'x', source: { kind: 'path', path: 'attributes.x' }, encoding: { kind: 'numeric', transform: 'none' } },
        { name: 'c', label: 'c', source: { kind: 'path', path: 'attributes.c' }, encoding: { kind: 'categorical', minShare: 0, maxLevels: 30 } },
      ],
    };
    const trainRaw = Array.from({ length: 40 }, (_, i) => [i % 10, i % 2 === 0 ? 'a' : 'b']);
    const trainLabels = trainRaw.map((_, i) => (i % 10 >= 6 ? 1 : 0));
    // Test rows far outside the training range, with a level never seen in training.
    const testRaw = [[1000, 'only-in-test'], [undefined, 'a']];
    const { fitted, probabilities } = await fitAndPredictFold(spec, trainRaw, trainLabels, testRaw, {
      maxTrainRows: 1000, gridRows: 1000, gridFolds: 2, gridC: [1], gridGammaScale: [1],
    }, 1);
    expect(fitted.features[0]!.fitted).toMatchObject({ mean: 4.5, median: 4.5, missingIndicator: false });
    expect(fitted.features[1]!.fitted).toMatchObject({ levels: ['a', 'b'], missingIndicator: false });
    expect(probabilities).toHaveLength(2);
    probabilities.forEach((p) => expect(p).toBeGreaterThanOrEqual(0));
  });
});

describe('training a risk model', () => {
  const csv = syntheticCreditCsv();

  it('produces a valid artifact with cross-validated and held-out figures', async () => {
    const progress: TrainingProgress[] = [];
    const { artifact } = await trainRiskModel({ csv, options: quickOptions, now, dataFile: 'synthetic.csv' }, (p) => progress.push(p));
    expect(riskModelArtifactSchema.parse(JSON.parse(JSON.stringify(artifact)))).toBeTruthy();
    expect(artifact.training.data).toMatchObject({ file: 'synthetic.csv', rows: 150 });
    expect(artifact.report.crossValidation.perFold).toHaveLength(3);
    expect(artifact.report.crossValidation.nested).toBe(true);
    expect(artifact.report.crossValidation.auc).toBeGreaterThan(0.7);
    expect(artifact.report.holdout.rows).toBe(30);
    expect(artifact.report.reduction.applied).toBe(false);
    expect(artifact.segments.k).toBeGreaterThanOrEqual(2);
    expect(artifact.riskBands.map((b) => b.band)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(artifact.featureColumns).toContain('years:missing');
    // Progress only goes forward and ends at 100%.
    expect(progress.map((p) => p.percent)).toEqual([...progress.map((p) => p.percent)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ stage: 'done', percent: 100 });
  });

  it('gives the same model for the same data and options, and another for another seed', async () => {
    const first = (await trainRiskModel({ csv, options: quickOptions, now })).artifact;
    const second = (await trainRiskModel({ csv, options: quickOptions, now: new Date() })).artifact;
    expect(second.modelId).toBe(first.modelId);
    expect(withoutTimes(second)).toEqual(withoutTimes(first));
    const reseeded = (await trainRiskModel({ csv, options: { ...quickOptions, seed: 12 }, now })).artifact;
    expect(reseeded.modelId).not.toBe(first.modelId);
  });

  it('subsamples histories above the row cap and says so', async () => {
    const { artifact } = await trainRiskModel({ csv, options: { ...quickOptions, maxTrainRows: 60 }, now });
    expect(artifact.report.reduction).toMatchObject({ applied: true, svmTrainRows: 60, developmentRows: 120 });
    expect(artifact.report.reduction.strategy).toMatch(/stratified random subsample of 60 of 120/);
    expect(artifact.svm.trainedOnRows).toBe(60);
  });
});
