import { createCipheriv, createDecipheriv, createHmac, randomFillSync } from 'node:crypto';
import { canonicalJson } from '../audit/canonical-json.js';
import { canonicalNationalId, type ApplicantPii } from './applicant-pii.js';

/** Encrypted PII as stored: which key, and base64(iv ‖ auth tag ‖ ciphertext). */
export interface SealedPii {
  keyId: string;
  ciphertext: string;
}

export interface PiiKeys {
  /** Key id → 32-byte AES-256 key. Old keys stay here so old rows can still be read. */
  encryption: ReadonlyMap<string, Buffer>;
  /** The key new rows are sealed with. */
  activeKeyId: string;
  /** Key for the HMAC that lets auditors find a person's decisions by national ID. */
  lookup: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random IVs drawn 256 at a time: one system call and one buffer per 256 decisions
 * instead of one each. Every IV is still fresh random bytes, used once.
 */
class IvSource {
  private readonly pool = Buffer.alloc(IV_BYTES * 256);
  private next = this.pool.length;

  take(): Buffer {
    if (this.next === this.pool.length) {
      randomFillSync(this.pool);
      this.next = 0;
    }
    const iv = this.pool.subarray(this.next, this.next + IV_BYTES);
    this.next += IV_BYTES;
    return iv;
  }
}

/**
 * AES-256-GCM for applicant PII, with the key id stored beside each ciphertext so keys
 * can be rotated, and HMAC-SHA256 of the national ID for lookups without decrypting.
 */
export class PiiCipher {
  private readonly ivs = new IvSource();

  constructor(private readonly keys: PiiKeys) {
    if (!keys.encryption.has(keys.activeKeyId)) throw new Error(`no PII key with id ${keys.activeKeyId}`);
    for (const [id, key] of keys.encryption) {
      if (key.length !== 32) throw new Error(`PII key ${id} must be 32 bytes`);
    }
  }

  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  seal(pii: ApplicantPii, associatedData: string): SealedPii {
    const iv = this.ivs.take();
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryption.get(this.keys.activeKeyId)!, iv);
    // The decision id is bound as associated data: a ciphertext moved to another row fails to open.
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(canonicalJson(pii), 'utf8'), cipher.final()]);
    return { keyId: this.keys.activeKeyId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  open(sealed: SealedPii, associatedData: string): ApplicantPii {
    const key = this.keys.encryption.get(sealed.keyId);
    if (!key) throw new Error(`no PII key with id ${sealed.keyId}; it is needed to read this record`);
    const raw = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as ApplicantPii;
  }

  /** Keyed hash of the canonical national ID; equal for the same person, useless without the key. */
  subjectHash(nationalId: { number: string; country: string }): string {
    return createHmac('sha256', this.keys.lookup).update(canonicalNationalId(nationalId), 'utf8').digest('hex');
  }
}
