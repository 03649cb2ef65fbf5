/** An identity document number compared as written on any form: no spaces, dashes, dots or slashes, upper case. */
export function normaliseIdentifier(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s.\-/_]/g, '').toUpperCase();
}

const PRC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PRC_CHECK = '10X98765432';

/** The 18-digit form of a 15-digit PRC resident ID (born in the 1900s, ISO 7064 MOD 11-2 check digit). */
export function prcId18(id15: string): string {
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * PRC_WEIGHTS[i]!, 0);
  return body + PRC_CHECK[sum % 11]!;
}

/**
 * The keys under which an identifier is indexed and looked up: its normalised form, and
 * for PRC resident IDs the 17-digit body shared by the 15- and 18-digit forms.
 */
export function identifierKeys(raw: string): string[] {
  const id = normaliseIdentifier(raw);
  if (id.length < 4) return [];
  if (/^\d{15}$/.test(id)) return [id, `PRC:${prcId18(id).slice(0, 17)}`];
  if (/^\d{17}[\dX]$/.test(id)) return [id, `PRC:${id.slice(0, 17)}`];
  return [id];
}
