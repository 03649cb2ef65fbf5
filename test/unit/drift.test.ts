import { describe, expect, it } from 'vitest';
import { populationStability, psiBand } from '../../src/domain/risk/drift.js';

const deciles = Array.from({ length: 10 }, (_, i) => ({ rows: 100, maxPredicted: (i + 1) / 10 }));

describe('population stability index', () => {
  it('is zero when recent scores spread over the validation deciles as before', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const report = populationStability(deciles, scores);
    expect(report.psi).toBeCloseTo(0, 6);
    expect(report.band).toBe('stable');
    expect(report.bins.every((b) => Math.abs(b.actualShare - 0.1) < 1e-9)).toBe(true);
  });

  it('flags a significant shift when every recent score lands in the top decile', () => {
    const report = populationStability(deciles, Array(500).fill(0.95));
    expect(report.psi).toBeGreaterThan(0.25);
    expect(report.band).toBe('significant_shift');
    expect(report.bins[9]!.actualShare).toBe(1);
  });

  it('matches the textbook formula on a small example', () => {
    const reference = [
      { rows: 50, maxPredicted: 0.5 },
      { rows: 50, maxPredicted: 1 },
    ];
    const report = populationStability(reference, [0.1, 0.2, 0.3, 0.9]);
    const expected = (0.75 - 0.5) * Math.log(0.75 / 0.5) + (0.25 - 0.5) * Math.log(0.25 / 0.5);
    expect(report.psi).toBeCloseTo(expected, 10);
  });

  it('reads the usual bands at 0.1 and 0.25', () => {
    expect(psiBand(0.05)).toBe('stable');
    expect(psiBand(0.1)).toBe('moderate_shift');
    expect(psiBand(0.3)).toBe('significant_shift');
  });

  it('reports no drift, not an error, before any score was given', () => {
    expect(populationStability(deciles, [])).toMatchObject({ psi: 0, scores: 0, band: 'stable' });
  });
});
