import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An empty or blank variable (`PORT=` in an env file) counts as unset. */
const emptyAsUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Every environment variable the service reads, in one place. */
export const configSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({
        protocol: /^postgres(ql)?$/,
        hostname: /./,
        error: 'must be a postgres:// or postgresql:// URL with a host',
      })
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  ADMIN_API_KEY: z.preprocess(
    emptyAsUndefined,
    z.string().min(24, 'must be at least 24 characters').max(256).optional(),
  ),
  BODY_LIMIT_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024)),
  DATABASE_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(200).default(10)),
  /** How long a query may wait for a connection or run before the caller gets 503. */
  DATABASE_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(60_000).default(2000)),
  /** Most decisions written in one transaction by the decision log's group commit. */
  DECISION_LOG_MAX_BATCH: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(128)),
  /** Largest list file an import accepts over HTTP. */
  IMPORT_MAX_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1024).max(10 * 1024 ** 3).default(512 * 1024 ** 2)),
  /** How often each instance double-checks list versions, besides LISTEN/NOTIFY. */
  BLOCKLIST_POLL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(600_000).default(5000)),
  /**
   * Keys for applicant PII at rest: `id:base64key,id:base64key` (32-byte AES-256 keys).
   * Keep old keys listed so old rows stay readable; new rows use PII_ACTIVE_KEY_ID (default
   * the last one). Unset: a key generated and kept in DATA_DIR/keys (not for production).
   */
  PII_KEYS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9+/=]{40,64}(,[A-Za-z0-9_.-]{1,32}:[A-Za-z0-9+/=]{40,64})*$/, 'must be id:base64key[,id:base64key…]')
      .transform((value) => value.split(',').map((pair) => ({ id: pair.split(':')[0]!, key: pair.split(':')[1]! })))
      .optional(),
  ),
  PII_ACTIVE_KEY_ID: z.preprocess(emptyAsUndefined, z.string().min(1).max(32).optional()),
  /** base64 32-byte key for the HMAC of national IDs (lookups without decrypting). */
  PII_LOOKUP_KEY: z.preprocess(emptyAsUndefined, z.string().min(40).max(64).optional()),
  /** The shipped model, used while none has been promoted. */
  DEFAULT_MODEL_PATH: z.string().min(1).default('models/default/model.json'),
  /** Where review outcomes are sent (POST, signed with REVIEW_WEBHOOK_SECRET); unset: no webhooks. */
  REVIEW_WEBHOOK_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  REVIEW_WEBHOOK_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** Requests per minute allowed for one API key before 429 (Retry-After says when to retry). */
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000_000).default(600_000)),
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120_000).default(10_000)),
  /** Risk scoring on a thread of its own (another core), beside the main thread's matching; `off` scores on the main thread. */
  SCORING_THREAD: z.enum(['on', 'off']).default('on'),
  /** Server processes sharing the port (node:cluster), one per core to use; more than one needs DATABASE_URL. */
  WORKERS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(1)),
}).refine((config) => config.WORKERS === 1 || config.DATABASE_URL !== undefined, {
  path: ['WORKERS'],
  message: 'more than one worker needs DATABASE_URL: the embedded PGlite database belongs to one process',
});

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, at start; a bad value stops start-up naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError([...new Set(problems)]);
  }
  return Object.freeze(result.data);
}
