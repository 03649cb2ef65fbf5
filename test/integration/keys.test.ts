import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyRepository } from '../../src/db/api-key-repository.js';
import { hashApiKey } from '../../src/domain/access/api-key.js';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

describe('API keys', () => {
  it('creates a key that works at once, shows its secret once and stores only its hash', async () => {
    const created = await service.request({
      method: 'POST',
      url: '/v1/keys',
      body: { name: 'LOS staging', role: 'originator' },
    });
    expect(created.statusCode).toBe(201);
    const { key, id, role, createdBy } = created.json();
    expect(role).toBe('originator');
    expect(createdBy).toBe(service.keyIds.admin);
    expect(key).toMatch(/^lss_/);

    const screened = await service.request({ method: 'POST', url: '/v1/screenings', key, body: anApplication() });
    expect(screened.statusCode).toBe(200);

    const row = await service.database.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const listed = await service.request({ method: 'GET', url: '/v1/keys' });
    expect(listed.body).not.toContain(key);
    expect(listed.json().items.map((k: { id: string }) => k.id)).toContain(id);
  });

  it('revokes a key so that it is refused from then on, keeping its record', async () => {
    const { key, id } = (
      await service.request({ method: 'POST', url: '/v1/keys', body: { name: 'to revoke', role: 'auditor' } })
    ).json();
    // Used first, so the instance has it among its recently authenticated keys.
    expect((await service.request({ method: 'GET', url: '/v1/decisions', key })).statusCode).toBe(200);
    const revoked = await service.request({ method: 'DELETE', url: `/v1/keys/${id}` });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const refused = await service.request({ method: 'GET', url: '/v1/decisions', key });
    expect(refused.statusCode).toBe(401);
    const listed = await service.request({ method: 'GET', url: '/v1/keys' });
    expect(listed.json().items.find((k: { id: string }) => k.id === id).revokedAt).not.toBeNull();
  });

  it('refuses a key revoked elsewhere (the CLI, another instance) within a second, though it was just used here', async () => {
    const { key, id } = (
      await service.request({ method: 'POST', url: '/v1/keys', body: { name: 'revoked by the CLI', role: 'auditor' } })
    ).json();
    expect((await service.request({ method: 'GET', url: '/v1/decisions', key })).statusCode).toBe(200);
    await new ApiKeyRepository(service.database.db).revoke(id, new Date()); // what `keys revoke` does: NOTIFY in its transaction
    const started = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - started < 1000) {
      status = (await service.request({ method: 'GET', url: '/v1/decisions', key })).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
  });

  it('rejects an unknown role with 400 naming the field', async () => {
    const response = await service.request({ method: 'POST', url: '/v1/keys', body: { name: 'x', role: 'root' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ in: 'body', path: 'role' });
  });

  it('answers 404 for revoking a key that does not exist and 400 for a malformed id', async () => {
    const missing = await service.request({ method: 'DELETE', url: '/v1/keys/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    const malformed = await service.request({ method: 'DELETE', url: '/v1/keys/not-a-uuid' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0]).toMatchObject({ in: 'params', path: 'keyId' });
  });
});
