import { decisionFromSquaredDistances, plattProbability, squaredDistances, type RbfModel } from './decision-function.js';

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
  private readonly squared: Float64Array;
  /** Scratch for the distances of one question. */
  private readonly asked: Float64Array;
  private readonly changed: Int32Array;
  /** The probability at x itself, from the same arithmetic as the answers. */
  readonly probability: number;

  constructor(
    private readonly model: RbfModel,
    private readonly x: readonly number[],
  ) {
    if (x.length !== model.dimensions) throw new Error(`expected ${model.dimensions} features, got ${x.length}`);
    this.squared = squaredDistances(model, x);
    this.asked = new Float64Array(model.supportVectors);
    this.changed = new Int32Array(model.dimensions);
    this.probability = plattProbability(model, decisionFromSquaredDistances(model, this.squared));
  }

  /** The probability of default at `y`, a vector that differs from x in a few components. */
  probabilityAt(y: readonly number[]): number {
    const { model, x, changed, squared, asked } = this;
    const { dimensions, vectors, supportVectors } = model;
    if (y.length !== dimensions) throw new Error(`expected ${dimensions} features, got ${y.length}`);
    let k = 0;
    for (let j = 0; j < dimensions; j += 1) if (y[j] !== x[j]) changed[k++] = j;
    if (k === 0) return this.probability;
    for (let s = 0; s < supportVectors; s += 1) {
      let d2 = squared[s]!;
      const base = s * dimensions;
      for (let c = 0; c < k; c += 1) {
        const j = changed[c]!;
        const before = vectors[base + j]! - x[j]!;
        const after = vectors[base + j]! - y[j]!;
        d2 += after * after - before * before;
      }
      asked[s] = Math.max(0, d2);
    }
    return plattProbability(model, decisionFromSquaredDistances(model, asked));
  }
}
