import { pinyin } from 'pinyin-pro';
import { nameKind } from './name-kinds.js';

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
};

/** Company legal forms, as token sequences after normalisation; removed wherever they appear. */
const LEGAL_FORMS: string[][] = [
  ['cong', 'ty', 'trach', 'nhiem', 'huu', 'han'],
  ['trach', 'nhiem', 'huu', 'han'],
  ['cong', 'ty', 'co', 'phan'],
  ['co', 'phan'],
  ['cong', 'ty'],
  ['joint', 'stock', 'company'],
  ['mot', 'thanh', 'vien'],
  ['one', 'member'],
  ['private', 'limited'],
  ['limited', 'liability', 'company'],
  ['sa', 'de', 'cv'],
  ['de', 'cv'],
  ['s', 'de', 'rl'],
  ...['tnhh', 'mtv', 'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'plc', 'jsc', 'ojsc', 'cjsc', 'pjsc', 'ooo', 'zao', 'oao', 'pao', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'pte', 'pty', 'sdn', 'bhd', 'llp', 'lp', 'kk', 'cv', 'tbk', 'ao', 'oo', 'private', 'group', 'holding', 'holdings'].map((t) => [t]),
];

/** Titles and honorifics, dropped at the start of a name. */
const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mme', 'mlle', 'herr', 'frau', 'sr', 'sra', 'srta', 'don', 'dona',
  'ong', 'ba', 'sheikh', 'shaikh', 'sheik', 'haji', 'hajji', 'hadji', 'sayyid', 'syed', 'sri', 'tuan', 'puan', 'dato', 'datuk', 'gen', 'col',
]);

/** Name particles that transliterations keep or drop at will (al-, bin, de la, von …). */
const PARTICLES = new Set(['al', 'el', 'ul', 'de', 'del', 'la', 'las', 'los', 'da', 'do', 'dos', 'das', 'di', 'du', 'der', 'den', 'von', 'y', 'e']);

const HAN = /\p{Script=Han}/u;
const CHINESE_LEGAL = /(股份有限公司|有限责任公司|有限公司|公司|集团)/gu;

function transliterate(text: string): string {
  let out = text;
  if (HAN.test(out)) {
    out = out.replace(CHINESE_LEGAL, ' ');
    // One token per Han character; other text passes through.
    out = pinyin(out, { toneType: 'none', type: 'array', nonZh: 'consecutive', surname: 'head' }).join(' ');
  }
  if (/[\u0400-\u04ff]/.test(out)) out = [...out].map((c) => CYRILLIC[c] ?? c).join('');
  return out;
}

function stripSequences(tokens: string[], sequences: string[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const seq = sequences.find((s) => s.every((t, k) => tokens[i + k] === t));
    if (seq && tokens.length - seq.length >= 1) {
      i += seq.length;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out;
}

/**
 * A name as comparable tokens: NFKC, lower case, Han → tone-less pinyin (one syllable a
 * token), Cyrillic → Latin, đ → d, diacritics and pinyin tone digits removed, `LAST,
 * First` reordered, honorifics, particles and company legal forms dropped, punctuation
 * folded. Never empty for a non-empty name: if everything would be dropped, the raw
 * tokens are kept.
 */
export function nameTokens(raw: string, entity: 'person' | 'company' | string = 'person'): string[] {
  let text = raw.normalize('NFKC').toLowerCase();
  // "LAST, First Middle" → "First Middle LAST" for people (one comma, no legal form after it).
  const commas = text.split(',');
  if (entity === 'person' && commas.length === 2 && commas[1]!.trim().length > 0) {
    text = `${commas[1]} ${commas[0]}`;
  }
  text = transliterate(text);
  text = text.replace(/[đð]/g, 'd').normalize('NFD').replace(/\p{M}/gu, '');
  text = text.replace(/ø/g, 'o').replace(/ß/g, 'ss').replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/ł/g, 'l').replace(/ı/g, 'i');
  // Dots vanish (S.A. → sa, J. → j); apostrophes join (O'Brien → obrien); other punctuation separates.
  text = text.replace(/[.'’`ʼ]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ');
  let tokens = text
    .split(' ')
    .filter(Boolean)
    .map((t) => t.replace(/([a-z])[1-5]/g, '$1'));
  const raw0 = tokens;
  while (tokens.length > 1 && HONORIFICS.has(tokens[0]!)) tokens = tokens.slice(1);
  tokens = stripSequences(tokens, LEGAL_FORMS);
  // Particles go, except in pinyin names, where de, da, du … are syllables (刘德华 = Liu De Hua).
  const withoutParticles = tokens.filter((t) => !PARTICLES.has(t));
  if (withoutParticles.length > 0 && nameKind(tokens) !== 'pinyin') tokens = withoutParticles;
  return tokens.length > 0 ? tokens : raw0;
}

/**
 * A spelling-insensitive form of one token for fuzzy comparison: common transliteration
 * variants folded (kh/h, ph/f, zh/j, y/i, w/v, q/k, x/ks, ou/u, ee/i, leading ye/e) and
 * doubled letters collapsed, so Yevgeny ≈ Evgeniy, Mohammed ≈ Mohamed.
 */
export function foldToken(token: string, arabicVowels = true): string {
  // "son of" is written bin, ibn or ben.
  if (token === 'ibn' || token === 'ben') return 'bin';
  let t = token
    .replace(/^eu/, 'ev')
    .replace(/yo(?!u)/g, 'e')
    .replace(/ue/g, 'u')
    .replace(/oe/g, 'o')
    .replace(/ae/g, 'a')
    .replace(/c(?![hei])/g, 'k')
    .replace(/shch/g, 'sh')
    .replace(/dh/g, 'd')
    .replace(/dzh|dj/g, 'j')
    .replace(/zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/sch/g, 'sh')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'g')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/y/g, 'i');
  // o and u are one Arabic vowel (Omar/Umar, Mohammed/Muhammad); ei/ai likewise (Hussein/Husayn).
  if (arabicVowels) t = t.replace(/o/g, 'u').replace(/ei/g, 'ai');
  t = t.replace(/^ie/, 'e').replace(/^io/, 'o');
  t = t.replace(/(.)\1+/g, '$1');
  return t;
}

/** The consonant skeleton of a folded token (its first letter kept): Abdullah ≈ Abdallah, Saleh ≈ Salih. */
export function skeleton(folded: string): string {
  return folded[0]! + folded.slice(1).replace(/[aeiou]/g, '');
}
