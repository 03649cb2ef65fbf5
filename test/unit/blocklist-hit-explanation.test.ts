import { describe, expect, it } from 'vitest';
import type { BlocklistEntry } from '../../src/domain/blocklist/entry.js';
import { BlocklistIndex, hitsExplainedInFull } from '../../src/domain/blocklist/blocklist-index.js';
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

  it('word the strongest hits of a screening in full and the rest in one line each', () => {
    // A common name on a large list hits many entries; a few exact, the rest with a dropped middle name.
    const entries = Array.from({ length: hitsExplainedInFull + 5 }, (_, i) =>
      listed({ externalId: `x-${i}`, fullName: i < 3 ? 'NGUYEN VAN DUC' : 'NGUYEN DUC', datesOfBirth: ['1980'] }),
    );
    const index = new BlocklistIndex(
      [{ id: 'l', name: 'fraud', kind: 'fraud', action: 'review', strongThreshold: 0.92, reviewThreshold: 0.85, version: 1 }],
      entries.map((entry, i) => ({ id: `e${i}`, listId: 'l', entry })),
    );
    const hits = index.screen({ fullName: 'Nguyễn Văn Đức', dateOfBirth: '1980-05-12' });
    expect(hits).toHaveLength(entries.length);
    expect(hits.slice(0, 3).map((h) => h.matchedName)).toEqual(['NGUYEN VAN DUC', 'NGUYEN VAN DUC', 'NGUYEN VAN DUC']);
    for (const hit of hits.slice(0, hitsExplainedInFull)) {
      expect(hit.explanation).toContain('date of birth agrees with the listed 1980');
      expect(hit.explanation).toMatch(/nguyen, .*duc agree/);
    }
    const rest = hits.slice(hitsExplainedInFull);
    expect(rest.map((h) => h.explanation.split(':')[0])).toEqual(rest.map((_, k) => `Hit ${hitsExplainedInFull + k + 1} by score`));
    expect(rest[0]!.explanation).toBe(
      `Hit ${hitsExplainedInFull + 1} by score: the name matched the listed name 'NGUYEN DUC'; verdict: score ${rest[0]!.score.toFixed(2)}, ` +
        `a ${rest[0]!.strength === 'strong' ? 'strong hit' : 'possible hit for review'}. Only the ${hitsExplainedInFull} strongest hits are explained token by token.`,
    );
    // The fields still say, per hit, how each fact compared.
    expect(rest.every((h) => h.fields?.dateOfBirth === 'agreed')).toBe(true);
  });
});
