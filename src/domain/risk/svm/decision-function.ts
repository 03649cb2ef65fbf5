/**
 * The RBF decision function of a serialized libsvm model, evaluated in JavaScript.
 * libsvm-js returns only labels for models trained without probability estimates, but
 * choosing C and gamma needs a ranking score; training those candidates without
 * Platt scaling is about 3–4× cheaper. f(x) = Σ coefᵢ · exp(−gamma·|svᵢ − x|²) − rho.
 */
export interface RbfModel {
  gamma: number;
  rho: number;
  /** libsvm's first label: f(x) > 0 predicts it. */
  firstLabel: number;
  dimensions: number;
  supportVectors: number;
  coefficients: Float64Array;
  /** Support vectors, row after row (dense). */
  vectors: Float64Array;
  probA?: number;
  probB?: number;
}

function header(text: string, key: string): string | undefined {
  return new RegExp(`^${key} (.*)$`, 'm').exec(text)?.[1];
}

export function parseRbfModel(serialized: string, dimensions: number): RbfModel {
  const [head, body = ''] = serialized.split(/^SV$/m);
  if (header(head!, 'svm_type') !== 'c_svc' || header(head!, 'kernel_type') !== 'rbf') {
    throw new Error('not a C-SVC model with an RBF kernel');
  }
  if (header(head!, 'nr_class') !== '2') throw new Error('not a two-class model');
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  const coefficients = new Float64Array(lines.length);
  const vectors = new Float64Array(lines.length * dimensions);
  lines.forEach((line, i) => {
    const [coef, ...pairs] = line.trim().split(/\s+/);
    coefficients[i] = Number(coef);
    for (const pair of pairs) {
      const colon = pair.indexOf(':');
      const index = Number(pair.slice(0, colon)) - 1;
      if (index < 0 || index >= dimensions) throw new Error(`support vector ${i} has feature ${index + 1} of ${dimensions}`);
      vectors[i * dimensions + index] = Number(pair.slice(colon + 1));
    }
  });
  const probA = header(head!, 'probA');
  const probB = header(head!, 'probB');
  return {
    gamma: Number(header(head!, 'gamma')),
    rho: Number(header(head!, 'rho')),
    firstLabel: Number(header(head!, 'label')!.split(' ')[0]),
    dimensions,
    supportVectors: lines.length,
    coefficients,
    vectors,
    ...(probA !== undefined && probB !== undefined ? { probA: Number(probA), probB: Number(probB) } : {}),
  };
}

/** |svₛ − x|² for every support vector s. */
export function squaredDistances(model: RbfModel, x: readonly number[], into = new Float64Array(model.supportVectors)): Float64Array {
  const { dimensions, vectors } = model;
  for (let s = 0; s < model.supportVectors; s += 1) {
    let d2 = 0;
    const base = s * dimensions;
    for (let j = 0; j < dimensions; j += 1) {
      const e = vectors[base + j]! - x[j]!;
      d2 += e * e;
    }
    into[s] = d2;
  }
  return into;
}

/** libsvm's decision value from the squared distances: Σ coefₛ · exp(−gamma·d²ₛ) − rho. */
export function decisionFromSquaredDistances(model: RbfModel, d2: Float64Array): number {
  let f = -model.rho;
  for (let s = 0; s < model.supportVectors; s += 1) f += model.coefficients[s]! * Math.exp(-model.gamma * d2[s]!);
  return f;
}

/** libsvm's decision value f(x), positive for its first label. */
export function decisionValue(model: RbfModel, x: readonly number[]): number {
  return decisionFromSquaredDistances(model, squaredDistances(model, x));
}

/** Decision value oriented so that larger means more likely to default (label 1). */
export function defaultScore(model: RbfModel, x: readonly number[]): number {
  const f = decisionValue(model, x);
  return model.firstLabel === 1 ? f : -f;
}

/**
 * libsvm's two-class Platt probability of default (svm_predict_probability): the sigmoid
 * 1 / (1 + exp(A·f + B)) of the decision value f gives the first label's probability,
 * clipped to [1e-7, 1 − 1e-7]. The probability a decision reports comes from the wasm
 * build; this one checks it, and serves the what-if questions of factor attribution
 * (what-if.ts), which the wasm build can only answer one full evaluation at a time.
 */
export function plattProbabilityOfDefault(model: RbfModel, x: readonly number[]): number {
  return plattProbability(model, decisionValue(model, x));
}

/** The Platt probability of default for a decision value f (see plattProbabilityOfDefault). */
export function plattProbability(model: RbfModel, f: number): number {
  if (model.probA === undefined || model.probB === undefined) throw new Error('the model has no Platt parameters');
  const fApB = f * model.probA + model.probB;
  const first = fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
  const clipped = Math.min(1 - 1e-7, Math.max(1e-7, first));
  return model.firstLabel === 1 ? clipped : 1 - clipped;
}
