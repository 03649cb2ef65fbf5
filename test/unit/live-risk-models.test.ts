import { afterEach, describe, expect, it } from 'vitest';
import type { RiskModelRepository } from '../../src/db/risk-model-repository.js';
import { LiveRiskModels } from '../../src/services/live-risk-models.js';
import { loadRiskScorer, readDefaultArtifact } from '../../src/services/risk-model-loader.js';
import { ScoringThread } from '../../src/services/scoring-thread.js';
import { silentLogger } from '../support/test-database.js';
import { anApplication } from '../fixtures/applications.js';

const shipped = readDefaultArtifact('models/default/model.json')!;
const challenger = { ...shipped, modelId: 'rm-c4a11e45e500' };
const on = new Date('2026-12-07T12:00:00Z');

/** The registry as LiveRiskModels reads it: which models serve, and their artifacts. */
function registry() {
  const state = { active: null as string | null, shadow: null as string | null };
  const repository = {
    serving: async () => ({ ...state }),
    artifact: async (id: string) => {
      if (id === 'rm-0000b40ce000') throw new Error('artifact unreadable');
      return id === challenger.modelId ? challenger : shipped;
    },
    register: async () => {},
  } as unknown as RiskModelRepository;
  return { state, repository };
}

let models: LiveRiskModels | null = null;
afterEach(async () => {
  await models?.stop();
  models = null;
});

describe('live risk models, scoring ahead on the scoring thread', () => {
  it('scores on the thread with the models serving, and names them as the versions', async () => {
    const { repository } = registry();
    models = new LiveRiskModels(repository, loadRiskScorer, shipped, silentLogger, 60_000, new ScoringThread(silentLogger));
    await models.reload();
    const application = anApplication();
    const ahead = await models.scoreAhead(application, on);
    expect(ahead).not.toBe(models);
    expect(ahead.activeModelVersion).toBe(shipped.modelId);
    expect(ahead.score(application, on)).toEqual(models.score(application, on));
    expect(ahead.scoreShadow(application, on)).toBeNull();
  });

  it('loads a newly served shadow model into the thread before any request names it', async () => {
    const { state, repository } = registry();
    models = new LiveRiskModels(repository, loadRiskScorer, shipped, silentLogger, 60_000, new ScoringThread(silentLogger));
    await models.reload();
    state.shadow = challenger.modelId;
    await models.reload();
    const application = anApplication();
    const ahead = await models.scoreAhead(application, on);
    expect(ahead.shadowModelVersion).toBe(challenger.modelId);
    expect(ahead.scoreShadow(application, on)).toEqual(models.scoreShadow(application, on));
    expect(ahead.scoreShadow(application, on)).toMatchObject({ status: 'scored', modelVersion: challenger.modelId });
  });

  it('keeps the models it had when a load fails part-way, and frees the ones that load opened, in the thread too', async () => {
    const { state, repository } = registry();
    const thread = new ScoringThread(silentLogger);
    models = new LiveRiskModels(repository, loadRiskScorer, shipped, silentLogger, 60_000, thread);
    await models.reload();
    state.active = challenger.modelId; // opens fine…
    state.shadow = 'rm-0000b40ce000'; // …but this one cannot be read
    await models.reload();
    expect(models.activeModelVersion).toBe(shipped.modelId);
    const application = anApplication();
    await expect(thread.score(challenger.modelId, null, application, on)).rejects.toThrow(/not loaded/);
    await expect(thread.score(shipped.modelId, null, application, on)).resolves.toMatchObject({ risk: { status: 'scored' } });
  });

  it('scores on the main thread, as before, when the thread cannot', async () => {
    const { repository } = registry();
    const thread = new ScoringThread(silentLogger);
    models = new LiveRiskModels(repository, loadRiskScorer, shipped, silentLogger, 60_000, thread);
    await models.reload();
    await thread.stop();
    const application = anApplication();
    const ahead = await models.scoreAhead(application, on);
    expect(ahead).toBe(models);
    expect(ahead.score(application, on)).toMatchObject({ status: 'scored', modelVersion: shipped.modelId });
  });

  it('without a thread, leaves scoring to the main thread', async () => {
    const { repository } = registry();
    models = new LiveRiskModels(repository, loadRiskScorer, shipped, silentLogger, 60_000);
    await models.reload();
    expect(await models.scoreAhead(anApplication(), on)).toBe(models);
  });
});
