import { describe, expect, it } from 'vitest';
import { identifierKeys, normaliseIdentifier, prcCheckDigit, prcId18 } from '../../src/domain/blocklist/identifier-normalisation.js';

const sameIdentifier = (a: string, b: string, countryA?: string, countryB?: string) =>
  identifierKeys(a, countryA).some((key) => identifierKeys(b, countryB).includes(key));

describe('identifier normalisation', () => {
  it('removes spaces, dashes, dots and slashes and upper-cases', () => {
    expect(normaliseIdentifier('079 085-001.234')).toBe('079085001234');
    expect(normaliseIdentifier('b1234567')).toBe('B1234567');
    expect(normaliseIdentifier('12.345.678-z')).toBe('12345678Z');
  });

  it('computes the ISO 7064 MOD 11-2 check digit of a PRC resident ID', () => {
    // GB 11643-1999's own example.
    expect(prcCheckDigit('11010519491231002')).toBe('X');
    expect(prcId18('110105491231002')).toBe('11010519491231002X');
  });

  it('treats a 15-digit PRC resident ID and its 18-digit form as the same identifier', () => {
    expect(sameIdentifier('110105491231002', '11010519491231002X')).toBe(true);
    expect(sameIdentifier('11010519491231002x', '11010519491231002X')).toBe(true);
    expect(sameIdentifier('310104720315123', '310104197203151235', 'CN')).toBe(true);
  });

  it('tells apart an 18-digit ID with another sequence number, and an ID that is a prefix of another', () => {
    expect(sameIdentifier('110105194912310038', '110105491231002')).toBe(false);
    expect(sameIdentifier('079085001234', '0790850012')).toBe(false);
  });

  it('does not read a number issued by another country as a PRC ID', () => {
    expect(identifierKeys('110105491231002', 'VN')).toEqual(['110105491231002']);
  });

  it('ignores numbers too short to identify anyone', () => {
    expect(identifierKeys('12-3')).toEqual([]);
  });
});
