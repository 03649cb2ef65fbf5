import { describe, expect, it } from 'vitest';
import { loanApplicationSchema } from '../../src/domain/screening/application.js';
import { exampleApplication } from '../../src/domain/screening/example-application.js';
import { anApplication } from '../fixtures/applications.js';

/** A valid application with the field at `path` replaced (or removed, for undefined). */
function withField(path: readonly string[], value: unknown): Record<string, unknown> {
  const application = anApplication() as unknown as Record<string, unknown>;
  let node = application;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return application;
}

function issuesFor(input: unknown) {
  const result = loanApplicationSchema.safeParse(input);
  expect(result.success, 'the application should have been rejected').toBe(false);
  return result.error?.issues ?? [];
}

/** The distinct places the issues point at (one field can fail more than one check). */
function pathsOf(input: unknown): PropertyKey[][] {
  const paths = issuesFor(input).map((issue) => issue.path);
  return paths.filter((path, i) => paths.findIndex((p) => p.join('\0') === path.join('\0')) === i);
}

const accepts = (input: unknown) => loanApplicationSchema.safeParse(input).success;

describe('loan application schema', () => {
  describe('valid applications', () => {
    it('accepts the README example exactly as written, changing nothing', () => {
      expect(loanApplicationSchema.parse(exampleApplication)).toEqual(exampleApplication);
    });

    it('accepts an application without phone, email, address or attributes', () => {
      const application = anApplication() as unknown as {
        applicant: Record<string, unknown>;
        attributes?: unknown;
      };
      delete application.applicant.phone;
      delete application.applicant.email;
      delete application.applicant.address;
      delete application.attributes;
      const parsed = loanApplicationSchema.parse(application);
      expect(parsed.applicant).not.toHaveProperty('phone');
      expect(parsed.applicant).not.toHaveProperty('email');
      expect(parsed.applicant).not.toHaveProperty('address');
      expect(parsed).not.toHaveProperty('attributes');
    });

    it('trims surrounding whitespace from names', () => {
      const parsed = loanApplicationSchema.parse(withField(['applicant', 'fullName'], '  Nguyễn Văn An \n'));
      expect(parsed.applicant.fullName).toBe('Nguyễn Văn An');
    });

    it('accepts names in any script, including characters outside the Basic Multilingual Plane', () => {
      expect(accepts(withField(['applicant', 'fullName'], '陳大文'))).toBe(true);
      expect(accepts(withField(['applicant', 'fullName'], 'Иван Петров'))).toBe(true);
      expect(accepts(withField(['applicant', 'fullName'], '𠀋 Chữ Nôm'))).toBe(true);
    });
  });

  describe('wrong types', () => {
    it.each([
      { field: ['loan', 'amount'], value: '50000000', why: 'an amount written as a string' },
      { field: ['loan', 'amount'], value: 0, why: 'a zero loan amount' },
      { field: ['loan', 'amount'], value: -1, why: 'a negative loan amount' },
      { field: ['loan', 'termMonths'], value: 12.5, why: 'a fractional term' },
      { field: ['loan', 'purpose'], value: 'holiday', why: 'a purpose outside the list' },
      { field: ['loan', 'currency'], value: 'vnd', why: 'a lowercase currency code' },
      { field: ['financials', 'monthlyIncome'], value: null, why: 'a null income' },
      { field: ['financials', 'monthlyIncome'], value: -100, why: 'a negative income' },
      { field: ['financials', 'employmentStatus'], value: 'astronaut', why: 'an unknown employment status' },
      { field: ['creditHistory', 'delinquencies90d'], value: 1.5, why: 'a fractional count of late payments' },
      { field: ['creditHistory', 'revolvingUtilization'], value: '35%', why: 'a utilisation written as a percentage string' },
      { field: ['applicant', 'dateOfBirth'], value: 19900412, why: 'a date of birth written as a number' },
      { field: ['applicant', 'email'], value: 'not-an-email', why: 'a malformed email' },
      { field: ['applicant', 'phone'], value: 'call me', why: 'a phone number with letters' },
      { field: ['applicationId'], value: 'has spaces in it', why: 'an application id with spaces' },
    ])('rejects $why and points at $field', ({ field, value }) => {
      expect(pathsOf(withField(field, value))).toEqual([field]);
    });

    it('rejects an application missing a required field and names that field', () => {
      expect(pathsOf(withField(['applicant', 'fullName'], undefined))).toEqual([['applicant', 'fullName']]);
      expect(pathsOf(withField(['financials'], undefined))).toEqual([['financials']]);
    });

    it('rejects something that is not an object at all', () => {
      expect(issuesFor('LOS-2026-000123')).toHaveLength(1);
      expect(issuesFor(null)).toHaveLength(1);
      expect(issuesFor([exampleApplication])).toHaveLength(1);
    });
  });

  describe('unknown fields', () => {
    it.each([
      { where: [], key: 'interestRate' },
      { where: ['applicant'], key: 'middleName' },
      { where: ['applicant', 'nationalId'], key: 'expiresOn' },
      { where: ['applicant', 'address'], key: 'district' },
      { where: ['loan'], key: 'apr' },
      { where: ['financials'], key: 'bonus' },
      { where: ['creditHistory'], key: 'bankruptcies' },
    ])('rejects an unknown field "$key" under $where and names it', ({ where, key }) => {
      const issues = issuesFor(withField([...where, key], 'x'));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'unrecognized_keys', path: where, keys: [key] });
    });
  });

  describe('dates', () => {
    it.each(['2023-02-30', '2023-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00'])(
      'rejects the impossible date %s',
      (date) => {
        const issues = issuesFor(withField(['applicant', 'dateOfBirth'], date));
        expect(issues.map((i) => i.path)).toEqual([['applicant', 'dateOfBirth']]);
        expect(issues[0]?.message).toMatch(/real calendar date/);
      },
    );

    it('accepts 29 February in a leap year', () => {
      expect(accepts(withField(['applicant', 'dateOfBirth'], '2000-02-29'))).toBe(true);
    });

    it.each(['12/04/1990', '1990-4-12', '1990-04-12T00:00:00Z', ''])('rejects a date not written YYYY-MM-DD: "%s"', (date) => {
      expect(pathsOf(withField(['applicant', 'dateOfBirth'], date))).toEqual([['applicant', 'dateOfBirth']]);
    });
  });

  describe('text that PostgreSQL could not store or hash back exactly', () => {
    it.each([
      { what: 'a NUL character', value: 'Nguyễn\u0000Văn An' },
      { what: 'a bell character', value: 'Nguyễn\u0007Văn An' },
      { what: 'an escape character', value: 'Nguyễn\u001bVăn An' },
      { what: 'a DEL character', value: 'Nguyễn\u007fVăn An' },
      { what: 'a C1 control character (NEL)', value: 'Nguyễn\u0085Văn An' },
      { what: 'a line break inside the name', value: 'Nguyễn\nVăn An' },
      { what: 'a tab inside the name', value: 'Nguyễn\tVăn An' },
      { what: 'a lone high surrogate', value: 'An\uD800' },
      { what: 'a lone low surrogate', value: '\uDC00An' },
      { what: 'a surrogate pair in the wrong order', value: 'An\uDE00\uD83D' },
    ])('rejects a name with $what', ({ value }) => {
      const issues = issuesFor(withField(['applicant', 'fullName'], value));
      expect(issues.map((i) => i.path)).toEqual([['applicant', 'fullName']]);
      expect(issues[0]?.message).toMatch(/well-formed text without control characters/);
    });

    it('rejects control characters in every free-text field, not only the name', () => {
      expect(pathsOf(withField(['applicant', 'address', 'line1'], '12 Lý\u0000Thường Kiệt'))).toEqual([
        ['applicant', 'address', 'line1'],
      ]);
      expect(pathsOf(withField(['applicant', 'nationalId', 'number'], '0010\uD80090'))).toEqual([
        ['applicant', 'nationalId', 'number'],
      ]);
      expect(pathsOf(withField(['attributes'], { note: 'a\u0000b' }))).toEqual([['attributes', 'note']]);
    });

    it('rejects a name that is empty or only whitespace', () => {
      expect(pathsOf(withField(['applicant', 'fullName'], ''))).toEqual([['applicant', 'fullName']]);
      expect(pathsOf(withField(['applicant', 'fullName'], '   '))).toEqual([['applicant', 'fullName']]);
    });

    it('rejects a name longer than 200 characters', () => {
      expect(accepts(withField(['applicant', 'fullName'], 'A'.repeat(200)))).toBe(true);
      expect(pathsOf(withField(['applicant', 'fullName'], 'A'.repeat(201)))).toEqual([['applicant', 'fullName']]);
    });
  });

  describe('country codes', () => {
    it.each([
      { field: ['applicant', 'nationality'], value: 'vn' },
      { field: ['applicant', 'nationality'], value: 'Vn' },
      { field: ['applicant', 'nationality'], value: 'VNM' },
      { field: ['applicant', 'nationalId', 'country'], value: 'vn' },
      { field: ['applicant', 'address', 'country'], value: 'vn' },
    ])('rejects "$value" at $field: it must be two uppercase letters', ({ field, value }) => {
      const issues = issuesFor(withField(field, value));
      expect(issues.map((i) => i.path)).toEqual([field]);
      expect(issues[0]?.message).toMatch(/ISO 3166-1 alpha-2/);
    });
  });

  describe('attributes', () => {
    it('accepts numbers, strings and booleans', () => {
      const attributes = { bureauScore: 712, segment: 'gold', existingCustomer: true, 'branch.code': 'HN-01' };
      expect(loanApplicationSchema.parse(withField(['attributes'], attributes)).attributes).toEqual(attributes);
    });

    it.each([
      { what: 'a nested object', value: { address: { city: 'Hà Nội' } } },
      { what: 'an array', value: { tags: ['a', 'b'] } },
      { what: 'null', value: { score: null } },
      { what: 'an empty string', value: { note: '' } },
    ])('rejects an attribute whose value is $what', ({ value }) => {
      const key = Object.keys(value)[0] as string;
      expect(pathsOf(withField(['attributes'], value))).toEqual([['attributes', key]]);
    });

    it('rejects an attribute whose name is not an identifier', () => {
      expect(pathsOf(withField(['attributes'], { 'bureau score': 1 }))).toEqual([['attributes', 'bureau score']]);
      expect(pathsOf(withField(['attributes'], { __proto__x: 1 }))).toEqual([['attributes', '__proto__x']]);
    });

    it('accepts 50 attributes and rejects 51', () => {
      const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
      expect(accepts(withField(['attributes'], attributes(50)))).toBe(true);
      const issues = issuesFor(withField(['attributes'], attributes(51)));
      expect(issues.map((i) => i.path)).toEqual([['attributes']]);
      expect(issues[0]?.message).toMatch(/at most 50/);
    });
  });
});
