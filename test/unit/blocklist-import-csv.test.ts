import { describe, expect, it } from 'vitest';
import { parseCsvEntries, parseIdentifierCell } from '../../src/domain/blocklist/import/csv-entries.js';
import { ImportFileError } from '../../src/domain/blocklist/import/import-file-error.js';
import type { ImportRow } from '../../src/domain/blocklist/import/import-row.js';

async function rowsOf(source: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of parseCsvEntries(source, { file: 'list.csv' })) rows.push(row);
  return rows;
}

const header =
  'external_id,full_name,aliases,dates_of_birth,identifiers,nationalities,entity_type,reason,source_reference';

describe('blocklist import: CSV entries', () => {
  it('reads every column of the documented format into an entry', async () => {
    const csv = [
      header,
      'VN-001,Nguyễn Văn Đức,Nguyen Van Duc|Duc Nguyen,1980-01-02|1981,national_id:079123456789:vn|passport:B1234567,VN,person,Convicted of loan fraud,Court record 12/2023',
    ].join('\r\n');
    const [row] = await rowsOf([csv]);
    expect(row).toEqual({
      kind: 'entry',
      file: 'list.csv',
      line: 2,
      entry: {
        externalId: 'VN-001',
        fullName: 'Nguyễn Văn Đức',
        aliases: ['Nguyen Van Duc', 'Duc Nguyen'],
        datesOfBirth: ['1980-01-02', '1981'],
        identifiers: [
          { type: 'national_id', number: '079123456789', country: 'VN' },
          { type: 'passport', number: 'B1234567' },
        ],
        nationalities: ['VN'],
        entityType: 'person',
        reason: 'Convicted of loan fraud',
        sourceReference: 'Court record 12/2023',
      },
    });
  });

  it('needs only external_id and full_name, in any column order, and fills the defaults', async () => {
    const rows = await rowsOf(['full_name,external_id\n王建国,CN-7\n']);
    expect(rows).toEqual([
      {
        kind: 'entry',
        file: 'list.csv',
        line: 2,
        entry: {
          externalId: 'CN-7',
          fullName: '王建国',
          aliases: [],
          datesOfBirth: [],
          identifiers: [],
          nationalities: [],
          entityType: 'person',
        },
      },
    ]);
  });

  it('reports bad rows with their line and reason and keeps the good ones', async () => {
    const csv = [
      'external_id,full_name,dates_of_birth,entity_type,identifiers', // line 1
      'A1,Ivan Petrov,1970-05,person,', // 2: fine
      'A2,,1970,person,', // 3: no name
      '', // 4: blank, skipped
      'A3,Olga Ivanova,05/12/1970,person,', // 5: date not in the format
      'A4,"Acme, LLC",,corporation,', // 6: unknown entity type
      'A5,Juan Perez,,person,passport', // 7: identifier without a number
      'A6,Too,Many,Fields,Here,Now', // 8: six fields under five columns
      'A7,"Maria', // 9: a quoted name spanning two lines: names hold no line breaks
      'Lopez",1990,person,', // 10
      'A8,Chen Wei,,person,', // 11: fine, and numbered right after the two-line record
    ].join('\r\n');
    const rows = await rowsOf([csv]);
    const summary = rows.map((r) => (r.kind === 'entry' ? [r.line, r.entry.externalId] : [r.line, r.reason]));
    expect(summary).toEqual([
      [2, 'A1'],
      [3, expect.stringMatching(/^fullName: /)],
      [5, 'datesOfBirth.0: must be YYYY, YYYY-MM or YYYY-MM-DD'],
      [6, expect.stringMatching(/^entityType: /)],
      [7, 'identifiers: "passport" is not written type:number or type:number:country'],
      [8, 'has 6 fields where the header has 5 columns'],
      [9, 'fullName: must be well-formed text without control characters'],
      [11, 'A8'],
    ]);
  });

  it('skips rows of empty cells, and names the external id of a rejected row when it can be read', async () => {
    const rows = await rowsOf(['external_id,full_name,dates_of_birth\n,,\n A9 ,Ivan,1970-1-1\n']);
    expect(rows).toEqual([
      {
        kind: 'rejected',
        file: 'list.csv',
        line: 3,
        reason: 'datesOfBirth.0: must be YYYY, YYYY-MM or YYYY-MM-DD',
        externalId: 'A9',
      },
    ]);
  });

  it('refuses a header with unknown columns before reading any row, naming them', async () => {
    const error = await rowsOf(['external_id,full_name,date_of_birth,notes\n1,A,1970,x\n']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).message).toContain('unknown column(s) "date_of_birth", "notes"');
    expect((error as ImportFileError).line).toBe(1);
  });

  it('refuses a header without a required column, and an empty file', async () => {
    await expect(rowsOf(['external_id,aliases\n1,A\n'])).rejects.toThrow(/missing required column\(s\) full_name/);
    await expect(rowsOf([''])).rejects.toThrow(/header row is required/);
  });

  it('refuses a file whose quote never closes, rather than silently losing the rows after it', async () => {
    const csv = 'external_id,full_name\n1,A\n2,"B\n3,C\n4,D\n';
    await expect(rowsOf([csv])).rejects.toThrow(/line 3: a quoted field starting here is never closed/);
  });

  it('keeps a stray quote inside a field as text instead of giving up on the file', async () => {
    const rows = await rowsOf(['external_id,full_name\n1,The "Boss" Gang\n2,B\n']);
    expect(rows.map((r) => r.kind === 'entry' && r.entry.fullName)).toEqual(['The "Boss" Gang', 'B']);
  });

  it('streams: decodes UTF-8 split across chunks, skips a byte-order mark, counts CR LF lines once', async () => {
    const bytes = Buffer.from(`\uFEFF${header.split(',').slice(0, 3).join(',')}\r\n1,Trần Thị Đào,"Đào|Tran Thi Dao"\r\n2,"Lê\r\nVăn",\r\n3,Đỗ,\r\n`);
    async function* oneByteAtATime() {
      for (let i = 0; i < bytes.length; i += 1) yield bytes.subarray(i, i + 1);
    }
    const rows = await rowsOf(oneByteAtATime());
    expect(rows.map((r) => (r.kind === 'entry' ? [r.line, r.entry.fullName, r.entry.aliases] : [r.line, r.kind]))).toEqual([
      [2, 'Trần Thị Đào', ['Đào', 'Tran Thi Dao']],
      [3, 'rejected'],
      [5, 'Đỗ', []],
    ]);
  });

  it('reads identifier cells as type:number[:country]', () => {
    expect(parseIdentifierCell('national_id:079123456789:VN')).toEqual({ type: 'national_id', number: '079123456789', country: 'VN' });
    expect(parseIdentifierCell('passport: B 123 ')).toEqual({ type: 'passport', number: 'B 123' });
    expect(parseIdentifierCell('tax_id:12:34:de')).toEqual({ type: 'tax_id', number: '12:34', country: 'DE' });
    expect(parseIdentifierCell(':123')).toBeUndefined();
    expect(parseIdentifierCell('passport:')).toBeUndefined();
  });
});
