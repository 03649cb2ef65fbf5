import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/domain/access/roles.js';
import { createLogger } from '../../src/logger.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, randomUUID());
type Method = 'GET' | 'POST' | 'DELETE';

describe('access control', () => {
  it('declares access on every route, and protects every /v1 route', () => {
    const v1 = service.routes.filter((r) => r.url.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(6);
    expect(v1.filter((r) => r.access === 'public')).toEqual([]);
  });

  it('walks every protected route with every role: allowed roles get through, the others get 403', async () => {
    const protectedRoutes = service.routes.filter((r) => r.access !== 'public');
    const failures: string[] = [];
    for (const route of protectedRoutes) {
      for (const role of roles) {
        const allowed = role === 'admin' || (route.access as readonly Role[]).includes(role);
        const response = await service.request({
          method: route.method as Method,
          url: concrete(route.url),
          role,
          ...(route.method === 'POST' ? { body: {} } : {}),
        });
        const got = response.statusCode;
        const ok = allowed ? got !== 401 && got !== 403 : got === 403;
        if (!ok) failures.push(`${route.method} ${route.url} as ${role}: ${got}`);
        if (!allowed) expect(response.json().code).toBe('FORBIDDEN');
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every protected route with 401 when the key is missing, malformed or revoked', async () => {
    const revoked = await service.request({
      method: 'DELETE',
      url: `/v1/keys/${service.keyIds.analyst}`,
      role: 'admin',
    });
    expect(revoked.statusCode).toBe(200);
    for (const route of service.routes.filter((r) => r.access !== 'public')) {
      const url = concrete(route.url);
      const method = route.method as Method;
      const missing = await service.request({ method, url, role: null });
      const malformed = await service.request({ method, url, role: null, headers: { authorization: 'Basic abc' } });
      const withRevoked = await service.request({ method, url, key: service.keys.analyst });
      for (const response of [missing, malformed, withRevoked]) {
        expect(response.statusCode, `${method} ${url}`).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
  });

  it('leaves health, readiness and the API documentation public', async () => {
    for (const url of ['/healthz', '/readyz', '/docs/json']) {
      const response = await service.request({ method: 'GET', url, role: null });
      expect(response.statusCode, url).toBe(200);
    }
  });
});

describe('request logs', () => {
  it('name the API key that made the request, beside the request id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const logged = await startTestService({ logger });
    try {
      const response = await logged.request({ method: 'GET', url: '/v1/lists', role: 'analyst' });
      expect(response.statusCode).toBe(200);
      const completed = lines.find((l) => l.msg === 'request completed');
      expect(completed).toMatchObject({ keyId: logged.keyIds.analyst, reqId: response.headers['x-request-id'] });
    } finally {
      await logged.close();
    }
  });
});
