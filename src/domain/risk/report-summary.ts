/** The human-readable summary of a trained model (summary.txt and the CLI's stderr). */
import type { RiskModelArtifact } from './artifact.js';
import type { MetricsBlock } from './evaluation.js';

const f3 = (x: number | null) => (x === null || Number.isNaN(x) ? '  n/a' : x.toFixed(3));
const pct = (x: number | null) => (x === null || Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`);

function metricsLines(m: MetricsBlock): string[] {
  const t = m.decisionTable;
  const cell = (c: { rows: number; defaults: number }) => `${c.rows} rows, ${c.defaults} defaults (${pct(c.rows ? c.defaults / c.rows : null)})`;
  return [
    `  AUC ${f3(m.auc)}  Gini ${f3(m.gini)}  KS ${f3(m.ks)} (at p=${f3(m.ksThreshold)})  Brier ${f3(m.brier)}  log loss ${f3(m.logLoss)}`,
    `  calibration by decile (mean predicted → observed):`,
    ...m.calibration.map((c) => `    ${String(c.bin).padStart(2)}  ${f3(c.meanPredicted)} → ${f3(c.observedRate)}  (${c.rows} rows)`),
    `  confusion (flag as default when p ≥ threshold):`,
    ...m.confusion.map(
      (c) =>
        `    p ≥ ${c.threshold.toFixed(2)}: TP ${c.truePositives}  FP ${c.falsePositives}  TN ${c.trueNegatives}  FN ${c.falseNegatives}  recall ${pct(c.truePositiveRate)}  false-positive rate ${pct(c.falsePositiveRate)}`,
    ),
    `  policy cut-offs: accept p < ${t.acceptBelow}: ${cell(t.accept)}; review: ${cell(t.review)}; reject p ≥ ${t.rejectFrom}: ${cell(t.reject)}`,
  ];
}

export function summarizeModel(a: RiskModelArtifact): string {
  const r = a.report;
  const cv = r.crossValidation;
  const o = a.training.options;
  return [
    `Risk model ${a.modelId} (${a.kind}), created ${a.createdAt}`,
    `Data: ${a.training.data.file ?? '(inline)'}  sha256 ${a.training.data.sha256}`,
    `  ${a.training.data.rows} rows, ${a.training.data.positives} defaults (${pct(a.training.data.positives / a.training.data.rows)}); target "${o.target}"${o.exclude.length ? `, excluded ${o.exclude.join(', ')}` : ''}`,
    `  ${r.reduction.developmentRows} development rows, ${r.reduction.holdoutRows} held out (stratified, seed ${o.seed})`,
    `Features: ${a.featureSpec.features.length} (${a.featureColumns.length} encoded columns)`,
    ...a.featureSpec.features.map((f) => {
      const fit = f.fitted;
      const detail =
        fit.kind === 'numeric'
          ? `numeric, ${fit.transform}, median ${+fit.median.toPrecision(4)}`
          : `categorical, ${fit.levels.length} levels + other, mode "${fit.mode}"`;
      return `  ${f.name.padEnd(22)} ${detail}${fit.missingIndicator ? ', missing indicator' : ''}`;
    }),
    `SVM: C-SVC, RBF, C=${a.svm.C}, gamma=${+a.svm.gamma.toPrecision(4)}, class weights 1 : ${a.svm.classWeights.positive.toFixed(2)}, ${a.svm.supportVectors} support vectors, Platt probabilities`,
    `  Reduction: ${r.reduction.strategy}`,
    `  C and gamma by ${o.gridFolds}-fold stratified CV over C ∈ {${o.gridC.join(', ')}} × gamma ∈ {${o.gridGammaScale.join(', ')}} / columns`,
    `Segments: K-Means k=${r.segments.k} (${r.segments.criterion})`,
    `  silhouette: ${r.segments.silhouette.map((s) => `k=${s.k} ${s.score.toFixed(3)}`).join(', ')}`,
    ...r.segments.training.map((s) => `  segment ${s.id}: ${s.rows} rows, default rate ${pct(s.defaultRate)}`),
    `Risk bands (cross-validated probability quintiles): ${a.riskBands.map((b) => `${b.band} ≤ ${f3(b.maxProbability)}`).join(', ')}`,
    '',
    `Cross-validation (${cv.folds} folds, nested: C and gamma chosen inside each training fold)`,
    `  mean over folds: AUC ${f3(cv.auc)} ± ${f3(cv.aucStd)}  KS ${f3(cv.ks)}  Brier ${f3(cv.brier)}  log loss ${f3(cv.logLoss)}`,
    ...cv.perFold.map(
      (p) => `    fold ${p.fold}: AUC ${f3(p.auc)}  KS ${f3(p.ks)}  C=${p.C} gamma=${+p.gamma.toPrecision(3)}  ${p.svmTrainRows} SVM rows  ${p.seconds}s`,
    ),
    `  pooled out-of-fold predictions:`,
    ...metricsLines(cv.pooled),
    `  by segment: ${cv.segments.map((s) => `${s.segment}: observed ${pct(s.observedRate)} predicted ${pct(s.meanPredicted)}`).join('; ')}`,
    '',
    `Held-out split (${r.holdout.rows} rows, never used for fitting or tuning)`,
    ...metricsLines(r.holdout),
    `  by segment: ${r.holdout.segments.map((s) => `${s.segment}: ${s.rows} rows observed ${pct(s.observedRate)} predicted ${pct(s.meanPredicted)}`).join('; ')}`,
    `  by band: ${r.holdout.bands.map((b) => `${b.band}: ${b.rows} rows observed ${pct(b.observedRate)}`).join('; ')}`,
    '',
    `Training time: ${r.timings.totalSeconds}s (prepare ${r.timings.prepareSeconds}s, cross-validation ${r.timings.crossValidationSeconds}s, final fit ${r.timings.finalFitSeconds}s, segments ${r.timings.segmentsSeconds}s, held-out ${r.timings.holdoutSeconds}s)`,
    '',
  ].join('\n');
}
