/**
 * Seeded randomness for everything the training pipeline samples (splits, folds,
 * subsamples, K-Means starts), so the same data and seed give the same model.
 */

/** mulberry32: a small, fast 32-bit generator; plenty for shuffling and sampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new array with the items in a random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function indicesByClass(labels: readonly number[]): [number[], number[]] {
  const negatives: number[] = [];
  const positives: number[] = [];
  labels.forEach((label, i) => (label === 1 ? positives : negatives).push(i));
  return [negatives, positives];
}

/**
 * Stratified k-fold assignment: each fold gets the same share of positives (±1 row).
 * Returns the fold number of every row.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`);
  const random = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const group of indicesByClass(labels)) {
    shuffled(group, random).forEach((row, position) => {
      fold[row] = (position + offset) % k;
    });
    // Continue where the previous class stopped so fold sizes stay balanced.
    offset = (offset + group.length) % k;
  }
  return fold;
}

/**
 * A stratified random subset of `size` rows (all rows when there are fewer), keeping
 * the positive share. Returned in ascending row order so it does not depend on how the
 * sample was drawn.
 */
export function stratifiedSample(labels: readonly number[], rows: readonly number[], size: number, seed: number): number[] {
  if (rows.length <= size) return rows.slice();
  const random = seededRandom(seed);
  const positives = rows.filter((r) => labels[r] === 1);
  const negatives = rows.filter((r) => labels[r] !== 1);
  const takePositives = Math.round((size * positives.length) / rows.length);
  const chosen = [
    ...shuffled(positives, random).slice(0, takePositives),
    ...shuffled(negatives, random).slice(0, size - takePositives),
  ];
  return chosen.sort((a, b) => a - b);
}

/** Stratified split into a training part and a held-out part of about `holdoutShare`. */
export function stratifiedHoldout(
  labels: readonly number[],
  holdoutShare: number,
  seed: number,
): { train: number[]; holdout: number[] } {
  const all = labels.map((_, i) => i);
  const holdout = new Set(stratifiedSample(labels, all, Math.round(labels.length * holdoutShare), seed));
  return { train: all.filter((i) => !holdout.has(i)), holdout: [...holdout].sort((a, b) => a - b) };
}
