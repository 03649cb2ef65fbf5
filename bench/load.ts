/**
 * Load benchmark: POST /v1/screenings under autocannon, with the OFAC list and a
 * 100,000-entry synthetic list loaded and the default model active, beside two ceilings
 * measured in the same run: an HTTP ceiling (a fastify route that only validates the body
 * and returns a constant) and a compute ceiling (matching, scoring and policy in a loop,
 * no HTTP, no database).
 *
 *   DATABASE_URL=postgres://… npm run bench:load      (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_SYNTHETIC)
 */
import { createReadStream } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import pino from 'pino';
import { throwawayDatabase } from './support/throwaway-database.js';
import { buildApp } from '../src/app.js';
import { configSchema } from '../src/config.js';
import { ApiKeyRepository } from '../src/db/api-key-repository.js';
import { BlocklistRepository } from '../src/db/blocklist-repository.js';
import { openDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { parseOfacSdn } from '../src/domain/blocklist/import/ofac-sdn.js';
import { entryContentHash } from '../src/domain/blocklist/import/diff.js';
import { BlocklistIndex } from '../src/domain/blocklist/blocklist-index.js';
import { builtinPolicy } from '../src/domain/policy/policy-document.js';
import { RiskModel } from '../src/domain/risk/risk-model.js';
import { loanApplicationSchema, type LoanApplication } from '../src/domain/screening/application.js';
import { exampleApplication } from '../src/domain/screening/example-application.js';
import { screenApplication } from '../src/domain/screening/screen-application.js';
import { ephemeralPiiCipher } from '../src/pii-keys.js';
import { readDefaultArtifact } from '../src/services/risk-model-loader.js';
import { subjectOf } from '../src/services/live-blocklists.js';
import { seededRandom, syntheticEntries } from './synthetic-blocklist.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SYNTHETIC = Number(process.env.BENCH_SYNTHETIC ?? 100_000);
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Wang Jianguo', 'Ivan Petrov', 'Maria Garcia', 'Ahmed Hassan', 'Le Van Duc', 'John Smith'];

let counter = 0;
function application(random: () => number): LoanApplication {
  counter += 1;
  const a = structuredClone(exampleApplication) as LoanApplication;
  a.applicationId = `LOAD-${process.pid}-${counter}`;
  a.applicant.fullName = NAMES[Math.floor(random() * NAMES.length)]!;
  a.applicant.nationalId.number = String(100_000_000_000 + Math.floor(random() * 899_999_999_999));
  a.financials.monthlyIncome = 8_000_000 + Math.floor(random() * 40) * 500_000;
  a.loan.amount = 10_000_000 + Math.floor(random() * 25) * 4_000_000;
  return a;
}

async function ofacEntries() {
  const dir = new URL('../../shared/datasets/blocklists/ofac/', import.meta.url);
  const out = [];
  for await (const row of parseOfacSdn({
    sdn: createReadStream(new URL('sdn.csv', dir)),
    alt: createReadStream(new URL('alt.csv', dir)),
    add: createReadStream(new URL('add.csv', dir)),
    comments: createReadStream(new URL('sdn_comments.csv', dir)),
  })) {
    if (row.kind === 'entry') out.push(row.entry);
  }
  return out;
}

function drive(url: string, headers: Record<string, string>, body: () => string) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', ...headers },
        requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    void instance;
  });
}

const summary = (r: autocannon.Result) => ({
  requestsPerSecond: Math.round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL: the load benchmark runs against PostgreSQL');
  const server = await throwawayDatabase('lss_load');
  const url = new URL(server.url!);
  const logger = pino({ level: 'silent' });
  const random = seededRandom(17);

  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 10, timeoutMs: 5000, logger });
  await migrateToLatest(database.db);
  const lists = new BlocklistRepository(database.db);
  const ofac = await ofacEntries();
  const synthetic = syntheticEntries(SYNTHETIC, 99);
  for (const [listName, entries] of [['ofac-sdn', ofac], ['synthetic', synthetic]] as const) {
    const list = await lists.create({ name: listName, kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85 }, null, new Date());
    await lists.applyChange(
      list.id,
      { mode: 'replace', entries: entries.map((entry) => ({ externalId: entry.externalId, entry, contentHash: entryContentHash(entry) })), change: 'import' },
      null,
      new Date(),
    );
  }

  const config = configSchema.parse({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '10000000' });
  const built = await buildApp({ config, database, logger, cipher: ephemeralPiiCipher() });
  const address = await built.app.listen({ host: '127.0.0.1', port: 0 });
  const loadStarted = performance.now();
  await built.blocklistsLoaded();
  const indexLoadSeconds = (performance.now() - loadStarted) / 1000;
  const { key } = await new ApiKeyRepository(database.db).create({ name: 'load', role: 'originator' });

  // 1. The service.
  const service = await drive(`${address}/v1/screenings`, { authorization: `Bearer ${key}` }, () => JSON.stringify(application(random)));
  await built.app.close();
  await database.close();

  // 2. HTTP ceiling: validation only.
  const bare = Fastify();
  bare.setValidatorCompiler(validatorCompiler);
  bare.setSerializerCompiler(serializerCompiler);
  bare.withTypeProvider<ZodTypeProvider>().post('/v1/screenings', { schema: { body: loanApplicationSchema } }, async () => ({ decision: 'accept' }));
  const bareAddress = await bare.listen({ host: '127.0.0.1', port: 0 });
  const ceiling = await drive(`${bareAddress}/v1/screenings`, {}, () => JSON.stringify(application(random)));
  await bare.close();

  // 3. Compute ceiling: matching, scoring and policy, in process.
  const index = new BlocklistIndex(
    [
      { id: 'o', name: 'ofac-sdn', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 },
      { id: 's', name: 'synthetic', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 },
    ],
    [...ofac.map((entry, i) => ({ id: `o${i}`, listId: 'o', entry })), ...synthetic.map((entry, i) => ({ id: `s${i}`, listId: 's', entry }))],
  );
  const model = RiskModel.fromArtifact(readDefaultArtifact('models/default/model.json'));
  const apps = Array.from({ length: 2000 }, () => application(random));
  const screener = { version: 'x', screen: (a: LoanApplication) => { const hits = index.screen(subjectOf(a)); return { status: hits.length ? ('hit' as const) : ('clear' as const), listsVersion: 'x', hits }; } };
  const scorer = { activeModelVersion: model.modelId, shadowModelVersion: null, score: (a: LoanApplication, on: Date) => model.score(a, on), scoreShadow: () => null };
  for (const a of apps.slice(0, 200)) screenApplication(a, { blocklists: screener, risk: scorer, policy: builtinPolicy, now: new Date() });
  const n = 4000;
  const started = performance.now();
  for (let i = 0; i < n; i++) screenApplication(apps[i % apps.length]!, { blocklists: screener, risk: scorer, policy: builtinPolicy, now: new Date() });
  const computePerSecond = Math.round(n / ((performance.now() - started) / 1000));
  model.dispose();

  await server.drop();

  process.stdout.write(
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: `${cpus().length} x ${cpus()[0]?.model}`,
        lists: { ofac: ofac.length, synthetic: SYNTHETIC },
        indexLoadSeconds: +indexLoadSeconds.toFixed(1),
        connections: CONNECTIONS,
        seconds: SECONDS,
        service: summary(service),
        httpCeiling: summary(ceiling),
        computeCeilingPerSecond: computePerSecond,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
