/**
 * Words around a name that do not identify anyone: titles, generational suffixes, company
 * legal forms, and the particles transliterations keep or drop at will. All are written as
 * they look after folding (lower case, no diacritics).
 */

/** Titles and ranks, dropped at the start of a name (and of the given names after `LAST,`). */
export const honorifics: ReadonlySet<string> = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lord', 'lady', 'rev', 'hon', 'madam', 'mme', 'mlle',
  'sheikh', 'shaikh', 'shaykh', 'sheik', 'haji', 'hajji', 'hadji', 'hajj', 'alhaji', 'alhajj', 'mullah', 'mulla',
  'maulana', 'mawlana', 'maulvi', 'gen', 'general', 'col', 'colonel', 'maj', 'capt', 'captain', 'lt', 'lieutenant',
  'brig', 'adm', 'admiral', 'sgt', 'cdr', 'cmdr',
]);

/**
 * Vietnamese forms of address, recognised only with their diacritics: without them
 * "Ong" and "Ba" are names (Ong Beng Seng, Lê Văn Ba).
 */
export const vietnameseHonorifics: ReadonlySet<string> = new Set(['ông', 'bà']);

/** Generational suffixes, dropped at the end of a name. */
export const generationalSuffixes: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'junior', 'senior']);

/**
 * Tokens that carry no identity and cost nothing when one side has them and the other
 * not: Arabic articles and patronymic links (al-, bin, ibn, abu), connectors (y, and),
 * and particles that are never a Chinese or Vietnamese syllable (del, dos, von …).
 * `de`, `da`, `du`, `le`, `la`, `van` are deliberately absent: they are syllables of
 * Chinese and Vietnamese names (刘德华 Liu De Hua, Lê, Văn).
 */
export const particles: ReadonlySet<string> = new Set([
  'al', 'el', 'bin', 'ibn', 'bint', 'binti', 'abu', 'y', 'and', 'und', 'of', 'the', 'del', 'della', 'dos', 'das', 'von', 'der', 'den',
]);

/**
 * Prefixes written joined to a name (Alrashid, Elshami, Abubakar), with the shortest
 * remainder that still counts as a name: Albert is not "al" + "bert" in any list.
 */
export const joinedPrefixes: ReadonlyArray<{ prefix: string; minRemainder: number }> = [
  { prefix: 'al', minRemainder: 4 },
  { prefix: 'el', minRemainder: 5 },
  { prefix: 'abu', minRemainder: 4 },
];

/** One spelling for the transliterations of عبد (Abd al-Rahman, Abdel Rahman, Abdul Rahman). */
export const tokenSpellings: ReadonlyMap<string, string> = new Map([
  ['abd', 'abdul'], ['abdel', 'abdul'], ['abdal', 'abdul'], ['abdil', 'abdul'], ['abdol', 'abdul'], ['abdoul', 'abdul'],
  ['abdu', 'abdul'], ['abdoel', 'abdul'],
  // The pinyin ü written as v or yu in passports (吕 Lü / Lv / Lyu).
  ['lv', 'lu'], ['lyu', 'lu'], ['nv', 'nu'], ['nyu', 'nu'],
]);

/** A joined spelling such as Abdelrahman is folded to Abdulrahman by its prefix. */
export const joinedSpellingPrefixes: ReadonlyArray<[string, string]> = [
  ['abdel', 'abdul'], ['abdal', 'abdul'], ['abdol', 'abdul'], ['abdoul', 'abdul'], ['abdoel', 'abdul'],
];

/**
 * Company legal forms as token sequences. `ambiguous` forms are also ordinary words or
 * names (Co, Sa, As, Ao, Group): they are dropped only when written with dots (S.A., Co.),
 * next to an unambiguous form (Co., Ltd), or in a name known to be an organisation.
 */
export interface LegalForm {
  words: readonly string[];
  ambiguous: boolean;
}

const unambiguous = [
  'cong ty trach nhiem huu han', 'cong ty co phan', 'cong ty tnhh', 'cong ty', 'cty', 'ctcp', 'tnhh', 'mtv',
  'trach nhiem huu han', 'mot thanh vien',
  'limited liability company', 'public joint stock company', 'closed joint stock company', 'open joint stock company',
  'joint stock company', 'company limited', 'private limited', 'co ltd', 'pvt ltd', 'pte ltd', 'sdn bhd',
  'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'company', 'plc', 'llp',
  'jsc', 'ojsc', 'cjsc', 'pjsc', 'ooo', 'zao', 'oao', 'pao', 'gmbh', 'sarl', 'srl', 'sas', 'spa', 'bhd', 'pty', 'pte', 'tbk',
  'sa de cv', 'kft', 'zrt', 'sro', 'ooo',
];
const ambiguous = ['co', 'sa', 'ag', 'kg', 'as', 'ab', 'nv', 'bv', 'oy', 'ao', 'pt', 'sl', 'cv', 'se', 'lp', 'group', 'tap doan', 'one member', 'private'];

export const legalForms: readonly LegalForm[] = [
  ...unambiguous.map((form) => ({ words: form.split(' '), ambiguous: false })),
  ...ambiguous.map((form) => ({ words: form.split(' '), ambiguous: true })),
].sort((a, b) => b.words.length - a.words.length);

/** Legal forms and titles written in Han characters, removed before conversion to pinyin. */
export const hanAffixes = /(股份有限公司|有限责任公司|有限責任公司|有限公司|集团|集團|公司|先生|女士|小姐)$/u;
