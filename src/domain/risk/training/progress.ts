/** Progress of a training run: the stage, a percent over the whole run, a message. */

export type TrainingStage = 'prepare' | 'cross-validation' | 'final-fit' | 'segments' | 'holdout' | 'done';

export interface TrainingProgress {
  stage: TrainingStage;
  /** 0–100 over the whole run. */
  percent: number;
  message: string;
}

// Share of the run's work per stage, for the percent shown to the user.
const WEIGHTS: Record<Exclude<TrainingStage, 'done'>, number> = {
  prepare: 3,
  'cross-validation': 70,
  'final-fit': 17,
  segments: 6,
  holdout: 4,
};
const STAGE_ORDER = Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[];

export function progressReporter(listener: (p: TrainingProgress) => void) {
  const total = Object.values(WEIGHTS).reduce((s, w) => s + w, 0);
  let last = -1;
  return (stage: keyof typeof WEIGHTS, fraction: number, message: string) => {
    const before = STAGE_ORDER.slice(0, STAGE_ORDER.indexOf(stage)).reduce((s, st) => s + WEIGHTS[st], 0);
    const percent = Math.min(100, Math.floor(((before + WEIGHTS[stage] * fraction) / total) * 1000) / 10);
    if (percent === last && fraction !== 0) return;
    last = percent;
    listener({ stage, percent, message });
  };
}
