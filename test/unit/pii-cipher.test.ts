import { describe, expect, it } from 'vitest';
import { splitPii } from '../../src/domain/privacy/applicant-pii.js';
import { anApplication } from '../fixtures/applications.js';
import { ephemeralPiiCipher } from '../../src/pii-keys.js';

describe('sealing applicant PII', () => {
  const { pii } = splitPii(anApplication());

  it('uses a fresh IV every time, across many seals, and every seal opens to the same PII', () => {
    const cipher = ephemeralPiiCipher();
    // More seals than one draw of IVs, so the pool is refilled along the way.
    const sealed = Array.from({ length: 600 }, (_, i) => cipher.seal(pii, `decision-${i}`));
    const ivs = new Set(sealed.map((s) => Buffer.from(s.ciphertext, 'base64').subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(600);
    sealed.forEach((s, i) => expect(cipher.open(s, `decision-${i}`)).toEqual(pii));
  });

  it('does not open under another decision id (the ciphertext is bound to its row)', () => {
    const cipher = ephemeralPiiCipher();
    const sealed = cipher.seal(pii, 'decision-a');
    expect(() => cipher.open(sealed, 'decision-b')).toThrow();
  });
});
