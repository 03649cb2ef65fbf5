import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/domain/risk/random.js';
import { parseRbfModel, plattProbabilityOfDefault } from '../../../src/domain/risk/svm/decision-function.js';
import { SvmModel, trainSvm } from '../../../src/domain/risk/svm/svm-model.js';
import { WhatIf } from '../../../src/domain/risk/svm/what-if.js';

describe('what-if probabilities (top factors ask one per feature)', () => {
  const random = seededRandom(41);
  const dims = 6;
  const X = Array.from({ length: 240 }, (_, i) => Array.from({ length: dims }, (_, j) => random() + (i % 3 === 0 && j < 2 ? 0.8 : 0)));
  const y = X.map((_, i) => (i % 3 === 0 ? 1 : 0));
  const serialized = trainSvm(X, y, { C: 1, gamma: 0.5, classWeights: { negative: 1, positive: 1 }, probability: true });
  const rbf = parseRbfModel(serialized, dims);

  it('answer as a full evaluation does, whichever components change, applicant after applicant on one evaluator', () => {
    // One evaluator for all, as a model keeps one: nothing of an earlier applicant may leak into the next.
    const evaluator = new WhatIf(rbf);
    for (const x of X.slice(0, 20)) {
      const whatIf = evaluator.around(x);
      expect(whatIf.probability).toBeCloseTo(plattProbabilityOfDefault(rbf, x), 12);
      for (let changed = 1; changed <= 3; changed++) {
        const y2 = x.slice();
        for (let c = 0; c < changed; c++) y2[Math.floor(random() * dims)] = random() * 2 - 0.5;
        expect(whatIf.probabilityAt(y2)).toBeCloseTo(plattProbabilityOfDefault(rbf, y2), 12);
      }
    }
  });

  it('answer as a full evaluation does when the changed columns take a few values (one-hot categories, small counts)', () => {
    // Columns 0-2 one-hot, column 3 a count from 0 to 3, column 4 continuous.
    const rows = Array.from({ length: 300 }, (_, i) => {
      const category = i % 3;
      return [category === 0 ? 1 : 0, category === 1 ? 1 : 0, category === 2 ? 1 : 0, Math.floor(random() * 4), random() + (category === 0 ? 0.7 : 0)];
    });
    const labels = rows.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const discrete = parseRbfModel(trainSvm(rows, labels, { C: 1, gamma: 0.5, classWeights: { negative: 1, positive: 1 }, probability: true }), 5);
    for (const x of rows.slice(0, 30)) {
      const whatIf = new WhatIf(discrete).around(x);
      const otherCategory = [0, 0, 0, x[3]!, x[4]!];
      otherCategory[(x.indexOf(1) + 1) % 3] = 1;
      const otherCount = [...x.slice(0, 3), (x[3]! + 1) % 4, x[4]!];
      const otherContinuous = [...x.slice(0, 4), x[4]! + 0.25];
      for (const y2 of [otherCategory, otherCount, otherContinuous]) {
        expect(whatIf.probabilityAt(y2)).toBeCloseTo(plattProbabilityOfDefault(discrete, y2), 12);
      }
    }
  });

  it('agree with the wasm build the decision reports', () => {
    const model = SvmModel.load(serialized, dims);
    try {
      for (const x of X.slice(0, 20)) {
        const y2 = x.slice();
        y2[0] = 0.5;
        expect(new WhatIf(rbf).around(x).probabilityAt(y2)).toBeCloseTo(model.probabilityOfDefault(y2), 6);
      }
    } finally {
      model.free();
    }
  });

  it('refuse a vector of the wrong length instead of reading past the model', () => {
    expect(() => new WhatIf(rbf).around([1, 2])).toThrow(/expected 6 features/);
    expect(() => new WhatIf(rbf).around(X[0]!).probabilityAt([1])).toThrow(/expected 6 features/);
    expect(() => new WhatIf(rbf).probabilityAt(X[0]!)).toThrow(/around/);
  });
});
