import type { Logger } from 'pino';
import type { RiskModelArtifact } from '../domain/risk/artifact.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { RiskSection } from '../domain/screening/decision.js';
import type { RiskScorer } from '../domain/screening/ports.js';
import type { DatabaseHandle } from '../db/connect.js';
import { RISK_MODELS_CHANNEL, type RiskModelRepository } from '../db/risk-model-repository.js';
import { ChangeFollower } from './change-follower.js';

/** One loaded model, ready to score. `dispose` releases what it holds (the libsvm heap). */
export interface ModelScorer {
  readonly modelId: string;
  score(application: LoanApplication, on: Date): RiskSection;
  dispose(): void;
}

export type LoadScorer = (artifact: RiskModelArtifact) => ModelScorer;

interface Serving {
  active: ModelScorer | null;
  shadow: ModelScorer | null;
  /** True when the active model is the shipped default, because none has been promoted. */
  activeIsDefault: boolean;
}

/**
 * The models this instance scores with: the active one (or the shipped default when none
 * has been promoted) and an optional shadow. Swapped without a restart when a model is
 * promoted on any instance (LISTEN/NOTIFY, with a periodic check as a safety net); the
 * replaced model is disposed once no screening can still be using it.
 */
export class LiveRiskModels implements RiskScorer {
  private serving: Serving = { active: null, shadow: null, activeIsDefault: false };
  private loadedIds = '';
  private loadedOnce = false;
  private readonly follower: ChangeFollower;

  constructor(
    private readonly repository: RiskModelRepository,
    private readonly loadScorer: LoadScorer,
    private readonly defaultArtifact: RiskModelArtifact | null,
    private readonly logger: Logger,
    pollIntervalMs = 5000,
  ) {
    this.follower = new ChangeFollower({
      name: 'risk models',
      channel: RISK_MODELS_CHANNEL,
      load: () => this.loadOnce(),
      isStale: async () => {
        const ids = await this.repository.serving();
        return `${ids.active}|${ids.shadow}` !== this.loadedIds;
      },
      pollIntervalMs,
      logger,
    });
  }

  get activeModelVersion(): string | null {
    return this.serving.active?.modelId ?? null;
  }

  get shadowModelVersion(): string | null {
    return this.serving.shadow?.modelId ?? null;
  }

  status() {
    return {
      loaded: this.loadedOnce,
      active: this.activeModelVersion,
      activeIsDefault: this.serving.activeIsDefault,
      shadow: this.shadowModelVersion,
    };
  }

  score(application: LoanApplication, on: Date): RiskSection {
    const model = this.serving.active;
    if (!model) {
      return { status: 'not_configured', detail: 'No risk model is active and no default model is shipped.' };
    }
    return this.safely(model, application, on);
  }

  scoreShadow(application: LoanApplication, on: Date): RiskSection | null {
    const model = this.serving.shadow;
    return model ? this.safely(model, application, on) : null;
  }

  async start(database: DatabaseHandle): Promise<void> {
    if (this.defaultArtifact) {
      // Keep the shipped model in the registry too, so decisions it made can be replayed.
      await this.repository.register(this.defaultArtifact, null, new Date());
    }
    await this.follower.start(database);
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    this.serving.active?.dispose();
    this.serving.shadow?.dispose();
    this.serving = { active: null, shadow: null, activeIsDefault: false };
  }

  reload(): Promise<void> {
    return this.follower.reload();
  }

  private safely(model: ModelScorer, application: LoanApplication, on: Date): RiskSection {
    try {
      return model.score(application, on);
    } catch (error) {
      this.logger.error({ err: error, modelId: model.modelId }, 'risk model failed to score an application');
      return { status: 'not_configured', detail: `Model ${model.modelId} could not score this application.` };
    }
  }

  private async loadOnce(): Promise<void> {
    try {
      const ids = await this.repository.serving();
      const key = `${ids.active}|${ids.shadow}`;
      if (key === this.loadedIds && this.loadedOnce) return;
      const current = this.serving;
      const reuse = (id: string | null) =>
        [current.active, current.shadow].find((m) => m !== null && m.modelId === id) ?? null;
      const open = async (id: string | null) => (id ? (reuse(id) ?? this.loadScorer(await this.repository.artifact(id))) : null);

      let active = await open(ids.active);
      let activeIsDefault = false;
      if (!active && this.defaultArtifact) {
        active = reuse(this.defaultArtifact.modelId) ?? this.loadScorer(this.defaultArtifact);
        activeIsDefault = true;
      }
      const shadow = await open(ids.shadow);
      this.serving = { active, shadow, activeIsDefault };
      this.loadedIds = key;
      this.loadedOnce = true;
      // Scoring is synchronous, so once the swap is done no call can still hold the old models.
      for (const old of [current.active, current.shadow]) {
        if (old && old !== active && old !== shadow) old.dispose();
      }
      this.logger.info({ active: active?.modelId ?? null, shadow: shadow?.modelId ?? null, activeIsDefault }, 'risk models loaded');
    } catch (error) {
      this.logger.error({ err: error }, 'cannot load risk models; keeping the previous ones');
    }
  }
}
