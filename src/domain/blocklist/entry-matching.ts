import { compareDateOfBirth, compareNationality, corroborationBonus, isOrganisation, type FieldStatus } from './corroboration.js';
import type { BlocklistEntry, EntryIdentifier, ScreeningSubject } from './entry.js';
import { explainMatch, type MatchFacts } from './hit-explanation.js';
import { identifierKeys } from './identifier-normalisation.js';
import { defaultListThresholds } from './list.js';
import { normaliseName } from './name-normalisation.js';
import { alignNames, prepareName, type NameAlignment, type PreparedName } from './name-score.js';
import { tokenSimilarity } from './name-tokens.js';

/**
 * Compares one applicant with one list entry. An identifier match comes first: a strong
 * hit with score 1 whatever the name or date of birth say. Otherwise the applicant's name
 * is scored against the entry's full name and every alias (the best wins); an agreeing
 * date of birth or nationality adds a little, a clearly different date of birth vetoes.
 */

export interface MatchThresholds {
  /** At or above: a strong hit, the list's action. */
  strong: number;
  /** At or above and below strong: a possible hit, sent to review. */
  review: number;
}

export const defaultMatchThresholds: MatchThresholds = { ...defaultListThresholds };

export interface MatchFields {
  name: FieldStatus;
  dateOfBirth: FieldStatus;
  nationality: FieldStatus;
  identifier: FieldStatus;
}

export interface EntryMatch {
  score: number;
  strength: 'strong' | 'possible' | null;
  matchedOn: 'identifier' | 'name';
  /** The entry's name or alias that matched best, as the list writes it. */
  matchedName: string;
  fields: MatchFields;
  explanation: string;
}

export interface PreparedSubject {
  subject: ScreeningSubject;
  name: PreparedName;
  identifierKeys: string[];
}

export function prepareSubject(subject: ScreeningSubject): PreparedSubject {
  const id = subject.nationalId;
  return {
    subject,
    name: prepareName(normaliseName(subject.fullName)),
    identifierKeys: id ? identifierKeys(id.number, id.country) : [],
  };
}

/** The names an entry is known by, as written: the full name first, then each alias. */
export const entryNames = (entry: BlocklistEntry): string[] => [entry.fullName, ...entry.aliases];

export function normaliseEntryName(entry: BlocklistEntry, name: string): string[] {
  return normaliseName(name, { organisation: isOrganisation(entry) });
}

/** The best-scoring of an entry's names: `nameIndex` 0 is the full name, k the k-th alias. */
export interface BestName {
  nameIndex: number;
  name: PreparedName;
  alignment: NameAlignment;
}

/** Keeps the better of two name results; a tie goes to the earlier name, so the index and a full scan agree. */
export function betterName(best: BestName | null, candidate: BestName): BestName {
  if (!best) return candidate;
  const a = candidate.alignment.score;
  const b = best.alignment.score;
  return a > b || (a === b && candidate.nameIndex < best.nameIndex) ? candidate : best;
}

export function bestNameAlignment(
  subject: PreparedSubject,
  names: ReadonlyArray<{ nameIndex: number; name: PreparedName }>,
  organisation: boolean,
): BestName | null {
  const q = subject.name;
  let best: BestName | null = null;
  for (const { nameIndex, name } of names) {
    const alignment = alignNames(q, name, organisation, (i, j) =>
      tokenSimilarity(q.tokens[i]!, name.tokens[j]!, q.chinese, name.chinese),
    );
    best = betterName(best, { nameIndex, name, alignment });
  }
  return best;
}

/** The entry's first identifier sharing a normalised key with the applicant's, issuing countries permitting. */
export function matchingIdentifier(subject: PreparedSubject, entry: BlocklistEntry): EntryIdentifier | null {
  if (subject.identifierKeys.length === 0) return null;
  const country = subject.subject.nationalId?.country;
  for (const identifier of entry.identifiers) {
    if (identifier.country && country && identifier.country !== country) continue;
    if (identifierKeys(identifier.number, identifier.country).some((key) => subject.identifierKeys.includes(key))) return identifier;
  }
  return null;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** A verdict on one entry before it is put in words, with the facts the words are made of. */
export interface JudgedMatch extends Omit<EntryMatch, 'explanation'> {
  facts: MatchFacts;
}

/** Turns the best name alignment and any identifier match into the verdict on one entry. */
export function judgeMatch(
  subject: PreparedSubject,
  entry: BlocklistEntry,
  best: BestName | null,
  identifier: EntryIdentifier | null,
  thresholds: MatchThresholds,
): JudgedMatch {
  const organisation = isOrganisation(entry);
  const nameScore = best?.alignment.score ?? 0;
  // A company, vessel or aircraft has no date of birth or nationality to corroborate an applicant.
  const dateOfBirth = organisation
    ? compareDateOfBirth(undefined, [])
    : compareDateOfBirth(subject.subject.dateOfBirth, entry.datesOfBirth);
  const nationality = organisation ? 'unknown' : compareNationality(subject.subject.nationality, entry.nationalities);
  const fields: MatchFields = {
    name: nameScore >= thresholds.review ? 'agreed' : 'conflicted',
    dateOfBirth: dateOfBirth.status,
    nationality,
    identifier: identifier ? 'agreed' : subject.identifierKeys.length > 0 && entry.identifiers.length > 0 ? 'conflicted' : 'unknown',
  };
  const matchedName = best && best.nameIndex > 0 ? entry.aliases[best.nameIndex - 1]! : entry.fullName;

  let score: number;
  let strength: EntryMatch['strength'];
  let vetoed = false;
  if (identifier) {
    score = 1;
    strength = 'strong';
  } else {
    let bonus = 0;
    if (dateOfBirth.status === 'agreed') bonus += dateOfBirth.exact ? corroborationBonus.exactDateOfBirth : corroborationBonus.partialDateOfBirth;
    if (nationality === 'agreed') bonus += corroborationBonus.nationality;
    score = round4(Math.min(1, nameScore + bonus));
    vetoed = dateOfBirth.status === 'conflicted';
    strength = vetoed ? null : score >= thresholds.strong ? 'strong' : score >= thresholds.review ? 'possible' : null;
  }
  const facts: MatchFacts = {
    subject: subject.subject,
    entry,
    matchedName,
    nameIndex: best?.nameIndex ?? 0,
    query: subject.name,
    listed: best?.name ?? null,
    alignment: best?.alignment ?? null,
    dateOfBirth,
    nationality,
    identifier,
    score,
    strength,
    vetoed,
  };
  return { score, strength, matchedOn: identifier ? 'identifier' : 'name', matchedName, fields, facts };
}

/** judgeMatch, put in words token by token. */
export function concludeMatch(
  subject: PreparedSubject,
  entry: BlocklistEntry,
  best: BestName | null,
  identifier: EntryIdentifier | null,
  thresholds: MatchThresholds,
): EntryMatch {
  const { facts, ...match } = judgeMatch(subject, entry, best, identifier, thresholds);
  return { ...match, explanation: explainMatch(facts) };
}

/** An applicant against one list entry (see the file comment). */
export function matchEntry(
  subject: ScreeningSubject,
  entry: BlocklistEntry,
  thresholds: MatchThresholds = defaultMatchThresholds,
): EntryMatch {
  const prepared = prepareSubject(subject);
  const names = entryNames(entry).map((raw, nameIndex) => ({ nameIndex, name: prepareName(normaliseEntryName(entry, raw)) }));
  const best = bestNameAlignment(prepared, names, isOrganisation(entry));
  return concludeMatch(prepared, entry, best, matchingIdentifier(prepared, entry), thresholds);
}

/** For ad-hoc comparisons: a name (or applicant) against a listed name (or partial entry). */
export function matchPair(
  query: string | ScreeningSubject,
  listEntry: string | (Partial<BlocklistEntry> & { fullName: string }),
  thresholds: MatchThresholds = defaultMatchThresholds,
): EntryMatch {
  const subject = typeof query === 'string' ? { fullName: query } : query;
  const given = typeof listEntry === 'string' ? { fullName: listEntry } : listEntry;
  const entry: BlocklistEntry = {
    externalId: given.externalId ?? 'pair',
    fullName: given.fullName,
    aliases: given.aliases ?? [],
    datesOfBirth: given.datesOfBirth ?? [],
    identifiers: given.identifiers ?? [],
    nationalities: given.nationalities ?? [],
    entityType: given.entityType ?? 'person',
    reason: given.reason,
    sourceReference: given.sourceReference,
  };
  return matchEntry(subject, entry, thresholds);
}
