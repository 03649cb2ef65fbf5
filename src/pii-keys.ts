import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { PiiCipher, type PiiKeys } from './domain/privacy/pii-cipher.js';

interface KeyFile {
  activeKeyId: string;
  keys: Record<string, string>;
  lookup: string;
}

const decodeKey = (text: string, what: string): Buffer => {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes, base64-encoded`);
  return key;
};

/**
 * The keys that protect applicant PII at rest: from PII_KEYS / PII_LOOKUP_KEY when set
 * (production), otherwise generated once and kept in DATA_DIR/keys/pii-keys.json (the
 * embedded default), with a warning that production must supply its own. With DATA_DIR
 * `memory://` nothing is kept: the keys live as long as the in-memory database.
 */
export function loadPiiCipher(config: Config, logger: Logger): PiiCipher {
  if (config.PII_KEYS) {
    const encryption = new Map(config.PII_KEYS.map(({ id, key }) => [id, decodeKey(key, `PII_KEYS key ${id}`)]));
    const activeKeyId = config.PII_ACTIVE_KEY_ID ?? config.PII_KEYS[config.PII_KEYS.length - 1]!.id;
    if (!config.PII_LOOKUP_KEY) throw new Error('PII_LOOKUP_KEY must be set together with PII_KEYS');
    return new PiiCipher({ encryption, activeKeyId, lookup: decodeKey(config.PII_LOOKUP_KEY, 'PII_LOOKUP_KEY') });
  }
  if (config.DATA_DIR.startsWith('memory://')) {
    logger.warn('applicant PII is encrypted with keys that live only as long as this process (DATA_DIR is memory://); production must set PII_KEYS and PII_LOOKUP_KEY');
    return ephemeralPiiCipher();
  }
  const file = resolve(config.DATA_DIR, 'keys', 'pii-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const generated: KeyFile = {
      activeKeyId: 'local-1',
      keys: { 'local-1': randomBytes(32).toString('base64') },
      lookup: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, `${JSON.stringify(generated, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  logger.warn(
    { file },
    'applicant PII is encrypted with a key generated in the data directory; production must set PII_KEYS and PII_LOOKUP_KEY',
  );
  const stored = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const keys: PiiKeys = {
    encryption: new Map(Object.entries(stored.keys).map(([id, key]) => [id, decodeKey(key, `key ${id} in ${file}`)])),
    activeKeyId: stored.activeKeyId,
    lookup: decodeKey(stored.lookup, `lookup key in ${file}`),
  };
  return new PiiCipher(keys);
}

/** Fresh random keys, for tests and throwaway in-memory databases. */
export function ephemeralPiiCipher(): PiiCipher {
  return new PiiCipher({
    encryption: new Map([['ephemeral', randomBytes(32)]]),
    activeKeyId: 'ephemeral',
    lookup: randomBytes(32),
  });
}
