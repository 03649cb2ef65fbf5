import type { BlocklistEntry, ScreeningSubject } from '../entry.js';
import { identifierKeys } from './identifiers.js';
import { comparable, compareNames, type ComparableName } from './name-similarity.js';
import { nameTokens } from './normalise-name.js';

export interface MatchThresholds {
  /** At or above: a strong hit (the list's action). */
  strong: number;
  /** At or above, below strong: a possible hit (review). */
  review: number;
}

export const defaultMatchThresholds: MatchThresholds = { strong: 0.92, review: 0.85 };

export type FieldVerdict = 'agree' | 'conflict' | 'unknown';

export interface EntryMatch {
  score: number;
  strength: 'strong' | 'possible' | null;
  matchedOn: 'identifier' | 'name';
  /** The entry's name or alias that matched (list side; never the applicant's input). */
  matchedName: string;
  fields: { name: FieldVerdict; dateOfBirth: FieldVerdict; nationality: FieldVerdict; identifier: FieldVerdict };
  explanation: string;
}

/** A subject prepared once for many comparisons. */
export interface PreparedSubject {
  tokens: string[];
  name: ComparableName;
  dateOfBirth: string | undefined;
  nationality: string | undefined;
  identifierKeys: string[];
  idCountry: string | undefined;
}

export function prepareSubject(subject: ScreeningSubject): PreparedSubject {
  const tokens = nameTokens(subject.fullName, 'person');
  return {
    tokens,
    name: comparable(tokens),
    dateOfBirth: subject.dateOfBirth,
    nationality: subject.nationality,
    identifierKeys: subject.nationalId ? identifierKeys(subject.nationalId.number) : [],
    idCountry: subject.nationalId?.country,
  };
}

/** Entry names prepared once: the full name and each alias, with its tokens. */
export interface PreparedName {
  name: string;
  tokens: string[];
  comparable: ComparableName;
}

export function prepareNames(entry: BlocklistEntry): PreparedName[] {
  return [entry.fullName, ...entry.aliases].map((name) => {
    const tokens = nameTokens(name, entry.entityType);
    return { name, tokens, comparable: comparable(tokens) };
  });
}

/** Compares a full date of birth with a list date written YYYY, YYYY-MM or YYYY-MM-DD. */
export function compareDateOfBirth(subject: string | undefined, listed: readonly string[]): FieldVerdict {
  if (!subject || listed.length === 0) return 'unknown';
  let close = false;
  for (const date of listed) {
    if (subject.startsWith(date)) return 'agree';
    const yearGap = Math.abs(Number(subject.slice(0, 4)) - Number(date.slice(0, 4)));
    // A year either side is a common recording error: neither agreement nor a veto.
    if (yearGap <= 1) close = true;
  }
  return close ? 'unknown' : 'conflict';
}

function identifierMatch(subject: PreparedSubject, entry: BlocklistEntry): string | null {
  if (subject.identifierKeys.length === 0) return null;
  for (const id of entry.identifiers) {
    if (id.country && subject.idCountry && id.country !== subject.idCountry) continue;
    const keys = identifierKeys(id.number);
    if (keys.some((k) => subject.identifierKeys.includes(k))) return `${id.type} ${id.number}`;
  }
  return null;
}

const pct = (x: number) => x.toFixed(2);

function describe(m: Omit<EntryMatch, 'explanation'>, entry: BlocklistEntry, idText: string | null): string {
  const parts: string[] = [];
  if (m.matchedOn === 'identifier') {
    parts.push(`Identifier ${idText} on the entry matches the applicant's identity document`);
    parts.push(m.fields.name === 'agree' ? `the name also matches '${m.matchedName}'` : `the names differ (entry '${entry.fullName}')`);
  } else {
    const which = m.matchedName === entry.fullName ? 'the listed name' : 'the alias';
    parts.push(`Name matches ${which} '${m.matchedName}' (score ${pct(m.score)})`);
  }
  if (m.fields.dateOfBirth === 'agree') parts.push(`date of birth agrees with ${entry.datesOfBirth.join(' / ')}`);
  else if (m.fields.dateOfBirth === 'conflict') parts.push(`date of birth differs from ${entry.datesOfBirth.join(' / ')}`);
  else if (entry.datesOfBirth.length === 0) parts.push('the entry has no date of birth');
  if (m.fields.nationality === 'agree') parts.push(`nationality ${entry.nationalities.join('/')} agrees`);
  else if (m.fields.nationality === 'conflict') parts.push(`nationality differs (entry: ${entry.nationalities.join('/')})`);
  return `${parts.join('; ')}.`;
}

/**
 * Compares an applicant with one list entry. An identifier match (normalised; PRC 15 and
 * 18-digit forms equal) is a strong hit whatever the name and is never vetoed. Otherwise
 * the best of the full name and aliases is scored; an agreeing date of birth or
 * nationality raises the score, a clearly different date of birth vetoes the hit.
 */
export function matchPrepared(
  subject: PreparedSubject,
  entry: BlocklistEntry,
  names: PreparedName[],
  thresholds: MatchThresholds,
): EntryMatch {
  let best = { score: 0, name: entry.fullName };
  for (const n of names) {
    const s = compareNames(subject.name, n.comparable).score;
    if (s > best.score) best = { score: s, name: n.name };
  }
  const dateOfBirth = compareDateOfBirth(subject.dateOfBirth, entry.datesOfBirth);
  const nationality: FieldVerdict =
    !subject.nationality || entry.nationalities.length === 0 ? 'unknown' : entry.nationalities.includes(subject.nationality) ? 'agree' : 'conflict';
  const nameVerdict: FieldVerdict = best.score >= thresholds.review ? 'agree' : 'conflict';

  const idText = identifierMatch(subject, entry);
  if (idText) {
    const m = {
      score: 1,
      strength: 'strong' as const,
      matchedOn: 'identifier' as const,
      matchedName: best.name,
      fields: { name: nameVerdict, dateOfBirth, nationality, identifier: 'agree' as const },
    };
    return { ...m, explanation: describe(m, entry, null === idText ? null : idText) };
  }

  let score = best.score;
  if (dateOfBirth === 'agree') score += (1 - score) * 0.5;
  if (nationality === 'agree') score += (1 - score) * 0.2;
  const vetoed = dateOfBirth === 'conflict';
  const strength = vetoed ? null : score >= thresholds.strong ? 'strong' : score >= thresholds.review ? 'possible' : null;
  const m = {
    score: Math.round(score * 10_000) / 10_000,
    strength,
    matchedOn: 'name' as const,
    matchedName: best.name,
    fields: { name: nameVerdict, dateOfBirth, nationality, identifier: 'unknown' as const },
  } satisfies Omit<EntryMatch, 'explanation'>;
  return { ...m, explanation: describe(m, entry, null) };
}

export function matchEntry(subject: ScreeningSubject, entry: BlocklistEntry, thresholds: MatchThresholds = defaultMatchThresholds): EntryMatch {
  return matchPrepared(prepareSubject(subject), entry, prepareNames(entry), thresholds);
}
