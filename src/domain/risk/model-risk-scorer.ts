/**
 * The RiskScorer the screening flow calls: an active model that decides and an optional
 * shadow model that is scored alongside but never decides. Replacing a model disposes
 * the one it replaces (wasm memory is not garbage-collected).
 */
import type { LoanApplication } from '../screening/application.js';
import type { RiskSection } from '../screening/decision.js';
import type { RiskScorer } from '../screening/ports.js';
import { toRiskSection, type RiskModel } from './risk-model.js';

const notConfigured: RiskSection = {
  status: 'not_configured',
  detail: 'No risk model is active on this service; no probability of default was computed.',
};

export class ModelRiskScorer implements RiskScorer {
  private active: RiskModel | null;
  private shadow: RiskModel | null;

  constructor(options: { active: RiskModel | null; shadow?: RiskModel | null; clock: () => Date }) {
    this.active = options.active;
    this.shadow = options.shadow ?? null;
    this.clock = options.clock;
  }

  private readonly clock: () => Date;

  get activeModelVersion(): string | null {
    return this.active?.modelId ?? null;
  }

  get shadowModelVersion(): string | null {
    return this.shadow?.modelId ?? null;
  }

  /** The active model's risk section; `on` is the decision date (defaults to the clock). */
  score(application: LoanApplication, on: Date = this.clock()): RiskSection {
    return this.active ? toRiskSection(this.active.assess(application, on)) : notConfigured;
  }

  /** The shadow model's risk section, or null without a shadow model. Never decides. */
  scoreShadow(application: LoanApplication, on: Date = this.clock()): RiskSection | null {
    return this.shadow ? toRiskSection(this.shadow.assess(application, on)) : null;
  }

  /** Makes `model` the active one and disposes the previous (unless it is the same). */
  replaceActive(model: RiskModel | null): void {
    const previous = this.active;
    this.active = model;
    if (previous && previous !== model && previous !== this.shadow) previous.dispose();
  }

  replaceShadow(model: RiskModel | null): void {
    const previous = this.shadow;
    this.shadow = model;
    if (previous && previous !== model && previous !== this.active) previous.dispose();
  }

  dispose(): void {
    this.replaceActive(null);
    this.replaceShadow(null);
  }
}
