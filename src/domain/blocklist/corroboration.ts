import type { BlocklistEntry } from './entry.js';

/**
 * Date of birth and nationality as corroboration of a name match. Lists often know a
 * date only to the year or month, and applicants' dates carry typing slips, so only a
 * clearly different date (another year) counts as a conflict, and a conflict vetoes a
 * name-only hit. Nationality corroborates and never vetoes: people hold several.
 */

export type FieldStatus = 'agreed' | 'conflicted' | 'unknown';

export interface DateOfBirthComparison {
  status: FieldStatus;
  /** Both dates complete and equal (not only a year or month in common). */
  exact: boolean;
  /** The listed date compared with, when there is one. */
  listed: string | undefined;
  detail: 'exact' | 'same-year' | 'same-month' | 'slip' | 'different-year' | 'absent';
}

export interface PartialDate {
  year: number;
  month: number | undefined;
  day: number | undefined;
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null for anything else. */
export function parseDate(value: string): PartialDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value.trim());
  if (!m) return null;
  return { year: Number(m[1]), month: m[2] ? Number(m[2]) : undefined, day: m[3] ? Number(m[3]) : undefined };
}

const dayNumber = (d: PartialDate) => Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1) / 86_400_000;

const rank: Record<DateOfBirthComparison['detail'], number> = {
  exact: 5, 'same-month': 4, 'same-year': 3, slip: 2, absent: 1, 'different-year': 0,
};

function compareOne(subject: PartialDate, listedText: string): DateOfBirthComparison {
  const listed = parseDate(listedText);
  if (!listed) return { status: 'unknown', exact: false, listed: listedText, detail: 'absent' };
  const complete = subject.day !== undefined && listed.day !== undefined;
  if (subject.year !== listed.year) {
    // 31 December against 1 January of the next year is a slip, not another person.
    if (complete && Math.abs(dayNumber(subject) - dayNumber(listed)) <= 1) {
      return { status: 'unknown', exact: false, listed: listedText, detail: 'slip' };
    }
    return { status: 'conflicted', exact: false, listed: listedText, detail: 'different-year' };
  }
  if (subject.month === undefined || listed.month === undefined) {
    return { status: 'agreed', exact: false, listed: listedText, detail: 'same-year' };
  }
  if (subject.month === listed.month) {
    if (subject.day === undefined || listed.day === undefined) {
      return { status: 'agreed', exact: false, listed: listedText, detail: 'same-month' };
    }
    if (subject.day === listed.day) return { status: 'agreed', exact: true, listed: listedText, detail: 'exact' };
  }
  // Same year, other month or day: a day off by one or day and month swapped are slips;
  // neither agreement nor conflict.
  return { status: 'unknown', exact: false, listed: listedText, detail: 'slip' };
}

/** The applicant's date against each listed date; the most favourable comparison counts. */
export function compareDateOfBirth(subject: string | undefined, listed: readonly string[]): DateOfBirthComparison {
  const parsed = subject ? parseDate(subject) : null;
  if (!parsed || listed.length === 0) return { status: 'unknown', exact: false, listed: listed[0], detail: 'absent' };
  let best: DateOfBirthComparison | null = null;
  for (const date of listed) {
    const c = compareOne(parsed, date);
    if (!best || rank[c.detail] > rank[best.detail]) best = c;
  }
  return best!;
}

export function compareNationality(subject: string | undefined, listed: readonly string[]): FieldStatus {
  if (!subject || listed.length === 0) return 'unknown';
  return listed.includes(subject.trim().toUpperCase()) ? 'agreed' : 'conflicted';
}

/** Added to a name score: an exact date of birth, a date agreeing as far as the list knows it, a shared nationality. */
export const corroborationBonus = { exactDateOfBirth: 0.04, partialDateOfBirth: 0.02, nationality: 0.01 } as const;

/** The largest bonus a subject can earn; the index lowers its candidate threshold by this much. */
export function maxCorroborationBonus(subject: { dateOfBirth?: string | undefined; nationality?: string | undefined }): number {
  return (subject.dateOfBirth ? corroborationBonus.exactDateOfBirth : 0) + (subject.nationality ? corroborationBonus.nationality : 0);
}

/** Whether dates of birth and nationality mean anything for this entry (not for a company or vessel). */
export const isOrganisation = (entry: Pick<BlocklistEntry, 'entityType'>) =>
  entry.entityType === 'company' || entry.entityType === 'vessel' || entry.entityType === 'aircraft';
