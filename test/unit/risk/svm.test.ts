import { describe, expect, it, vi } from 'vitest';
import { rocAuc } from '../../../src/domain/risk/metrics.js';
import { seededRandom } from '../../../src/domain/risk/random.js';
import { defaultScore, parseRbfModel, plattProbabilityOfDefault } from '../../../src/domain/risk/svm/decision-function.js';
import { loadLibsvm } from '../../../src/domain/risk/svm/libsvm-runtime.js';
import { SvmInputError, SvmModel, trainSvm, validateTrainingInput } from '../../../src/domain/risk/svm/svm-model.js';

function blobs(n: number, seed: number): { X: number[][]; y: number[] } {
  const random = seededRandom(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const label = i % 3 === 0 ? 1 : 0;
    X.push([random() + label, random() - label * 0.5, random()]);
    y.push(label);
  }
  return { X, y };
}

const params = { C: 1, gamma: 0.5, classWeights: { negative: 1, positive: 2 }, probability: true };

describe('libsvm input validation', () => {
  const ok = [
    [0, 1],
    [1, 0],
  ];

  it('rejects NaN, undefined and infinite features before they reach wasm', () => {
    expect(() => validateTrainingInput([[0, Number.NaN], [1, 0]], [0, 1])).toThrow(SvmInputError);
    expect(() => validateTrainingInput([[0, undefined as unknown as number], [1, 0]], [0, 1])).toThrow(/feature 1 is undefined/);
    expect(() => validateTrainingInput([[0, Infinity], [1, 0]], [0, 1])).toThrow(/row 0/);
  });

  it('rejects ragged rows, labels other than 0/1, and a single outcome', () => {
    expect(() => validateTrainingInput([[0, 1], [1]], [0, 1])).toThrow(/row 1: expected 2 features/);
    expect(() => validateTrainingInput(ok, [0, 2])).toThrow(/label 1/);
    expect(() => validateTrainingInput(ok, [0, Number.NaN])).toThrow(/label 1/);
    expect(() => validateTrainingInput(ok, [1, 1])).toThrow(/both outcomes/);
    expect(() => validateTrainingInput(ok, [0])).toThrow(/2 rows but 1 labels/);
    expect(() => validateTrainingInput([], [])).toThrow(/no training rows/);
  });

  it('rejects non-positive or non-finite C, gamma and class weights', () => {
    const { X, y } = blobs(20, 1);
    expect(() => trainSvm(X, y, { ...params, C: 0 })).toThrow(/C must be/);
    expect(() => trainSvm(X, y, { ...params, gamma: Number.NaN })).toThrow(/gamma must be/);
    expect(() => trainSvm(X, y, { ...params, classWeights: { negative: 1, positive: -1 } })).toThrow(/class weights/);
  });

  it('refuses to score a vector of the wrong length or with a missing value', () => {
    const { X, y } = blobs(60, 2);
    const model = SvmModel.load(trainSvm(X, y, params), 3);
    try {
      expect(() => model.probabilityOfDefault([0.1, 0.2])).toThrow(/expected 3 features/);
      expect(() => model.probabilityOfDefault([0.1, Number.NaN, 0.2])).toThrow(/feature 1 is NaN/);
    } finally {
      model.free();
    }
  });

  it('refuses a model text libsvm cannot read', () => {
    expect(() => SvmModel.load('not a model', 3)).toThrow(SvmInputError);
  });
});

describe('libsvm hygiene', () => {
  it('writes nothing to stdout or stderr and installs no process handlers', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const before = ['unhandledRejection', 'uncaughtException', 'exit'].map((e) => process.listenerCount(e));
    const { X, y } = blobs(60, 3);
    const model = SvmModel.load(trainSvm(X, y, params), 3);
    model.probabilityOfDefault(X[0]!);
    model.free();
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(['unhandledRejection', 'uncaughtException', 'exit'].map((e) => process.listenerCount(e))).toEqual(before);
    vi.restoreAllMocks();
  });

  it('frees a model once and then refuses to score with it', () => {
    const { X, y } = blobs(60, 4);
    const model = SvmModel.load(trainSvm(X, y, params), 3);
    model.free();
    model.free();
    expect(model.freed).toBe(true);
    expect(() => model.probabilityOfDefault(X[0]!)).toThrow(/freed/);
  });

  it('trains the same model twice in one process, whatever ran in between (Platt uses rand())', () => {
    const { X, y } = blobs(90, 5);
    const first = trainSvm(X, y, params);
    trainSvm(blobs(50, 9).X, blobs(50, 9).y, params);
    expect(trainSvm(X, y, params)).toBe(first);
  });
});

describe('the JavaScript decision function', () => {
  it('ranks like libsvm and reproduces its Platt probabilities', () => {
    const { X, y } = blobs(90, 6);
    const serialized = trainSvm(X, y, params);
    const rbf = parseRbfModel(serialized, 3);
    const model = SvmModel.load(serialized, 3);
    try {
      // The score ranks applicants exactly as the probability does.
      expect(rocAuc(X.map((x) => defaultScore(rbf, x)), y)).toBeCloseTo(rocAuc(X.map((x) => model.probabilityOfDefault(x)), y), 9);
      for (const x of X.slice(0, 20)) {
        expect(model.probabilityOfDefault(x)).toBeCloseTo(plattProbabilityOfDefault(rbf, x), 6);
      }
    } finally {
      model.free();
    }
  });
});

describe('large models', () => {
  it('load from text far beyond the wasm stack (SVM.load would overflow it)', () => {
    // A hand-written model: 12,000 support vectors × 24 features ≈ 3 MB of text.
    const random = seededRandom(3);
    const dims = 24;
    const svs = Array.from({ length: 12_000 }, (_, i) => {
      const coef = ((i < 6000 ? 1 : -1) * random()) / 1000;
      return `${coef} ${Array.from({ length: dims }, (_, j) => `${j + 1}:${(random() * 2 - 1).toFixed(6)}`).join(' ')} `;
    });
    const text = [
      'svm_type c_svc', 'kernel_type rbf', 'gamma 0.05', 'nr_class 2', 'total_sv 12000', 'rho 0.1', 'label 1 0',
      'probA -1.5', 'probB 0.2', 'nr_sv 6000 6000', 'SV', ...svs, '',
    ].join('\n');
    expect(text.length).toBeGreaterThan(2_000_000);
    const model = SvmModel.load(text, dims);
    const rbf = parseRbfModel(text, dims);
    try {
      const x = Array.from({ length: dims }, () => random() * 2 - 1);
      expect(model.probabilityOfDefault(x)).toBeCloseTo(plattProbabilityOfDefault(rbf, x), 6);
    } finally {
      model.free();
    }
  });
});

describe('isolated libsvm instances', () => {
  it('load synchronously, each with its own heap', () => {
    const a = loadLibsvm();
    const b = loadLibsvm();
    expect(a.SVM).not.toBe(b.SVM);
  });
});
