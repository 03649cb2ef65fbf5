import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit/canonical-json.js';
import { exampleApplication } from '../../src/domain/screening/example-application.js';

describe('canonical JSON', () => {
  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ c: 3, a: 2, b: 1 })).toBe(canonicalJson({ b: 1, c: 3, a: 2 }));
  });

  it('sorts keys inside nested objects and inside objects in arrays', () => {
    const value = { z: { y: [{ b: 1, a: 2 }, 'x'], x: null }, a: [] };
    expect(canonicalJson(value)).toBe('{"a":[],"z":{"x":null,"y":[{"a":2,"b":1},"x"]}}');
  });

  it('keeps the order of array elements', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('writes no whitespace', () => {
    expect(canonicalJson({ a: [1, { b: 'c d' }] })).toBe('{"a":[1,{"b":"c d"}]}');
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 requires, not by code point', () => {
    // U+1F600 is written as the surrogates D83D DE00, which sort before U+FB01.
    const value = { '\uFB01': 1, '😀': 2, é: 3, z: 4, Z: 5, '1': 6 };
    expect(canonicalJson(value)).toBe('{"1":6,"Z":5,"z":4,"é":3,"😀":2,"ﬁ":1}');
  });

  it('writes non-ASCII text as itself and escapes control characters', () => {
    expect(canonicalJson('Nguyễn Văn An')).toBe('"Nguyễn Văn An"');
    expect(canonicalJson('陳大文 😀')).toBe('"陳大文 😀"');
    expect(canonicalJson('a\nb\t"c"\\')).toBe('"a\\nb\\t\\"c\\"\\\\"');
    expect(canonicalJson('\u0000')).toBe('"\\u0000"');
  });

  it('distinguishes strings that differ only in Unicode normalisation', () => {
    // "ễ" precomposed (U+1EC5) and decomposed (e + U+0302 + U+0303) are different texts to a hash.
    expect(canonicalJson('\u1EC5')).not.toBe(canonicalJson('e\u0302\u0303'));
  });

  it.each([0, 1, -1, 1.5, 0.1, 1e21, 1e-7, -0, Number.MAX_SAFE_INTEGER, 'text', '', true, false, null])(
    'writes the primitive %s exactly as JSON.stringify does',
    (value) => {
      expect(canonicalJson(value)).toBe(JSON.stringify(value));
    },
  );

  it.each([NaN, Infinity, -Infinity])('rejects the non-finite number %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
    expect(() => canonicalJson({ amount: value })).toThrow(/non-finite/);
    expect(() => canonicalJson([1, value])).toThrow(/non-finite/);
  });

  it('leaves out properties whose value is undefined', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ outer: { inner: undefined } })).toBe('{"outer":{}}');
  });

  it('keeps properties whose value is null', () => {
    expect(canonicalJson({ a: null })).toBe('{"a":null}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('writes dates as ISO 8601 strings in UTC', () => {
    expect(canonicalJson({ at: new Date('2026-11-23T10:00:00+07:00') })).toBe('{"at":"2026-11-23T03:00:00.000Z"}');
  });

  it('rejects values JSON has no form for', () => {
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(Symbol('s'))).toThrow(TypeError);
  });

  it('reads back as the value it was made from', () => {
    expect(JSON.parse(canonicalJson(exampleApplication))).toEqual(exampleApplication);
  });

  it('gives the same text for two copies of an application built in different key orders', () => {
    const reversed = JSON.parse(JSON.stringify(exampleApplication, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    )) as unknown;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(exampleApplication));
    expect(canonicalJson(reversed)).toBe(canonicalJson(exampleApplication));
  });

  it('sorts an object with many keys the same way as one with few', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${String((i * 17) % 40).padStart(2, '0')}`);
    const text = canonicalJson(Object.fromEntries(keys.map((k) => [k, 1])));
    expect(Object.keys(JSON.parse(text))).toEqual([...keys].sort());
    expect(text.startsWith('{"k00":1,"k01":1,')).toBe(true);
  });

  it('reads back as any JSON value, and does not depend on key order (property, fixed seed)', () => {
    const reorder = (value: unknown, pick: (n: number) => number): unknown => {
      if (Array.isArray(value)) return value.map((v) => reorder(v, pick));
      if (value && typeof value === 'object') {
        const entries = Object.entries(value);
        const shuffled: Array<[string, unknown]> = [];
        while (entries.length > 0) shuffled.push(entries.splice(pick(entries.length), 1)[0]!);
        return Object.fromEntries(shuffled.map(([k, v]) => [k, reorder(v, pick)]));
      }
      return value;
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (value, seed) => {
        let state = seed;
        const pick = (n: number) => ((state = (state * 1103515245 + 12345) | 0) >>> 0) % n;
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(reorder(value, pick))).toBe(text);
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });
});
