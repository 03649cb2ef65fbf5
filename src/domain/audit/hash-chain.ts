import { hash } from 'node:crypto';
import { canonicalJson, CanonicalText } from './canonical-json.js';

/** The previous hash of the first record in a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** One-shot: no Hash object (each is a native handle the garbage collector has to process). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** hash = sha256(previous hash + canonical JSON of the record's content). */
export function chainHash(previousHash: string, content: unknown): string {
  return sha256Hex(previousHash + canonicalJson(content));
}

/**
 * The same hash as `chainHash`, and the canonical JSON of the named fields of the
 * content, written once for both (a store keeps those fields as columns of their own).
 */
export function chainHashWithParts<K extends string>(
  previousHash: string,
  content: Partial<Record<K, unknown>> & object,
  fields: readonly K[],
): { hash: string; parts: Partial<Record<K, string>> } {
  const parts: Partial<Record<K, string>> = {};
  const substituted: Record<string, unknown> = { ...content };
  for (const field of fields) {
    const value = content[field];
    if (value === undefined) continue;
    const text = canonicalJson(value);
    parts[field] = text;
    substituted[field] = new CanonicalText(text);
  }
  return { hash: sha256Hex(previousHash + canonicalJson(substituted)), parts };
}

export interface ChainedRecord<T> {
  seq: number;
  prevHash: string;
  hash: string;
  content: T;
}

export type ChainVerdict =
  | { ok: true; checked: number; lastSeq: number | null; lastHash: string }
  | { ok: false; checked: number; brokenAt: number; reason: string };

/**
 * Walks records in sequence order and names the first one that does not follow from
 * its predecessor. `start` lets a caller verify a range that continues an earlier check.
 */
export function verifyChain<T>(
  records: Iterable<ChainedRecord<T>>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainVerdict {
  let expectedSeq = start.seq + 1;
  let previousHash = start.hash;
  let checked = 0;
  let lastSeq: number | null = null;
  for (const record of records) {
    const fail = (reason: string): ChainVerdict => ({ ok: false, checked, brokenAt: record.seq, reason });
    if (record.seq > expectedSeq) {
      return fail(`expected record ${expectedSeq} next but found ${record.seq}: a record is missing`);
    }
    if (record.seq < expectedSeq) {
      return fail(`expected record ${expectedSeq} next but found ${record.seq}: records are duplicated or out of order`);
    }
    if (record.prevHash !== previousHash) {
      return fail('its previous-hash does not match the hash of the record before it');
    }
    if (chainHash(record.prevHash, record.content) !== record.hash) {
      return fail('its content does not match its hash: the record was altered');
    }
    checked += 1;
    lastSeq = record.seq;
    previousHash = record.hash;
    expectedSeq += 1;
  }
  return { ok: true, checked, lastSeq, lastHash: previousHash };
}
