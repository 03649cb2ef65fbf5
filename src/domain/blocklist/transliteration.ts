import { pinyin } from 'pinyin-pro';
import { hanAffixes } from './name-affixes.js';

/**
 * Scripts and letters to plain Latin: Han characters to tone-less pinyin, Cyrillic to
 * Latin (BGN/PCGN style), letters that Unicode does not decompose (đ, ø, ß …) and then
 * every diacritic removed.
 */

/** Letters without a Unicode decomposition to a base letter; đ is why naive matchers miss Đức. */
const undecomposable: Record<string, string> = {
  đ: 'd', ð: 'd', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ł: 'l', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l', ŧ: 't', ƒ: 'f',
};
const undecomposablePattern = /[đðøßæœłþıħŀŧƒ]/g;

const cyrillic: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian, Serbian and Macedonian letters.
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
};
const cyrillicVowels = new Set(['а', 'е', 'ё', 'и', 'о', 'у', 'ы', 'э', 'ю', 'я', 'і', 'ї', 'є', 'ъ', 'ь', 'й']);
const cyrillicRun = /[\u0400-\u04ff]+/g;

/** Lower-case Cyrillic to Latin; е and ё are ye / yo at the start of a word and after a vowel (Евгений → yevgeniy). */
export function cyrillicToLatin(text: string): string {
  return text.replace(cyrillicRun, (run) => {
    let out = '';
    for (let i = 0; i < run.length; i++) {
      const c = run[i]!;
      if (c === 'е' || c === 'ё') {
        const afterVowel = i === 0 || cyrillicVowels.has(run[i - 1]!);
        out += afterVowel ? (c === 'е' ? 'ye' : 'yo') : 'e';
      } else {
        out += cyrillic[c] ?? c;
      }
    }
    return out;
  });
}

const hanRun = /\p{Script=Han}+/gu;

/**
 * Each Han character to one tone-less pinyin syllable, family name first as written
 * (王建国 → wang jian guo). A short run is read as a personal name, so polyphonic family
 * names take their surname reading (曾 zeng, 单 shan, 解 xie).
 */
export function hanToPinyin(text: string): string {
  return text.replace(hanRun, (run) => {
    let chars = run;
    for (let before = ''; before !== chars; ) {
      before = chars;
      chars = chars.replace(hanAffixes, '');
    }
    if (chars === '') chars = run;
    const syllables = pinyin(chars, { toneType: 'none', type: 'array', surname: chars.length <= 4 ? 'head' : 'off' });
    return ` ${syllables.join(' ')} `;
  });
}

/** Lower-case text to plain letters: đ → d, ß → ss, and every combining mark removed (Nguyễn → nguyen, lǚ → lu). */
export function removeDiacritics(text: string): string {
  return text
    .replace(undecomposablePattern, (c) => undecomposable[c]!)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}
