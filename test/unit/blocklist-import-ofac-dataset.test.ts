import { createReadStream } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffEntries, entryContentHash } from '../../src/domain/blocklist/import/diff.js';
import { parseOfacSdn, type OfacSdnRow, type OfacSdnSources } from '../../src/domain/blocklist/import/ofac-sdn.js';

/**
 * The OFAC snapshots in ../shared/datasets/blocklists/ (beside the repository, here and in CI),
 * checked against the counts their README states. Resolved from this file, not the working
 * directory.
 */
const ofacDir = new URL('../../../shared/datasets/blocklists/ofac/', import.meta.url);
const file = (name: string) => createReadStream(new URL(name, ofacDir));

async function parse(sources: OfacSdnSources): Promise<OfacSdnRow[]> {
  const rows: OfacSdnRow[] = [];
  for await (const row of parseOfacSdn(sources)) rows.push(row);
  return rows;
}

const fullSet = (): OfacSdnSources => ({
  sdn: file('sdn.csv'),
  alt: file('alt.csv'),
  add: file('add.csv'),
  comments: file('sdn_comments.csv'),
});

type Accepted = Extract<OfacSdnRow, { kind: 'entry' }>;
const countWhere = (rows: Accepted[], test: (r: Accepted) => boolean) => rows.filter(test).length;
const hasLabel = (r: Accepted, test: (label: string) => boolean) => r.details.remarks.identifiers.some((i) => test(i.label));

describe('blocklist import: the OFAC SDN snapshot of 2021 (sdn, alt, add, sdn_comments)', () => {
  let rows: OfacSdnRow[];
  let accepted: Accepted[];
  beforeAll(async () => {
    rows = await parse(fullSet());
    accepted = rows.filter((r): r is Accepted => r.kind === 'entry');
  });

  it('imports all 8,976 sdn.csv records, rejecting none', () => {
    expect(rows.filter((r) => r.kind === 'rejected')).toEqual([]);
    expect(accepted).toHaveLength(8976);
    expect(new Set(accepted.map((r) => r.entry.externalId)).size).toBe(8976);
    expect(Math.max(...accepted.map((r) => Number(r.entry.externalId)))).toBe(32391);
  });

  it('keeps the 165 distinct Program values as source references', () => {
    expect(new Set(accepted.map((r) => r.entry.sourceReference)).size).toBe(165);
  });

  it('maps SDN_Type: 4,620 individuals, 3,673 entities, 406 vessels, 277 aircraft', () => {
    const byType: Record<string, number> = {};
    for (const r of accepted) byType[r.entry.entityType] = (byType[r.entry.entityType] ?? 0) + 1;
    expect(byType).toEqual({
      person: 4620,
      company: 3673,
      vessel: 406,
      aircraft: 277,
    });
  });

  it('attaches all 11,910 alt.csv rows, each name found among its entry’s aliases, and counts the 13,837 addresses', () => {
    expect(accepted.reduce((n, r) => n + r.details.altNames, 0)).toBe(11910);
    expect(accepted.reduce((n, r) => n + r.details.addresses, 0)).toBe(13837);
    // 2 alt names repeat another of the same listing and 4 repeat the primary name: kept once.
    expect(accepted.reduce((n, r) => n + r.entry.aliases.length - r.details.remarks.weakAliases.length, 0)).toBe(11910 - 2 - 4);
  });

  it('reads a date of birth from all 4,428 records whose remarks give one', () => {
    expect(countWhere(accepted, (r) => r.entry.datesOfBirth.length > 0)).toBe(4428);
    expect(accepted.flatMap((r) => r.details.remarks.unresolved)).toEqual([]);
  });

  it('reads a nationality from all 2,058 records with `nationality`; `citizen` adds more', () => {
    expect(countWhere(accepted, (r) => r.details.remarks.nationalities.length > 0)).toBe(2058);
    expect(countWhere(accepted, (r) => r.details.remarks.citizenships.length > 0)).toBe(862);
    expect(countWhere(accepted, (r) => r.entry.nationalities.length > 0)).toBe(2546);
  });

  it('reads a `National ID No.` from all 530 records that have one', () => {
    expect(countWhere(accepted, (r) => hasLabel(r, (l) => l === 'National ID No.'))).toBe(530);
  });

  it('reads a passport from the 1,191 records the README counts, plus one whose passport is in sdn_comments.csv', () => {
    expect(countWhere(accepted, (r) => r.entry.identifiers.some((i) => i.type === 'passport'))).toBe(1192);
    const continued = accepted.find((r) => r.entry.externalId === '29703');
    expect(continued?.details.remarksContinued).toBe(true);
    expect(continued?.entry.identifiers).toContainEqual({ type: 'passport', number: '4005504207', country: 'RU' });
  });

  it('reads the 2,415 weak aliases of sdn.csv remarks, completing the one cut at 1,000 characters, plus 2 in sdn_comments.csv', () => {
    expect(accepted.reduce((n, r) => n + r.details.remarks.weakAliases.length, 0)).toBe(2417);
    expect(accepted.find((r) => r.entry.externalId === '28263')?.entry.aliases).toContain('snowsjohn');
  });

  it('extracts 18-digit PRC resident ID numbers with China as the issuing country', () => {
    const prc = accepted.flatMap((r) => r.entry.identifiers.filter((i) => i.country === 'CN' && /^\d{17}[\dX]$/.test(i.number)));
    expect(prc.length).toBeGreaterThanOrEqual(30);
    expect(prc).toContainEqual({ type: 'identification_number', number: '210302198701102136', country: 'CN' });
  });

  it('reports no change when the list is diffed against itself, and the same again on a second parse', async () => {
    const current = new Map(accepted.map((r) => [r.entry.externalId, { contentHash: entryContentHash(r.entry) }]));
    const again = await parse(fullSet());
    const diff = await diffEntries(current, again.filter((r): r is Accepted => r.kind === 'entry'), { mode: 'replace' });
    expect(diff).toMatchObject({ added: [], changed: [], removed: [], unchanged: 8976, duplicates: [] });
  });
});

describe('blocklist import: the OFAC SDN snapshot of 2024-05-03 (sdn.csv only)', () => {
  let accepted: Accepted[];
  let rejected: OfacSdnRow[];
  beforeAll(async () => {
    const rows = await parse({ sdn: file('sdn_only_2024-05-03/sdn.csv') });
    accepted = rows.filter((r): r is Accepted => r.kind === 'entry');
    rejected = rows.filter((r) => r.kind === 'rejected');
  });

  it('imports all 14,965 records on their own: 6,854 individuals, 6,884 entities, 851 vessels, 376 aircraft', () => {
    expect(rejected).toEqual([]);
    expect(accepted).toHaveLength(14965);
    expect(Math.max(...accepted.map((r) => Number(r.entry.externalId)))).toBe(48907);
    const count = (type: string) => countWhere(accepted, (r) => r.entry.entityType === type);
    expect([count('person'), count('company'), count('vessel'), count('aircraft')]).toEqual([6854, 6884, 851, 376]);
  });

  it('keeps the 215 distinct Program values, the largest RUSSIA-EO14024 alone on 4,274 records', () => {
    expect(new Set(accepted.map((r) => r.entry.sourceReference)).size).toBe(215);
    expect(countWhere(accepted, (r) => r.entry.sourceReference === '[RUSSIA-EO14024]')).toBe(4274);
  });

  it('reads a `National ID No.` from all 1,108 records that have one, 18-digit PRC IDs among them', () => {
    expect(countWhere(accepted, (r) => hasLabel(r, (l) => l === 'National ID No.'))).toBe(1108);
    const prc = accepted.flatMap((r) =>
      r.details.remarks.identifiers.filter((i) => i.label === 'National ID No.' && i.country === 'CN' && /^\d{17}[\dX]$/.test(i.number)),
    );
    expect(prc.length).toBeGreaterThan(0);
  });
});
