import { plattProbability, squaredDistances, type RbfModel } from './decision-function.js';

/** Most distinct changes one question may cause across the support vectors to take the table path. */
const MAX_PATTERNS = 16;

/** How many distinct values each column takes across a model's support vectors (computed once per model). */
const distinctValuesByModel = new WeakMap<RbfModel, Int32Array>();

function distinctValues(model: RbfModel): Int32Array {
  let counts = distinctValuesByModel.get(model);
  if (!counts) {
    const { dimensions, supportVectors, vectors } = model;
    counts = new Int32Array(dimensions);
    for (let j = 0; j < dimensions; j += 1) {
      const seen = new Set<number>();
      for (let s = 0; s < supportVectors; s += 1) seen.add(vectors[s * dimensions + j]!);
      counts[j] = seen.size;
    }
    distinctValuesByModel.set(model, counts);
  }
  return counts;
}

/**
 * What-if probabilities around one applicant's feature vector x: the Platt probability
 * of default with a few components of x changed, as top factors ask once per feature
 * ("what if this feature were typical?").
 *
 * The RBF kernel depends on x only through |svₛ − x|², so each support vector's kernel
 * value at x is computed once, and a question that changes k components costs k terms
 * per support vector: exp(−γ·|svₛ − y|²) = exp(−γ·|svₛ − x|²) · exp(−γ·Δₛ), where Δₛ sums
 * the k components' change. Most columns take a handful of values across the support
 * vectors (one-hot categories, small counts), so Δₛ does too, and the exponential is
 * computed once per distinct Δ instead of once per support vector. The answers equal a
 * full evaluation up to rounding (tested).
 */
export class WhatIf {
  /** coefₛ · exp(−γ·|svₛ − x|²). */
  private readonly weighted: Float64Array;
  private readonly squared: Float64Array<ArrayBuffer>;
  private readonly changed: Int32Array;
  private readonly distinct: Int32Array;
  private readonly seenDelta = new Float64Array(MAX_PATTERNS);
  private readonly seenFactor = new Float64Array(MAX_PATTERNS);
  private x: readonly number[] | null = null;
  private atX = Number.NaN;

  /** Scratch for one model, reused for every applicant (`around`), so a screening allocates none. */
  constructor(private readonly model: RbfModel) {
    this.squared = new Float64Array(model.supportVectors);
    this.weighted = new Float64Array(model.supportVectors);
    this.changed = new Int32Array(model.dimensions);
    this.distinct = distinctValues(model);
  }

  /** Sets the applicant's vector x; questions are answered around it until the next call. */
  around(x: readonly number[]): this {
    const { model } = this;
    if (x.length !== model.dimensions) throw new Error(`expected ${model.dimensions} features, got ${x.length}`);
    squaredDistances(model, x, this.squared);
    let f = -model.rho;
    for (let s = 0; s < model.supportVectors; s += 1) {
      this.weighted[s] = model.coefficients[s]! * Math.exp(-model.gamma * this.squared[s]!);
      f += this.weighted[s]!;
    }
    this.x = x;
    this.atX = plattProbability(model, f);
    return this;
  }

  /** The probability at x itself, from the same arithmetic as the answers. */
  get probability(): number {
    this.vector();
    return this.atX;
  }

  private vector(): readonly number[] {
    if (!this.x) throw new Error('no applicant vector yet: call around(x) first');
    return this.x;
  }

  /** The probability of default at `y`, a vector that differs from x in a few components. */
  probabilityAt(y: readonly number[]): number {
    const { model, changed } = this;
    const x = this.vector();
    const { dimensions } = model;
    if (y.length !== dimensions) throw new Error(`expected ${dimensions} features, got ${y.length}`);
    let k = 0;
    let patterns = 1;
    for (let j = 0; j < dimensions; j += 1) {
      if (y[j] !== x[j]) {
        changed[k++] = j;
        patterns *= this.distinct[j]!;
      }
    }
    if (k === 0) return this.atX;
    return plattProbability(model, patterns <= MAX_PATTERNS ? this.byTable(x, y, k) : this.byExp(x, y, k));
  }

  /** Each support vector's Δ is one of at most MAX_PATTERNS values: one exponential per value. */
  private byTable(x: readonly number[], y: readonly number[], k: number): number {
    const { model, changed, weighted, seenDelta, seenFactor } = this;
    const { dimensions, vectors, supportVectors, gamma } = model;
    let seen = 0;
    let f = -model.rho;
    for (let s = 0; s < supportVectors; s += 1) {
      const base = s * dimensions;
      let delta = 0;
      for (let c = 0; c < k; c += 1) {
        const j = changed[c]!;
        const before = vectors[base + j]! - x[j]!;
        const after = vectors[base + j]! - y[j]!;
        delta += after * after - before * before;
      }
      let p = 0;
      while (p < seen && seenDelta[p] !== delta) p += 1;
      if (p === seen) {
        seenDelta[p] = delta;
        seenFactor[p] = Math.exp(-gamma * delta);
        seen += 1;
      }
      f += weighted[s]! * seenFactor[p]!;
    }
    return f;
  }

  private byExp(x: readonly number[], y: readonly number[], k: number): number {
    const { model, changed, squared } = this;
    const { dimensions, vectors, supportVectors, gamma, coefficients } = model;
    let f = -model.rho;
    for (let s = 0; s < supportVectors; s += 1) {
      let d2 = squared[s]!;
      const base = s * dimensions;
      for (let c = 0; c < k; c += 1) {
        const j = changed[c]!;
        const before = vectors[base + j]! - x[j]!;
        const after = vectors[base + j]! - y[j]!;
        d2 += after * after - before * before;
      }
      f += coefficients[s]! * Math.exp(-gamma * Math.max(0, d2));
    }
    return f;
  }
}
