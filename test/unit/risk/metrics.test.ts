import { describe, expect, it } from 'vitest';
import {
  brierScore,
  calibrationByQuantile,
  confusionAt,
  decisionTable,
  defaultRateByGroup,
  gini,
  ksStatistic,
  logLoss,
  rocAuc,
} from '../../../src/domain/risk/metrics.js';

// Four applications worked by hand: two repaid (0), two defaulted (1).
const scores = [0.1, 0.4, 0.35, 0.8];
const labels = [0, 0, 1, 1];

describe('ROC AUC', () => {
  it('is the share of (defaulter, non-defaulter) pairs ranked correctly', () => {
    // 0.35>0.1 yes, 0.35>0.4 no, 0.8>0.1 yes, 0.8>0.4 yes: 3 of 4 pairs.
    expect(rocAuc(scores, labels)).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a defaulter and a non-defaulter as half', () => {
    // pairs: 0.5 vs 0.2 win, 0.5 vs 0.5 tie, 0.9 vs both win: 3.5 / 4.
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
  });

  it('is undefined (NaN) when only one outcome occurs', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });

  it('gives a Gini of 2·AUC − 1', () => {
    expect(gini(0.75)).toBe(0.5);
  });

  it('rejects non-finite scores and labels other than 0/1', () => {
    expect(() => rocAuc([0.1, Number.NaN], [0, 1])).toThrow(/score 1/);
    expect(() => rocAuc([0.1, 0.2], [0, 2])).toThrow(/label 1/);
    expect(() => rocAuc([0.1], [0, 1])).toThrow(/length/);
  });
});

describe('KS statistic', () => {
  it('is the largest gap between the cumulative distributions, with its threshold', () => {
    // Descending: 0.8(1) → TPR .5 FPR 0; 0.4(0) → .5/.5; 0.35(1) → 1/.5; 0.1(0) → 1/1.
    expect(ksStatistic(scores, labels)).toEqual({ ks: 0.5, threshold: 0.8 });
  });

  it('moves tied scores together', () => {
    expect(ksStatistic([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]).ks).toBe(0);
    expect(ksStatistic([0.1, 0.1, 0.9, 0.9], [0, 0, 1, 1]).ks).toBe(1);
  });
});

describe('Brier score and log loss', () => {
  it('Brier is the mean squared error of the probabilities', () => {
    // (0.1² + 0.4² + 0.65² + 0.2²) / 4 = (0.01 + 0.16 + 0.4225 + 0.04) / 4
    expect(brierScore(scores, labels)).toBeCloseTo(0.158125, 12);
  });

  it('log loss is the mean negative log-likelihood', () => {
    const expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4;
    expect(logLoss(scores, labels)).toBeCloseTo(expected, 12);
    expect(logLoss(scores, labels)).toBeCloseTo(0.472288, 6);
  });

  it('log loss stays finite for probabilities of exactly 0 or 1', () => {
    expect(Number.isFinite(logLoss([0, 1], [1, 0]))).toBe(true);
  });
});

describe('calibration by quantile', () => {
  it('sorts by predicted probability and compares each bin with the observed rate', () => {
    const [low, high] = calibrationByQuantile(scores, labels, 2);
    expect(low).toMatchObject({ bin: 1, rows: 2, observedRate: 0.5, minPredicted: 0.1, maxPredicted: 0.35 });
    expect(low!.meanPredicted).toBeCloseTo(0.225, 12);
    expect(high).toMatchObject({ bin: 2, rows: 2, observedRate: 0.5, minPredicted: 0.4, maxPredicted: 0.8 });
    expect(high!.meanPredicted).toBeCloseTo(0.6, 12);
  });

  it('makes ten bins of equal size from a hundred rows', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    const y = p.map((v) => (v >= 0.5 ? 1 : 0));
    const bins = calibrationByQuantile(p, y);
    expect(bins.map((b) => b.rows)).toEqual(new Array(10).fill(10));
    expect(bins.map((b) => b.observedRate)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe('confusion matrix and decision table', () => {
  it('flags rows at or above the threshold as defaulters', () => {
    expect(confusionAt(scores, labels, 0.4)).toEqual({
      threshold: 0.4,
      truePositives: 1,
      falsePositives: 1,
      trueNegatives: 1,
      falseNegatives: 1,
      truePositiveRate: 0.5,
      falsePositiveRate: 0.5,
      precision: 0.5,
    });
  });

  it('reports precision as null when nothing is flagged', () => {
    expect(confusionAt(scores, labels, 0.99).precision).toBeNull();
  });

  it('splits rows into accept / review / reject by the policy cut-offs', () => {
    expect(decisionTable(scores, labels, 0.2, 0.5)).toEqual({
      acceptBelow: 0.2,
      rejectFrom: 0.5,
      accept: { rows: 1, defaults: 0 },
      review: { rows: 2, defaults: 1 },
      reject: { rows: 1, defaults: 1 },
    });
  });
});

describe('default rate by group', () => {
  it('counts rows and defaults per segment', () => {
    expect(defaultRateByGroup([2, 0, 2, 0, 2], [1, 0, 1, 1, 0])).toEqual([
      { group: 0, rows: 2, defaults: 1, defaultRate: 0.5 },
      { group: 2, rows: 3, defaults: 2, defaultRate: 2 / 3 },
    ]);
  });
});
