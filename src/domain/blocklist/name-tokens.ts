import { equivalentNameKey } from './given-name-equivalents.js';
import { jaroWinkler } from './jaro-winkler.js';
import { joinedPrefixes, particles } from './name-affixes.js';
import { isPinyinWord, isVietnameseSyllable } from './syllables.js';

/**
 * One token of a normalised name with what the matcher needs to compare it: its weight,
 * its kind, and the forms under which it may be written (Alrashid is also Rashid).
 */
export interface TokenForm {
  text: string;
  /** Spelling-folded form compared by Jaro-Winkler (Sergey → sergei, Viktor = Victor). */
  canonical: string;
  /** Consonants with each vowel run reduced to a class: transliterations of one Arabic name share it (Mohammed, Muhammad). */
  skeleton: string;
  /** A key standing for a group of equivalent names, compared only for equality. */
  exactOnly: boolean;
}

export interface NameToken {
  text: string;
  /** What the token is worth in a name score: its length up to maxTokenWeight; 0 for a particle. */
  weight: number;
  particle: boolean;
  initial: boolean;
  /** One Vietnamese syllable (nguyen, thanh): compared exactly. */
  vietnamese: boolean;
  /** Pinyin, one syllable or several joined: compared exactly when the whole name is Chinese. */
  pinyin: boolean;
  forms: readonly TokenForm[];
}

export const maxTokenWeight = 8;
/** An initial stands for a whole given name when it conflicts with another. */
export const initialWeight = 3;
/** Tokens this short or shorter get no fuzzy credit: Nam is not Lam, An is not Anh. */
export const exactOnlyLength = 3;
/** Jaro-Winkler on canonical forms at or above this is fuzzy credit; below it, none. */
export const fuzzyThreshold = 0.92;
/** A typo or a transliteration changes a token's folded length by one letter at most. */
export const maxLengthDifference = 1;
/** Same token once transliteration variants are folded (Sergey/Sergei, al-Rashid/Rashid). */
export const variantSimilarity = 0.97;
/** Same consonants and vowel classes (Mohammed/Muhammad, Saleh/Salih). */
export const skeletonSimilarity = 0.94;
/** An initial against a name beginning with it (J. / John). */
export const initialSimilarity = 0.8;
/** One given name in two languages (Eugene / Yevgeny). */
export const equivalentSimilarity = 0.9;
/** In names up to this long, another ending is another name (Khalil / Khalid, Antonio / Antonia); in longer ones, a typo. */
export const shortNameLength = 7;

/** Folds the spelling differences transliterations make, for fuzzy comparison only. */
export function canonicalSpelling(token: string): string {
  return token
    .replace(/(iy|ij|yi|ii|yy|y)$/, 'i')
    .replace(/x/g, 'ks')
    .replace(/ph/g, 'f')
    .replace(/dh/g, 'd')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?![eiyh])/g, 'k')
    .replace(/z(?!h)/g, 's')
    .replace(/([^aeiouy])yo/g, '$1e')
    .replace(/(.)\1+/g, '$1');
}

const vowels = 'aeiouy';
/**
 * Fuzzy credit needs the same first letter, two vowels (Yevgeny/Evgeny, Omar/Umar), or
 * two of g, k, q: the Arabic qāf is written all three ways (Qadhafi, Gaddafi, Kadhafi).
 */
export function firstLetterClass(canonical: string): string {
  const c = canonical[0] ?? '';
  return vowels.includes(c) ? 'v' : c === 'g' || c === 'q' ? 'k' : c;
}

/** Vowel runs to `v`, or `Y` for a diphthong with i/y (Hussein, Husayn, Hussain share hvsYn; Hassan is hvsvn); the first letter to its class. */
export function vowelSkeleton(canonical: string): string {
  const skeleton = canonical.replace(/[aeiouy]+/g, (run) => (run.length >= 2 && /[iy]/.test(run) ? 'Y' : 'v'));
  const first = firstLetterClass(canonical);
  return first === 'k' ? `k${skeleton.slice(1)}` : skeleton;
}

function form(text: string): TokenForm {
  const canonical = canonicalSpelling(text);
  return { text, canonical, skeleton: vowelSkeleton(canonical), exactOnly: false };
}

export function tokenForms(text: string): TokenForm[] {
  const forms = [form(text)];
  for (const { prefix, minRemainder } of joinedPrefixes) {
    if (text.length >= prefix.length + minRemainder && text.startsWith(prefix)) forms.push(form(text.slice(prefix.length)));
  }
  const equivalent = equivalentNameKey(text);
  if (equivalent !== undefined) forms.push({ text: equivalent, canonical: equivalent, skeleton: equivalent, exactOnly: true });
  return forms;
}

export function nameToken(text: string): NameToken {
  const particle = particles.has(text);
  const initial = !particle && text.length === 1;
  return {
    text,
    weight: particle ? 0 : initial ? initialWeight : Math.min(text.length, maxTokenWeight),
    particle,
    initial,
    vietnamese: isVietnameseSyllable(text),
    pinyin: isPinyinWord(text),
    forms: tokenForms(text),
  };
}

/**
 * Pairs Jaro-Winkler scores high but that name different people. A name extended by a
 * suffix is another name (Orlov/Orlovsky, Paul/Paula, Smith/Smithson; a plural s aside),
 * as is one two or more letters longer (Silva/Silveira, Sidorov/Sidorenko); in a short
 * name, a swapped gendered ending (Antonio/Antonia, Valery/Valeria) or another final
 * consonant (Khalil/Khalid).
 */
export function differentNames(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // Checked first: the index looks for fuzzy neighbours only within this length difference.
  if (long.length - short.length > maxLengthDifference) return true;
  if (long.length > short.length && long.startsWith(short)) {
    // A plural, or the Romance masculine form of the same name (Robert / Roberto), is no new name.
    const extension = long.slice(short.length);
    return extension !== 's' && extension !== 'o';
  }
  if (a.length === b.length && a.length <= shortNameLength && a.slice(0, -1) === b.slice(0, -1)) {
    const x = a[a.length - 1]!;
    const y = b[b.length - 1]!;
    if ((x === 'a' && 'oie'.includes(y)) || (y === 'a' && 'oie'.includes(x))) return true;
    // Short names built on one root differ in the last consonant: Khalil / Khalid, Samir / Samih.
    if (!vowels.includes(x) && !vowels.includes(y)) return true;
  }
  return false;
}

/** Similarity of two written forms of tokens that are not equal as written. */
export function formSimilarity(a: TokenForm, b: TokenForm): number {
  if (a.exactOnly || b.exactOnly) return a.text === b.text ? equivalentSimilarity : 0;
  if (a.text === b.text || a.canonical === b.canonical) return variantSimilarity;
  if (differentNames(a.canonical, b.canonical)) return 0;
  if (firstLetterClass(a.canonical) !== firstLetterClass(b.canonical)) return 0;
  const jw = jaroWinkler(a.canonical, b.canonical);
  if (jw >= fuzzyThreshold) return jw;
  return a.skeleton === b.skeleton ? skeletonSimilarity : 0;
}

/** A syllable of a monosyllabic tradition: Vietnamese, or pinyin within a Chinese name (Yulia in Yulia Tymoshenko is not pinyin). */
export const isSyllable = (t: NameToken, inChineseName: boolean) => t.vietnamese || (t.pinyin && inChineseName);

/**
 * Similarity of two tokens: 1 when equal; an initial against a name it begins (0.8);
 * no credit for particles, short tokens (≤ 3 letters) or two syllables of a monosyllabic
 * tradition unless equal; otherwise the best over their forms of: folded spellings equal
 * (0.97), Jaro-Winkler ≥ 0.92 on folded spellings, or equal vowel skeletons (0.94), each
 * only between forms that start with the same letter (or both with a vowel), differ in
 * length by one letter at most, and are not told apart by `differentNames`.
 */
export function tokenSimilarity(a: NameToken, b: NameToken, aInChineseName: boolean, bInChineseName: boolean): number {
  if (a.text === b.text) return 1;
  if (a.particle || b.particle) return 0;
  if (a.initial || b.initial) {
    if (a.initial && b.initial) return 0;
    return a.text[0] === b.text[0] ? initialSimilarity : 0;
  }
  if (a.text.length <= exactOnlyLength || b.text.length <= exactOnlyLength) return 0;
  if (isSyllable(a, aInChineseName) && isSyllable(b, bInChineseName)) return 0;
  let best = 0;
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      const s = formSimilarity(fa, fb);
      if (s > best) best = s;
    }
  }
  return best;
}
