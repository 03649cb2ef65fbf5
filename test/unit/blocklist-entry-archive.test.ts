import { describe, expect, it } from 'vitest';
import { blocklistEntryInputSchema, type BlocklistEntry } from '../../src/domain/blocklist/entry.js';
import { EntryArchive } from '../../src/domain/blocklist/entry-archive.js';

const entry = (input: Record<string, unknown>): BlocklistEntry => blocklistEntryInputSchema.parse(input);

const listed: BlocklistEntry[] = [
  entry({ externalId: '1', fullName: 'Nguyễn Văn Thành', datesOfBirth: ['1970-03'], nationalities: ['VN'], identifiers: [{ type: 'CCCD', number: '001070012345', country: 'VN' }] }),
  entry({ externalId: '2', fullName: 'Сергей Иванович Петров', aliases: ['Sergei Petrov', 'S. I. Petrov'], reason: 'Sanctions — “designated”' }),
  entry({ externalId: '3', fullName: '王建国', aliases: ['Wang Jianguo'], entityType: 'person' }),
  entry({ externalId: '4', fullName: 'Acme Trading LLC', entityType: 'company', sourceReference: 'https://example.org/list#4' }),
];

describe('the entry archive (list entries kept outside the heap)', () => {
  it('gives back every entry exactly as it was added, in any script', () => {
    const archive = new EntryArchive();
    const numbers = listed.map((e) => archive.add(e));
    archive.seal();
    expect(numbers).toEqual([0, 1, 2, 3]);
    expect(archive.size).toBe(4);
    listed.forEach((e, i) => expect(archive.get(i)).toEqual(e));
  });

  it('gives a fresh copy each time, so a caller changing one cannot change the list', () => {
    const archive = new EntryArchive();
    archive.add(listed[1]!);
    archive.seal();
    const first = archive.get(0);
    first.aliases.push('someone else');
    first.fullName = 'changed';
    expect(archive.get(0)).toEqual(listed[1]);
  });

  it('holds many entries across its buffers, and an entry larger than one buffer', () => {
    const archive = new EntryArchive({ chunkBytes: 1024 });
    const many = Array.from({ length: 300 }, (_, i) => entry({ externalId: `x${i}`, fullName: `Person Number ${i} Ünal`, aliases: [`P${i}`] }));
    const large = entry({ externalId: 'large', fullName: 'Someone With Many Names', aliases: Array.from({ length: 100 }, (_, i) => `Alias Number ${i} Nguyễn`) });
    const all = [...many.slice(0, 150), large, ...many.slice(150)];
    for (const e of all) archive.add(e);
    archive.seal();
    expect(archive.byteLength).toBeGreaterThan(20 * 1024);
    expect(archive.size).toBe(301);
    all.forEach((e, i) => expect(archive.get(i)).toEqual(e));
  });

  it('is read-only once sealed and unreadable before', () => {
    const archive = new EntryArchive();
    archive.add(listed[0]!);
    expect(() => archive.get(0)).toThrow(/not sealed/);
    archive.seal();
    expect(() => archive.add(listed[1]!)).toThrow(/sealed/);
  });
});
