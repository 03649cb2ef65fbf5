import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({}, { RATE_LIMIT_PER_MINUTE: '5' });
});
afterAll(async () => service?.close());

describe('operations', () => {
  it('exposes Prometheus metrics: decisions by outcome and reason, log write latency, latency by route, versions', async () => {
    await service.request({ method: 'POST', url: '/v1/screenings', role: 'originator', body: anApplication() });
    const response = await service.request({ method: 'GET', url: '/metrics', role: null });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    const text = response.body;
    expect(text).toMatch(/lss_decisions_total\{outcome="accept"\} 1/);
    expect(text).toMatch(/lss_decision_reasons_total\{code="ALL_RULES_PASSED"\} 1/);
    expect(text).toMatch(/lss_decision_log_write_seconds_count 1/);
    expect(text).toMatch(/lss_http_request_duration_seconds_count\{route="\/v1\/screenings",method="POST",status="200"\} 1/);
    expect(text).toMatch(/lss_served_version_info\{kind="policy",version="builtin-[^"]+"\} 1/);
    expect(text).toMatch(/lss_risk_probability_of_default_count\{model="rm-[0-9a-f]+"\} 1/);
    expect(text).toMatch(/lss_nodejs_eventloop_lag_seconds/);
  });

  it('sends security headers', async () => {
    const response = await service.request({ method: 'GET', url: '/healthz', role: null });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
  });

  it('limits each API key, answering 429 problem+json with Retry-After, without touching other keys', async () => {
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const response = await service.request({ method: 'GET', url: '/v1/reason-codes', role: 'analyst' });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited!.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });

    const otherKey = await service.request({ method: 'GET', url: '/v1/reason-codes', role: 'auditor' });
    expect(otherKey.statusCode).toBe(200);
    const health = await service.request({ method: 'GET', url: '/healthz', role: null });
    expect(health.statusCode).toBe(200);
  });
});
