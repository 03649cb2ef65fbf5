import { describe, expect, it } from 'vitest';
import type { BlocklistEntry } from '../../src/domain/blocklist/entry.js';
import { matchEntry, matchPair } from '../../src/domain/blocklist/entry-matching.js';

const listed = (overrides: Partial<BlocklistEntry> = {}): BlocklistEntry => ({
  externalId: 'x-1',
  fullName: 'NGUYEN DUC',
  aliases: [],
  datesOfBirth: [],
  identifiers: [],
  nationalities: [],
  entityType: 'person',
  ...overrides,
});

describe('hit explanations', () => {
  // They are stored in the clear with the decision, while the applicant's PII is sealed.
  it('quote the list side only: never the applicant\'s name, date of birth or national ID', () => {
    const applicant = { fullName: 'Nguyễn Văn Đức', dateOfBirth: '1981-05-12', nationality: 'VN', nationalId: { type: 'national_id', number: '036090012345' } };
    const byName = matchEntry(applicant, listed({ fullName: 'NGUYEN VAN DUC', datesOfBirth: ['1981'] }));
    const byIdentifier = matchEntry(applicant, listed({ fullName: 'TRAN VAN LAM', identifiers: [{ type: 'CCCD', number: '036-090-012345', country: 'VN' }] }));
    for (const explanation of [byName.explanation, byIdentifier.explanation]) {
      expect(explanation).not.toContain('Nguyễn');
      expect(explanation).not.toContain('1981-05-12');
      expect(explanation).not.toContain('036090012345');
    }
    expect(byName.strength).not.toBeNull();
  });

  it('name the alias that matched, its score, and what the date of birth and nationality said', () => {
    const m = matchEntry(
      { fullName: 'Nguyễn Văn Đức', dateOfBirth: '1980-05-12', nationality: 'VN' },
      listed({ aliases: ['NGUYEN VAN DUC'], datesOfBirth: ['1980'], nationalities: ['VN'] }),
    );
    expect(m.explanation).toBe(
      "Name against alias 'NGUYEN VAN DUC' scores 1.00 (nguyen, van, duc agree); " +
        'date of birth agrees with the listed 1980 as far as the list knows it; nationality agrees (listed VN). ' +
        'Verdict: score 1.00, a strong hit.',
    );
  });

  it('say which token is only on one side, and why a hit was vetoed', () => {
    const m = matchEntry({ fullName: 'Nguyễn An', dateOfBirth: '1995-12-01' }, listed({ fullName: 'NGUYEN VAN AN', datesOfBirth: ['1970-06-06'] }));
    expect(m.explanation).toContain("'van' only on the list");
    expect(m.explanation).toContain('date of birth conflicts with the listed 1970-06-06');
    expect(m.explanation).toContain('not flagged: the dates of birth are years apart');
  });

  it('say that an identifier match is a hit whatever the name, and how the names compare', () => {
    const m = matchEntry(
      { fullName: 'Trần Văn Nam', nationalId: { type: 'national_id', number: '036090012345' } },
      listed({ fullName: 'TRAN VAN LAM', identifiers: [{ type: 'CCCD', number: '036 090 012345', country: 'VN' }] }),
    );
    expect(m.explanation).toMatch(/^The applicant's national ID equals the listed CCCD 036 090 012345 \(VN\): a strong hit whatever the name says/);
    expect(m.explanation).toContain("one name token in the application differs from 'lam' on the list");
  });

  it('show fuzzy and initial agreements with their strength', () => {
    expect(matchPair('Christopher Johnson', 'CHRISTOPHER JONHSON').explanation).toContain('jonhson (spelt differently, 0.96)');
    expect(matchPair('J. Smith', 'JOHN SMITH').explanation).toContain('john (an initial in the application), smith agree');
    expect(matchPair('J. Smith', 'JOHN SMITH').explanation).toContain('a possible hit for review');
  });

  it('explain syllables in another order', () => {
    expect(matchPair('王建国', '王国建').explanation).toContain('syllables in another order are another name');
  });
});
