import { describe, expect, it } from 'vitest';
import { BlocklistIndex, type IndexList } from '../../src/domain/blocklist/matching/blocklist-index.js';
import { syntheticEntries, syntheticQueries } from '../support/synthetic-blocklist.js';

const list: IndexList = { id: 'l1', name: 'synthetic', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 };

describe('the blocklist index', () => {
  const entries = syntheticEntries(8_000, 7);
  const index = new BlocklistIndex([list], entries.map((entry, i) => ({ id: `e${i}`, listId: 'l1', entry })));

  it('finds exactly the hits a full scan finds, on 200 seeded queries over 8,000 entries', () => {
    const queries = syntheticQueries(entries, 200, 11);
    let withHits = 0;
    for (const query of queries) {
      const fromIndex = index.screen(query);
      expect(fromIndex, query.fullName).toEqual(index.fullScan(query));
      if (fromIndex.length > 0) withHits++;
    }
    // The sample is meaningful: most perturbed names of listed people are found.
    expect(withHits).toBeGreaterThan(80);
  });

  it('finds an entry by a national ID written with dashes and spaces, whatever the name', () => {
    const target = entries.find((e) => e.identifiers.length > 0)!;
    const raw = target.identifiers[0]!.number;
    const hits = index.screen({ fullName: 'Completely Different', nationalId: { type: 'CCCD', number: `${raw.slice(0, 3)}-${raw.slice(3, 6)} ${raw.slice(6)}`, country: target.identifiers[0]!.country! } });
    expect(hits[0]).toMatchObject({ entryId: `e${entries.indexOf(target)}`, strength: 'strong', matchedOn: 'identifier', score: 1 });
  });

  it('honours a list with a lower review threshold without losing hits', () => {
    const lenient = { ...list, reviewThreshold: 0.7 };
    const small = syntheticEntries(1_000, 3);
    const lenientIndex = new BlocklistIndex([lenient], small.map((entry, i) => ({ id: `e${i}`, listId: 'l1', entry })));
    for (const query of syntheticQueries(small, 60, 5)) {
      expect(lenientIndex.screen(query)).toEqual(lenientIndex.fullScan(query));
    }
  });
});
