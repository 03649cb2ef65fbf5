import { describe, expect, it } from 'vitest';
import { blocklistEntryInputSchema, type BlocklistEntry, type BlocklistEntryInput } from '../../src/domain/blocklist/entry.js';
import { diffEntries, entryContentHash, type CurrentEntries } from '../../src/domain/blocklist/import/diff.js';
import type { AcceptedRow, ImportRow } from '../../src/domain/blocklist/import/import-row.js';
import { importEntries } from '../../src/domain/blocklist/import/import-report.js';

function entry(overrides: Partial<BlocklistEntryInput> = {}): BlocklistEntry {
  return blocklistEntryInputSchema.parse({ externalId: 'E1', fullName: 'Nguyen Van Duc', ...overrides });
}

function currentOf(...entries: BlocklistEntry[]): CurrentEntries {
  return new Map(entries.map((e) => [e.externalId, { contentHash: entryContentHash(e) }]));
}

const row = (line: number, e: BlocklistEntry): AcceptedRow => ({ kind: 'entry', file: 'list.csv', line, entry: e });

describe('blocklist import: entry content hash', () => {
  it('does not depend on the order of aliases, dates of birth, identifiers or nationalities, nor on repeats', () => {
    const a = entry({
      aliases: ['Duc Nguyen', 'N. V. Duc'],
      datesOfBirth: ['1980', '1981'],
      identifiers: [
        { type: 'passport', number: 'B1' },
        { type: 'national_id', number: '079', country: 'VN' },
      ],
      nationalities: ['VN', 'US'],
    });
    const b = entry({
      nationalities: ['US', 'VN'],
      identifiers: [
        { country: 'VN', number: '079', type: 'national_id' },
        { type: 'passport', number: 'B1' },
      ],
      datesOfBirth: ['1981', '1980'],
      aliases: ['N. V. Duc', 'Duc Nguyen', 'Duc Nguyen'],
    });
    expect(entryContentHash(a)).toBe(entryContentHash(b));
    expect(entryContentHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when anything listed changes', () => {
    const base = entry({ aliases: ['Duc Nguyen'] });
    for (const changed of [
      entry({ aliases: ['Duc Nguyen', 'D. Nguyen'] }),
      entry({ aliases: ['Duc Nguyen'], fullName: 'Nguyen Van Duc Jr' }),
      entry({ aliases: ['Duc Nguyen'], datesOfBirth: ['1980'] }),
      entry({ aliases: ['Duc Nguyen'], entityType: 'unknown' }),
      entry({ aliases: ['Duc Nguyen'], reason: 'fraud' }),
    ]) {
      expect(entryContentHash(changed)).not.toBe(entryContentHash(base));
    }
  });
});

describe('blocklist import: diff against the current list', () => {
  const kept = entry({ externalId: 'keep' });
  const edited = entry({ externalId: 'edit', aliases: ['old alias'] });
  const dropped = entry({ externalId: 'drop' });
  const current = currentOf(kept, edited, dropped);
  const incoming = [
    entry({ externalId: 'keep' }),
    entry({ externalId: 'edit', aliases: ['new alias'] }),
    entry({ externalId: 'new' }),
  ];

  it('in replace mode reports added, changed, unchanged, and removed for ids the file no longer holds', async () => {
    const diff = await diffEntries(current, incoming, { mode: 'replace' });
    expect(diff).toEqual({
      mode: 'replace',
      added: ['new'],
      changed: ['edit'],
      unchanged: 1,
      removed: ['drop'],
      retained: [],
      duplicates: [],
    });
  });

  it('in upsert mode removes nothing', async () => {
    const diff = await diffEntries(current, incoming, { mode: 'upsert' });
    expect(diff).toMatchObject({ added: ['new'], changed: ['edit'], unchanged: 1, removed: [] });
  });

  it('reports no change when the same list is imported again', async () => {
    const diff = await diffEntries(current, [kept, edited, dropped], { mode: 'replace' });
    expect(diff).toMatchObject({ added: [], changed: [], removed: [], unchanged: 3 });
  });

  it('keeps, rather than removes, an entry whose row in the file was rejected', async () => {
    const diff = await diffEntries(
      current,
      [
        row(2, entry({ externalId: 'keep' })),
        { kind: 'rejected', file: 'list.csv', line: 3, reason: 'datesOfBirth.0: must be YYYY, YYYY-MM or YYYY-MM-DD', externalId: 'edit' },
      ],
      { mode: 'replace' },
    );
    expect(diff).toMatchObject({ unchanged: 1, changed: [], removed: ['drop'], retained: ['edit'] });
  });

  it('rejects a later row that repeats an external id, naming the line of the first', async () => {
    const diff = await diffEntries(
      new Map(),
      [row(2, entry({ externalId: 'X' })), row(3, entry({ externalId: 'Y' })), row(7, entry({ externalId: 'X', fullName: 'Other' }))],
      { mode: 'replace' },
    );
    expect(diff.added).toEqual(['X', 'Y']);
    expect(diff.duplicates).toEqual([
      { kind: 'rejected', file: 'list.csv', line: 7, reason: 'duplicate externalId "X": already given on line 2' },
    ]);
  });
});

describe('blocklist import: report', () => {
  it('counts rows read, accepted, rejected and retained, lists the first rejections, and hands each entry on classified', async () => {
    const current = currentOf(entry({ externalId: 'A' }), entry({ externalId: 'B' }), entry({ externalId: 'Z' }));
    const rows: ImportRow[] = [
      row(2, entry({ externalId: 'A' })),
      { kind: 'rejected', file: 'list.csv', line: 3, reason: 'fullName: Too small', externalId: 'Z' },
      row(4, entry({ externalId: 'B', reason: 'now with a reason' })),
      { kind: 'rejected', file: 'list.csv', line: 5, reason: 'has 3 fields where the header has 2 columns' },
      row(6, entry({ externalId: 'C' })),
      row(7, entry({ externalId: 'A' })),
    ];
    const stored: string[] = [];
    const { report, diff } = await importEntries(rows, current, {
      mode: 'replace',
      maxRejectedItems: 2,
      onEntry: ({ kind, row: r }) => {
        stored.push(`${kind}:${r.entry.externalId}`);
      },
    });
    expect(report).toEqual({
      mode: 'replace',
      rowsRead: 6,
      accepted: 3,
      rejected: {
        total: 3,
        items: [
          { kind: 'rejected', file: 'list.csv', line: 3, reason: 'fullName: Too small', externalId: 'Z' },
          { kind: 'rejected', file: 'list.csv', line: 5, reason: 'has 3 fields where the header has 2 columns' },
        ],
      },
      added: 1,
      changed: 1,
      removed: 0,
      retained: 1,
      unchanged: 1,
    });
    expect(diff.retained).toEqual(['Z']);
    expect(diff.duplicates.map((d) => d.line)).toEqual([7]);
    expect(stored).toEqual(['unchanged:A', 'changed:B', 'added:C']);
  });
});
