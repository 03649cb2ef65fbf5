/**
 * Evaluation metrics for a probability of default against observed outcomes
 * (label 1 = defaulted). Pure functions over plain arrays.
 */

function checkInputs(scores: readonly number[], labels: readonly number[]): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`);
  }
  if (scores.length === 0) throw new RangeError('no rows to evaluate');
  for (let i = 0; i < scores.length; i += 1) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`score ${i} is not a finite number`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`label ${i} is not 0 or 1`);
  }
}

/** Row indices sorted by score descending (ties keep row order). */
function byScoreDescending(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * Area under the ROC curve: the probability that a random defaulter scores higher than
 * a random non-defaulter, ties counting one half (Mann–Whitney U with mid-ranks).
 */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  checkInputs(scores, labels);
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSumPositives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j += 1;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let t = i; t <= j; t += 1) {
      if (labels[order[t]!] === 1) {
        positives += 1;
        rankSumPositives += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Gini coefficient (accuracy ratio) = 2 × AUC − 1. */
export function gini(auc: number): number {
  return 2 * auc - 1;
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the cumulative score
 * distributions of defaulters and non-defaulters, with the score where it occurs.
 * Tied scores move together (a threshold cannot split them).
 */
export function ksStatistic(scores: readonly number[], labels: readonly number[]): { ks: number; threshold: number } {
  checkInputs(scores, labels);
  const positives = labels.reduce((s, y) => s + y, 0);
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return { ks: Number.NaN, threshold: Number.NaN };
  const order = byScoreDescending(scores);
  let tp = 0;
  let fp = 0;
  let best = { ks: 0, threshold: scores[order[0]!]! };
  let i = 0;
  while (i < order.length) {
    const score = scores[order[i]!]!;
    while (i < order.length && scores[order[i]!] === score) {
      if (labels[order[i]!] === 1) tp += 1;
      else fp += 1;
      i += 1;
    }
    const gap = Math.abs(tp / positives - fp / negatives);
    if (gap > best.ks) best = { ks: gap, threshold: score };
  }
  return best;
}

/** Brier score: mean squared difference between probability and outcome. */
export function brierScore(probabilities: readonly number[], labels: readonly number[]): number {
  checkInputs(probabilities, labels);
  let sum = 0;
  for (let i = 0; i < probabilities.length; i += 1) sum += (probabilities[i]! - labels[i]!) ** 2;
  return sum / probabilities.length;
}

/** Mean negative log-likelihood (natural log); probabilities are clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(probabilities: readonly number[], labels: readonly number[]): number {
  checkInputs(probabilities, labels);
  const eps = 1e-15;
  let sum = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / probabilities.length;
}

export interface CalibrationBin {
  /** 1 = lowest predicted probabilities. */
  bin: number;
  rows: number;
  meanPredicted: number;
  observedRate: number;
  minPredicted: number;
  maxPredicted: number;
}

/**
 * Calibration by quantile bins (deciles by default): rows sorted by predicted
 * probability and cut into `bins` groups of as equal size as possible.
 */
export function calibrationByQuantile(
  probabilities: readonly number[],
  labels: readonly number[],
  bins = 10,
): CalibrationBin[] {
  checkInputs(probabilities, labels);
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[a]! - probabilities[b]! || a - b);
  const n = order.length;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b += 1) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sumP = 0;
    let sumY = 0;
    for (let t = from; t < to; t += 1) {
      sumP += probabilities[order[t]!]!;
      sumY += labels[order[t]!]!;
    }
    out.push({
      bin: b + 1,
      rows: to - from,
      meanPredicted: sumP / (to - from),
      observedRate: sumY / (to - from),
      minPredicted: probabilities[order[from]!]!,
      maxPredicted: probabilities[order[to - 1]!]!,
    });
  }
  return out;
}

export interface ThresholdConfusion {
  /** Rows with probability ≥ threshold are predicted to default. */
  threshold: number;
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** Share of defaulters caught (recall, true-positive rate); null without defaulters. */
  truePositiveRate: number | null;
  /** Share of good payers wrongly flagged; null without good payers. */
  falsePositiveRate: number | null;
  /** Share of flagged rows that did default; null when none are flagged. */
  precision: number | null;
}

/** Confusion matrix when everyone at or above `threshold` is treated as a defaulter. */
export function confusionAt(probabilities: readonly number[], labels: readonly number[], threshold: number): ThresholdConfusion {
  checkInputs(probabilities, labels);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < probabilities.length; i += 1) {
    const flagged = probabilities[i]! >= threshold;
    if (labels[i] === 1) flagged ? (tp += 1) : (fn += 1);
    else flagged ? (fp += 1) : (tn += 1);
  }
  return {
    threshold,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    truePositiveRate: tp + fn > 0 ? tp / (tp + fn) : null,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : null,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
  };
}

export interface DecisionTable {
  /** Probability below which an application is accepted. */
  acceptBelow: number;
  /** Probability at or above which it is rejected; in between it goes to review. */
  rejectFrom: number;
  accept: { rows: number; defaults: number };
  review: { rows: number; defaults: number };
  reject: { rows: number; defaults: number };
}

/** Outcomes of a three-way accept / review / reject policy on the probability alone. */
export function decisionTable(
  probabilities: readonly number[],
  labels: readonly number[],
  acceptBelow: number,
  rejectFrom: number,
): DecisionTable {
  checkInputs(probabilities, labels);
  if (rejectFrom < acceptBelow) throw new RangeError('rejectFrom must not be below acceptBelow');
  const table: DecisionTable = {
    acceptBelow,
    rejectFrom,
    accept: { rows: 0, defaults: 0 },
    review: { rows: 0, defaults: 0 },
    reject: { rows: 0, defaults: 0 },
  };
  for (let i = 0; i < probabilities.length; i += 1) {
    const p = probabilities[i]!;
    const cell = p < acceptBelow ? table.accept : p >= rejectFrom ? table.reject : table.review;
    cell.rows += 1;
    cell.defaults += labels[i]!;
  }
  return table;
}

export interface GroupRate {
  group: number;
  rows: number;
  defaults: number;
  defaultRate: number;
}

/** Observed default rate per group (e.g. K-Means segment), groups in ascending order. */
export function defaultRateByGroup(groups: readonly number[], labels: readonly number[]): GroupRate[] {
  if (groups.length !== labels.length) throw new RangeError('groups and labels differ in length');
  const acc = new Map<number, { rows: number; defaults: number }>();
  groups.forEach((g, i) => {
    const cell = acc.get(g) ?? { rows: 0, defaults: 0 };
    cell.rows += 1;
    cell.defaults += labels[i]!;
    acc.set(g, cell);
  });
  return [...acc.entries()]
    .sort(([a], [b]) => a - b)
    .map(([group, { rows, defaults }]) => ({ group, rows, defaults, defaultRate: defaults / rows }));
}
