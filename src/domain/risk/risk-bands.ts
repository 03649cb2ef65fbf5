/** Risk bands A–E: probability cut-offs fixed at training time and stored in the artifact. */
import { z } from 'zod';

export const riskBandsSchema = z
  .array(z.object({ band: z.string().min(1).max(8), maxProbability: z.number().min(0).max(1) }))
  .min(1)
  .refine((bands) => bands.at(-1)!.maxProbability === 1, 'the last band must reach probability 1');
export type RiskBands = z.infer<typeof riskBandsSchema>;

/**
 * Bands with equal shares of the given (cross-validated) probabilities: with five names,
 * cut-offs at their 20th, 40th, 60th and 80th percentiles.
 */
export function bandsFromQuantiles(probabilities: readonly number[], names: readonly string[] = ['A', 'B', 'C', 'D', 'E']): RiskBands {
  const sorted = [...probabilities].sort((a, b) => a - b);
  return names.map((band, i) => ({
    band,
    maxProbability:
      i === names.length - 1 ? 1 : sorted[Math.min(sorted.length - 1, Math.floor(((i + 1) * sorted.length) / names.length))]!,
  }));
}

export function riskBandFor(bands: RiskBands, probability: number): string {
  return (bands.find((b) => probability <= b.maxProbability) ?? bands.at(-1)!).band;
}
