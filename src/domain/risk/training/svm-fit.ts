/**
 * One SVM fit as the training procedure defines it, applied identically inside every
 * cross-validation fold and for the final model: stratified subsample to the row cap,
 * balanced class weights, C and gamma by stratified k-fold CV on the fit's own rows,
 * then the chosen candidate trained with Platt scaling.
 */
import { rocAuc } from '../metrics.js';
import { stratifiedFolds, stratifiedSample } from '../random.js';
import { defaultScore, parseRbfModel } from '../svm/decision-function.js';
import { trainSvm, type SvmParams } from '../svm/svm-model.js';

export interface SvmFitPlan {
  maxTrainRows: number;
  gridRows: number;
  gridFolds: number;
  gridC: readonly number[];
  gridGammaScale: readonly number[];
}

export interface SvmFit {
  serialized: string;
  C: number;
  gamma: number;
  gammaScale: number;
  classWeights: SvmParams['classWeights'];
  trainRows: number;
  supportVectors: number;
  grid: { C: number; gamma: number; auc: number }[];
}

/** Weights that make both classes count equally: positives weighted by negatives / positives. */
export function balancedClassWeights(labels: readonly number[]): SvmParams['classWeights'] {
  const positives = labels.reduce((s, y) => s + y, 0);
  const negatives = labels.length - positives;
  return { negative: 1, positive: positives > 0 ? negatives / positives : 1 };
}

const pick = <T>(items: readonly T[], rows: readonly number[]) => rows.map((r) => items[r]!);

/** Mean AUC of a candidate over stratified folds, trained without Platt scaling (ranking only). */
async function candidateAuc(
  X: readonly number[][],
  y: readonly number[],
  folds: readonly number[],
  k: number,
  C: number,
  gamma: number,
): Promise<number> {
  let total = 0;
  for (let f = 0; f < k; f += 1) {
    const train = folds.flatMap((fold, i) => (fold === f ? [] : [i]));
    const test = folds.flatMap((fold, i) => (fold === f ? [i] : []));
    const trainY = pick(y, train);
    const serialized = trainSvm(pick(X, train), trainY, {
      C,
      gamma,
      classWeights: balancedClassWeights(trainY),
      probability: false,
    });
    const model = parseRbfModel(serialized, X[0]!.length);
    total += rocAuc(test.map((i) => defaultScore(model, X[i]!)), pick(y, test));
  }
  return total / k;
}

export async function fitSvm(
  X: readonly number[][],
  y: readonly number[],
  plan: SvmFitPlan,
  seed: number,
  onStep: (fraction: number) => void = () => {},
): Promise<SvmFit> {
  const all = y.map((_, i) => i);
  const sample = stratifiedSample(y, all, plan.maxTrainRows, seed);
  const gridSample = stratifiedSample(y, sample, plan.gridRows, seed + 1);
  const gridX = pick(X, gridSample);
  const gridY = pick(y, gridSample);
  const folds = stratifiedFolds(gridY, plan.gridFolds, seed + 2);
  const dimensions = X[0]!.length;

  const candidates = plan.gridC.flatMap((C) => plan.gridGammaScale.map((scale) => ({ C, scale })));
  const grid: SvmFit['grid'] = [];
  let best: { C: number; scale: number; auc: number } | undefined;
  // Candidates take ~1/4 of a Platt fit each; the final fit is the rest of the work.
  const total = candidates.length + 4;
  for (const [i, { C, scale }] of candidates.entries()) {
    const gamma = scale / dimensions;
    const auc = await candidateAuc(gridX, gridY, folds, plan.gridFolds, C, gamma);
    grid.push({ C, gamma, auc });
    if (!best || auc > best.auc + 1e-9) best = { C, scale, auc };
    onStep((i + 1) / total);
  }

  const trainY = pick(y, sample);
  const classWeights = balancedClassWeights(trainY);
  const gamma = best!.scale / dimensions;
  const serialized = trainSvm(pick(X, sample), trainY, { C: best!.C, gamma, classWeights, probability: true });
  onStep(1);
  return {
    serialized,
    C: best!.C,
    gamma,
    gammaScale: best!.scale,
    classWeights,
    trainRows: sample.length,
    supportVectors: Number(/^total_sv (\d+)$/m.exec(serialized)?.[1] ?? 0),
    grid,
  };
}
