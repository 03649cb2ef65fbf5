import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { RiskModel } from '../../src/domain/risk/risk-model.js';
import { readDefaultArtifact } from '../../src/services/risk-model-loader.js';
import { ScoringThread } from '../../src/services/scoring-thread.js';
import { silentLogger } from '../support/test-database.js';
import { anApplication } from '../fixtures/applications.js';

const artifact = readDefaultArtifact('models/default/model.json')!;
const shadowArtifact = { ...artifact, modelId: 'rm-5ad0005ad000' };
const onMainThread = RiskModel.fromArtifact(artifact);
const thread = new ScoringThread(silentLogger);
thread.load(artifact);
afterAll(async () => {
  await thread.stop();
  onMainThread.dispose();
});

const on = new Date('2026-12-07T12:00:00Z');
const applications = Array.from({ length: 25 }, (_, i) =>
  anApplication({
    financials: { monthlyIncome: 4_000_000 + i * 3_700_000, employmentYears: i % 12, monthlyDebtPayments: (i % 7) * 900_000 },
    loan: { amount: 20_000_000 + i * 41_000_000, termMonths: [6, 12, 24, 36, 60][i % 5]! },
    creditHistory: { delinquencies30d: i % 4, revolvingUtilization: (i % 10) / 10 },
  }),
);

describe('risk scoring on its own thread', () => {
  it('gives exactly the section the main thread computes: probability, band, segment, anomaly and top factors', async () => {
    for (const application of applications) {
      const scored = await thread.score(artifact.modelId, null, application, on);
      expect(scored.risk).toEqual(onMainThread.score(application, on));
      expect(scored.shadowRisk).toBeNull();
    }
  });

  it('scores with the shadow model beside the active one when asked', async () => {
    thread.load(shadowArtifact);
    const scored = await thread.score(artifact.modelId, shadowArtifact.modelId, applications[3]!, on);
    expect(scored.risk).toMatchObject({ status: 'scored', modelVersion: artifact.modelId });
    expect(scored.shadowRisk).toMatchObject({ status: 'scored', modelVersion: shadowArtifact.modelId });
  });

  it('refuses a model it does not hold, or no longer holds, so that the caller scores on its own thread', async () => {
    await expect(thread.score('rm-never-loaded', null, applications[0]!, on)).rejects.toThrow(/rm-never-loaded is not loaded/);
    thread.dispose(shadowArtifact.modelId);
    await expect(thread.score(artifact.modelId, shadowArtifact.modelId, applications[0]!, on)).rejects.toThrow(/not loaded/);
    await expect(thread.score(artifact.modelId, null, applications[0]!, on)).resolves.toMatchObject({ risk: { status: 'scored' } });
  });

  it('is started again, with the models it held, after it dies', async () => {
    const worker = (thread as unknown as { worker: Worker | null }).worker!;
    await worker.terminate();
    const scored = await thread.score(artifact.modelId, null, applications[5]!, on);
    expect(scored.risk).toEqual(onMainThread.score(applications[5]!, on));
    expect((thread as unknown as { worker: Worker | null }).worker).not.toBe(worker);
  });

  it('survives an artifact it cannot open, and refuses to score with it', async () => {
    const broken = { ...artifact, modelId: 'rm-b0b0b0b0b0b0', svm: { model: 'not a libsvm model' } } as unknown as typeof artifact;
    thread.load(broken);
    await expect(thread.score(broken.modelId, null, applications[0]!, on)).rejects.toThrow(/not loaded/);
    await expect(thread.score(artifact.modelId, null, applications[0]!, on)).resolves.toMatchObject({ risk: { status: 'scored' } });
  });

  it('gives up on a thread that does not answer in time, so the caller scores on its own thread', async () => {
    const stuck = new ScoringThread(silentLogger, { answerWithinMs: 100, entry: new URL('../support/silent-scoring-worker.mjs', import.meta.url) });
    stuck.load(artifact);
    await expect(stuck.score(artifact.modelId, null, applications[0]!, on)).rejects.toThrow(/no answer within 100 ms/);
    // The stuck thread was stopped; the next request starts a new one.
    expect((stuck as unknown as { worker: Worker | null }).worker).toBeNull();
    await stuck.stop();
  });

  it('refuses to score once stopped', async () => {
    const stopped = new ScoringThread(silentLogger);
    stopped.load(artifact);
    await stopped.stop();
    await expect(stopped.score(artifact.modelId, null, applications[0]!, on)).rejects.toThrow(/stopped/);
  });
});
