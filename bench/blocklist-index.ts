/**
 * The blocklist index of src/domain/blocklist/blocklist-index.ts: build time and memory,
 * per-query latency, and its hits against a full scan, on the OFAC SDN list and on seeded
 * synthetic lists (bench/synthetic-blocklist.ts).
 *
 *   npm run bench:blocklist
 *   BENCH_SIZES=100000,1000000 BENCH_QUERIES=1000 BENCH_SCAN_QUERIES=1000 BENCH_WORKERS=2 \
 *     node --expose-gc --max-old-space-size=8192 --import tsx bench/blocklist-index.ts
 *
 * Queries are made from the list before it is indexed (about 60% perturb a random entry:
 * typos, dropped or reordered tokens, initials, titles, other dates of birth; the rest are
 * unrelated people). Each query is screened once to warm up, then timed once. The full
 * scan is slow (every name of every entry is scored), so it runs in worker threads, each
 * building its own index from the same seed.
 */
import { createReadStream, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { BlocklistIndex, type IndexedList } from '../src/domain/blocklist/blocklist-index.js';
import type { BlocklistEntry, ScreeningSubject } from '../src/domain/blocklist/entry.js';
import { parseOfacSdn } from '../src/domain/blocklist/import/ofac-sdn.js';
import { syntheticEntries, syntheticQueries } from './synthetic-blocklist.js';

const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').filter(Boolean).map(Number);
const queryCount = Number(process.env.BENCH_QUERIES ?? 1000);
const scanCount = Number(process.env.BENCH_SCAN_QUERIES ?? 1000);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const entrySeed = 20261123;
const querySeed = 11;
const list: IndexedList = { id: 'l', name: 'bench', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 };
const ofacDirectory = new URL('../../shared/datasets/blocklists/ofac/', import.meta.url);

type Source = { kind: 'ofac' } | { kind: 'synthetic'; size: number };

async function entriesOf(source: Source): Promise<BlocklistEntry[]> {
  if (source.kind === 'synthetic') return syntheticEntries(source.size, entrySeed);
  const entries: BlocklistEntry[] = [];
  const file = (name: string) => createReadStream(new URL(name, ofacDirectory));
  for await (const row of parseOfacSdn({ sdn: file('sdn.csv'), alt: file('alt.csv'), add: file('add.csv'), comments: file('sdn_comments.csv') })) {
    if (row.kind === 'entry') entries.push(row.entry);
  }
  return entries;
}

const build = (entries: BlocklistEntry[]) => new BlocklistIndex([list], entries.map((entry, i) => ({ id: `e${i}`, listId: list.id, entry })));

/** Screens and full-scans a slice of the queries; returns the entry ids that differ. */
async function compareSlice(source: Source, from: number, to: number): Promise<{ compared: number; hits: number; missed: number; extra: number; seconds: number }> {
  const entries = await entriesOf(source);
  const queries = syntheticQueries(entries, Math.max(queryCount, scanCount), querySeed).slice(from, to);
  const index = build(entries);
  const started = performance.now();
  let hits = 0;
  let missed = 0;
  let extra = 0;
  for (const query of queries) {
    const screened = index.screen(query);
    const scanned = index.fullScan(query);
    hits += scanned.length;
    if (JSON.stringify(screened) === JSON.stringify(scanned)) continue;
    const fromIndex = new Set(screened.map((h) => JSON.stringify(h)));
    const fromScan = new Set(scanned.map((h) => JSON.stringify(h)));
    missed += [...fromScan].filter((h) => !fromIndex.has(h)).length;
    extra += [...fromIndex].filter((h) => !fromScan.has(h)).length;
  }
  return { compared: queries.length, hits, missed, extra, seconds: (performance.now() - started) / 1000 };
}

function inWorker(source: Source, from: number, to: number): Promise<Awaited<ReturnType<typeof compareSlice>>> {
  return new Promise((resolve, reject) => {
    // The worker registers the TypeScript loader itself, then runs this file.
    const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { source, from, to }, resourceLimits: { maxOldGenerationSizeMb: 8192 } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, external: m.arrayBuffers, rss: m.rss };
}

async function measure(source: Source) {
  const label = source.kind === 'ofac' ? 'OFAC SDN' : `synthetic ${source.size.toLocaleString('en')}`;
  const entries = await entriesOf(source);
  const queries: ScreeningSubject[] = syntheticQueries(entries, queryCount, querySeed);
  const before = memory();
  const started = performance.now();
  const index = build(entries);
  const buildSeconds = (performance.now() - started) / 1000;
  const after = memory();
  const { names, vocabulary, postings } = index.size;

  for (const query of queries) index.screen(query);
  const times: number[] = [];
  const timesWithoutInitials: number[] = [];
  let hits = 0;
  let queriesWithHits = 0;
  for (const query of queries) {
    const t = performance.now();
    const found = index.screen(query).length;
    const ms = performance.now() - t;
    times.push(ms);
    if (!/(^|\s)\p{L}\.?(\s|$)/u.test(query.fullName)) timesWithoutInitials.push(ms);
    hits += found;
    if (found > 0) queriesWithHits++;
  }
  times.sort((a, b) => a - b);
  timesWithoutInitials.sort((a, b) => a - b);
  process.stderr.write(`${label}: built in ${buildSeconds.toFixed(1)} s, p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms; full scan…\n`);

  const compared = Math.min(scanCount, queries.length);
  const slices = Math.max(1, Math.min(workers, compared));
  const bounds = Array.from({ length: slices + 1 }, (_, k) => Math.round((k * compared) / slices));
  const scans = await Promise.all(bounds.slice(0, -1).map((from, k) => inWorker(source, from, bounds[k + 1]!)));

  return {
    list: label,
    entries: entries.length,
    names,
    vocabulary,
    postings,
    buildSeconds: +buildSeconds.toFixed(1),
    indexHeapMb: mb(after.heapUsed - before.heapUsed),
    indexTypedArraysMb: mb(after.external - before.external),
    rssMb: mb(after.rss),
    queries: queries.length,
    queriesWithHits,
    meanHits: +(hits / queries.length).toFixed(1),
    p50Ms: +percentile(times, 50).toFixed(3),
    p90Ms: +percentile(times, 90).toFixed(3),
    p99Ms: +percentile(times, 99).toFixed(3),
    maxMs: +times.at(-1)!.toFixed(3),
    p99WithoutInitialsMs: +percentile(timesWithoutInitials, 99).toFixed(3),
    fullScanCompared: scans.reduce((s, r) => s + r.compared, 0),
    fullScanHits: scans.reduce((s, r) => s + r.hits, 0),
    hitsMissedByIndex: scans.reduce((s, r) => s + r.missed, 0),
    hitsOnlyInIndex: scans.reduce((s, r) => s + r.extra, 0),
    fullScanSecondsPerQuery: +(scans.reduce((s, r) => s + r.seconds, 0) / Math.max(1, compared)).toFixed(3),
  };
}

async function main(): Promise<void> {
  const sources: Source[] = [
    ...(existsSync(new URL('sdn.csv', ofacDirectory)) ? [{ kind: 'ofac' } as const] : []),
    ...sizes.map((size) => ({ kind: 'synthetic', size }) as const),
  ];
  const results = [];
  for (const source of sources) {
    const result = await measure(source);
    process.stderr.write(`${JSON.stringify(result)}\n`);
    results.push(result);
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
}

if (isMainThread) {
  await main();
} else {
  const { source, from, to } = workerData as { source: Source; from: number; to: number };
  parentPort!.postMessage(await compareSlice(source, from, to));
}
