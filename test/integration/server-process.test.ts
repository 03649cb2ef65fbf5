import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleApplication } from '../../src/domain/screening/example-application.js';
import { anApplication } from '../fixtures/applications.js';
import { createTestDatabaseUrl } from '../support/test-database.js';
import { runCli, startServerProcess } from '../support/server-process.js';
import { serviceNodeFlags } from '../support/service-node-flags.js';

const ADMIN_API_KEY = 'test-admin-key-for-the-process-test-0001';
let env: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lss-process-'));
  const url = await createTestDatabaseUrl();
  env = { ADMIN_API_KEY, DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}) };
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const auth = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

describe('the service process', () => {
  it('runs from the Docker image with the same Node.js flags as npm start', () => {
    const cmd = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8').match(/^CMD (\[.*\])$/m);
    expect(cmd, 'a CMD line in exec form').not.toBeNull();
    const argv = JSON.parse(cmd![1]!) as string[];
    expect(argv.slice(0, argv.indexOf('--import'))).toEqual(['node', ...serviceNodeFlags()]);
    expect(serviceNodeFlags()).toEqual(expect.arrayContaining(['--max-semi-space-size=32', '--no-allocation-site-pretenuring']));
  });

  it('is benchmarked in process with the same Node.js flags, so the compute ceiling is measured as the service runs', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['bench:load', 'bench:blocklist']) expect(scripts[name]!.split(/\s+/), name).toEqual(expect.arrayContaining(serviceNodeFlags()));
  });

  it('refuses to start on a bad setting and names the variable', async () => {
    const result = await runCli(['migrate'], { ...env, PORT: 'eighty' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('PORT');
  });

  it('migrates with the CLI, and prints a new key once that the server then accepts', async () => {
    const migrated = await runCli(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    const created = await runCli(['keys', 'create', '--role', 'originator', '--name', 'LOS test'], env);
    expect(created.code, created.stderr).toBe(0);
    const { key, role } = JSON.parse(created.stdout);
    expect(role).toBe('originator');

    const server = await startServerProcess(env);
    try {
      const response = await fetch(`${server.baseUrl}/v1/screenings`, {
        method: 'POST',
        headers: auth(key),
        body: JSON.stringify(anApplication()),
      });
      expect(response.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    // (Run after the server stops: the embedded database admits one process at a time.)
    const listed = await runCli(['keys', 'list'], env);
    expect(listed.stdout).toContain('LOS test');
    expect(listed.stdout).not.toContain(key);
  });

  it('finishes in-flight screenings on SIGTERM, logs each one it answered, and exits cleanly', async () => {
    const server = await startServerProcess(env);
    const applications = Array.from({ length: 30 }, () => anApplication());
    const requests = applications.map((application) =>
      fetch(`${server.baseUrl}/v1/screenings`, {
        method: 'POST',
        headers: auth(ADMIN_API_KEY),
        body: JSON.stringify(application),
      }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as { decisionId?: string } }),
        () => ({ status: 0, body: {} as { decisionId?: string } }),
      ),
    );
    await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    const results = await Promise.all(requests);
    expect(await server.exited, server.stdout().split('\n').slice(-8).join('\n')).toBe(0);
    expect(server.stdout()).toContain('shutting down');

    // Every decision a client received must be in the log, and the chain must hold.
    const answered = results.filter((r) => r.status === 200).map((r) => r.body.decisionId!);
    expect(answered.length).toBeGreaterThan(0);
    expect(results.every((r) => [0, 200, 503].includes(r.status))).toBe(true);
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });

    const restarted = await startServerProcess(env);
    try {
      for (const decisionId of answered) {
        const r = await fetch(`${restarted.baseUrl}/v1/decisions/${decisionId}`, { headers: auth(ADMIN_API_KEY) });
        expect(r.status).toBe(200);
      }
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  });

  it('keeps applicant PII out of its logs', async () => {
    const server = await startServerProcess({ ...env, LOG_LEVEL: 'trace' });
    try {
      await fetch(`${server.baseUrl}/v1/screenings`, {
        method: 'POST',
        headers: auth(ADMIN_API_KEY),
        body: JSON.stringify({ ...exampleApplication, applicationId: `PII-${Date.now()}` }),
      });
      const bad = { ...exampleApplication, applicationId: `PII-BAD-${Date.now()}`, loan: { amount: 'x' } };
      await fetch(`${server.baseUrl}/v1/screenings`, { method: 'POST', headers: auth(ADMIN_API_KEY), body: JSON.stringify(bad) });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const logs = server.stdout() + server.stderr();
    expect(logs).toContain('request completed');
    for (const pii of ['Nguyễn', 'Nguy', '001090012345', '1990-04-12', 'an.nguyen@example.com', '+84901234567', ADMIN_API_KEY]) {
      expect(logs).not.toContain(pii);
    }
  });

  it.runIf(process.platform === 'linux')('runs WORKERS=2 processes on one port, whose decisions one writer appends to one valid chain, and stops them all on SIGTERM', async () => {
    if (!env.DATABASE_URL) {
      // The embedded database belongs to one process: the setting is refused, naming it.
      const refused = await runCli(['migrate'], { ...env, WORKERS: '2' });
      expect(refused.code).toBe(78);
      expect(refused.stderr).toMatch(/WORKERS: more than one worker needs DATABASE_URL/);
      return;
    }
    const server = await startServerProcess({ ...env, WORKERS: '2' });
    try {
      const workers = () =>
        readdirSync('/proc')
          .filter((d) => /^\d+$/.test(d))
          .filter((d) => {
            try {
              return readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(server.child.pid);
            } catch {
              return false;
            }
          });
      expect(workers()).toHaveLength(2);
      // The workers inherit npm start's Node.js flags (the young generation's size, no pretenuring).
      for (const pid of workers()) {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        expect(argv).toEqual(expect.arrayContaining(serviceNodeFlags()));
      }
      // Each application until it is decided: a 503 (a worker's database deadline passing on
      // a machine busy with other test files) means retry with the same body, as the API says.
      const screenUntilDecided = async (application: object) => {
        const answers: string[] = [];
        for (let attempt = 0; attempt < 4; attempt++) {
          const r = await fetch(`${server.baseUrl}/v1/screenings`, { method: 'POST', headers: auth(ADMIN_API_KEY), body: JSON.stringify(application) });
          answers.push(`${r.status} ${r.status === 200 ? '' : await r.text()}`);
          if (r.status !== 503) return { status: r.status, answers };
          await new Promise((done) => setTimeout(done, 1000));
        }
        return { status: 503, answers };
      };
      const applications = Array.from({ length: 40 }, () => anApplication());
      const results = await Promise.all(applications.map(screenUntilDecided));
      const undecided = results.filter((r) => r.status !== 200);
      expect(undecided, JSON.stringify(undecided)).toEqual([]);
      const verify = (await (await fetch(`${server.baseUrl}/v1/audit/verify`, { headers: auth(ADMIN_API_KEY) })).json()) as { ok: boolean };
      expect(verify.ok).toBe(true);
      // One writer, the primary, appended for both workers: only its first batch (the head
      // not yet known) took the chain lock, and every worker's /metrics tells its batches.
      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      const series = (pattern: RegExp) => Number(metrics.match(pattern)?.[1] ?? 0);
      expect(series(/^lss_decision_log_batch_size_sum (\d+)/m)).toBe(applications.length);
      expect(series(/^lss_decision_log_batches_total\{path="locked"\} (\d+)/m)).toBe(1);
      expect(series(/^lss_decision_log_batches_total\{path="single-statement"\} (\d+)/m)).toBeGreaterThan(0);
      // One decision per application, whichever worker answered and however many tries it took.
      for (const application of applications) {
        const id = (application as { applicationId: string }).applicationId;
        const listed = (await (await fetch(`${server.baseUrl}/v1/decisions?applicationId=${encodeURIComponent(id)}`, { headers: auth(ADMIN_API_KEY) })).json()) as { items: unknown[] };
        expect(listed.items, id).toHaveLength(1);
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('all workers stopped');
  });
});
