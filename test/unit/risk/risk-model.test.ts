import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RiskModelArtifact } from '../../../src/domain/risk/artifact.js';
import { describeFactor, topFactors } from '../../../src/domain/risk/explain.js';
import { encodeRawValues, fitFeatureSpec } from '../../../src/domain/risk/features/feature-vector.js';
import { ModelRiskScorer } from '../../../src/domain/risk/model-risk-scorer.js';
import { bandsFromQuantiles, riskBandFor } from '../../../src/domain/risk/risk-bands.js';
import { RiskModel, RiskModelError } from '../../../src/domain/risk/risk-model.js';
import { anomalyPercentile, fitSegments, meanSilhouette } from '../../../src/domain/risk/segments.js';
import { trainRiskModel } from '../../../src/domain/risk/training/train-risk-model.js';
import { riskSectionSchema } from '../../../src/domain/screening/decision.js';
import { anApplication } from '../../fixtures/applications.js';
import { quickOptions, syntheticCreditCsv } from './synthetic.js';

const on = new Date('2026-11-23T10:00:00Z');
let artifact: RiskModelArtifact;

beforeAll(async () => {
  artifact = (await trainRiskModel({ csv: syntheticCreditCsv(), options: quickOptions, now: on })).artifact;
});

describe('a loaded risk model', () => {
  it('scores a live application with probability, band, segment, anomaly percentile and factors', () => {
    const model = RiskModel.fromArtifact(artifact);
    try {
      const risky = anApplication({ attributes: { income: 900, dti: 0.78, region: 'south', years: 1 } });
      const safe = anApplication({ attributes: { income: 4700, dti: 0.05, region: 'north', years: 12 } });
      const a = model.assess(risky, on);
      const b = model.assess(safe, on);
      expect(a.probabilityOfDefault).toBeGreaterThan(b.probabilityOfDefault);
      expect(artifact.riskBands.map((x) => x.band)).toContain(a.riskBand);
      expect(a.segment.id).toBeGreaterThanOrEqual(0);
      expect(a.anomalyPercentile).toBeGreaterThanOrEqual(0);
      expect(a.anomalyPercentile).toBeLessThanOrEqual(100);
      expect(a.topFactors.length).toBeGreaterThan(0);
      expect(a.topFactors[0]!.text).toMatch(/raises|lowers/);
      const section = model.score(risky, on);
      expect(riskSectionSchema.parse(section)).toMatchObject({ status: 'scored', modelVersion: artifact.modelId });
    } finally {
      model.dispose();
    }
  });

  it('treats attributes the application does not carry as missing values', () => {
    const model = RiskModel.fromArtifact(artifact);
    try {
      const assessment = model.assess(anApplication({ attributes: { dti: 0.5 } }), on);
      expect(Number.isFinite(assessment.probabilityOfDefault)).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('refuses an artifact that does not validate, naming the field', () => {
    expect(() => RiskModel.fromArtifact({ ...artifact, modelId: 'x' })).toThrow(RiskModelError);
    expect(() => RiskModel.fromArtifact({ ...artifact, featureColumns: ['a'] })).toThrow(/feature columns/);
  });

  it('cannot score after dispose', () => {
    const model = RiskModel.fromArtifact(artifact);
    model.dispose();
    expect(model.disposed).toBe(true);
    expect(() => model.assess(anApplication(), on)).toThrow(/freed/);
  });
});

describe('the model risk scorer', () => {
  it('disposes the model it replaces', () => {
    const first = RiskModel.fromArtifact(artifact);
    const second = RiskModel.fromArtifact(artifact);
    const scorer = new ModelRiskScorer(first, () => on);
    expect(scorer.score(anApplication())).toMatchObject({ status: 'scored' });
    scorer.replace(second);
    expect(first.disposed).toBe(true);
    expect(second.disposed).toBe(false);
    scorer.dispose();
    expect(second.disposed).toBe(true);
    expect(scorer.score(anApplication())).toMatchObject({ status: 'not_configured' });
  });
});

describe('the shipped default model', () => {
  it('validates and screens the README example application', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../../models/default/model.json', import.meta.url), 'utf8'));
    const model = RiskModel.fromArtifact(json);
    try {
      const section = model.score(anApplication(), on);
      expect(section).toMatchObject({ status: 'scored', modelVersion: model.modelId });
      if (section.status !== 'scored') throw new Error('unreachable');
      expect(section.topFactors).toHaveLength(3);
      expect(model.artifact.report.crossValidation.auc).toBeGreaterThanOrEqual(0.79);
    } finally {
      model.dispose();
    }
  });
});

describe('top factors', () => {
  it('are stated in plain words with percentage points', () => {
    expect(describeFactor('Debt-to-income', 0.62, 0.08)).toBe('Debt-to-income of 0.62 raises the estimated default risk by 8 points');
    expect(describeFactor('Housing', 'rent', -0.004)).toBe('Housing "rent" lowers the estimated default risk by 0.4 points');
    expect(describeFactor('Savings level', undefined, 0.01)).toBe('Savings level not provided raises the estimated default risk by 1 point');
    expect(describeFactor('Loan amount', 50_000_000, 0.2)).toBe('Loan amount of 50,000,000 raises the estimated default risk by 20 points');
  });

  it('rank features by how much setting each to its typical value changes the probability', () => {
    const spec = fitFeatureSpec(
      {
        columns: [],
        trainingDecisionDate: '2000-01-01',
        features: ['a', 'b', 'c'].map((n) => ({
          name: n,
          label: n.toUpperCase(),
          source: { kind: 'path' as const, path: `attributes.${n}` as const },
          encoding: { kind: 'numeric' as const, transform: 'none' as const },
        })),
      },
      [[0, 0, 0], [1, 1, 1], [2, 2, 2]],
    );
    // A fake model: probability = 0.1·a + 0.3·b − 0.05·c on the z-scores.
    const predict = (x: readonly number[]) => 0.5 + 0.1 * x[0]! + 0.3 * x[1]! - 0.05 * x[2]!;
    const raw = [2, 2, 2];
    const factors = topFactors(spec, raw, encodeRawValues(spec, raw), predict([1.2247, 1.2247, 1.2247]), predict, 2);
    expect(factors.map((f) => f.feature)).toEqual(['b', 'a']);
    expect(factors[0]!.effect).toBeCloseTo(0.3 * 1.2247, 3);
  });
});

describe('segments', () => {
  it('choose k by silhouette: three separated groups give k = 3', () => {
    const points: number[][] = [];
    const labels: number[] = [];
    for (const [cx, cy, rate] of [[0, 0, 0.1], [10, 0, 0.5], [0, 10, 0.9]] as const) {
      for (let i = 0; i < 30; i += 1) {
        points.push([cx + (i % 5) * 0.1, cy + Math.floor(i / 5) * 0.1]);
        labels.push(i < rate * 30 ? 1 : 0);
      }
    }
    const model = fitSegments(points, labels, { minK: 2, maxK: 5, seed: 1, maxFitRows: 1000, silhouetteRows: 1000 });
    expect(model.k).toBe(3);
    // Ordered by default rate, lowest first.
    expect(model.segments.map((s) => s.defaultRate)).toEqual([0.1, 0.5, 0.9]);
    expect(anomalyPercentile(model, 0)).toBe(0);
    expect(anomalyPercentile(model, 100)).toBe(100);
  });

  it('compute the silhouette by hand on four points', () => {
    // Points 0 and 11: a = 1, b = (10 + 11) / 2 = 10.5; points 1 and 10: a = 1, b = (9 + 10) / 2 = 9.5.
    const s = meanSilhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2);
    expect(s).toBeCloseTo((2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4, 12);
  });
});

describe('risk bands', () => {
  it('cut at quintiles of the cross-validated probabilities', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    const bands = bandsFromQuantiles(p);
    expect(bands.map((b) => b.maxProbability)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(riskBandFor(bands, 0.05)).toBe('A');
    expect(riskBandFor(bands, 0.2)).toBe('A');
    expect(riskBandFor(bands, 0.21)).toBe('B');
    expect(riskBandFor(bands, 0.99)).toBe('E');
  });
});
