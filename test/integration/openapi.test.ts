import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/server-process.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

describe('the OpenAPI document', () => {
  it('in openapi.yaml is exactly what the code generates (run `npm run openapi` after changing a route)', async () => {
    const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
    // Generated the way `npm run openapi` does it, in a process of its own.
    const generated = await runCli(['openapi'], {});
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toBe(committed);
  });

  it('is served at /docs/json as OpenAPI 3.1 with every /v1 route and the README example', async () => {
    const response = await service.request({ method: 'GET', url: '/docs/json', role: null });
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    for (const route of service.routes.filter((r) => r.url.startsWith('/v1/'))) {
      const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(document.paths[path]?.[route.method.toLowerCase()], `${route.method} ${path}`).toBeDefined();
    }
    const committed = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
    expect(document).toEqual(committed);
    const examples = JSON.stringify(document.components.schemas);
    expect(examples).toContain('LOS-2026-000123');
  });

  it('serves the interactive documentation at /docs', async () => {
    const response = await service.request({ method: 'GET', url: '/docs/', role: null });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
  });
});
