/**
 * Blocklist index: build time, memory and per-query latency on the OFAC SDN list and on
 * seeded synthetic lists of 100,000 and 1,000,000 entries, and the index's hits compared
 * with a full scan on a sample of queries.
 *
 *   npx tsx bench/blocklist-index.ts            (BENCH_SIZES=100000,1000000 BENCH_SCAN_QUERIES=…)
 */
import { createReadStream } from 'node:fs';
import { cpus } from 'node:os';
import { BlocklistIndex, type IndexList } from '../src/domain/blocklist/matching/blocklist-index.js';
import type { BlocklistEntry } from '../src/domain/blocklist/entry.js';
import { parseOfacSdn } from '../src/domain/blocklist/import/ofac-sdn.js';
import { syntheticEntries, syntheticQueries } from '../test/support/synthetic-blocklist.js';

const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const SCAN_QUERIES = Number(process.env.BENCH_SCAN_QUERIES ?? 1000);
const list: IndexList = { id: 'l', name: 'bench', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

async function ofacEntries(): Promise<BlocklistEntry[]> {
  const dir = new URL('../../shared/datasets/blocklists/ofac/', import.meta.url);
  const entries: BlocklistEntry[] = [];
  for await (const row of parseOfacSdn({
    sdn: createReadStream(new URL('sdn.csv', dir)),
    alt: createReadStream(new URL('alt.csv', dir)),
    add: createReadStream(new URL('add.csv', dir)),
    comments: createReadStream(new URL('sdn_comments.csv', dir)),
  })) {
    if (row.kind === 'entry') entries.push(row.entry);
  }
  return entries;
}

function measure(name: string, entries: BlocklistEntry[]) {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = new BlocklistIndex([list], entries.map((entry, i) => ({ id: `e${i}`, listId: 'l', entry })));
  const buildSeconds = (performance.now() - t0) / 1000;
  global.gc?.();
  const heapMb = mb(process.memoryUsage().heapUsed - before);

  const queries = syntheticQueries(entries, QUERIES, 99);
  for (const q of queries.slice(0, 50)) index.screen(q); // warm-up
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += index.screen(q).length > 0 ? 1 : 0;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);

  const sample = queries.slice(0, Math.min(SCAN_QUERIES, queries.length));
  let misses = 0;
  let extra = 0;
  const scanStarted = performance.now();
  for (const q of sample) {
    const a = index.screen(q).map((h) => h.entryId).sort().join();
    const b = index.fullScan(q).map((h) => h.entryId).sort().join();
    if (a !== b) {
      const fromIndex = new Set(a.split(','));
      const fromScan = new Set(b.split(','));
      misses += [...fromScan].filter((x) => x && !fromIndex.has(x)).length;
      extra += [...fromIndex].filter((x) => x && !fromScan.has(x)).length;
    }
  }
  return {
    list: name,
    entries: entries.length,
    buildSeconds: +buildSeconds.toFixed(2),
    heapMb,
    queries: queries.length,
    queriesWithHits: hits,
    p50Ms: +percentile(times, 50).toFixed(3),
    p99Ms: +percentile(times, 99).toFixed(3),
    maxMs: +times.at(-1)!.toFixed(3),
    fullScanCompared: sample.length,
    hitsMissedByIndex: misses,
    hitsOnlyInIndex: extra,
    fullScanSeconds: +((performance.now() - scanStarted) / 1000).toFixed(1),
  };
}

async function main() {
  const results = [measure('ofac-sdn-2021', await ofacEntries())];
  process.stderr.write(`${JSON.stringify(results[0])}\n`);
  for (const size of sizes) {
    const r = measure(`synthetic-${size}`, syntheticEntries(size, 42));
    process.stderr.write(`${JSON.stringify(r)}\n`);
    results.push(r);
  }
  process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: `${cpus().length} x ${cpus()[0]?.model}`, results }, null, 2)}\n`);
}

void main();
