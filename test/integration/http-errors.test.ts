import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => service?.close());

const post = (payload: string, contentType = 'application/json') =>
  service.app.inject({
    method: 'POST',
    url: '/v1/screenings',
    headers: { authorization: `Bearer ${service.keys.originator}`, 'content-type': contentType },
    payload,
  });

function expectProblem(response: Awaited<ReturnType<typeof post>>, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
}

describe('client errors', () => {
  it('answers a body over the size limit with 413', async () => {
    const big = JSON.stringify({ ...anApplication(), attributes: { note: 'x'.repeat(200_000) } });
    expectProblem(await post(big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400', async () => {
    expectProblem(await post('{"applicationId": "A-1", '), 400, 'REQUEST_INVALID');
  });

  it('answers a body that is not JSON with 415', async () => {
    expectProblem(await post('applicationId=A-1', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a JSON array, null or number instead of an application with 400', async () => {
    for (const body of ['[]', 'null', '42', '"text"']) {
      const response = await post(body);
      expect(response.statusCode, body).toBe(400);
    }
  });

  it('answers text with a NUL character or a lone surrogate with 400 naming the field, not 500', async () => {
    const application = anApplication();
    const withNul = JSON.stringify(application).replace('Nguyễn Văn An', 'Nguyễn\\u0000An');
    const withSurrogate = JSON.stringify(application).replace('Nguyễn Văn An', 'Nguy\\ud800n');
    for (const body of [withNul, withSurrogate]) {
      const response = await post(body);
      expectProblem(response, 400, 'APPLICATION_INVALID');
      expect(response.json().errors[0].path).toBe('applicant.fullName');
    }
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await service.request({ method: 'GET', url: '/v1/nothing-here' });
    expectProblem(response, 404, 'NOT_FOUND');
  });

  it('echoes a request id on every response', async () => {
    const response = await service.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers['x-request-id']).toBe('abc-123');
  });
});
