import { z } from 'zod';
import { partialDate } from './entry.js';

/**
 * Labelled name-matching cases (`matching eval --cases FILE.jsonl`) and the figures a matcher
 * earns on them. Pure: the matcher is passed in, so this file knows nothing of the engine.
 */

const nonBlank = z.string().trim().min(1);

/** The applicant side of a case. Unknown fields are ignored (zod strips them). */
export const matchingQuerySchema = z.object({
  full_name: nonBlank,
  // Applicants give a full date; a partial one is accepted rather than failing a whole run.
  date_of_birth: partialDate.optional(),
  national_id: nonBlank.optional(),
  nationality: nonBlank.optional(),
});
export type MatchingQuery = z.infer<typeof matchingQuerySchema>;

/** The list side of a case, as a list publishes it. */
export const matchingListEntrySchema = z.object({
  full_name: nonBlank,
  aliases: z.array(z.string()).optional(),
  date_of_birth: partialDate.optional(),
  national_id: nonBlank.optional(),
  nationality: nonBlank.optional(),
  entity_type: nonBlank.optional(),
});
export type MatchingListEntry = z.infer<typeof matchingListEntrySchema>;

export const expectedOutcomes = ['match', 'no_match'] as const;
export type ExpectedOutcome = (typeof expectedOutcomes)[number];

/** `category` and `note` are optional extras: the category only groups the breakdown. */
export const matchingCaseSchema = z.object({
  query: matchingQuerySchema,
  list_entry: matchingListEntrySchema,
  expected: z.enum(expectedOutcomes),
  category: z.string().optional(),
  note: z.string().optional(),
});
export type MatchingCase = z.infer<typeof matchingCaseSchema>;

/** `true` when the pair would be flagged for reject or review. */
export type PairMatcher = (query: MatchingQuery, listEntry: MatchingListEntry) => boolean;

export type ParsedCaseLine =
  | { kind: 'blank' }
  | { kind: 'case'; case: MatchingCase }
  | { kind: 'invalid'; reason: string };

/** Parses one line of a JSONL case file; blank lines are allowed and skipped. */
export function parseCaseLine(line: string): ParsedCaseLine {
  if (line.trim() === '') return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = matchingCaseSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(case)'}: ${issue.message}`);
    return { kind: 'invalid', reason: problems.join('; ') };
  }
  return { kind: 'case', case: result.data };
}

export interface ConfusionCounts {
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Ratios are `null` when undefined (0/0), e.g. recall on a set without any `match` case. */
export interface MatchingFigures extends ConfusionCounts {
  recall: number | null;
  precision: number | null;
  f1: number | null;
}

export interface Misclassification {
  /** Position of the case in the evaluated array (0-based). */
  index: number;
  case: MatchingCase;
  expected: ExpectedOutcome;
  predicted: ExpectedOutcome;
}

export interface MatchingEvaluation extends MatchingFigures {
  /** One row per category, sorted by name; cases without one fall under `uncategorised`. */
  byCategory: Array<MatchingFigures & { category: string }>;
  misclassified: Misclassification[];
}

export const uncategorised = 'uncategorised';

/** The matcher threw on a case: a bug in the matcher or a case it cannot take, never a label. */
export class MatcherFailedError extends Error {
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super(`matcher failed on case ${index}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MatcherFailedError';
  }
}

function figures(counts: ConfusionCounts): MatchingFigures {
  const { tp, fp, fn } = counts;
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
  return {
    ...counts,
    recall: ratio(tp, tp + fn),
    precision: ratio(tp, tp + fp),
    // 2tp / (2tp + fp + fn) equals the harmonic mean where both are defined, and is 0 (not
    // undefined) when a matcher finds nothing on a set that has positives.
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

const emptyCounts = (): ConfusionCounts => ({ n: 0, tp: 0, fp: 0, tn: 0, fn: 0 });

function tally(counts: ConfusionCounts, expected: ExpectedOutcome, predicted: ExpectedOutcome): void {
  counts.n += 1;
  if (expected === 'match') {
    if (predicted === 'match') counts.tp += 1;
    else counts.fn += 1;
  } else if (predicted === 'match') counts.fp += 1;
  else counts.tn += 1;
}

/** Runs `matcher` on every case and scores its answers against the labels. */
export function evaluateMatching(cases: readonly MatchingCase[], matcher: PairMatcher): MatchingEvaluation {
  const total = emptyCounts();
  const perCategory = new Map<string, ConfusionCounts>();
  const misclassified: Misclassification[] = [];

  cases.forEach((item, index) => {
    let flagged: boolean;
    try {
      flagged = matcher(item.query, item.list_entry);
    } catch (error) {
      throw new MatcherFailedError(index, error);
    }
    const predicted: ExpectedOutcome = flagged ? 'match' : 'no_match';
    const category = item.category?.trim() || uncategorised;
    let counts = perCategory.get(category);
    if (!counts) perCategory.set(category, (counts = emptyCounts()));
    tally(total, item.expected, predicted);
    tally(counts, item.expected, predicted);
    if (predicted !== item.expected) misclassified.push({ index, case: item, expected: item.expected, predicted });
  });

  const byCategory = [...perCategory.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, counts]) => ({ category, ...figures(counts) }));
  return { ...figures(total), byCategory, misclassified };
}
