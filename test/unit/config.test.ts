import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The ConfigError loadConfig throws for this environment. */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('runs with defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      DATA_DIR: './data',
      HOST: '127.0.0.1',
      PORT: 3000,
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 65_536,
      DATABASE_POOL_SIZE: 10,
      DATABASE_TIMEOUT_MS: 2000,
      DECISION_LOG_MAX_BATCH: 128,
      IMPORT_MAX_BYTES: 512 * 1024 ** 2,
      BLOCKLIST_POLL_MS: 5000,
      DEFAULT_MODEL_PATH: 'models/default/model.json',
      RATE_LIMIT_PER_MINUTE: 600_000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
    });
    const config = loadConfig({});
    for (const optional of ['DATABASE_URL', 'ADMIN_API_KEY', 'PII_KEYS', 'PII_LOOKUP_KEY', 'REVIEW_WEBHOOK_URL', 'REVIEW_WEBHOOK_SECRET'] as const) {
      expect(config[optional]).toBeUndefined();
    }
  });

  it('reads numbers from their environment strings', () => {
    const config = loadConfig({ PORT: '8080', BODY_LIMIT_BYTES: '1048576', DATABASE_POOL_SIZE: '25' });
    expect(config).toMatchObject({ PORT: 8080, BODY_LIMIT_BYTES: 1_048_576, DATABASE_POOL_SIZE: 25 });
  });

  it('takes every setting it knows and ignores unrelated variables', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      LOG_LEVEL: 'debug',
      DATA_DIR: '/var/lib/lss',
      PATH: '/usr/bin',
      HOME: '/root',
    });
    expect(config).toMatchObject({ HOST: '0.0.0.0', LOG_LEVEL: 'debug', DATA_DIR: '/var/lib/lss' });
    expect(config).not.toHaveProperty('PATH');
    expect(config).not.toHaveProperty('HOME');
  });

  it('cannot be changed after start-up', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
  });

  describe('PORT', () => {
    it.each(['http', '70000', '-1', '80.5'])('stops start-up for PORT=%s, naming PORT', (port) => {
      const error = configErrorFor({ PORT: port });
      expect(error.name).toBe('ConfigError');
      expect(error.message).toMatch(/^invalid configuration:/);
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^PORT: /);
    });

    it('accepts the whole range of ports', () => {
      expect(loadConfig({ PORT: '1' }).PORT).toBe(1);
    });

    it('treats an empty or blank PORT (a bare `PORT=` line) as unset, not as port 0', () => {
      expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
      expect(loadConfig({ PORT: ' ' }).PORT).toBe(3000);
      expect(loadConfig({ PORT: '65535' }).PORT).toBe(65_535);
    });
  });

  describe('LOG_LEVEL', () => {
    it('stops start-up for a level pino does not know, naming LOG_LEVEL', () => {
      const error = configErrorFor({ LOG_LEVEL: 'verbose' });
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(/^LOG_LEVEL: /);
      expect(error.message).toContain('LOG_LEVEL');
    });

    it('does not accept a level in capitals', () => {
      expect(configErrorFor({ LOG_LEVEL: 'INFO' }).problems[0]).toMatch(/^LOG_LEVEL: /);
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['postgres://lss:secret@db.internal:5432/lss', 'postgresql://localhost/lss'])('accepts %s', (url) => {
      expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    });

    it.each(['mysql://db.internal/lss', 'http://db.internal/lss', 'db.internal:5432', 'postgres:nothing'])(
      'stops start-up for %s, naming DATABASE_URL',
      (url) => {
        const error = configErrorFor({ DATABASE_URL: url });
        expect(error.problems).toEqual(['DATABASE_URL: must be a postgres:// or postgresql:// URL with a host']);
      },
    );

    it('does not echo a rejected URL, which may carry a password', () => {
      const error = configErrorFor({ DATABASE_URL: 'mysql://lss:hunter2-secret@db/lss' });
      expect(error.message).not.toContain('hunter2-secret');
    });

    it('treats an empty DATABASE_URL as not set', () => {
      const config = loadConfig({ DATABASE_URL: '' });
      expect(config.DATABASE_URL).toBeUndefined();
    });
  });

  describe('ADMIN_API_KEY', () => {
    it('rejects a key shorter than 24 characters, naming ADMIN_API_KEY', () => {
      const error = configErrorFor({ ADMIN_API_KEY: 'x'.repeat(23) });
      expect(error.problems).toEqual(['ADMIN_API_KEY: must be at least 24 characters']);
    });

    it('accepts a key of 24 characters', () => {
      expect(loadConfig({ ADMIN_API_KEY: 'k'.repeat(24) }).ADMIN_API_KEY).toBe('k'.repeat(24));
    });

    it('does not echo a rejected key', () => {
      const error = configErrorFor({ ADMIN_API_KEY: 'short-secret-77' });
      expect(error.message).not.toContain('short-secret-77');
    });

    it('treats an empty ADMIN_API_KEY as not set', () => {
      expect(loadConfig({ ADMIN_API_KEY: '' }).ADMIN_API_KEY).toBeUndefined();
    });
  });

  it('reports every bad variable at once, one per line', () => {
    const error = configErrorFor({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db/lss' });
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(error.message.split('\n')).toHaveLength(4);
  });

  it.each([
    ['BODY_LIMIT_BYTES', '100'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_TIMEOUT_MS', '50'],
    ['DECISION_LOG_MAX_BATCH', '5000'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['HOST', ''],
  ])('stops start-up for an out-of-range %s=%s, naming it', (name, value) => {
    expect(configErrorFor({ [name]: value }).problems[0]).toMatch(new RegExp(`^${name}: `));
  });
});
