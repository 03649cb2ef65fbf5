import { describe, expect, it } from 'vitest';
import {
  evaluateMatching,
  MatcherFailedError,
  parseCaseLine,
  type MatchingCase,
  type PairMatcher,
} from '../../src/domain/blocklist/evaluate-matching.js';

function aCase(overrides: Partial<MatchingCase> = {}): MatchingCase {
  return {
    query: { full_name: 'Nguyễn Văn An' },
    list_entry: { full_name: 'NGUYEN VAN AN' },
    expected: 'match',
    category: 'vietnamese',
    ...overrides,
  };
}

/** A fake matcher: flags a pair when the names are equal ignoring case. */
const sameName: PairMatcher = (query, entry) => query.full_name.toLowerCase() === entry.full_name.toLowerCase();
const flagsEverything: PairMatcher = () => true;
const flagsNothing: PairMatcher = () => false;

describe('parsing a line of a matching case file', () => {
  it('reads a case and ignores fields it does not know', () => {
    const parsed = parseCaseLine(
      JSON.stringify({
        query: { full_name: 'Wang Jianguo', date_of_birth: '1970-01-02', national_id: '110101197001021234', extra: 1 },
        list_entry: { full_name: '王建国', aliases: ['Wang Jian Guo'], date_of_birth: '1970', entity_type: 'person' },
        expected: 'match',
        category: 'chinese',
        note: 'hanzi vs pinyin',
        source: 'ignored',
      }),
    );
    expect(parsed.kind).toBe('case');
    if (parsed.kind !== 'case') return;
    expect(parsed.case.query).toEqual({
      full_name: 'Wang Jianguo',
      date_of_birth: '1970-01-02',
      national_id: '110101197001021234',
    });
    expect(parsed.case.list_entry.aliases).toEqual(['Wang Jian Guo']);
    expect(parsed.case.category).toBe('chinese');
  });

  it('skips blank lines', () => {
    expect(parseCaseLine('   ')).toEqual({ kind: 'blank' });
  });

  it('rejects a line that is not JSON', () => {
    const parsed = parseCaseLine('{"query": ');
    expect(parsed.kind).toBe('invalid');
  });

  it('rejects a national ID given as a number, naming the field', () => {
    const parsed = parseCaseLine(
      JSON.stringify({ query: { full_name: 'A B', national_id: 123 }, list_entry: { full_name: 'A B' }, expected: 'match' }),
    );
    expect(parsed).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('query.national_id') });
  });

  it('rejects an unknown expected label and a missing name', () => {
    expect(parseCaseLine(JSON.stringify({ ...aCase(), expected: 'maybe' })).kind).toBe('invalid');
    expect(parseCaseLine(JSON.stringify({ ...aCase(), list_entry: { full_name: ' ' } })).kind).toBe('invalid');
  });

  it('rejects a date of birth that is not YYYY, YYYY-MM or YYYY-MM-DD', () => {
    const parsed = parseCaseLine(JSON.stringify(aCase({ list_entry: { full_name: 'X', date_of_birth: '12/03/1980' } })));
    expect(parsed).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('list_entry.date_of_birth') });
  });
});

describe('evaluating a matcher on labelled cases', () => {
  const cases: MatchingCase[] = [
    aCase({ query: { full_name: 'Li Na' }, list_entry: { full_name: 'LI NA' }, expected: 'match', category: 'chinese' }),
    aCase({ query: { full_name: 'Wang Jianguo' }, list_entry: { full_name: '王建国' }, expected: 'match', category: 'chinese' }),
    aCase({ query: { full_name: 'Li Na' }, list_entry: { full_name: 'Li Hua' }, expected: 'no_match', category: 'chinese' }),
    aCase({ query: { full_name: 'Tran Van Nam' }, list_entry: { full_name: 'tran van nam' }, expected: 'no_match', category: 'dob' }),
    aCase({ query: { full_name: 'Tran Van Nam' }, list_entry: { full_name: 'Tran Van Lam' }, expected: 'no_match', category: 'dob' }),
  ];

  it('counts true and false positives and negatives', () => {
    const result = evaluateMatching(cases, sameName);
    expect(result).toMatchObject({ n: 5, tp: 1, fn: 1, fp: 1, tn: 2 });
    expect(result.recall).toBeCloseTo(0.5);
    expect(result.precision).toBeCloseTo(0.5);
    expect(result.f1).toBeCloseTo(0.5);
  });

  it('lists each misclassified case with its position, label and prediction', () => {
    const result = evaluateMatching(cases, sameName);
    expect(result.misclassified.map(({ index, expected, predicted }) => ({ index, expected, predicted }))).toEqual([
      { index: 1, expected: 'match', predicted: 'no_match' },
      { index: 3, expected: 'no_match', predicted: 'match' },
    ]);
    expect(result.misclassified[0]!.case.list_entry.full_name).toBe('王建国');
  });

  it('breaks the figures down by category, sorted by name', () => {
    const result = evaluateMatching(cases, sameName);
    expect(result.byCategory.map((row) => row.category)).toEqual(['chinese', 'dob']);
    expect(result.byCategory[0]).toMatchObject({ n: 3, tp: 1, fn: 1, fp: 0, tn: 1, recall: 0.5, precision: 1 });
    expect(result.byCategory[1]).toMatchObject({ n: 2, tp: 0, fn: 0, fp: 1, tn: 1, recall: null, precision: 0, f1: 0 });
  });

  it('puts cases without a category under "uncategorised"', () => {
    const { category: _ignored, ...withoutCategory } = aCase();
    const result = evaluateMatching([withoutCategory, aCase({ category: '  ' })], flagsEverything);
    expect(result.byCategory).toEqual([expect.objectContaining({ category: 'uncategorised', n: 2, tp: 2 })]);
  });

  it('gives a perfect matcher recall, precision and F1 of 1', () => {
    const perfect: PairMatcher = (query, entry) =>
      cases.find((c) => c.query === query && c.list_entry === entry)!.expected === 'match';
    expect(evaluateMatching(cases, perfect)).toMatchObject({ recall: 1, precision: 1, f1: 1, misclassified: [] });
  });

  it('leaves recall undefined (null) on a set without any match case, and precision 0 if anything is flagged', () => {
    const negatives = cases.filter((c) => c.expected === 'no_match');
    expect(evaluateMatching(negatives, flagsEverything)).toMatchObject({ tp: 0, fp: 3, recall: null, precision: 0, f1: 0 });
    expect(evaluateMatching(negatives, flagsNothing)).toMatchObject({ tn: 3, recall: null, precision: null, f1: null });
  });

  it('leaves precision undefined when nothing is flagged, with recall 0 and F1 0 if there were matches to find', () => {
    expect(evaluateMatching(cases, flagsNothing)).toMatchObject({ tp: 0, fn: 2, recall: 0, precision: null, f1: 0 });
  });

  it('gives an empty set no figures at all', () => {
    expect(evaluateMatching([], flagsEverything)).toEqual({
      n: 0, tp: 0, fp: 0, tn: 0, fn: 0, recall: null, precision: null, f1: null, byCategory: [], misclassified: [],
    });
  });

  it('passes the query and the list entry to the matcher as written in the case', () => {
    const seen: unknown[] = [];
    evaluateMatching([aCase({ query: { full_name: 'Q', national_id: '079-085' } })], (query, entry) => {
      seen.push(query, entry);
      return true;
    });
    expect(seen).toEqual([{ full_name: 'Q', national_id: '079-085' }, { full_name: 'NGUYEN VAN AN' }]);
  });

  it('says which case the matcher failed on', () => {
    const failing: PairMatcher = (query) => {
      if (query.full_name === 'Li Na') throw new Error('boom');
      return false;
    };
    expect(() => evaluateMatching([aCase(), aCase({ query: { full_name: 'Li Na' } })], failing)).toThrow(
      expect.objectContaining({ name: 'MatcherFailedError', index: 1 }),
    );
    expect(new MatcherFailedError(1, new Error('boom')).message).toBe('matcher failed on case 1: boom');
  });
});
