import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { syntheticCreditCsv } from '../unit/risk/synthetic.js';

let service: TestService;
let defaultModelId: string;
let trainedModelId: string;
let decisionBefore: string;

beforeAll(async () => {
  service = await startTestService();
  defaultModelId = (await service.request({ method: 'GET', url: '/readyz', role: null })).json().checks.riskModels.active;
});
afterAll(async () => service?.close());

function trainingUpload(csv: string, fields: Record<string, string>) {
  const boundary = '----lss-training';
  const parts = [
    `--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="history.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`,
    ...Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    `--${boundary}--\r\n`,
  ];
  return service.app.inject({
    method: 'POST',
    url: '/v1/models/training-jobs',
    headers: { authorization: `Bearer ${service.keys.analyst}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: parts.join(''),
  });
}

const screen = async () =>
  (await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: anApplication() })).json();

describe('risk models', () => {
  it('scores with the shipped default model until another is promoted', async () => {
    expect(defaultModelId).toMatch(/^rm-/);
    const decision = await screen();
    expect(decision.versions.riskModel).toBe(defaultModelId);
    decisionBefore = decision.decisionId;
  });

  it('trains a candidate off the request path, reporting status and percent', async () => {
    const submitted = await trainingUpload(syntheticCreditCsv(150, 7), { target: 'default', exclude: 'id', folds: '3', seed: '5' });
    expect(submitted.statusCode).toBe(202);
    const job = submitted.json();
    expect(job).toMatchObject({ status: expect.stringMatching(/queued|running/), percent: expect.any(Number) });
    let state = job;
    const deadline = Date.now() + 90_000;
    while (!['succeeded', 'failed'].includes(state.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await service.request({ method: 'GET', url: `/v1/models/training-jobs/${job.id}`, role: 'analyst' })).json();
    }
    expect(state).toMatchObject({ status: 'succeeded', percent: 100, dataRows: 150, modelId: expect.stringMatching(/^rm-/) });
    trainedModelId = state.modelId;
  });

  it('keeps the trained model as a candidate with its report and data fingerprint', async () => {
    const model = (await service.request({ method: 'GET', url: `/v1/models/${trainedModelId}`, role: 'auditor' })).json();
    expect(model).toMatchObject({ status: 'candidate', summary: { rows: 150 } });
    expect(model.report.crossValidation.auc).toBeGreaterThan(0.5);
    expect(model.training.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['candidate']);
  });

  it('promotes a candidate without a restart, and rolls back by promoting the previous one', async () => {
    const promoted = await service.request({ method: 'POST', url: `/v1/models/${trainedModelId}/promote`, role: 'analyst', body: { note: 'better AUC' } });
    expect(promoted.json()).toMatchObject({ status: 'active' });
    expect((await screen()).versions.riskModel).toBe(trainedModelId);

    const rolledBack = await service.request({ method: 'POST', url: `/v1/models/${defaultModelId}/promote`, role: 'analyst', body: { note: 'rollback' } });
    expect(rolledBack.json()).toMatchObject({ status: 'active' });
    expect((await screen()).versions.riskModel).toBe(defaultModelId);
    const trained = (await service.request({ method: 'GET', url: `/v1/models/${trainedModelId}`, role: 'analyst' })).json();
    expect(trained.status).toBe('retired');
    expect(trained.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['candidate', 'active', 'retired']);
  });

  it('logs a shadow model’s score with every decision, without letting it decide', async () => {
    const shadowed = await service.request({ method: 'POST', url: `/v1/models/${trainedModelId}/shadow`, role: 'analyst' });
    expect(shadowed.json(), shadowed.body).toMatchObject({ status: 'shadow' });
    const decision = await screen();
    expect(decision.versions).toMatchObject({ riskModel: defaultModelId, shadowModel: trainedModelId });
    expect(decision.risk.modelVersion).toBe(defaultModelId);
    const logged = (await service.request({ method: 'GET', url: `/v1/decisions/${decision.decisionId}`, role: 'auditor' })).json();
    expect(logged.shadowRisk).toMatchObject({ status: 'scored', modelVersion: trainedModelId });
  });

  it('reports score drift (PSI) against the training scores', async () => {
    const report = (await service.request({ method: 'GET', url: `/v1/models/${defaultModelId}/monitoring`, role: 'auditor' })).json();
    expect(report.scores).toBeGreaterThanOrEqual(3);
    expect(report.psi).toBeGreaterThanOrEqual(0);
    expect(['stable', 'moderate_shift', 'significant_shift']).toContain(report.band);
  });

  it('replays a decision made before the promotions with the model and policy it used', async () => {
    const replay = (await service.request({ method: 'POST', url: `/v1/decisions/${decisionBefore}/replay`, role: 'auditor' })).json();
    expect(replay).toMatchObject({ reproduced: true, differences: [] });
    expect(replay.original.probabilityOfDefault).toBe(replay.replayed.probabilityOfDefault);
  });
});
