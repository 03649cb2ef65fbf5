import {
  generationalSuffixes,
  honorifics,
  joinedSpellingPrefixes,
  legalForms,
  tokenSpellings,
  vietnameseHonorifics,
  type LegalForm,
} from './name-affixes.js';
import { cyrillicToLatin, hanToPinyin, removeDiacritics } from './transliteration.js';

/** Names longer than this are cut: no real name has more tokens, and scoring stays bounded. */
export const maxNameTokens = 24;

export interface NameNormalisationOptions {
  /** The name is a company, vessel or aircraft: keep `A, B` as written and drop ambiguous legal forms (SA, AG, Group). */
  organisation?: boolean;
}

interface Word {
  text: string;
  /** Written as an abbreviation: with a trailing dot (`Co.`, `S.`), or in capitals in a mixed-case name (`АО Газпромбанк`). */
  dotted: boolean;
}

const hasHan = /\p{Script=Han}/u;
const hasCyrillic = /[\u0400-\u04ff]/;
const wordPattern = /[\p{L}\p{N}]+(?:['’ʼ`][\p{L}\p{N}]+)*(\.)?/gu;
const apostrophes = /['’ʼ`]/g;
/** Pinyin with tone digits (wang2, jian4guo2): a digit closes each syllable. */
const toneDigits = /^(?:[a-z]+[1-5])+[a-z]*$/;

const legalFormWords: ReadonlySet<string> = new Set(legalForms.flatMap((form) => form.words));
const oneWordForms = legalForms.filter((form) => form.words.length === 1);
const dottedLegalForms: ReadonlySet<string> = new Set(oneWordForms.map((form) => form.words[0]!));
const unambiguousWords: ReadonlySet<string> = new Set(oneWordForms.filter((f) => !f.ambiguous).map((f) => f.words[0]!));

function words(text: string, capitals: ReadonlySet<string> = new Set()): Word[] {
  const out: Word[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const hasDot = match[1] !== undefined;
    const word = (hasDot ? match[0].slice(0, -1) : match[0]).replace(apostrophes, '');
    const dotted = hasDot || capitals.has(word);
    if (toneDigits.test(word)) {
      for (const syllable of word.split(/[1-5]/)) if (syllable) out.push({ text: syllable, dotted: false });
    } else {
      out.push({ text: word, dotted });
    }
  }
  return out;
}

const fold = (text: string) => removeDiacritics(cyrillicToLatin(text.toLowerCase()));

/** Folded words of a fragment, for deciding what a comma separates. */
function foldedWords(text: string): string[] {
  return words(fold(text)).map((w) => w.text);
}

/** Short all-capital words in a name that also has lower-case letters: abbreviations such as AO, SA, PT. */
function capitalisedAbbreviations(text: string): Set<string> {
  if (!/\p{Ll}/u.test(text)) return new Set();
  return new Set([...text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}{2,4}(?![\p{L}\p{N}])/gu)].map((m) => fold(m[0])));
}

/** A comma-separated part holding only legal forms or suffixes. */
function isTail(part: string): boolean {
  const folded = foldedWords(part);
  return folded.length > 0 && folded.every((w) => legalFormWords.has(w) || generationalSuffixes.has(w));
}

/**
 * `LAST, First Middle` → `First Middle LAST`. Parts after the first comma that hold only
 * legal forms or suffixes (`ANGLO-CARIBBEAN CO., LTD.`, `SMITH, John, Jr.`) stay at the end.
 */
function reorderLastFirst(text: string): string {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length < 2) return parts.join(' ');
  const [family, ...rest] = parts;
  const given = rest.filter((part) => !isTail(part));
  if (given.length === 0) return parts.join(' ');
  return [...given, family, ...rest.filter(isTail)].join(' ');
}

/** S. A. R. L. → one dotted word `sarl` when the letters spell a legal form. */
function joinDottedLetters(input: Word[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < input.length; ) {
    let j = i;
    while (j < input.length && input[j]!.dotted && input[j]!.text.length === 1) j++;
    if (j - i >= 2) {
      const joined = input
        .slice(i, j)
        .map((w) => w.text)
        .join('');
      if (dottedLegalForms.has(joined)) {
        out.push({ text: joined, dotted: true });
        i = j;
        continue;
      }
    }
    out.push(input[i]!);
    i += 1;
  }
  return out;
}

function matchesAt(input: Word[], at: number, form: readonly string[]): boolean {
  if (at < 0 || at + form.length > input.length) return false;
  return form.every((word, k) => input[at + k]!.text === word);
}

function mayStrip(form: LegalForm, segment: Word[], adjacent: boolean, organisation: boolean): boolean {
  return !form.ambiguous || organisation || adjacent || segment.every(isAbbreviated);
}
const isAbbreviated = (w: Word) => w.dotted;

/** The longest legal form ending (or starting, `atStart`) at that end of input[start, end), if removal is allowed. */
function legalFormAt(input: Word[], start: number, end: number, atStart: boolean, adjacent: boolean, organisation: boolean): number {
  const edge = atStart ? input[start] : input[end - 1];
  if (edge === undefined || !legalFormWords.has(edge.text)) return 0;
  for (const form of legalForms) {
    const n = form.words.length;
    if (end - start - n < 1) continue;
    const at = atStart ? start : end - n;
    if (matchesAt(input, at, form.words) && mayStrip(form, input.slice(at, at + n), adjacent, organisation)) return n;
  }
  return 0;
}

/**
 * Legal forms removed from either end (Công ty TNHH …, … Co., Ltd, ООО …); an ambiguous
 * form only when abbreviated, next to a removed form, or in an organisation's name.
 */
function stripLegalForms(input: Word[], organisation: boolean): Word[] {
  let start = 0;
  let end = input.length;
  let strippedEnd = false;
  let strippedStart = false;
  for (;;) {
    const atEnd = legalFormAt(input, start, end, false, strippedEnd, organisation);
    if (atEnd > 0) {
      end -= atEnd;
      strippedEnd = true;
      continue;
    }
    const atStart = legalFormAt(input, start, end, true, strippedStart, organisation);
    if (atStart > 0) {
      start += atStart;
      strippedStart = true;
      continue;
    }
    break;
  }
  let kept = input.slice(start, end);
  if (organisation) {
    // Inside an organisation's name too: OIL COMPANY ROSNEFT is Rosneft Oil Company.
    const inner = kept.filter(isNotLegalWord);
    if (inner.length > 0) kept = inner;
  }
  return kept;
}
const isNotLegalWord = (w: Word) => !unambiguousWords.has(w.text);

/**
 * Arabic compounds with al-Din written joined (Noureddine, Salahuddin, Ezzeldin) become
 * the words written apart (Nour El Din, Salah al-Din): stem, article, din.
 */
const joinedAlDin = /^([a-z]{3,}?)[aeiou][dl]dine?$/;
const detachedAlDin = /^[aeiou][dl]dine?$/;

function splitAlDin(token: string): string[] {
  if (detachedAlDin.test(token)) return ['al', 'din'];
  const joined = joinedAlDin.exec(token);
  return joined ? [joined[1]!, 'al', 'din'] : [token];
}

function respell(token: string): string {
  const whole = tokenSpellings.get(token);
  if (whole !== undefined) return whole;
  for (const [prefix, replacement] of joinedSpellingPrefixes) {
    if (token.length > prefix.length + 3 && token.startsWith(prefix)) return replacement + token.slice(prefix.length);
  }
  return token;
}

const leadingWord = /^[\s\p{P}]*(\p{L}+)[\s\p{P}]+/u;

/** Ông, Bà at the start, recognised by their diacritics (Ong and Ba are also names). */
function stripVietnameseHonorifics(text: string): string {
  let out = text;
  for (let m = leadingWord.exec(out); m && vietnameseHonorifics.has(m[1]!); m = leadingWord.exec(out)) out = out.slice(m[0].length);
  return out;
}

/**
 * A name as comparable tokens. NFKC; `LAST, First` reordered; Han characters to tone-less
 * pinyin, one syllable a token; lower case; Cyrillic to Latin; đ → d and diacritics (pinyin
 * tone marks too) removed; tone digits dropped; apostrophes joined and other punctuation
 * folded to spaces; titles, generational suffixes and legal forms removed; Arabic عبد
 * spellings unified. If removal would leave nothing, the words are kept as they are.
 */
export function normaliseName(raw: string, options: NameNormalisationOptions = {}): string[] {
  let text = raw.normalize('NFKC');
  if (!options.organisation && text.includes(',')) text = reorderLastFirst(text);
  if (hasHan.test(text)) text = hanToPinyin(text);
  const capitals = capitalisedAbbreviations(text);
  text = text.toLowerCase();
  text = stripVietnameseHonorifics(text);
  if (hasCyrillic.test(text)) text = cyrillicToLatin(text);
  text = removeDiacritics(text);

  const all = joinDottedLetters(words(text, capitals));
  let kept = all;
  if (!options.organisation) {
    while (kept.length > 1 && honorifics.has(kept[0]!.text)) kept = kept.slice(1);
  }
  while (kept.length > 2 && generationalSuffixes.has(kept[kept.length - 1]!.text)) kept = kept.slice(0, -1);
  kept = stripLegalForms(kept, options.organisation ?? false);
  const tokens = (kept.length > 0 ? kept : all).flatMap((w) => splitAlDin(respell(w.text)));
  return tokens.slice(0, maxNameTokens);
}
