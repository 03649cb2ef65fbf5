/**
 * C-SVC with an RBF kernel on libsvm-js, behind a small validated interface.
 *
 * - Inputs are checked before they reach wasm: libsvm turns NaN, undefined or ragged
 *   rows into an opaque RuntimeError or, worse, silently reads zeros.
 * - Each fit runs in a fresh libsvm instance (libsvm-runtime.ts), so libsvm's rand()
 *   (used only by the internal cross-validation behind Platt scaling) starts from the
 *   same state and a fit is reproducible whatever ran before it in the process.
 * - Everything evaluated or served goes through the serialized text: a model is trained,
 *   serialized, freed, and loaded again from the string, so reported figures are those
 *   of the model exactly as stored.
 */
import { loadLibsvm, type LibsvmModel, type LibsvmOptions } from './libsvm-runtime.js';

export interface SvmParams {
  /** Cost C of the soft margin. */
  C: number;
  /** RBF kernel width: K(x, y) = exp(−gamma · |x − y|²). */
  gamma: number;
  /** Multiplier of C per class (label 0 = repaid, 1 = defaulted), for imbalance. */
  classWeights: { negative: number; positive: number };
  /** Train Platt scaling (libsvm -b 1) so the model gives probabilities. */
  probability: boolean;
  /** libsvm kernel cache in MB. */
  cacheSizeMb?: number;
}

export class SvmInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SvmInputError';
  }
}

function checkVector(x: unknown, dimensions: number, where: string): asserts x is number[] {
  if (!Array.isArray(x) || x.length !== dimensions) {
    throw new SvmInputError(`${where}: expected ${dimensions} features, got ${Array.isArray(x) ? x.length : typeof x}`);
  }
  for (let j = 0; j < dimensions; j += 1) {
    if (typeof x[j] !== 'number' || !Number.isFinite(x[j])) {
      throw new SvmInputError(`${where}: feature ${j} is ${String(x[j])}, not a finite number`);
    }
  }
}

function checkParams(p: SvmParams): void {
  const positive = (v: number) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (!positive(p.C)) throw new SvmInputError(`C must be a positive number, got ${p.C}`);
  if (!positive(p.gamma)) throw new SvmInputError(`gamma must be a positive number, got ${p.gamma}`);
  if (!positive(p.classWeights.negative) || !positive(p.classWeights.positive)) {
    throw new SvmInputError('class weights must be positive numbers');
  }
  if (p.cacheSizeMb !== undefined && !(p.cacheSizeMb >= 1 && p.cacheSizeMb <= 2000)) {
    throw new SvmInputError('cacheSizeMb must be between 1 and 2000');
  }
}

/** Throws SvmInputError unless samples and labels are safe to hand to libsvm. */
export function validateTrainingInput(samples: readonly (readonly number[])[], labels: readonly number[]): void {
  if (samples.length === 0) throw new SvmInputError('no training rows');
  if (samples.length !== labels.length) {
    throw new SvmInputError(`${samples.length} rows but ${labels.length} labels`);
  }
  const dimensions = samples[0]?.length ?? 0;
  if (dimensions === 0) throw new SvmInputError('rows have no features');
  let positives = 0;
  for (let i = 0; i < samples.length; i += 1) {
    checkVector(samples[i], dimensions, `row ${i}`);
    if (labels[i] !== 0 && labels[i] !== 1) throw new SvmInputError(`label ${i} is ${String(labels[i])}, not 0 or 1`);
    positives += labels[i]!;
  }
  if (positives === 0 || positives === labels.length) throw new SvmInputError('both outcomes must occur in the training rows');
}

/** Trains in a fresh libsvm instance and returns the serialized model (libsvm text format). */
export function trainSvm(samples: number[][], labels: number[], params: SvmParams): string {
  validateTrainingInput(samples, labels);
  checkParams(params);
  const { SVM } = loadLibsvm();
  const options: LibsvmOptions = {
    type: SVM.SVM_TYPES.C_SVC,
    kernel: SVM.KERNEL_TYPES.RBF,
    cost: params.C,
    gamma: params.gamma,
    probabilityEstimates: params.probability,
    weight: { '0': params.classWeights.negative, '1': params.classWeights.positive },
    cacheSize: params.cacheSizeMb ?? 200,
    quiet: true,
  };
  const svm = new SVM(options);
  try {
    svm.train(samples, labels);
    return svm.serializeModel();
  } finally {
    svm.free();
  }
}

/** A stored SVM loaded for prediction. Holds wasm memory until `free()`. */
export class SvmModel {
  private model: LibsvmModel | null;
  private readonly positiveIndex: number;

  private constructor(model: LibsvmModel, readonly dimensions: number) {
    this.model = model;
    this.positiveIndex = model.getLabels().indexOf(1);
    if (this.positiveIndex === -1) throw new SvmInputError('the model has no class labelled 1 (default)');
  }

  static load(serialized: string, dimensions: number): SvmModel {
    if (!/^svm_type c_svc\n/.test(serialized) || !/\nprobA /.test(serialized)) {
      throw new SvmInputError('not a libsvm C-SVC model with probability estimates');
    }
    const { deserialize } = loadLibsvm();
    return new SvmModel(deserialize(serialized), dimensions);
  }

  get freed(): boolean {
    return this.model === null;
  }

  /** Platt-scaled probability of label 1 (default). Synchronous, so safe between awaits. */
  probabilityOfDefault(x: readonly number[]): number {
    if (!this.model) throw new Error('the SVM model was freed');
    checkVector(x, this.dimensions, 'application');
    const estimate = this.model.predictOneProbability(x as number[]).estimates[this.positiveIndex];
    return estimate!.probability;
  }

  /** Releases the wasm memory. Idempotent. */
  free(): void {
    this.model?.free();
    this.model = null;
  }
}
