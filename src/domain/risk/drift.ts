/**
 * Population stability index between the score distribution a model was validated on
 * and the scores it has given recently, over the bins of the validation deciles.
 */
export interface DriftBin {
  /** Upper edge of the bin (the last bin is open-ended). */
  upTo: number | null;
  expectedShare: number;
  actualShare: number;
  contribution: number;
}

export interface DriftReport {
  psi: number;
  /** The usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a significant one. */
  band: 'stable' | 'moderate_shift' | 'significant_shift';
  scores: number;
  bins: DriftBin[];
}

const EPSILON = 1e-4;

export function psiBand(psi: number): DriftReport['band'] {
  return psi < 0.1 ? 'stable' : psi < 0.25 ? 'moderate_shift' : 'significant_shift';
}

/**
 * `reference` are the validation bins in order (rows and the highest score in each);
 * `scores` the recent probabilities of default.
 */
export function populationStability(
  reference: ReadonlyArray<{ rows: number; maxPredicted: number }>,
  scores: readonly number[],
): DriftReport {
  const total = reference.reduce((s, b) => s + b.rows, 0);
  const edges = reference.map((b, i) => (i === reference.length - 1 ? null : b.maxPredicted));
  const counts = new Array<number>(reference.length).fill(0);
  for (const score of scores) {
    let bin = edges.findIndex((edge) => edge !== null && score <= edge);
    if (bin === -1) bin = reference.length - 1;
    counts[bin]! += 1;
  }
  const bins = reference.map((b, i) => {
    const expectedShare = total > 0 ? b.rows / total : 0;
    const actualShare = scores.length > 0 ? counts[i]! / scores.length : 0;
    const e = Math.max(expectedShare, EPSILON);
    const a = Math.max(actualShare, EPSILON);
    return { upTo: edges[i] ?? null, expectedShare, actualShare, contribution: (a - e) * Math.log(a / e) };
  });
  const psi = scores.length > 0 ? bins.reduce((s, b) => s + b.contribution, 0) : 0;
  return { psi, band: psiBand(psi), scores: scores.length, bins };
}
