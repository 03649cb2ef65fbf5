import type { Logger } from 'pino';
import type { RiskModelArtifact } from '../domain/risk/artifact.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { RiskSection } from '../domain/screening/decision.js';
import type { RiskScorer } from '../domain/screening/ports.js';
import type { DatabaseHandle } from '../db/connect.js';
import { RISK_MODELS_CHANNEL, type RiskModelRepository } from '../db/risk-model-repository.js';
import { ChangeFollower } from './change-follower.js';
import type { ScoringThread } from './scoring-thread.js';

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
    /** Where `scoreAhead` scores: a thread holding the same models (scoring-thread.ts). */
    private readonly thread: ScoringThread | null = null,
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

  /**
   * Scores on the scoring thread with the models serving now, while the caller does
   * something else (matching), and resolves to a RiskScorer that answers with those
   * sections and the versions that produced them. Without a thread, or if the thread
   * fails, it resolves to this scorer, which scores on the caller's thread as before.
   */
  async scoreAhead(application: LoanApplication, on: Date): Promise<RiskScorer> {
    const { active, shadow } = this.serving;
    if (!this.thread || !active) return this;
    try {
      const scored = await this.thread.score(active.modelId, shadow?.modelId ?? null, application, on);
      const risk = scored.risk!;
      return {
        activeModelVersion: active.modelId,
        shadowModelVersion: shadow?.modelId ?? null,
        score: () => risk,
        scoreShadow: () => scored.shadowRisk,
      };
    } catch (error) {
      this.logger.warn({ err: error }, 'scoring thread could not score; scoring on the main thread');
      return this;
    }
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
    await this.thread?.stop();
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

  /** Frees a model here and in the scoring thread (requests already sent there name it before this). */
  private release(model: ModelScorer): void {
    model.dispose();
    this.thread?.dispose(model.modelId);
  }

  private async loadOnce(): Promise<void> {
    /** Models opened by this attempt: released again if it fails part-way. */
    const opened: ModelScorer[] = [];
    try {
      const ids = await this.repository.serving();
      const key = `${ids.active}|${ids.shadow}`;
      if (key === this.loadedIds && this.loadedOnce) return;
      const current = this.serving;
      const reuse = (id: string | null) =>
        [current.active, current.shadow].find((m) => m !== null && m.modelId === id) ?? null;
      // Each model loaded here is loaded in the scoring thread too, before any request can name it.
      const load = (artifact: RiskModelArtifact) => {
        const scorer = this.loadScorer(artifact);
        opened.push(scorer);
        this.thread?.load(artifact);
        return scorer;
      };
      const open = async (id: string | null) => (id ? (reuse(id) ?? load(await this.repository.artifact(id))) : null);

      let active = await open(ids.active);
      let activeIsDefault = false;
      if (!active && this.defaultArtifact) {
        active = reuse(this.defaultArtifact.modelId) ?? load(this.defaultArtifact);
        activeIsDefault = true;
      }
      const shadow = await open(ids.shadow);
      this.serving = { active, shadow, activeIsDefault };
      this.loadedIds = key;
      this.loadedOnce = true;
      opened.length = 0;
      // Scoring is synchronous, so once the swap is done no call can still hold the old models.
      for (const old of [current.active, current.shadow]) {
        if (old && old !== active && old !== shadow) this.release(old);
      }
      this.logger.info({ active: active?.modelId ?? null, shadow: shadow?.modelId ?? null, activeIsDefault }, 'risk models loaded');
    } catch (error) {
      for (const model of opened) this.release(model);
      this.logger.error({ err: error }, 'cannot load risk models; keeping the previous ones');
    }
  }
}
