import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit/canonical-json.js';
import {
  GENESIS_HASH,
  chainHash,
  chainHashWithParts,
  sha256Hex,
  verifyChain,
  type ChainedRecord,
} from '../../src/domain/audit/hash-chain.js';

interface Entry {
  seq: number;
  applicationId: string;
  outcome: 'accept' | 'reject' | 'review';
}

/** Records 1..n, each linked to the one before it as the decision log links them. */
function aChain(n: number): ChainedRecord<Entry>[] {
  const records: ChainedRecord<Entry>[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: Entry = { seq, applicationId: `LOS-${seq}`, outcome: seq % 3 === 0 ? 'review' : 'accept' };
    const hash = chainHash(prevHash, content);
    records.push({ seq, prevHash, hash, content });
    prevHash = hash;
  }
  return records;
}

const at = (records: ChainedRecord<Entry>[], seq: number) => records[seq - 1] as ChainedRecord<Entry>;

describe('sha256Hex', () => {
  it('matches the published SHA-256 test vector', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes text as UTF-8', () => {
    // 'é' is the two bytes C3 A9 in UTF-8 (and would be the single byte E9 in Latin-1).
    expect(sha256Hex('\u00e9')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });
});

describe('chain hash', () => {
  it('is 64 lowercase hex characters', () => {
    expect(chainHash(GENESIS_HASH, { a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the SHA-256 of the previous hash followed by the canonical JSON of the content', () => {
    expect(chainHash(GENESIS_HASH, { b: 2, a: 1 })).toBe(sha256Hex(`${GENESIS_HASH}{"a":1,"b":2}`));
  });

  it('does not depend on the order in which the content’s keys were written', () => {
    expect(chainHash('f'.repeat(64), { seq: 1, outcome: 'accept' })).toBe(
      chainHash('f'.repeat(64), { outcome: 'accept', seq: 1 }),
    );
  });

  it('changes when the previous hash changes, so records cannot be moved between chains', () => {
    expect(chainHash(GENESIS_HASH, { a: 1 })).not.toBe(chainHash('1'.repeat(64), { a: 1 }));
  });

  it('starts the chain from a previous hash of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(at(aChain(1), 1).prevHash).toBe(GENESIS_HASH);
  });
});

describe('chain hash written with its parts', () => {
  const content = {
    seq: 7,
    outcome: 'review',
    reasons: [{ severity: 'review', code: 'RISK_BAND_HIGH', factors: ['income'] }],
    risk: { status: 'scored', probabilityOfDefault: 0.125, topFactors: [{ text: 'ß', weight: -0.5 }] },
    shadowRisk: undefined,
    versions: { riskModel: null, policy: 'p1' },
  };

  it('is the same hash as the chain hash of the whole content', () => {
    const { hash } = chainHashWithParts('ab'.repeat(32), content, ['reasons', 'risk', 'shadowRisk', 'versions']);
    expect(hash).toBe(chainHash('ab'.repeat(32), content));
  });

  it('gives each named field as the canonical JSON a store keeps, and leaves out absent ones', () => {
    const { parts } = chainHashWithParts(GENESIS_HASH, content, ['reasons', 'risk', 'shadowRisk', 'versions']);
    expect(parts).toEqual({
      reasons: canonicalJson(content.reasons),
      risk: canonicalJson(content.risk),
      versions: '{"policy":"p1","riskModel":null}',
    });
    expect(JSON.parse(parts.risk!)).toEqual(content.risk);
  });
});

describe('verifying a chain', () => {
  it('accepts an untouched chain and reports where it ends', () => {
    const records = aChain(6);
    expect(verifyChain(records)).toEqual({ ok: true, checked: 6, lastSeq: 6, lastHash: at(records, 6).hash });
  });

  it('accepts an empty chain, ending at the genesis hash', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, lastSeq: null, lastHash: GENESIS_HASH });
  });

  it('reads records from any iterable, such as a stream of rows', () => {
    function* rows() {
      yield* aChain(4);
    }
    expect(verifyChain(rows())).toMatchObject({ ok: true, checked: 4, lastSeq: 4 });
  });

  it('names the record whose content was altered', () => {
    const records = aChain(6);
    records[2] = { ...at(records, 3), content: { ...at(records, 3).content, outcome: 'reject' } };
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });
    expect(verdict.ok === false && verdict.reason).toMatch(/altered/);
  });

  it('names the record after one that was altered and re-hashed', () => {
    const records = aChain(6);
    const forged = { ...at(records, 3).content, outcome: 'reject' as const };
    records[2] = { ...at(records, 3), content: forged, hash: chainHash(at(records, 3).prevHash, forged) };
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4, checked: 3 });
    expect(verdict.ok === false && verdict.reason).toMatch(/previous-hash does not match/);
  });

  it('names the gap left by a deleted record', () => {
    const records = aChain(6).filter((r) => r.seq !== 4);
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 5, checked: 3 });
    expect(verdict.ok === false && verdict.reason).toMatch(/expected record 4 next but found 5.*missing/);
  });

  it('notices that the first record was deleted', () => {
    const verdict = verifyChain(aChain(3).slice(1));
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2, checked: 0 });
    expect(verdict.ok === false && verdict.reason).toMatch(/expected record 1/);
  });

  it('notices records that were swapped', () => {
    const records = aChain(6);
    [records[2], records[3]] = [at(records, 4), at(records, 3)];
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4, checked: 2 });
    expect(verdict.ok === false && verdict.reason).toMatch(/expected record 3 next but found 4/);
  });

  it('says a repeated record is a duplicate, not a missing one', () => {
    const records = aChain(4);
    records.splice(2, 0, at(records, 2));
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 2, checked: 2 });
    expect(verdict.ok === false && verdict.reason).toMatch(/duplicated or out of order/);
  });

  it('notices a record renumbered to fill a gap', () => {
    const records = aChain(6).filter((r) => r.seq !== 4);
    records[3] = { ...at(records, 4), seq: 4 };
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 4 });
    expect(verdict.ok === false && verdict.reason).toMatch(/previous-hash does not match/);
  });

  it('names a record whose previous-hash is wrong even when its own hash is consistent with it', () => {
    const records = aChain(6);
    const wrongPrev = 'a'.repeat(64);
    records[2] = { ...at(records, 3), prevHash: wrongPrev, hash: chainHash(wrongPrev, at(records, 3).content) };
    const verdict = verifyChain(records);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });
    expect(verdict.ok === false && verdict.reason).toMatch(/previous-hash does not match the hash of the record before it/);
  });

  it('names a first record that does not start from the genesis hash', () => {
    const content: Entry = { seq: 1, applicationId: 'LOS-1', outcome: 'accept' };
    const prevHash = 'b'.repeat(64);
    const verdict = verifyChain([{ seq: 1, prevHash, hash: chainHash(prevHash, content), content }]);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 1, checked: 0 });
  });

  describe('a range continuing an earlier check', () => {
    it('verifies records 4 to 6 from where a check of 1 to 3 ended', () => {
      const records = aChain(6);
      const first = verifyChain(records.slice(0, 3));
      if (!first.ok || first.lastSeq === null) throw new Error('the first half should verify');
      const rest = verifyChain(records.slice(3), { seq: first.lastSeq, hash: first.lastHash });
      expect(rest).toEqual({ ok: true, checked: 3, lastSeq: 6, lastHash: at(records, 6).hash });
    });

    it('rejects a range that does not continue from the given hash', () => {
      const records = aChain(6);
      const verdict = verifyChain(records.slice(3), { seq: 3, hash: at(records, 2).hash });
      expect(verdict).toMatchObject({ ok: false, brokenAt: 4, checked: 0 });
    });

    it('rejects a range that does not start right after the given sequence number', () => {
      const records = aChain(6);
      const verdict = verifyChain(records.slice(4), { seq: 3, hash: at(records, 3).hash });
      expect(verdict).toMatchObject({ ok: false, brokenAt: 5 });
      expect(verdict.ok === false && verdict.reason).toMatch(/expected record 4/);
    });

    it('names an altered record inside the range by its sequence number', () => {
      const records = aChain(6);
      records[4] = { ...at(records, 5), content: { ...at(records, 5).content, applicationId: 'LOS-FORGED' } };
      const verdict = verifyChain(records.slice(3), { seq: 3, hash: at(records, 3).hash });
      expect(verdict).toMatchObject({ ok: false, brokenAt: 5, checked: 1 });
      expect(verdict.ok === false && verdict.reason).toMatch(/altered/);
    });
  });
});
