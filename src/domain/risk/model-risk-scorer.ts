/**
 * A RiskScorer over one loaded model, for callers without the model registry (the CLI,
 * benchmarks, tests). The service's registry-backed scorer (active + shadow, swapped
 * across instances) lives in services/live-risk-models.ts and uses RiskModel directly.
 */
import type { LoanApplication } from '../screening/application.js';
import type { RiskSection } from '../screening/decision.js';
import type { RiskScorer } from '../screening/ports.js';
import type { RiskModel } from './risk-model.js';

export class ModelRiskScorer implements RiskScorer {
  readonly shadowModelVersion = null;

  constructor(
    private model: RiskModel | null,
    private readonly clock: () => Date,
  ) {}

  get activeModelVersion(): string | null {
    return this.model?.modelId ?? null;
  }

  /** `on` is the decision date (age is counted to it); the clock when omitted. */
  score(application: LoanApplication, on: Date = this.clock()): RiskSection {
    if (!this.model) {
      return { status: 'not_configured', detail: 'No risk model is loaded; no probability of default was computed.' };
    }
    return this.model.score(application, on);
  }

  scoreShadow(): RiskSection | null {
    return null;
  }

  /** Swaps the model; the previous one is disposed (its wasm memory is not garbage-collected). */
  replace(model: RiskModel | null): void {
    const previous = this.model;
    this.model = model;
    if (previous && previous !== model) previous.dispose();
  }

  dispose(): void {
    this.replace(null);
  }
}
