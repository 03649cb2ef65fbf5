/**
 * The training entry point: CSV text in, model artifact out. Pure apart from CPU time
 * (no file or network I/O), so it runs the same in the CLI, a worker thread or a test.
 *
 * Protocol, all with seeded randomness:
 * 1. A stratified share of rows (holdoutShare) is held out and touched only at the end.
 * 2. Nested stratified K-fold CV on the remaining development rows: inside each training
 *    fold the encoders (scaling, one-hot levels, imputation), the subsample and the
 *    choice of C and gamma are fitted; the fold's test rows only receive predictions.
 * 3. The final model repeats the same procedure on all development rows, is evaluated
 *    on the held-out rows, and K-Means segments are fitted on the development rows.
 */
import { createHash } from 'node:crypto';
import {
  RISK_MODEL_FORMAT,
  type EvaluationReport,
  type RiskModelArtifact,
} from '../artifact.js';
import { fingerprint, parseTrainingCsv } from '../dataset.js';
import { evaluatePredictions } from '../evaluation.js';
import { csvRecordMapper } from '../features/csv-mapping.js';
import { featureSpecSchema, type FeatureSpec, type FeatureSpecInput, type FittedFeatureSpec } from '../features/feature-spec.js';
import { encodeRawValues, featureColumns, fitFeatureSpec, rawFeatureValues, type RawRow } from '../features/feature-vector.js';
import { inferFeatureSpec } from '../features/infer-spec.js';
import { brierScore, ksStatistic, logLoss, rocAuc } from '../metrics.js';
import { stratifiedFolds, stratifiedHoldout } from '../random.js';
import { bandsFromQuantiles, riskBandFor, type RiskBands } from '../risk-bands.js';
import { fitSegments, nearestCentroid, type SegmentModel } from '../segments.js';
import { SvmModel } from '../svm/svm-model.js';
import { progressReporter, type TrainingProgress } from './progress.js';
import { fitSvm, type SvmFit, type SvmFitPlan } from './svm-fit.js';
import { trainingOptionsSchema, type TrainingOptions, type TrainingOptionsInput } from './training-options.js';

export type { TrainingProgress, TrainingStage } from './progress.js';

export interface TrainRiskModelInput {
  /** The CSV file's bytes or text (the fingerprint is taken over exactly these). */
  csv: Uint8Array | string;
  options: TrainingOptionsInput;
  /** Without a spec every feature column is used (see infer-spec.ts). */
  spec?: FeatureSpecInput;
  /** Recorded in the artifact, e.g. the file name. */
  dataFile?: string;
  /** The artifact's createdAt. */
  now: Date;
}

export interface TrainRiskModelResult {
  artifact: RiskModelArtifact;
}

const LIBRARY = 'libsvm-js 0.2.1 (wasm build)';
const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const std = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

function groupOutcomes<K>(keys: readonly K[], labels: readonly number[], probabilities: readonly number[], all: readonly K[]) {
  return all.map((key) => {
    const idx = keys.flatMap((k, i) => (k === key ? [i] : []));
    const defaults = idx.reduce((s, i) => s + labels[i]!, 0);
    return {
      key,
      rows: idx.length,
      defaults,
      observedRate: idx.length > 0 ? defaults / idx.length : null,
      meanPredicted: idx.length > 0 ? idx.reduce((s, i) => s + probabilities[i]!, 0) / idx.length : null,
    };
  });
}

/**
 * One cross-validation fold: everything learned from the data (encoders, subsample,
 * C and gamma, the SVM) is fitted on the training rows; the test rows only receive
 * predictions from the model as stored.
 */
export async function fitAndPredictFold(
  spec: FeatureSpec,
  trainRaw: readonly RawRow[],
  trainLabels: readonly number[],
  testRaw: readonly RawRow[],
  plan: SvmFitPlan,
  seed: number,
  onStep: (fraction: number) => void = () => {},
): Promise<{ fitted: FittedFeatureSpec; fit: SvmFit; probabilities: number[] }> {
  const fitted = fitFeatureSpec(spec, trainRaw);
  const X = trainRaw.map((row) => encodeRawValues(fitted, row));
  const fit = await fitSvm(X, trainLabels, plan, seed, onStep);
  const model = SvmModel.load(fit.serialized, X[0]!.length);
  try {
    return { fitted, fit, probabilities: testRaw.map((row) => model.probabilityOfDefault(encodeRawValues(fitted, row))) };
  } finally {
    model.free();
  }
}

export async function trainRiskModel(
  input: TrainRiskModelInput,
  onProgress: (progress: TrainingProgress) => void = () => {},
): Promise<TrainRiskModelResult> {
  const started = performance.now();
  const report = progressReporter(onProgress);
  const options: TrainingOptions = trainingOptionsSchema.parse(input.options);
  const thresholds = { thresholds: options.thresholds, acceptBelow: options.acceptBelow, rejectFrom: options.rejectFrom };
  const plan: SvmFitPlan = {
    maxTrainRows: options.maxTrainRows,
    gridRows: options.gridRows,
    gridFolds: options.gridFolds,
    gridC: options.gridC,
    gridGammaScale: options.gridGammaScale,
  };

  // 1. Prepare: parse, map every row into the application record, read raw feature values.
  report('prepare', 0, 'reading the CSV');
  const text = typeof input.csv === 'string' ? input.csv : new TextDecoder().decode(input.csv);
  const table = parseTrainingCsv(text, { target: options.target, exclude: options.exclude });
  const spec: FeatureSpec = input.spec ? featureSpecSchema.parse(input.spec) : inferFeatureSpec(table);
  const mapper = csvRecordMapper(table, spec.columns, spec.trainingDecisionDate);
  const raw: RawRow[] = table.rows.map((row, i) => rawFeatureValues(spec.features, mapper.toRecord(row, i + 2)));
  const labels = table.labels;
  const { train: devRows, holdout: holdoutRows } = stratifiedHoldout(labels, options.holdoutShare, options.seed);
  const prepareSeconds = seconds(started);
  report('prepare', 1, `${table.rows.length} rows, ${spec.features.length} features`);

  // 2. Nested cross-validation on the development rows.
  const cvStarted = performance.now();
  const devLabels = devRows.map((r) => labels[r]!);
  const foldOf = stratifiedFolds(devLabels, options.folds, options.seed + 1);
  const outOfFold = new Array<number>(devRows.length).fill(Number.NaN);
  const perFold: EvaluationReport['crossValidation']['perFold'] = [];
  for (let k = 0; k < options.folds; k += 1) {
    const foldStarted = performance.now();
    const trainAt = devRows.flatMap((_, p) => (foldOf[p] === k ? [] : [p]));
    const testAt = devRows.flatMap((_, p) => (foldOf[p] === k ? [p] : []));
    const { fit, probabilities } = await fitAndPredictFold(
      spec,
      trainAt.map((p) => raw[devRows[p]!]!),
      trainAt.map((p) => devLabels[p]!),
      testAt.map((p) => raw[devRows[p]!]!),
      plan,
      options.seed + 100 * (k + 1),
      (f) => report('cross-validation', (k + 0.95 * f) / options.folds, `fold ${k + 1}/${options.folds}: fitting`),
    );
    testAt.forEach((p, i) => (outOfFold[p] = probabilities[i]!));
    const probs = testAt.map((p) => outOfFold[p]!);
    const ys = testAt.map((p) => devLabels[p]!);
    perFold.push({
      fold: k + 1,
      rows: ys.length,
      positives: ys.reduce((s, y) => s + y, 0),
      auc: rocAuc(probs, ys),
      ks: ksStatistic(probs, ys).ks,
      brier: brierScore(probs, ys),
      logLoss: logLoss(probs, ys),
      C: fit.C,
      gamma: fit.gamma,
      svmTrainRows: fit.trainRows,
      seconds: seconds(foldStarted),
    });
    report('cross-validation', (k + 1) / options.folds, `fold ${k + 1}/${options.folds}: AUC ${perFold.at(-1)!.auc.toFixed(3)}`);
  }
  const crossValidationSeconds = seconds(cvStarted);

  // 3. Final model on all development rows.
  const finalStarted = performance.now();
  const fittedSpec = fitFeatureSpec(spec, devRows.map((r) => raw[r]!));
  const devX = devRows.map((r) => encodeRawValues(fittedSpec, raw[r]!));
  const finalFit = await fitSvm(devX, devLabels, plan, options.seed + 7, (f) => report('final-fit', f, 'fitting the final model'));
  const finalSeconds = seconds(finalStarted);

  // 4. Segments on the development rows.
  const segmentsStarted = performance.now();
  report('segments', 0, `K-Means, k = ${options.minK}..${options.maxK}`);
  const segments: SegmentModel = fitSegments(devX, devLabels, {
    minK: options.minK,
    maxK: options.maxK,
    seed: options.seed + 3,
    maxFitRows: 10_000,
    silhouetteRows: 1_000,
  });
  const segmentsSeconds = seconds(segmentsStarted);
  report('segments', 1, `k = ${segments.k}`);

  // 5. Held-out evaluation of the final model exactly as stored.
  const holdoutStarted = performance.now();
  const finalModel = SvmModel.load(finalFit.serialized, devX[0]!.length);
  const holdoutX = holdoutRows.map((r) => encodeRawValues(fittedSpec, raw[r]!));
  let holdoutProbs: number[];
  try {
    holdoutProbs = holdoutX.map((x) => finalModel.probabilityOfDefault(x));
  } finally {
    finalModel.free();
  }
  const holdoutLabels = holdoutRows.map((r) => labels[r]!);
  const riskBands: RiskBands = bandsFromQuantiles(outOfFold);
  const segmentIds = segments.segments.map((s) => s.id);
  const holdoutSegments = holdoutX.map((x) => nearestCentroid(segments.centroids, x).id);
  const oofSegments = devX.map((x) => nearestCentroid(segments.centroids, x).id);
  const holdoutSeconds = seconds(holdoutStarted);
  report('holdout', 1, 'evaluated on the held-out rows');

  const pooled = evaluatePredictions(outOfFold, devLabels, thresholds);
  const evaluation: EvaluationReport = {
    crossValidation: {
      folds: options.folds,
      nested: true,
      auc: mean(perFold.map((f) => f.auc)),
      aucStd: std(perFold.map((f) => f.auc)),
      ks: mean(perFold.map((f) => f.ks)),
      brier: mean(perFold.map((f) => f.brier)),
      logLoss: mean(perFold.map((f) => f.logLoss)),
      perFold,
      pooled,
      segments: groupOutcomes(oofSegments, devLabels, outOfFold, segmentIds).map(({ key, ...rest }) => ({ segment: key, ...rest })),
    },
    holdout: {
      ...evaluatePredictions(holdoutProbs, holdoutLabels, thresholds),
      segments: groupOutcomes(holdoutSegments, holdoutLabels, holdoutProbs, segmentIds).map(({ key, ...rest }) => ({ segment: key, ...rest })),
      bands: groupOutcomes(
        holdoutProbs.map((p) => riskBandFor(riskBands, p)),
        holdoutLabels,
        holdoutProbs,
        riskBands.map((b) => b.band),
      ).map(({ key, ...rest }) => ({ band: key, ...rest })),
    },
    reduction: {
      applied: devRows.length > options.maxTrainRows,
      strategy:
        devRows.length > options.maxTrainRows
          ? `stratified random subsample of ${options.maxTrainRows} of ${devRows.length} development rows for each SVM fit (encoders and segments use all rows); C and gamma chosen on a stratified subsample of ${options.gridRows}`
          : 'none: every development row is used',
      developmentRows: devRows.length,
      holdoutRows: holdoutRows.length,
      maxTrainRows: options.maxTrainRows,
      svmTrainRows: finalFit.trainRows,
      gridRows: Math.min(options.gridRows, finalFit.trainRows),
    },
    gridSearch: finalFit.grid,
    segments: {
      k: segments.k,
      criterion: `highest mean silhouette for k = ${options.minK}..${options.maxK} on a sample of up to 1,000 development rows`,
      silhouette: segments.silhouette,
      training: segments.segments,
    },
    timings: {
      prepareSeconds,
      crossValidationSeconds,
      finalFitSeconds: finalSeconds,
      segmentsSeconds,
      holdoutSeconds,
      totalSeconds: seconds(started),
    },
  };

  const data = { ...(input.dataFile ? { file: input.dataFile } : {}), ...fingerprint(input.csv, labels) };
  const modelId = `rm-${createHash('sha256')
    .update(JSON.stringify({ data: data.sha256, options, spec: fittedSpec, svm: finalFit.serialized }))
    .digest('hex')
    .slice(0, 12)}`;
  const artifact: RiskModelArtifact = {
    format: RISK_MODEL_FORMAT,
    modelId,
    kind: 'kmeans+svm',
    createdAt: input.now.toISOString(),
    featureSpec: fittedSpec,
    featureColumns: featureColumns(fittedSpec),
    svm: {
      library: LIBRARY,
      kernel: 'rbf',
      C: finalFit.C,
      gamma: finalFit.gamma,
      classWeights: finalFit.classWeights,
      trainedOnRows: finalFit.trainRows,
      supportVectors: finalFit.supportVectors,
      model: finalFit.serialized,
    },
    segments,
    riskBands,
    report: evaluation,
    training: { data, options },
  };
  onProgress({ stage: 'done', percent: 100, message: `model ${modelId}` });
  return { artifact };
}
