import { seededRandom } from '../../../src/domain/risk/random.js';

/**
 * A small credit history where default risk rises with debt-to-income and falls with
 * income, with a categorical region and some missing cells: fast to train on.
 */
export function syntheticCreditCsv(rows = 150, seed = 7): string {
  const random = seededRandom(seed);
  const lines = ['id,income,dti,region,years,default'];
  for (let i = 0; i < rows; i += 1) {
    const income = Math.round(800 + random() * 4000);
    const dti = Math.round(random() * 80) / 100;
    const region = ['north', 'south', 'east'][Math.floor(random() * 3)]!;
    const years = random() < 0.1 ? 'NA' : String(Math.floor(random() * 20));
    const risk = 2.5 * dti - income / 4000 + (region === 'south' ? 0.3 : 0) + (random() - 0.5);
    lines.push(`${i + 1},${random() < 0.05 ? '' : income},${dti},${region},${years},${risk > 0.4 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Training options small enough for unit tests (a 2 × 2 grid, 3 folds). */
export const quickOptions = {
  target: 'default',
  exclude: ['id'],
  folds: 3,
  gridFolds: 2,
  gridC: [0.3, 1],
  gridGammaScale: [0.5, 1],
  minK: 2,
  maxK: 4,
  seed: 11,
};
