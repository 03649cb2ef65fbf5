import type { DateOfBirthComparison, FieldStatus } from './corroboration.js';
import type { BlocklistEntry, EntryIdentifier, ScreeningSubject } from './entry.js';
import type { NameAlignment, PreparedName, TokenPair } from './name-score.js';

/**
 * The plain-English account of one comparison, for the analyst who reviews the hit:
 * which name or alias matched and how each token agreed, what the date of birth,
 * nationality and identifier said, and the verdict.
 *
 * It quotes the list side only. The explanation is stored in the clear with the decision,
 * while the applicant's name, date of birth and national ID are sealed: quoting them here
 * would put applicant PII where auditors' plain-text views and exports read it. Tokens the
 * two names share are list tokens too; application-only tokens are counted, not quoted.
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
  const e = pair.entry.map((j) => listed.tokens[j]!.text).join(' ');
  switch (pair.kind) {
    case 'same':
      return e;
    case 'joined':
      return `${e} (written ${pair.query.length > pair.entry.length ? 'apart' : 'joined'} in the application)`;
    case 'initial':
      return pair.query.every((i) => query.tokens[i]!.text.length === 1) ? `${e} (an initial in the application)` : `${e}. (an initial on the list)`;
    case 'similar':
      return `${e} (spelt differently, ${two(pair.similarity)})`;
  }
}

function quote(tokens: readonly number[], name: PreparedName): string {
  return tokens.map((i) => `'${name.tokens[i]!.text}'`).join(', ');
}

function count(tokens: readonly number[]): string {
  if (tokens.length === 0) return '';
  return tokens.length === 1 ? 'one name token' : `${tokens.length} name tokens`;
}

/** "nguyen, an agree; 'van' only on the list" (query tokens are not quoted, see above) */
export function describeAlignment(alignment: NameAlignment, query: PreparedName, listed: PreparedName): string {
  const parts: string[] = [];
  const pairs = [...alignment.pairs].sort((a, b) => a.query[0]! - b.query[0]!);
  if (pairs.length > 0) parts.push(`${pairs.map((p) => pairText(p, query, listed)).join(', ')} ${pairs.length === 1 ? 'agrees' : 'agree'}`);
  const onlyQuery = count(alignment.unmatchedQuery);
  const onlyListed = quote(alignment.unmatchedEntry, listed);
  if (alignment.missing) {
    if (onlyQuery) parts.push(`${onlyQuery} only in the application`);
    if (onlyListed) parts.push(`${onlyListed} only on the list`);
  } else if (onlyQuery && onlyListed) {
    parts.push(`${onlyQuery} in the application ${alignment.unmatchedQuery.length === 1 ? 'differs' : 'differ'} from ${onlyListed} on the list`);
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
  if (listed.length === 0) return 'date of birth not on the list';
  const d = facts.dateOfBirth;
  switch (d.detail) {
    case 'exact':
      return `date of birth agrees (listed ${d.listed ?? listed.join(' / ')})`;
    case 'same-year':
    case 'same-month':
      return `date of birth agrees with the listed ${d.listed} as far as the list knows it`;
    case 'slip':
      return `date of birth is close to the listed ${d.listed} (a likely slip, neither agreement nor conflict)`;
    case 'different-year':
      return `date of birth conflicts with the listed ${listed.join(' / ')}`;
    case 'absent':
      return `date of birth could not be compared with the listed ${listed.join(' / ')}`;
  }
}

function nationalityText(facts: MatchFacts): string {
  const listed = facts.entry.nationalities;
  if (facts.entry.entityType !== 'person' && facts.entry.entityType !== 'unknown') return '';
  if (facts.nationality === 'agreed') return `nationality agrees (listed ${listed.join('/')})`;
  if (facts.nationality === 'conflicted') return `nationality differs from the listed ${listed.join('/')} (not a veto)`;
  return '';
}

function nameText(facts: MatchFacts): string {
  const which = facts.nameIndex === 0 ? 'the listed name' : 'alias';
  const { alignment, listed } = facts;
  if (!alignment || !listed) return `the listed name '${facts.entry.fullName}' could not be compared`;
  const detail = describeAlignment(alignment, facts.query, listed);
  return `name against ${which} '${facts.matchedName}' scores ${two(alignment.score)}${detail ? ` (${detail})` : ''}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function verdictText(facts: MatchFacts): string {
  if (facts.vetoed) return 'not flagged: the dates of birth are years apart';
  const score = two(facts.score);
  if (facts.strength === 'strong') return `score ${score}, a strong hit`;
  if (facts.strength === 'possible') return `score ${score}, a possible hit for review`;
  return `score ${score}, below the review threshold`;
}

export function explainMatch(facts: MatchFacts): string {
  const corroboration = [dateOfBirthText(facts), nationalityText(facts)].filter((s) => s !== '');
  if (facts.identifier) {
    const id = facts.identifier;
    const country = id.country ? ` (${id.country})` : '';
    return `${[
      `The applicant's national ID equals the listed ${id.type} ${id.number}${country}: a strong hit whatever the name says`,
      nameText(facts),
      ...corroboration,
    ].join('; ')}.`;
  }
  return `${capitalise([nameText(facts), ...corroboration].join('; '))}. Verdict: ${verdictText(facts)}.`;
}

/**
 * One line for a hit beyond the strongest few of a screening: the verdict and the name
 * that matched, no token detail (the hit's `fields` say how each fact compared). Cheap:
 * a common name can hit hundreds of entries.
 */
export function summariseMatch(facts: MatchFacts, rank: number, explainedInFull: number): string {
  const how = facts.identifier ? `the national ID equals a listed ${facts.identifier.type}` : `the name matched ${facts.nameIndex === 0 ? 'the listed name' : 'alias'} '${facts.matchedName}'`;
  return `Hit ${rank + 1} by score: ${how}; verdict: ${verdictText(facts)}. Only the ${explainedInFull} strongest hits are explained token by token.`;
}
