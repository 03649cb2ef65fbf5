import { plattProbability, squaredDistances, type RbfModel } from './decision-function.js';

/** Most distinct changes one question may cause across the support vectors to take the table path. */
const MAX_PATTERNS = 128;

/** Column sets remembered per model (top factors ask about a few dozen). */
const MAX_PATTERN_TABLES = 1024;

interface PatternTable {
  columns: Int32Array;
  /** Per support vector, the index of its combination of the columns' values. */
  patternOf: Uint8Array;
  /** The combinations, `columns.length` values each. */
  values: Float64Array;
  count: number;
}

/** How many distinct values each column takes across the model's support vectors. */
function distinctValues(model: RbfModel): Int32Array {
  const { dimensions, supportVectors, vectors } = model;
  const counts = new Int32Array(dimensions);
  for (let j = 0; j < dimensions; j += 1) {
    const seen = new Set<number>();
    for (let s = 0; s < supportVectors; s += 1) seen.add(vectors[s * dimensions + j]!);
    counts[j] = seen.size;
  }
  return counts;
}

/**
 * What-if probabilities around one applicant's feature vector x: the Platt probability
 * of default with a few components of x changed, as top factors ask once per feature
 * ("what if this feature were typical?").
 *
 * The RBF kernel depends on x only through |svₛ − x|², so each support vector's kernel
 * value at x is computed once, and a question that changes k components needs only their
 * change: exp(−γ·|svₛ − y|²) = exp(−γ·|svₛ − x|²) · exp(−γ·Δₛ), Δₛ summed over the k
 * components. Most columns take a handful of values across the support vectors (one-hot
 * categories, small counts), so the k changed columns take a handful of combinations:
 * Δ and its exponential are computed once per combination, and each support vector costs
 * one multiply-add (which combination it has is worked out once per column set). The
 * answers equal a full evaluation up to rounding (tested).
 */
export class WhatIf {
  /** coefₛ · exp(−γ·|svₛ − x|²). */
  private readonly weighted: Float64Array;
  private readonly squared: Float64Array<ArrayBuffer>;
  private readonly changed: Int32Array;
  private readonly distinct: Int32Array;
  private readonly seenFactor = new Float64Array(MAX_PATTERNS);
  private readonly patternTables = new Map<string, PatternTable>();
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

  /**
   * The changed columns take at most MAX_PATTERNS value combinations across the support
   * vectors: each support vector's Δ is that of its combination, so Δ and its exponential
   * are computed once per combination, and each support vector costs one multiply-add.
   */
  private byTable(x: readonly number[], y: readonly number[], k: number): number {
    const { model, weighted, seenFactor } = this;
    const table = this.patternsOf(k);
    for (let p = 0; p < table.count; p += 1) {
      let delta = 0;
      for (let c = 0; c < k; c += 1) {
        const j = table.columns[c]!;
        const v = table.values[p * k + c]!;
        const before = v - x[j]!;
        const after = v - y[j]!;
        delta += after * after - before * before;
      }
      seenFactor[p] = Math.exp(-model.gamma * delta);
    }
    const { patternOf } = table;
    let f = -model.rho;
    for (let s = 0; s < model.supportVectors; s += 1) f += weighted[s]! * seenFactor[patternOf[s]!]!;
    return f;
  }

  /** Which combination of the `k` changed columns' values each support vector has (kept per column set). */
  private patternsOf(k: number): PatternTable {
    const { model, changed } = this;
    let key = '';
    for (let c = 0; c < k; c += 1) key += `${changed[c]},`;
    let table = this.patternTables.get(key);
    if (table) return table;
    const { dimensions, vectors, supportVectors } = model;
    const columns = changed.slice(0, k);
    const patternOf = new Uint8Array(supportVectors);
    const values: number[] = [];
    let count = 0;
    for (let s = 0; s < supportVectors; s += 1) {
      let p = 0;
      for (; p < count; p += 1) {
        let same = true;
        for (let c = 0; c < k && same; c += 1) same = values[p * k + c] === vectors[s * dimensions + columns[c]!];
        if (same) break;
      }
      if (p === count) {
        for (let c = 0; c < k; c += 1) values.push(vectors[s * dimensions + columns[c]!]!);
        count += 1;
      }
      patternOf[s] = p;
    }
    table = { columns, patternOf, values: Float64Array.from(values), count };
    if (this.patternTables.size >= MAX_PATTERN_TABLES) this.patternTables.clear();
    this.patternTables.set(key, table);
    return table;
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
