import { describe, expect, it } from 'vitest';
import type { ImportRow } from '../../src/domain/blocklist/import/import-row.js';
import { parseNdjsonEntries } from '../../src/domain/blocklist/import/ndjson-entries.js';
import { readTextLines } from '../../src/domain/blocklist/import/text-lines.js';

async function rowsOf(source: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of parseNdjsonEntries(source, { file: 'list.ndjson' })) rows.push(row);
  return rows;
}

describe('blocklist import: NDJSON entries', () => {
  it('reads one entry per line in the entry shape, filling the defaults', async () => {
    const line = JSON.stringify({
      externalId: 'F-1',
      fullName: 'Trần Văn Nam',
      aliases: ['Tran Van Nam'],
      datesOfBirth: ['1985-07'],
      identifiers: [{ type: 'CCCD', number: '001085012345', country: 'VN' }],
      nationalities: ['VN'],
      reason: 'Forged payslips, application 2024-117',
    });
    const rows = await rowsOf([`${line}\n`]);
    expect(rows).toEqual([
      {
        kind: 'entry',
        file: 'list.ndjson',
        line: 1,
        entry: {
          externalId: 'F-1',
          fullName: 'Trần Văn Nam',
          aliases: ['Tran Van Nam'],
          datesOfBirth: ['1985-07'],
          identifiers: [{ type: 'CCCD', number: '001085012345', country: 'VN' }],
          nationalities: ['VN'],
          entityType: 'person',
          reason: 'Forged payslips, application 2024-117',
        },
      },
    ]);
  });

  it('skips blank lines and reports each bad line with its number and reason', async () => {
    const text = [
      '{"externalId":"a","fullName":"Ivan Petrov"}', // 1
      '', // 2
      '   ', // 3
      '{"externalId":"b","fullName":', // 4: cut off
      '["externalId","c"]', // 5: not an object
      '{"externalId":"d","fullName":"X","full_name":"X"}', // 6: snake_case key
      '{"externalId":"e","fullName":"Y","nationalities":["Vietnam"]}', // 7: not a code
      '{"externalId":"f","fullName":"Z","entityType":"company"}', // 8
    ].join('\r\n');
    const rows = await rowsOf([text]);
    expect(rows.map((r) => (r.kind === 'entry' ? [r.line, r.entry.externalId] : [r.line, r.reason]))).toEqual([
      [1, 'a'],
      [4, expect.stringMatching(/^not valid JSON: /)],
      [5, 'expected a JSON object, got an array'],
      [6, 'unknown field(s) full_name'],
      [7, 'nationalities.0: must be an ISO 3166-1 alpha-2 code'],
      [8, 'f'],
    ]);
  });

  it('reads a last line without a line break, and a byte-order mark on the first', async () => {
    const rows = await rowsOf(['\uFEFF{"externalId":"a","fullName":"A"}\n{"externalId":"b","fullName":"B"}']);
    expect(rows.map((r) => r.kind === 'entry' && r.entry.externalId)).toEqual(['a', 'b']);
  });

  it('streams: decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('{"externalId":"1","fullName":"王建国"}\n{"externalId":"2","fullName":"Đặng Thị Hà"}\n');
    async function* threeBytesAtATime() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const rows = await rowsOf(threeBytesAtATime());
    expect(rows.map((r) => r.kind === 'entry' && r.entry.fullName)).toEqual(['王建国', 'Đặng Thị Hà']);
  });

  it('reports a line too long to hold instead of keeping it in memory', async () => {
    const lines = [];
    for await (const line of readTextLines(['short\n', 'x'.repeat(50), 'y'.repeat(50), '\nafter\n'], 64)) lines.push(line);
    expect(lines).toEqual([
      { line: 1, text: 'short' },
      { line: 2, tooLong: true },
      { line: 3, text: 'after' },
    ]);
  });
});
