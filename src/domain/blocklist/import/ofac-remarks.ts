import type { EntryIdentifier } from '../entry.js';
import { countryCodeFromName } from './ofac-countries.js';

/** An identifier found in SDN remarks, with the label OFAC wrote before it (`Cedula No.`). */
export interface SdnIdentifier extends EntryIdentifier {
  label: string;
}

/** What the Remarks field of one SDN record says about the listed party. */
export interface SdnRemarks {
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, from `DOB …` and `alt. DOB …`, in order, without repeats. */
  datesOfBirth: string[];
  /** ISO alpha-2 codes from `nationality …` items. */
  nationalities: string[];
  /** ISO alpha-2 codes from `citizen …` items. */
  citizenships: string[];
  identifiers: SdnIdentifier[];
  /** Names written `a.k.a. '…'`: OFAC's "weak" aliases. */
  weakAliases: string[];
  /** Items recognised but not usable, e.g. `nationality Atlantis` or `DOB 1900 to 1950`. */
  unresolved: string[];
}

/**
 * Remark labels that introduce an identity document or registration number, and the identifier
 * type each becomes. Technical identifiers of vessels and aircraft (other than IMO numbers),
 * phone numbers, e-mail and web addresses, digital currency addresses and SWIFT codes are left
 * out: no applicant is screened by them. docs/blocklists.md has the table.
 */
export const sdnIdentifierLabels: Readonly<Record<string, string>> = {
  Passport: 'passport',
  'Passport No.': 'passport',
  'Passport Booklet': 'passport',
  'Diplomatic Passport': 'passport',
  'British National Overseas Passport': 'passport',
  'Stateless Person Passport': 'passport',
  'National ID No.': 'national_id',
  'Cedula No.': 'national_id',
  'C.U.R.P.': 'national_id',
  'C.U.R.P. #': 'national_id',
  'D.N.I.': 'national_id',
  'C.U.I.': 'national_id',
  'LE Number': 'national_id',
  'Personal ID Card': 'national_id',
  'Tazkira National ID Card': 'national_id',
  "Citizen's Card Number": 'national_id',
  'Turkish Identification Number': 'national_id',
  'Bosnian Personal ID No.': 'national_id',
  'Moroccan Personal ID No.': 'national_id',
  'Kenyan ID No.': 'national_id',
  'CNP (Personal Numerical Code)': 'national_id',
  'Numero de Identidad': 'national_id',
  'Stateless Person ID Card': 'national_id',
  'Identification Number': 'identification_number',
  'Tax ID No.': 'tax_id',
  'R.F.C.': 'tax_id',
  'R.F.C. #': 'tax_id',
  RFC: 'tax_id',
  'NIT #': 'tax_id',
  'RUC #': 'tax_id',
  'RIF #': 'tax_id',
  'C.U.I.T.': 'tax_id',
  RTN: 'tax_id',
  'US FEIN': 'tax_id',
  'Italian Fiscal Code': 'tax_id',
  'Fiscal Code': 'tax_id',
  'Romanian Tax Registration': 'tax_id',
  'Paraguayan tax identification number': 'tax_id',
  'C.I.F.': 'tax_id',
  'Numero Unico de Identificacao Tributaria (NUIT)': 'tax_id',
  'V.A.T. Number': 'tax_id',
  SSN: 'ssn',
  "Driver's License No.": 'drivers_license',
  'Electoral Registry No.': 'electoral_id',
  'Credencial electoral': 'electoral_id',
  'I.F.E.': 'electoral_id',
  'Residency Number': 'residence_permit',
  'National Foreign ID Number': 'residence_permit',
  'Romanian Permanent Resident CAN': 'residence_permit',
  'N.I.E.': 'residence_permit',
  'Refugee ID Card': 'residence_permit',
  'Travel Document Number': 'travel_document',
  'Birth Certificate Number': 'birth_certificate',
  'Cartilla de Servicio Militar Nacional': 'military_id',
  VisaNumberID: 'visa',
  'Registration Number': 'registration_number',
  'Registration ID': 'registration_number',
  'Company Number': 'registration_number',
  'UK Company Number': 'registration_number',
  'Commercial Registry Number': 'registration_number',
  'Business Registration Number': 'registration_number',
  'Business Registration Document #': 'registration_number',
  'Certificate of Incorporation Number': 'registration_number',
  'Chamber of Commerce Number': 'registration_number',
  'Legal Entity Number': 'registration_number',
  'Trade License No.': 'registration_number',
  'Folio Mercantil No.': 'registration_number',
  'Matricula Mercantil No': 'registration_number',
  'C.R. No.': 'registration_number',
  'Romanian C.R.': 'registration_number',
  'Government Gazette Number': 'registration_number',
  'Public Registration Number': 'registration_number',
  'Enterprise Number': 'registration_number',
  'Branch Unit Number': 'registration_number',
  'Registered Charity No.': 'registration_number',
  'Dubai Chamber of Commerce Membership No.': 'registration_number',
  'Istanbul Chamber of Comm. No.': 'registration_number',
  'Business Number': 'registration_number',
  'Unified Social Credit Code (USCC)': 'registration_number',
  'United Social Credit Code Certificate (USCCC)': 'registration_number',
  'Afghan Money Service Provider License Number': 'registration_number',
  'D-U-N-S Number': 'duns',
  'Vessel Registration Identification IMO': 'imo',
  'Identification Number IMO': 'imo',
  'Company Number IMO': 'imo',
};

// Longest first, so `Company Number IMO` wins over `Company Number`.
const labelPattern = new RegExp(
  `^(${Object.keys(sdnIdentifierLabels)
    .sort((a, b) => b.length - a.length)
    .map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?=[\\s:#])`,
);

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const dateText = String.raw`(?:(\d{1,2})\s+)?(?:([A-Za-z]{3,9})\.?\s+)?(\d{4})`;
const dobPattern = new RegExp(
  String.raw`\bDOB:?\s+(circa\s+)?${dateText}(?:\s*(?:to|-)\s*${dateText})?`,
  'gi',
);
/** A weak alias ends at a quote followed by `;` or by the end of the remarks. */
const weakAliasPattern = /a\.k\.a\.\s+'(.+?)'(?=\s*(?:;|\.?\s*$))/g;
/** Beyond this, a DOB range says too little to write out year by year. */
const maxDobRangeYears = 12;

/** Parses the Remarks of one SDN record (with its `sdn_comments.csv` continuation appended). */
export function parseSdnRemarks(remarks: string): SdnRemarks {
  const result: SdnRemarks = {
    datesOfBirth: [],
    nationalities: [],
    citizenships: [],
    identifiers: [],
    weakAliases: [],
    unresolved: [],
  };
  const text = remarks.trim();
  if (text === '') return result;

  for (const match of text.matchAll(weakAliasPattern)) {
    const alias = (match[1] ?? '').replace(/^['\s]+|['\s]+$/g, '');
    if (alias !== '') pushUnique(result.weakAliases, alias);
  }

  for (const rawItem of text.split(/;\s*/)) {
    const item = rawItem.trim().replace(/\.$/, '');
    if (item === '') continue;
    if (/\bDOB\b/i.test(item)) readDatesOfBirth(item, result);
    // Lower case on purpose: `Nationality of Registration` is a vessel's or aircraft's flag.
    const nationality = /^(?:[Aa]lt\.\s+)?nationality:?\s+(.+)$/.exec(item);
    if (nationality) readCountry(nationality[1] ?? '', result.nationalities, item, result);
    const citizen = /^(?:[Aa]lt\.\s+)?citizen:?\s+(.+)$/.exec(item);
    if (citizen) readCountry(citizen[1] ?? '', result.citizenships, item, result);
    const identifier = readIdentifier(item);
    if (identifier && !result.identifiers.some((i) => sameIdentifier(i, identifier))) result.identifiers.push(identifier);
  }
  return result;
}

function readCountry(name: string, into: string[], item: string, result: SdnRemarks): void {
  const code = countryCodeFromName(name);
  if (code) pushUnique(into, code);
  else result.unresolved.push(item);
}

function readDatesOfBirth(item: string, result: SdnRemarks): void {
  let found = false;
  for (const m of item.matchAll(dobPattern)) {
    const from = partialDate(m[2], m[3], m[4]);
    const to = m[7] === undefined ? undefined : partialDate(m[5], m[6], m[7]);
    if (!from || (m[7] !== undefined && !to)) continue;
    const dates = to ? dateRange(from, to) : [formatDate(from)];
    if (!dates) continue;
    found = true;
    for (const date of dates) pushUnique(result.datesOfBirth, date);
  }
  if (!found) result.unresolved.push(item);
}

interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

function partialDate(day: string | undefined, monthName: string | undefined, year: string | undefined): PartialDate | undefined {
  if (year === undefined) return undefined;
  const date: PartialDate = { year: Number(year) };
  if (monthName !== undefined) {
    const month = months.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
    if (month === 0 || (monthName.length > 3 && !fullMonthNames[month - 1]?.startsWith(monthName.toLowerCase()))) {
      return undefined;
    }
    date.month = month;
    if (day !== undefined) {
      const d = Number(day);
      // A day the month does not have (31 Jun) keeps only the month: still true, less precise.
      if (d >= 1 && d <= daysInMonth(date.year, month)) date.day = d;
    }
  } else if (day !== undefined) {
    return undefined;
  }
  return date;
}

const fullMonthNames = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function formatDate(d: PartialDate): string {
  const yyyy = String(d.year).padStart(4, '0');
  if (d.month === undefined) return yyyy;
  const mm = String(d.month).padStart(2, '0');
  if (d.day === undefined) return `${yyyy}-${mm}`;
  return `${yyyy}-${mm}-${String(d.day).padStart(2, '0')}`;
}

/**
 * `01 Jan 1962 to 31 Dec 1965` → 1962, 1963, 1964, 1965: the years a matcher can compare.
 * A range inside one month or one year gives that month or year; an inverted or very wide
 * range gives nothing (undefined), because a few endpoint years would wrongly contradict
 * the years between them.
 */
function dateRange(from: PartialDate, to: PartialDate): string[] | undefined {
  if (to.year < from.year || to.year - from.year > maxDobRangeYears) return undefined;
  if (formatDate(from) === formatDate(to)) return [formatDate(from)];
  if (from.year === to.year) {
    if (from.month !== undefined && from.month === to.month) return [formatDate({ year: from.year, month: from.month })];
    return [String(from.year).padStart(4, '0')];
  }
  const years: string[] = [];
  for (let y = from.year; y <= to.year; y += 1) years.push(String(y).padStart(4, '0'));
  return years;
}

/**
 * `Passport A1234567 (Iran) issued 2010`, `alt. National ID No. 123 (China)`,
 * `National ID No.: 1372584, Kenya`. The number runs to the country in brackets, a comma,
 * `issued`/`expires`, or the end of the item.
 */
function readIdentifier(item: string): SdnIdentifier | undefined {
  const body = item.replace(/^alt\.\s+/i, '');
  const label = labelPattern.exec(body)?.[1];
  if (label === undefined) return undefined;
  const rest = body.slice(label.length).replace(/^[\s:#]+/, '');
  // A number may start with a bracketed prefix: `National ID No. (HWI)040182 (Burma)`.
  const numberMatch = /^(\S.*?)(?=\s*\([^()]*\)(?:\s|$)|,\s|\s+(?:and|issued|expires|expired|Issue Date)\b|$)/i.exec(rest);
  const number = (numberMatch?.[1] ?? '').trim().replace(/[.,]+$/, '');
  if (number === '' || !/\d/.test(number) || number.length > 64) return undefined;
  const after = rest.slice(numberMatch?.[0].length ?? 0).trim();
  const bracketed = /^\(([^()]+)\)/.exec(after);
  const afterComma = /^,\s*([^,]+)/.exec(after);
  const country = countryCodeFromName(bracketed?.[1] ?? afterComma?.[1] ?? '');
  const type = sdnIdentifierLabels[label] as string;
  return country ? { label, type, number, country } : { label, type, number };
}

function sameIdentifier(a: EntryIdentifier, b: EntryIdentifier): boolean {
  return a.type === b.type && a.number === b.number && a.country === b.country;
}

function pushUnique(into: string[], value: string): void {
  if (!into.includes(value)) into.push(value);
}
