import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anApplication } from '../fixtures/applications.js';
import { startTestService, type TestService } from '../support/test-service.js';

const OFAC = new URL('../../../shared/datasets/blocklists/ofac/', import.meta.url);

/** A multipart/form-data body with the given files. */
function multipart(files: Record<string, { name: string; content: Buffer | string }>) {
  const boundary = `----lss${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [field, file] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
  for (const [name, kind, action] of [['ofac-sdn', 'sanctions', 'reject'], ['internal-fraud', 'fraud', 'review']]) {
    await service.request({ method: 'POST', url: '/v1/lists', role: 'analyst', body: { name, kind, action } });
  }
});
afterAll(async () => service?.close());

const upload = (list: string, query: string, files: Parameters<typeof multipart>[0]) => {
  const body = multipart(files);
  return service.app.inject({
    method: 'POST',
    url: `/v1/lists/${list}/imports?${query}`,
    headers: { authorization: `Bearer ${service.keys.analyst}`, 'content-type': body.contentType },
    payload: body.payload,
  });
};

const ofacFiles = () => ({
  sdn: { name: 'sdn.csv', content: readFileSync(new URL('sdn.csv', OFAC)) },
  alt: { name: 'alt.csv', content: readFileSync(new URL('alt.csv', OFAC)) },
  add: { name: 'add.csv', content: readFileSync(new URL('add.csv', OFAC)) },
  comments: { name: 'sdn_comments.csv', content: readFileSync(new URL('sdn_comments.csv', OFAC)) },
});

describe('importing lists', () => {
  it('imports the OFAC SDN files with the counts of their README, and screens against them', async () => {
    const response = await upload('ofac-sdn', 'format=ofac&mode=replace', ofacFiles());
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'completed', accepted: 8976, rejected: 0, added: 8976, removed: 0, version: 2 });

    const ready = (await service.request({ method: 'GET', url: '/readyz', role: null })).json();
    expect(ready.checks.blocklists).toMatchObject({ loaded: true, entries: 8976 });

    // An SDN individual ("MADURO MOROS, Nicolas", DOB 23 Nov 1962), written the way an applicant would.
    const decision = (
      await service.request({
        method: 'POST',
        url: '/v1/screenings',
        role: 'originator',
        body: anApplication({ applicant: { fullName: 'Nicolás Maduro Moros', dateOfBirth: '1962-11-23', nationality: 'VE' } }),
      })
    ).json();
    expect(decision.decision).toBe('reject');
    expect(decision.reasons[0].code).toBe('BLOCKLIST_NAME_MATCH');
    expect(decision.blocklist.hits[0]).toMatchObject({ listName: 'ofac-sdn', strength: 'strong', matchedName: 'MADURO MOROS, Nicolas' });
    expect(decision.blocklist.hits[0].explanation).toMatch(/date of birth agrees/);
  });

  it('reports zero changes when the same files are imported again in replace mode', async () => {
    const response = await upload('ofac-sdn', 'format=ofac&mode=replace', ofacFiles());
    expect(response.json()).toMatchObject({ status: 'completed', added: 0, changed: 0, removed: 0, unchanged: 8976, version: 2 });
  });

  it('reports bad CSV rows with their line and reason, applies the good ones, and never delists an entry whose row was bad', async () => {
    const first = [
      'external_id,full_name,dates_of_birth,identifiers,nationalities',
      'F-1,Lê Văn Đức,1985-07-01,CCCD:079085001234:VN,VN',
      'F-2,Trần Thị Hoa,1990,,VN',
    ].join('\n');
    const created = await upload('internal-fraud', 'format=csv&mode=replace', { file: { name: 'fraud.csv', content: first } });
    expect(created.json()).toMatchObject({ added: 2, rejected: 0 });

    const second = [
      'external_id,full_name,dates_of_birth,identifiers,nationalities',
      'F-1,Lê Văn Đức,1985-13-45,CCCD:079085001234:VN,VN',
      'F-3,Phạm Minh,1979,,VN',
    ].join('\n');
    const report = (await upload('internal-fraud', 'format=csv&mode=replace', { file: { name: 'fraud-2.csv', content: second } })).json();
    expect(report).toMatchObject({ status: 'completed', accepted: 1, rejected: 1, added: 1, removed: 1 });
    expect(report.rejectedRows[0]).toMatchObject({ file: 'fraud-2.csv', line: 2, reason: expect.stringMatching(/date/i) });

    const entries = (await service.request({ method: 'GET', url: '/v1/lists/internal-fraud/entries', role: 'auditor' })).json();
    expect(entries.items.map((e: { externalId: string }) => e.externalId).sort()).toEqual(['F-1', 'F-3']);
  });

  it('keeps every import with its report, newest first', async () => {
    const imports = (await service.request({ method: 'GET', url: '/v1/lists/internal-fraud/imports', role: 'auditor' })).json();
    expect(imports.items).toHaveLength(2);
    expect(imports.items[0]).toMatchObject({ source: 'fraud-2.csv', rejected: 1 });
  });

  it('refuses an import that is not multipart, or lacks its file', async () => {
    const raw = await service.request({ method: 'POST', url: '/v1/lists/internal-fraud/imports?format=csv', role: 'analyst', body: { a: 1 } });
    expect(raw.statusCode).toBe(415);
    const missing = await upload('internal-fraud', 'format=ofac', { alt: { name: 'alt.csv', content: 'x' } });
    expect(missing.statusCode).toBe(400);
  });
});
