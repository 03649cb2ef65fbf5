import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticEntries, syntheticQueries } from '../../bench/synthetic-blocklist.js';
import { BlocklistIndex, type IndexedList } from '../../src/domain/blocklist/blocklist-index.js';
import type { BlocklistEntry } from '../../src/domain/blocklist/entry.js';
import { matchEntry } from '../../src/domain/blocklist/entry-matching.js';

const sanctions: IndexedList = { id: 'sdn', name: 'sanctions', kind: 'sanctions', action: 'reject', strongThreshold: 0.92, reviewThreshold: 0.85, version: 3 };
const fraud: IndexedList = { id: 'fraud', name: 'internal-fraud', kind: 'fraud', action: 'review', strongThreshold: 0.95, reviewThreshold: 0.8, version: 1 };

const listed = (overrides: Partial<BlocklistEntry> = {}): BlocklistEntry => ({
  externalId: 'x',
  fullName: 'NGUYEN VAN DUC',
  aliases: [],
  datesOfBirth: [],
  identifiers: [],
  nationalities: [],
  entityType: 'person',
  ...overrides,
});

describe('the blocklist index', () => {
  const entries = syntheticEntries(20_000, 20261123);
  const index = new BlocklistIndex(
    [sanctions, fraud],
    entries.map((entry, i) => ({ id: `e${i}`, listId: i % 4 === 0 ? fraud.id : sanctions.id, entry })),
  );

  it('full scan: passing over names with no token that can pair changes no answer (against scoring every name)', () => {
    const queries = [...syntheticQueries(entries, 60, 13), { fullName: 'Jianguo Wang' }, { fullName: 'Abd al Rahman' }, { fullName: 'Nguyen Van' }];
    for (const query of queries) expect(index.fullScan(query), JSON.stringify(query)).toEqual(index.fullScan(query, { exhaustive: true }));
  });

  it(
    'returns exactly the hits of a full scan, on 300 seeded queries over 20,000 entries in two lists',
    () => {
      const queries = syntheticQueries(entries, 300, 7);
      let withHits = 0;
      for (const query of queries) {
        const hits = index.screen(query);
        expect(hits, JSON.stringify(query)).toEqual(index.fullScan(query));
        if (hits.length > 0) withHits++;
      }
      // The sample means something: most perturbed names of listed people are found.
      expect(withHits).toBeGreaterThan(120);
    },
    180_000,
  );

  it('scores each hit as matchEntry scores the pair', () => {
    const random = seededRandom(99);
    for (const query of syntheticQueries(entries, 40, 13)) {
      for (const hit of index.screen(query)) {
        const e = Number(hit.entryId.slice(1));
        const list = e % 4 === 0 ? fraud : sanctions;
        const m = matchEntry(query, entries[e]!, { strong: list.strongThreshold, review: list.reviewThreshold });
        expect({ score: hit.score, strength: hit.strength, matchedName: hit.matchedName, explanation: hit.explanation }).toEqual({
          score: m.score,
          strength: m.strength,
          matchedName: m.matchedName,
          explanation: m.explanation,
        });
      }
      // And an entry it leaves out is no hit for matchEntry either.
      const e = Math.floor(random() * entries.length);
      if (!index.screen(query).some((hit) => hit.entryId === `e${e}`)) {
        const list = e % 4 === 0 ? fraud : sanctions;
        expect(matchEntry(query, entries[e]!, { strong: list.strongThreshold, review: list.reviewThreshold }).strength).toBeNull();
      }
    }
  });

  it('finds an entry by a national ID written with spaces and dashes, whatever the name and date of birth', () => {
    const target = entries.findIndex((entry) => entry.identifiers.length > 0 && entry.datesOfBirth.length > 0);
    const id = entries[target]!.identifiers[0]!;
    const hits = index.screen({
      fullName: 'Completely Different',
      dateOfBirth: '1901-01-01',
      nationalId: { type: 'CCCD', number: `${id.number.slice(0, 3)}-${id.number.slice(3, 6)} ${id.number.slice(6)}`, country: id.country },
    });
    expect(hits[0]).toMatchObject({ entryId: `e${target}`, score: 1, strength: 'strong', matchedOn: 'identifier', fields: { identifier: 'agreed' } });
  });

  it('gives a strong hit its list’s action and a possible hit review, each list at its own thresholds', () => {
    const small = new BlocklistIndex(
      [sanctions, fraud],
      [
        { id: 'a', listId: sanctions.id, entry: listed({ fullName: 'NGUYEN VAN AN' }) },
        { id: 'b', listId: fraud.id, entry: listed({ fullName: 'NGUYEN VAN AN' }) },
      ],
    );
    const hits = small.screen({ fullName: 'Nguyễn An' });
    expect(hits.map((h) => [h.entryId, h.strength, h.action])).toEqual([
      ['b', 'possible', 'review'],
      ['a', 'possible', 'review'],
    ]);
    expect(small.screen({ fullName: 'Nguyễn Văn An' }).map((h) => [h.entryId, h.strength, h.action])).toEqual([
      ['b', 'strong', 'review'],
      ['a', 'strong', 'reject'],
    ]);
  });

  it('agrees with a full scan on joined and split names, initials and a lenient list', () => {
    const lenient: IndexedList = { ...fraud, id: 'lenient', reviewThreshold: 0.6, strongThreshold: 0.9 };
    const names = [
      'WANG JIAN GUO', 'Wang Jianguo', '王建国', 'ZHOU JIE LUN', 'AL-RASHID, Ahmed', 'Ahmed Alrashid', 'Abd al-Rahman Khalil',
      'SMITH, J.', 'JOHN ROBERT SMITH', 'A. K. SHARMA', 'Anil Kumar Sharma', 'KIM JONG UN', 'Kim Jong-un', 'NGUYEN V. AN',
    ];
    const small = new BlocklistIndex(
      [sanctions, lenient],
      names.map((fullName, i) => ({ id: `n${i}`, listId: i % 2 === 0 ? sanctions.id : lenient.id, entry: listed({ fullName }) })),
    );
    const queries = ['Jian Guo Wang', 'Wangjianguo', 'Zhou Jielun', 'Ahmed al Rashid', 'Abdulrahman Khalil', 'J. R. Smith', 'A. Sharma', 'Kim Jongun', 'Nguyen Van An', 'J. Smith'];
    for (const fullName of queries) expect(small.screen({ fullName }), fullName).toEqual(small.fullScan({ fullName }));
  });

  it('finds long names by their later tokens, as a full scan does (names of more than five tokens)', () => {
    const names = [
      'Abu Bakr al-Baghdadi Ibrahim Awad Ibrahim al-Badri al-Samarrai',
      'María de los Ángeles Fernández de Córdoba y Pérez de Guzmán',
      'Nguyễn Thị Minh Khai Hoàng Phương Lan',
      'Ivan Ivanovich Ivanov Petrov Sidorov Kuznetsov',
    ];
    const small = new BlocklistIndex(
      [sanctions],
      names.map((fullName, i) => ({ id: `long${i}`, listId: sanctions.id, entry: listed({ fullName }) })),
    );
    const queries = ['Ibrahim Awad Ibrahim al-Badri', 'al-Samarrai Ibrahim', 'Angeles Fernandez de Cordoba Perez de Guzman', 'Hoang Phuong Lan', 'Petrov Sidorov Kuznetsov', 'Ivanov Kuznetsov'];
    for (const fullName of queries) expect(small.screen({ fullName }), fullName).toEqual(small.fullScan({ fullName }));
    expect(small.screen({ fullName: 'Ibrahim Awad Ibrahim al-Badri al-Samarrai' }).map((h) => h.entryId)).toEqual(['long0']);
  });
});
