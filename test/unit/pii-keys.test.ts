import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';
import { loadPiiCipher } from '../../src/pii-keys.js';

const logger = pino({ level: 'silent' });
const nationalId = { number: '036090012345', country: 'VN' };

describe('PII keys without PII_KEYS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lss-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are generated once in DATA_DIR/keys, readable by the owner only, and the same at the next start', () => {
    const config = configSchema.parse({ DATA_DIR: dir });
    const first = loadPiiCipher(config, logger);
    const file = join(dir, 'keys', 'pii-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadPiiCipher(config, logger);
    expect(again.subjectHash(nationalId)).toBe(first.subjectHash(nationalId));
  });

  it('are kept nowhere when the database is in memory (no "memory:" directory appears)', () => {
    const cipher = loadPiiCipher(configSchema.parse({ DATA_DIR: 'memory://' }), logger);
    expect(existsSync(join(process.cwd(), 'memory:'))).toBe(false);
    expect(cipher.subjectHash(nationalId)).not.toBe(loadPiiCipher(configSchema.parse({ DATA_DIR: 'memory://' }), logger).subjectHash(nationalId));
  });
});
