/**
 * Applicant segments by K-Means (ml-kmeans) on the encoded feature vectors: k chosen
 * over a range by the mean silhouette on a sample, each segment's historical default
 * rate, and an anomaly score = distance to the nearest centroid as a percentile of the
 * training rows' distances.
 */
import { kmeans } from 'ml-kmeans';
import { seededRandom, shuffled } from './random.js';

export interface Segment {
  id: number;
  rows: number;
  defaults: number;
  defaultRate: number;
}

export interface SegmentModel {
  k: number;
  /** Mean silhouette per candidate k; the highest picked k. */
  silhouette: { k: number; score: number }[];
  centroids: number[][];
  /** Ordered by historical default rate: segment 0 has the lowest. */
  segments: Segment[];
  /** Training distances to the nearest centroid at 0%, 0.5%, …, 100%. */
  distanceQuantiles: number[];
  /** Rows the centroids were fitted on (a stratified sample when the data is large). */
  fittedOnRows: number;
}

export interface SegmentOptions {
  minK: number;
  maxK: number;
  seed: number;
  /** Rows used to fit centroids (a random sample above this). */
  maxFitRows: number;
  /** Rows used to compute silhouettes (O(n²)). */
  silhouetteRows: number;
}

export const defaultSegmentOptions: SegmentOptions = { minK: 2, maxK: 8, seed: 1, maxFitRows: 10_000, silhouetteRows: 1_000 };

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j += 1) {
    const d = a[j]! - b[j]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

export function nearestCentroid(centroids: readonly (readonly number[])[], x: readonly number[]): { id: number; distance: number } {
  let best = { id: 0, distance: Infinity };
  centroids.forEach((c, id) => {
    const d = distance(c, x);
    if (d < best.distance) best = { id, distance: d };
  });
  return best;
}

/** Mean silhouette of the given points under an assignment (Rousseeuw 1987). */
export function meanSilhouette(points: readonly (readonly number[])[], assignment: readonly number[], k: number): number {
  const n = points.length;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (let j = 0; j < n; j += 1) {
      if (i === j) continue;
      sums[assignment[j]!]! += distance(points[i]!, points[j]!);
      counts[assignment[j]!]! += 1;
    }
    const own = assignment[i]!;
    if (counts[own] === 0) continue; // a singleton's silhouette is 0
    const a = sums[own]! / counts[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c += 1) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

function quantiles(sorted: readonly number[], steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, s) => {
    const position = (s / steps) * (sorted.length - 1);
    const lo = Math.floor(position);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
  });
}

/** Percentile (0–100) of a distance among the training distances. */
export function anomalyPercentile(model: Pick<SegmentModel, 'distanceQuantiles'>, d: number): number {
  const q = model.distanceQuantiles;
  const steps = q.length - 1;
  if (d <= q[0]!) return 0;
  if (d >= q[steps]!) return 100;
  let lo = 0;
  let hi = steps;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= d) lo = mid;
    else hi = mid;
  }
  const within = q[hi]! > q[lo]! ? (d - q[lo]!) / (q[hi]! - q[lo]!) : 0;
  return ((lo + within) / steps) * 100;
}

export function fitSegments(
  vectors: readonly number[][],
  labels: readonly number[],
  options: SegmentOptions = defaultSegmentOptions,
): SegmentModel {
  const random = seededRandom(options.seed);
  const all = vectors.map((_, i) => i);
  const fitRows = all.length > options.maxFitRows ? shuffled(all, random).slice(0, options.maxFitRows).sort((a, b) => a - b) : all;
  const fitData = fitRows.map((i) => vectors[i]!);
  const silhouetteRows = shuffled(fitRows.map((_, p) => p), random).slice(0, options.silhouetteRows);
  const maxK = Math.min(options.maxK, Math.max(options.minK, fitData.length - 1));

  let best: { k: number; score: number; centroids: number[][] } | undefined;
  const silhouette: { k: number; score: number }[] = [];
  for (let k = options.minK; k <= maxK; k += 1) {
    const result = kmeans(fitData as number[][], k, { seed: options.seed, initialization: 'kmeans++', maxIterations: 100 });
    const sample = silhouetteRows.map((p) => fitData[p]!);
    const score = meanSilhouette(sample, silhouetteRows.map((p) => result.clusters[p]!), k);
    silhouette.push({ k, score });
    if (!best || score > best.score + 1e-12) best = { k, score, centroids: result.centroids };
  }
  const chosen = best!;

  // Assign every training row, then order segments by default rate (0 = lowest).
  const nearest = vectors.map((x) => nearestCentroid(chosen.centroids, x));
  const stats = chosen.centroids.map(() => ({ rows: 0, defaults: 0 }));
  nearest.forEach(({ id }, i) => {
    stats[id]!.rows += 1;
    stats[id]!.defaults += labels[i]!;
  });
  const rate = (s: { rows: number; defaults: number }) => (s.rows > 0 ? s.defaults / s.rows : 0);
  const order = stats.map((_, id) => id).sort((a, b) => rate(stats[a]!) - rate(stats[b]!) || a - b);
  const distances = nearest.map((n) => n.distance).sort((a, b) => a - b);
  return {
    k: chosen.k,
    silhouette,
    centroids: order.map((id) => chosen.centroids[id]!),
    segments: order.map((id, newId) => ({ id: newId, ...stats[id]!, defaultRate: rate(stats[id]!) })),
    distanceQuantiles: quantiles(distances, 200),
    fittedOnRows: fitRows.length,
  };
}
