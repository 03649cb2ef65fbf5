import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, keyPreview } from '../../src/domain/access/api-key.js';
import { mayAccess, roles, type Caller, type Role } from '../../src/domain/access/roles.js';

describe('API keys', () => {
  describe('generating', () => {
    it('starts every key with lss_ so secret scanners can spot it', () => {
      expect(generateApiKey()).toMatch(/^lss_/);
    });

    it('makes 256-bit keys written in URL-safe base64', () => {
      const requested: number[] = [];
      const key = generateApiKey((size) => {
        requested.push(size);
        return Buffer.alloc(size, 0xff);
      });
      expect(requested).toEqual([32]);
      expect(key).toBe(`lss_${'_'.repeat(42)}8`);
      expect(generateApiKey()).toMatch(/^lss_[A-Za-z0-9_-]{43}$/);
    });

    it('never hands out the same key twice', () => {
      const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey()));
      expect(keys.size).toBe(1000);
    });
  });

  describe('hashing', () => {
    it('stores the SHA-256 of the key as lowercase hex', () => {
      expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('gives the same hash every time, so a presented key can be looked up', () => {
      const key = generateApiKey();
      expect(hashApiKey(key)).toBe(hashApiKey(key));
    });

    it('does not contain the key itself', () => {
      const key = generateApiKey();
      const hash = hashApiKey(key);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).not.toBe(key);
      expect(hash).not.toContain(key.slice(4));
    });

    it('gives different keys different hashes', () => {
      expect(hashApiKey(generateApiKey())).not.toBe(hashApiKey(generateApiKey()));
      expect(hashApiKey('lss_a')).not.toBe(hashApiKey('lss_b'));
    });
  });

  describe('preview', () => {
    it('shows the prefix and six characters, then an ellipsis', () => {
      expect(keyPreview('lss_AbCdEfGhIjKlMnOp')).toBe('lss_AbCdEf…');
    });

    it('does not reveal the whole key', () => {
      const key = generateApiKey();
      const preview = keyPreview(key);
      expect(key.startsWith(preview.slice(0, -1))).toBe(true);
      expect(preview).not.toContain(key);
      // 6 of the 43 random characters: far too few to guess the rest.
      expect(preview.length - 1 - 'lss_'.length).toBe(6);
    });

    it('tells keys apart in a listing', () => {
      const a = generateApiKey(() => Buffer.from('a'.repeat(32)));
      const b = generateApiKey(() => Buffer.from('b'.repeat(32)));
      expect(keyPreview(a)).not.toBe(keyPreview(b));
    });
  });
});

describe('who may call a route', () => {
  const caller = (role: Role): Caller => ({ keyId: '00000000-0000-4000-8000-000000000001', name: role, role });

  it('lets an admin call every route, even one no role is listed for', () => {
    expect(mayAccess(caller('admin'), [])).toBe(true);
    expect(mayAccess(caller('admin'), ['originator'])).toBe(true);
    expect(mayAccess(caller('admin'), ['auditor'])).toBe(true);
  });

  it.each([
    { role: 'originator', allowed: ['originator'], may: true },
    { role: 'originator', allowed: ['auditor'], may: false },
    { role: 'originator', allowed: ['analyst', 'auditor'], may: false },
    { role: 'analyst', allowed: ['analyst'], may: true },
    { role: 'analyst', allowed: ['originator'], may: false },
    { role: 'auditor', allowed: ['analyst', 'auditor'], may: true },
    { role: 'auditor', allowed: ['originator'], may: false },
    { role: 'auditor', allowed: ['admin'], may: false },
  ] as const)('$role calling a route for $allowed: $may', ({ role, allowed, may }) => {
    expect(mayAccess(caller(role), allowed)).toBe(may);
  });

  it('keeps every non-admin role out of admin-only routes', () => {
    for (const role of roles.filter((r) => r !== 'admin')) {
      expect(mayAccess(caller(role), ['admin']), role).toBe(false);
    }
  });
});
