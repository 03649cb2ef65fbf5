import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/access/roles.js';
import { ApiKeyCache } from '../../src/services/api-key-cache.js';

describe('the API key cache', () => {
  const caller: Caller = { keyId: 'k1', name: 'los', role: 'originator' };
  function setup() {
    let now = 0;
    let lookups = 0;
    let valid = new Set(['secret-1']);
    const cache = new ApiKeyCache(
      async (secret) => {
        lookups++;
        return valid.has(secret) ? caller : null;
      },
      { ttlMs: 5000, monotonic: () => now },
    );
    return {
      cache,
      lookups: () => lookups,
      advance: (ms: number) => (now += ms),
      revokeAll: () => (valid = new Set()),
    };
  }

  it('asks the database once for a key used again within the TTL, and again after it', async () => {
    const s = setup();
    expect(await s.cache.authenticate('secret-1')).toEqual(caller);
    expect(await s.cache.authenticate('secret-1')).toEqual(caller);
    expect(s.lookups()).toBe(1);
    s.advance(5000);
    await s.cache.authenticate('secret-1');
    expect(s.lookups()).toBe(2);
  });

  it('never remembers an unknown key: each attempt asks the database', async () => {
    const s = setup();
    expect(await s.cache.authenticate('guess')).toBeNull();
    expect(await s.cache.authenticate('guess')).toBeNull();
    expect(s.lookups()).toBe(2);
  });

  it('refuses a revoked key at once after forgetAll, and within the TTL without it', async () => {
    const s = setup();
    await s.cache.authenticate('secret-1');
    s.revokeAll();
    s.cache.forgetAll();
    expect(await s.cache.authenticate('secret-1')).toBeNull();

    const t = setup();
    await t.cache.authenticate('secret-1');
    t.revokeAll();
    expect(await t.cache.authenticate('secret-1')).toEqual(caller); // a lost notification: still trusted…
    t.advance(5000);
    expect(await t.cache.authenticate('secret-1')).toBeNull(); // …for at most the TTL
  });
});
