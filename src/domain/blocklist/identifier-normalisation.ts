/**
 * Identity-document numbers compared as people write them: spaces, dashes, dots and
 * slashes removed, upper case. A PRC resident ID issued before 1999 has 15 digits; its
 * 18-digit form inserts the century "19" after the 6-digit area code and appends an
 * ISO 7064 MOD 11-2 check digit. Both forms share the 17-digit body, and so does an
 * 18-digit ID whose check digit was mistyped.
 */

/** Numbers shorter than this are not specific enough to identify anyone. */
export const minIdentifierLength = 5;

export function normaliseIdentifier(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s.\-/_]/g, '').toUpperCase();
}

const prcWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const prcCheckDigits = '10X98765432';

export function prcCheckDigit(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * prcWeights[i]!;
  return prcCheckDigits[sum % 11]!;
}

/** The 18-digit form of a 15-digit PRC resident ID. */
export function prcId18(id15: string): string {
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return body + prcCheckDigit(body);
}

/** Shaped like a PRC resident ID: area code, a plausible birth date, sequence (and check digit). */
const prc15 = /^[1-9]\d{5}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/;
const prc18 = /^[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}[\dX]$/;

/**
 * The keys an identifier is indexed and looked up under: its normalised form and, for a
 * PRC-shaped number (issuing country CN or not given), the 17-digit body. Two identifiers
 * match when they share a key.
 */
export function identifierKeys(raw: string, country?: string): string[] {
  const id = normaliseIdentifier(raw);
  if (id.length < minIdentifierLength) return [];
  const keys = [id];
  if (country === undefined || country === 'CN') {
    if (prc15.test(id)) keys.push(`PRC:${prcId18(id).slice(0, 17)}`);
    else if (prc18.test(id)) keys.push(`PRC:${id.slice(0, 17)}`);
  }
  return keys;
}
