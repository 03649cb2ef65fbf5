import { describe, expect, it } from 'vitest';
import { countryCodeFromName } from '../../src/domain/blocklist/import/ofac-countries.js';
import { parseSdnRemarks } from '../../src/domain/blocklist/import/ofac-remarks.js';
import { parseOfacSdn, programList, type OfacSdnRow, type OfacSdnSources } from '../../src/domain/blocklist/import/ofac-sdn.js';

/** OFAC's legacy layout: CR LF after every record, then one 0x1A byte. */
const ofacFile = (...records: string[]) => [`${records.join('\r\n')}\r\n\u001a`];
const NULL = '-0- ';

async function rowsOf(sources: OfacSdnSources): Promise<OfacSdnRow[]> {
  const rows: OfacSdnRow[] = [];
  for await (const row of parseOfacSdn(sources)) rows.push(row);
  return rows;
}

function entries(rows: OfacSdnRow[]) {
  return rows.flatMap((r) => (r.kind === 'entry' ? [r] : []));
}

// Excerpts in OFAC's format; the remarks of 7001 are cut mid-word and continued in sdn_comments.
const sdn = ofacFile(
  `306,"BANCO NACIONAL DE CUBA",${NULL},"CUBA",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},"a.k.a. 'BNC'."`,
  `7001,"LE, Van Duc","individual","SDGT] [IRGC",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},"DOB 12 Jan 1965; alt. DOB 1966; POB Hanoi, Vietnam; nationality Vietnam; Passport B1234567 (Viet Nam); a.k.a. 'DUC TH"`,
  `7002,"HONG KONG SHIP","vessel","DPRK",${NULL},"3EXY7","Cargo",${NULL},"1999","Korea, North",${NULL},"Vessel Registration Identification IMO 9187629; Nationality of Registration Korea, North."`,
  `7003,"EP-ABC","aircraft","IRAN",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
);
const alt = ofacFile(
  `306,220,"aka","NATIONAL BANK OF CUBA",${NULL}`,
  `7001,5001,"aka","LE, Duc",${NULL}`,
  `7001,5002,"fka","LE VAN DUC",${NULL}`,
  `7001,5003,"aka","LE, Duc",${NULL}`,
);
const add = ofacFile(`306,199,"Zweierstrasse 35","Zurich CH-8022","Switzerland",${NULL}`, `7001,200,${NULL},"Hanoi","Vietnam",${NULL}`);
const comments = [`7001,"ANG'; citizen Laos; National ID No. (HWI)040182 (Burma)."\r\n`];

describe('blocklist import: OFAC legacy SDN CSV', () => {
  it('turns each sdn.csv row into an entry joined with its alternate names and remarks continuation', async () => {
    const rows = await rowsOf({ sdn, alt, add, comments });
    expect(rows.filter((r) => r.kind === 'rejected')).toEqual([]);
    const [bank, person, vessel, aircraft] = entries(rows);

    expect(bank?.line).toBe(1);
    expect(bank?.entry).toEqual({
      externalId: '306',
      fullName: 'BANCO NACIONAL DE CUBA',
      aliases: ['NATIONAL BANK OF CUBA', 'BNC'],
      datesOfBirth: [],
      identifiers: [],
      nationalities: [],
      entityType: 'company',
      reason: 'OFAC SDN program CUBA',
      sourceReference: '[CUBA]',
    });
    expect(bank?.details).toMatchObject({ altNames: 1, addresses: 1, remarksContinued: false });

    expect(person?.line).toBe(2);
    expect(person?.entry).toEqual({
      externalId: '7001',
      fullName: 'LE, Van Duc',
      // A repeated alt name is kept once; the weak alias was cut at 1,000 characters and ends in sdn_comments.csv.
      aliases: ['LE, Duc', 'LE VAN DUC', 'DUC THANG'],
      datesOfBirth: ['1965-01-12', '1966'],
      identifiers: [
        { type: 'passport', number: 'B1234567', country: 'VN' },
        { type: 'national_id', number: '(HWI)040182', country: 'MM' },
      ],
      nationalities: ['VN', 'LA'],
      entityType: 'person',
      reason: 'OFAC SDN programs SDGT, IRGC',
      sourceReference: '[SDGT] [IRGC]',
    });
    expect(person?.details).toMatchObject({ altNames: 3, addresses: 1, remarksContinued: true });

    // A vessel's "Nationality of Registration" is its flag, not a nationality.
    expect(vessel?.entry).toMatchObject({
      entityType: 'vessel',
      identifiers: [{ type: 'imo', number: '9187629' }],
      nationalities: [],
    });
    expect(aircraft?.entry).toMatchObject({ entityType: 'aircraft', aliases: [], reason: 'OFAC SDN program IRAN' });
  });

  it('parses sdn.csv alone', async () => {
    const rows = await rowsOf({ sdn });
    expect(entries(rows).map((r) => [r.entry.externalId, r.entry.aliases])).toEqual([
      ['306', ['BNC']],
      ['7001', []],
      ['7002', []],
      ['7003', []],
    ]);
  });

  it('reports bad rows with their file, line and reason and keeps the rest', async () => {
    const rows = await rowsOf({
      sdn: ofacFile(
        `1,"GOOD, One","individual","SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
        `2,"ODD TYPE","ship","SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
        `3,"SHORT ROW","individual"`,
        `X4,"NO NUMBER",${NULL},"SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
        `1,"GOOD AGAIN","individual","SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
        `5,${NULL},"individual","SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
        `6,"FINE, Two","individual","SDGT",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`,
      ),
      alt: ofacFile(`1,10,"aka","ONE",${NULL}`, `99,11,"aka","NOBODY",${NULL}`, `6,12,"aka",${NULL},${NULL}`),
      add: ofacFile(`98,20,${NULL},"Havana","Cuba",${NULL}`),
      comments: ['97,"more remarks"\r\n'],
    });
    const summary = rows.map((r) => (r.kind === 'entry' ? ['entry', r.line, r.entry.externalId] : [r.file, r.line, r.reason]));
    expect(summary).toEqual([
      ['alt.csv', 3, 'alt_name is empty'],
      ['entry', 1, '1'],
      ['sdn.csv', 2, 'SDN_Type "ship" is not individual, vessel, aircraft or -0-'],
      ['sdn.csv', 3, 'has 3 fields, sdn.csv rows have 12'],
      ['sdn.csv', 4, 'ent_num "X4" is not a number'],
      ['sdn.csv', 5, 'ent_num 1 repeats the listing on line 1'],
      ['sdn.csv', 6, 'SDN_Name is empty'],
      ['entry', 7, '6'],
      ['alt.csv', 2, 'ent_num 99 is not in sdn.csv'],
      ['add.csv', 1, 'ent_num 98 is not in sdn.csv'],
      ['sdn_comments.csv', 1, 'ent_num 97 is not in sdn.csv'],
    ]);
  });

  it('skips the 0x1A byte that ends a file and reports one met anywhere else', async () => {
    const row = (n: number) => `${n},"N${n}",${NULL},"CUBA",${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL},${NULL}`;
    const rows = await rowsOf({ sdn: [`${row(1)}\r\n\u001a\r\n${row(2)}\r\n\u001a`] });
    expect(rows.map((r) => (r.kind === 'entry' ? r.entry.externalId : `${r.line}: ${r.reason}`))).toEqual([
      '1',
      '2: an end-of-file byte (0x1A) is followed by more records',
      '2',
    ]);
  });

  it('reads the programs written with their outer brackets cut off', () => {
    expect(programList('NPWMD] [IFSR')).toEqual(['NPWMD', 'IFSR']);
    expect(programList('CUBA')).toEqual(['CUBA']);
    expect(programList(undefined)).toEqual([]);
  });
});

describe('blocklist import: OFAC remarks', () => {
  it('reads dates of birth in every form OFAC writes them', () => {
    const dob = (remarks: string) => parseSdnRemarks(remarks).datesOfBirth;
    expect(dob('DOB 12 Jan 1965.')).toEqual(['1965-01-12']);
    expect(dob('DOB Mar 1961; POB Tehran, Iran')).toEqual(['1961-03']);
    expect(dob('DOB 1965; alt. DOB 1967')).toEqual(['1965', '1967']);
    expect(dob('DOB circa 1965; alt. DOB circa 01 Jul 1970')).toEqual(['1965', '1970-07-01']);
    expect(dob('DOB 1962 to 1965')).toEqual(['1962', '1963', '1964', '1965']);
    expect(dob('DOB circa 1979-1982')).toEqual(['1979', '1980', '1981', '1982']);
    expect(dob('DOB 01 Jan 1961 to 31 Dec 1962')).toEqual(['1961', '1962']);
    expect(dob('DOB 01 Jan 1973 to 31 Dec 1973')).toEqual(['1973']);
    expect(dob('DOB 01 Feb 1960 to 29 Feb 1960')).toEqual(['1960-02']);
    expect(dob('DOB Mar 1962 to Feb 1963')).toEqual(['1962', '1963']);
    expect(dob('(Following data derived from a passport: Alt. DOB: 10 October 1969')).toEqual(['1969-10-10']);
    // A day the month does not have keeps the month.
    expect(dob('DOB 31 Jun 1970')).toEqual(['1970-06']);
  });

  it('leaves out a date range too wide to write year by year, and says so', () => {
    const remarks = parseSdnRemarks('DOB 1940 to 1970; nationality Iran');
    expect(remarks.datesOfBirth).toEqual([]);
    expect(remarks.unresolved).toEqual(['DOB 1940 to 1970']);
  });

  it('reads nationality and citizenship as ISO codes, including the names OFAC spells its own way', () => {
    const remarks = parseSdnRemarks(
      'nationality Korea, North; alt. nationality Burma; nationality possibly Palestinian; citizen Congo, Democratic Republic of the; citizen Russia; nationality Atlantis',
    );
    expect(remarks.nationalities).toEqual(['KP', 'MM', 'PS']);
    expect(remarks.citizenships).toEqual(['CD', 'RU']);
    expect(remarks.unresolved).toEqual(['nationality Atlantis']);
  });

  it('maps the country names i18n-iso-countries does not know', () => {
    const names = ['Korea, North', 'Burma', 'Russia', 'Iran', 'Syria', 'Venezuela', 'Vietnam', 'Laos', 'Bolivia', 'Tanzania', 'Moldova', 'Palestinian', 'Congo, Democratic Republic of the', 'Macedonia, The Former Yugoslav Republic of', 'Cabo Verde', 'Kosovo', 'Hong Kong', 'Taiwan', 'United Kingdom'];
    expect(names.map(countryCodeFromName)).toEqual(['KP', 'MM', 'RU', 'IR', 'SY', 'VE', 'VN', 'LA', 'BO', 'TZ', 'MD', 'PS', 'CD', 'MK', 'CV', 'XK', 'HK', 'TW', 'GB']);
    expect(countryCodeFromName('Tehran')).toBeUndefined();
  });

  it('reads identifiers with their type, number and issuing country', () => {
    const { identifiers } = parseSdnRemarks(
      [
        'Passport A12345678 (Iran) issued 12 Mar 2010 expires 11 Mar 2015',
        'alt. Passport 4005504207 (Russia)',
        'National ID No. 13/Ta Ta Na (Naing)019077 (Burma)',
        'Identification Number 210302198701102136 (China)',
        'Cedula No. 16247821 (Colombia)',
        'C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued 1968',
        'R.F.C. DIB-771110-HQ1 (Mexico)',
        'NIT # 800146749-7 (Colombia)',
        'Company Number IMO 5055293',
        'Company Number 01074897 (United Kingdom)',
        'National ID No.: 1372584, Kenya, Issue Date 21 August 2006',
        'Passport issued in Sarajevo, Bosnia-Herzegovina',
        'Phone Number 8613314257947',
        'SWIFT/BIC HAVIGB2L',
      ].join('; '),
    );
    expect(identifiers.map(({ label, ...id }) => id)).toEqual([
      { type: 'passport', number: 'A12345678', country: 'IR' },
      { type: 'passport', number: '4005504207', country: 'RU' },
      { type: 'national_id', number: '13/Ta Ta Na (Naing)019077', country: 'MM' },
      { type: 'identification_number', number: '210302198701102136', country: 'CN' },
      { type: 'national_id', number: '16247821', country: 'CO' },
      { type: 'national_id', number: 'AIMM67125HCHRRG06', country: 'MX' },
      { type: 'tax_id', number: 'DIB-771110-HQ1', country: 'MX' },
      { type: 'tax_id', number: '800146749-7', country: 'CO' },
      { type: 'imo', number: '5055293' },
      { type: 'registration_number', number: '01074897', country: 'GB' },
      { type: 'national_id', number: '1372584', country: 'KE' },
    ]);
    expect(identifiers[0]?.label).toBe('Passport');
  });

  it("reads weak aliases, apostrophes and all", () => {
    const remarks = parseSdnRemarks(
      "a.k.a. 'ABU 'ABD AL-'AZIZ'; a.k.a. ''FOOPIE''; a.k.a. 'O'BRIEN, Christopher'; Linked To: KATA'IB HIZBALLAH.",
    );
    expect(remarks.weakAliases).toEqual(["ABU 'ABD AL-'AZIZ", 'FOOPIE', "O'BRIEN, Christopher"]);
  });
});
