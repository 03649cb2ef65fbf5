import type { DateOfBirthComparison, FieldStatus } from './corroboration.js';
import type { BlocklistEntry, EntryIdentifier, ScreeningSubject } from './entry.js';
import type { NameAlignment, PreparedName, TokenPair } from './name-score.js';

/**
 * The plain-English account of one comparison, for the analyst who reviews the hit:
 * which name or alias matched and how each token agreed, what the date of birth,
 * nationality and identifier said, and the verdict.
 */

export interface MatchFacts {
  subject: ScreeningSubject;
  entry: BlocklistEntry;
  matchedName: string;
  nameIndex: number;
  query: PreparedName;
  listed: PreparedName | null;
  alignment: NameAlignment | null;
  dateOfBirth: DateOfBirthComparison;
  nationality: FieldStatus;
  identifier: EntryIdentifier | null;
  score: number;
  strength: 'strong' | 'possible' | null;
  vetoed: boolean;
}

const two = (x: number) => x.toFixed(2);

function pairText(pair: TokenPair, query: PreparedName, listed: PreparedName): string {
  const q = pair.query.map((i) => query.tokens[i]!.text).join(' ');
  const e = pair.entry.map((j) => listed.tokens[j]!.text).join(' ');
  switch (pair.kind) {
    case 'same':
      return q;
    case 'joined':
      return `${q} = ${e}`;
    case 'initial':
      return q.length === 1 ? `${q}. = ${e}` : `${q} = ${e}.`;
    case 'similar':
      return `${q} ≈ ${e} (${two(pair.similarity)})`;
  }
}

function quote(tokens: readonly number[], name: PreparedName): string {
  return tokens.map((i) => `'${name.tokens[i]!.text}'`).join(', ');
}

/** "nguyen, an agree; 'van' only on the list" */
export function describeAlignment(alignment: NameAlignment, query: PreparedName, listed: PreparedName): string {
  const parts: string[] = [];
  const pairs = [...alignment.pairs].sort((a, b) => a.query[0]! - b.query[0]!);
  if (pairs.length > 0) parts.push(`${pairs.map((p) => pairText(p, query, listed)).join(', ')} ${pairs.length === 1 ? 'agrees' : 'agree'}`);
  const onlyQuery = quote(alignment.unmatchedQuery, query);
  const onlyListed = quote(alignment.unmatchedEntry, listed);
  if (alignment.missing) {
    if (onlyQuery) parts.push(`${onlyQuery} only in the application`);
    if (onlyListed) parts.push(`${onlyListed} only on the list`);
  } else if (onlyQuery && onlyListed) {
    parts.push(`${onlyQuery} in the application against ${onlyListed} on the list`);
  } else if (onlyQuery) {
    parts.push(`${onlyQuery} not on the list`);
  } else if (onlyListed) {
    parts.push(`${onlyListed} not in the application`);
  }
  if (alignment.outOfOrder) parts.push('syllables in another order are another name');
  return parts.join('; ');
}

function dateOfBirthText(facts: MatchFacts): string {
  const given = facts.subject.dateOfBirth;
  const listed = facts.entry.datesOfBirth;
  if (facts.entry.entityType !== 'person' && facts.entry.entityType !== 'unknown') return '';
  if (!given && listed.length === 0) return 'no date of birth on either side';
  if (!given) return `date of birth not given (listed ${listed.join(' / ')})`;
  if (listed.length === 0) return `date of birth ${given} not on the list`;
  const d = facts.dateOfBirth;
  switch (d.detail) {
    case 'exact':
      return `date of birth ${given} agrees`;
    case 'same-year':
    case 'same-month':
      return `date of birth ${given} agrees with the listed ${d.listed} as far as the list knows it`;
    case 'slip':
      return `date of birth ${given} is close to the listed ${d.listed} (a likely slip, neither agreement nor conflict)`;
    case 'different-year':
      return `date of birth ${given} conflicts with the listed ${listed.join(' / ')}`;
    case 'absent':
      return `date of birth ${given} could not be compared with the listed ${listed.join(' / ')}`;
  }
}

function nationalityText(facts: MatchFacts): string {
  const given = facts.subject.nationality;
  const listed = facts.entry.nationalities;
  if (facts.entry.entityType !== 'person' && facts.entry.entityType !== 'unknown') return '';
  if (facts.nationality === 'agreed') return `nationality ${given} agrees`;
  if (facts.nationality === 'conflicted') return `nationality ${given} differs from the listed ${listed.join('/')} (not a veto)`;
  return '';
}

function nameText(facts: MatchFacts): string {
  const which = facts.nameIndex === 0 ? 'the listed name' : 'alias';
  const { alignment, listed } = facts;
  if (!alignment || !listed) return `the listed name '${facts.entry.fullName}' could not be compared`;
  const detail = describeAlignment(alignment, facts.query, listed);
  return `name '${facts.subject.fullName}' against ${which} '${facts.matchedName}' scores ${two(alignment.score)}${detail ? ` (${detail})` : ''}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function explainMatch(facts: MatchFacts): string {
  const corroboration = [dateOfBirthText(facts), nationalityText(facts)].filter((s) => s !== '');
  if (facts.identifier) {
    const id = facts.identifier;
    const country = id.country ? ` (${id.country})` : '';
    const given = facts.subject.nationalId?.number ?? '';
    return `${[
      `Identifier ${given} equals the listed ${id.type} ${id.number}${country}: a strong hit whatever the name says`,
      nameText(facts),
      ...corroboration,
    ].join('; ')}.`;
  }
  const verdict = facts.vetoed
    ? 'not flagged: the dates of birth are years apart'
    : facts.strength === 'strong'
      ? `score ${two(facts.score)}, a strong hit`
      : facts.strength === 'possible'
        ? `score ${two(facts.score)}, a possible hit for review`
        : `score ${two(facts.score)}, below the review threshold`;
  return `${capitalise([nameText(facts), ...corroboration].join('; '))}. Verdict: ${verdict}.`;
}
