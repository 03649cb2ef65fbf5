import type { BlocklistEntryInput } from '../entry.js';
import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { validateEntry, type AcceptedRow, type RejectedRow, type TextSource } from './import-row.js';
import { parseSdnRemarks, type SdnRemarks } from './ofac-remarks.js';

/**
 * OFAC's legacy SDN CSV release (README in ../shared/datasets/blocklists/, docs/blocklists.md):
 * no header, `-0- ` for null, CR LF, a 0x1A byte after the last record. `sdn.csv` holds one row
 * per listing; `alt.csv` (alternate names), `add.csv` (addresses) and `sdn_comments.csv` (the
 * rest of remarks longer than 1,000 characters) refer to it by `ent_num`.
 */
export const ofacFiles = {
  sdn: 'sdn.csv',
  alt: 'alt.csv',
  add: 'add.csv',
  comments: 'sdn_comments.csv',
} as const;
export type OfacFile = (typeof ofacFiles)[keyof typeof ofacFiles];

export interface OfacSdnSources {
  sdn: TextSource;
  alt?: TextSource | undefined;
  add?: TextSource | undefined;
  comments?: TextSource | undefined;
}

/** What went into an entry besides the entry itself: for reports and for checking the mapping. */
export interface OfacEntryDetails {
  /** Rows of `alt.csv` attached to this listing (repeats of a name are kept once in `aliases`). */
  altNames: number;
  /** Rows of `add.csv` for this listing. Addresses are not imported. */
  addresses: number;
  /** Whether `sdn_comments.csv` continued this listing's remarks. */
  remarksContinued: boolean;
  remarks: SdnRemarks;
}

export type OfacSdnRow = (AcceptedRow & { details: OfacEntryDetails }) | RejectedRow;

const sdnTypes: Readonly<Record<string, BlocklistEntryInput['entityType']>> = {
  individual: 'person',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

/**
 * Streams the SDN list as entries, one per `sdn.csv` row, joined with its alternate names and
 * remarks continuation. `alt.csv`, `add.csv` and `sdn_comments.csv` are read in full first
 * (they are small: a few hundred kB, kept as names and line numbers by ent_num); `sdn.csv` then
 * streams. A row that cannot be read or fails the entry schema is a rejected row with its file
 * and line, never an exception; so is an `alt`/`add`/`comments` row whose ent_num is not in
 * `sdn.csv` (reported after the last entry, once `sdn.csv` has been read).
 */
export async function* parseOfacSdn(sources: OfacSdnSources): AsyncGenerator<OfacSdnRow> {
  const rejected: RejectedRow[] = [];
  const altNames = new Map<string, Array<{ line: number; name: string }>>();
  const addresses = new Map<string, number[]>();
  const comments = new Map<string, Array<{ line: number; text: string }>>();

  if (sources.alt) {
    for await (const row of readOfacRecords(sources.alt, ofacFiles.alt, 5)) {
      if (row.kind === 'rejected') {
        rejected.push(row);
        continue;
      }
      const [entNum, , , name] = row.fields;
      if (name === undefined) {
        rejected.push(reject(ofacFiles.alt, row.line, 'alt_name is empty'));
        continue;
      }
      pushTo(altNames, entNum, { line: row.line, name });
    }
  }
  if (sources.add) {
    for await (const row of readOfacRecords(sources.add, ofacFiles.add, 6)) {
      if (row.kind === 'rejected') rejected.push(row);
      else pushTo(addresses, row.fields[0], row.line);
    }
  }
  if (sources.comments) {
    for await (const row of readOfacRecords(sources.comments, ofacFiles.comments, 2, { keepSpaces: true })) {
      if (row.kind === 'rejected') rejected.push(row);
      else pushTo(comments, row.fields[0], { line: row.line, text: row.fields[1] ?? '' });
    }
  }
  yield* rejected;

  const seen = new Map<string, number>();
  for await (const row of readOfacRecords(sources.sdn, ofacFiles.sdn, 12, { keepSpaces: true, idOnReject: true })) {
    if (row.kind === 'rejected') {
      yield row;
      continue;
    }
    const entNum = row.fields[0] as string;
    const first = seen.get(entNum);
    if (first !== undefined) {
      yield reject(ofacFiles.sdn, row.line, `ent_num ${entNum} repeats the listing on line ${first}`);
      continue;
    }
    seen.set(entNum, row.line);
    const result = sdnEntry(row, altNames.get(entNum) ?? [], addresses.get(entNum)?.length ?? 0, comments.get(entNum) ?? []);
    yield result.kind === 'rejected' ? { ...result, externalId: entNum } : result;
  }

  // Rows that point at no listing, in file order.
  for (const [file, byEntNum] of [
    [ofacFiles.alt, altNames],
    [ofacFiles.add, addresses],
    [ofacFiles.comments, comments],
  ] as const) {
    const orphans: RejectedRow[] = [];
    for (const [entNum, rows] of byEntNum as Map<string, Array<number | { line: number }>>) {
      if (seen.has(entNum)) continue;
      for (const r of rows) {
        orphans.push(reject(file, typeof r === 'number' ? r : r.line, `ent_num ${entNum} is not in ${ofacFiles.sdn}`));
      }
    }
    yield* orphans.sort((a, b) => a.line - b.line);
  }
}

function sdnEntry(
  row: OfacRecord,
  alts: Array<{ name: string }>,
  addressCount: number,
  continuation: Array<{ text: string }>,
): OfacSdnRow {
  const [entNum, name, sdnType, program, , , , , , , , remarksField] = row.fields;
  const entityType = sdnType === undefined ? 'company' : sdnTypes[sdnType.trim().toLowerCase()];
  if (!entityType) return reject(ofacFiles.sdn, row.line, `SDN_Type ${JSON.stringify(sdnType)} is not individual, vessel, aircraft or -0-`);
  if (name === undefined || name.trim() === '') return reject(ofacFiles.sdn, row.line, 'SDN_Name is empty');
  const fullName = name.trim();

  // The continuation is appended as is: OFAC cuts remarks mid-word at 1,000 characters.
  const remarks = parseSdnRemarks((remarksField ?? '') + continuation.map((c) => c.text).join(''));
  const aliases: string[] = [];
  for (const alias of [...alts.map((a) => a.name.trim()), ...remarks.weakAliases]) {
    if (alias !== '' && alias !== fullName && !aliases.includes(alias)) aliases.push(alias);
  }
  const nationalities = [...new Set([...remarks.nationalities, ...remarks.citizenships])];
  const programs = programList(program);

  const input: BlocklistEntryInput = {
    externalId: entNum as string,
    fullName,
    aliases,
    datesOfBirth: remarks.datesOfBirth,
    identifiers: remarks.identifiers.map(({ type, number, country }) => (country ? { type, number, country } : { type, number })),
    nationalities,
    entityType,
    reason: programs.length === 0 ? 'OFAC SDN' : `OFAC SDN program${programs.length > 1 ? 's' : ''} ${programs.join(', ')}`,
    ...(programs.length > 0 ? { sourceReference: programs.map((p) => `[${p}]`).join(' ') } : {}),
  };
  const validated = validateEntry(input, ofacFiles.sdn, row.line);
  if (validated.kind === 'rejected') return validated;
  return {
    ...validated,
    details: { altNames: alts.length, addresses: addressCount, remarksContinued: continuation.length > 0, remarks },
  };
}

/** `NPWMD] [IFSR` (the list `[NPWMD] [IFSR]` with its outer brackets cut off) → NPWMD, IFSR. */
export function programList(program: string | undefined): string[] {
  if (program === undefined) return [];
  return program
    .split(/\]\s*\[/)
    .map((p) => p.replace(/^[\s[]+|[\s\]]+$/g, ''))
    .filter((p) => p !== '');
}

/** A record of one OFAC file: fields trimmed (unless asked not to), `-0-` read as undefined. */
interface OfacRecord {
  kind: 'record';
  line: number;
  fields: Array<string | undefined>;
}

/**
 * Reads one OFAC file: checks the column count and that the first column is a numeric ent_num,
 * and skips the 0x1A byte that ends the file (one elsewhere is reported). With `idOnReject`, a
 * rejected row carries its ent_num as `externalId` (only sdn.csv rows are listings).
 */
async function* readOfacRecords(
  source: TextSource,
  file: OfacFile,
  columns: number,
  options: { keepSpaces?: boolean; idOnReject?: boolean } = {},
): AsyncGenerator<OfacRecord | RejectedRow> {
  let endOfFileByte: number | undefined;
  for await (const record of readCsvRecords(source, file)) {
    if (endOfFileByte !== undefined) {
      yield reject(file, endOfFileByte, 'an end-of-file byte (0x1A) is followed by more records');
      endOfFileByte = undefined;
    }
    if (isEndOfFileMarker(record)) {
      endOfFileByte = record.line;
      continue;
    }
    const fields = record.fields.map((f, i) => ofacValue(f, options.keepSpaces === true && i === columns - 1));
    if (record.fields.length !== columns) {
      const rejected = reject(file, record.line, `has ${record.fields.length} fields, ${file} rows have ${columns}`);
      // ent_num comes first, so it can be trusted even when later fields are not.
      if (options.idOnReject && /^\d+$/.test(fields[0] ?? '')) rejected.externalId = fields[0];
      yield rejected;
    } else if (!/^\d+$/.test(fields[0] ?? '')) {
      yield reject(file, record.line, `ent_num ${JSON.stringify(record.fields[0])} is not a number`);
    } else {
      yield { kind: 'record', line: record.line, fields };
    }
  }
}

function isEndOfFileMarker(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0]?.trim() === '\u001a';
}

/**
 * `-0-` (written `-0- `) is null. Text fields are trimmed, except the remarks ones, whose
 * leading or trailing space may be the space at the 1,000-character cut.
 */
function ofacValue(field: string, keepSpaces: boolean): string | undefined {
  const value = field.replace(/\u001a$/, '');
  const trimmed = value.trim();
  if (trimmed === '-0-' || trimmed === '') return undefined;
  return keepSpaces ? value : trimmed;
}

function reject(file: string, line: number, reason: string): RejectedRow {
  return { kind: 'rejected', file, line, reason };
}

function pushTo<T>(map: Map<string, T[]>, key: string | undefined, value: T): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
