import { plattProbability, type RbfModel } from './decision-function.js';

/**
 * What-if probabilities around one applicant's feature vector x: the Platt probability
 * of default with a few components of x changed, as top factors ask once per feature
 * ("what if this feature were typical?").
 *
 * The RBF kernel depends on x only through |svₛ − x|², so the squared distance from each
 * support vector to x is computed once, and a question that changes k components costs
 * k terms per support vector instead of all of them. For the default model (about 60
 * encoded columns, one or a few changing per feature) that is a fraction of one full
 * evaluation per question; the answers equal a full evaluation up to rounding (tested).
 */
export class WhatIf {
  private readonly squaredDistances: Float64Array;
  private readonly changed: Int32Array;
  /** The probability at x itself, from the same arithmetic as the answers. */
  readonly probability: number;

  constructor(
    private readonly model: RbfModel,
    private readonly x: readonly number[],
  ) {
    if (x.length !== model.dimensions) throw new Error(`expected ${model.dimensions} features, got ${x.length}`);
    const { dimensions, vectors, coefficients, gamma, supportVectors } = model;
    this.squaredDistances = new Float64Array(supportVectors);
    this.changed = new Int32Array(dimensions);
    let f = -model.rho;
    for (let s = 0; s < supportVectors; s += 1) {
      let d2 = 0;
      const base = s * dimensions;
      for (let j = 0; j < dimensions; j += 1) {
        const e = vectors[base + j]! - x[j]!;
        d2 += e * e;
      }
      this.squaredDistances[s] = d2;
      f += coefficients[s]! * Math.exp(-gamma * d2);
    }
    this.probability = plattProbability(model, f);
  }

  /** The probability of default at `y`, a vector that differs from x in a few components. */
  probabilityAt(y: readonly number[]): number {
    const { model, x, changed } = this;
    const { dimensions, vectors, coefficients, gamma, supportVectors } = model;
    if (y.length !== dimensions) throw new Error(`expected ${dimensions} features, got ${y.length}`);
    let k = 0;
    for (let j = 0; j < dimensions; j += 1) if (y[j] !== x[j]) changed[k++] = j;
    if (k === 0) return this.probability;
    let f = -model.rho;
    for (let s = 0; s < supportVectors; s += 1) {
      let d2 = this.squaredDistances[s]!;
      const base = s * dimensions;
      for (let c = 0; c < k; c += 1) {
        const j = changed[c]!;
        const before = vectors[base + j]! - x[j]!;
        const after = vectors[base + j]! - y[j]!;
        d2 += after * after - before * before;
      }
      f += coefficients[s]! * Math.exp(-gamma * Math.max(0, d2));
    }
    return plattProbability(model, f);
  }
}
