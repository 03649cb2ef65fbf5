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

  it('answer as a full evaluation does, whichever components change', () => {
    for (const x of X.slice(0, 20)) {
      const whatIf = new WhatIf(rbf, x);
      expect(whatIf.probability).toBeCloseTo(plattProbabilityOfDefault(rbf, x), 12);
      for (let changed = 1; changed <= 3; changed++) {
        const y2 = x.slice();
        for (let c = 0; c < changed; c++) y2[Math.floor(random() * dims)] = random() * 2 - 0.5;
        expect(whatIf.probabilityAt(y2)).toBeCloseTo(plattProbabilityOfDefault(rbf, y2), 12);
      }
    }
  });

  it('agree with the wasm build the decision reports', () => {
    const model = SvmModel.load(serialized, dims);
    try {
      for (const x of X.slice(0, 20)) {
        const y2 = x.slice();
        y2[0] = 0.5;
        expect(new WhatIf(rbf, x).probabilityAt(y2)).toBeCloseTo(model.probabilityOfDefault(y2), 6);
      }
    } finally {
      model.free();
    }
  });

  it('refuse a vector of the wrong length instead of reading past the model', () => {
    expect(() => new WhatIf(rbf, [1, 2])).toThrow(/expected 6 features/);
    expect(() => new WhatIf(rbf, X[0]!).probabilityAt([1])).toThrow(/expected 6 features/);
  });
});
