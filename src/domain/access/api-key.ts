import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'lss_';

/** A new secret key: 32 random bytes, base64url, with a prefix that secret scanners can spot. */
export function generateApiKey(random: (size: number) => Buffer = randomBytes): string {
  return PREFIX + random(32).toString('base64url');
}

/**
 * Keys are high-entropy random strings, so a plain SHA-256 is enough to store them:
 * there is nothing to brute-force that a slow hash would protect.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The first characters, safe to show in listings so people can tell keys apart. */
export function keyPreview(key: string): string {
  return `${key.slice(0, PREFIX.length + 6)}…`;
}
