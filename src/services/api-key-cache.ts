import { hashApiKey } from '../domain/access/api-key.js';
import type { Caller } from '../domain/access/roles.js';

export interface ApiKeyCacheOptions {
  /** Longest a cached key is trusted without asking the database again. */
  ttlMs: number;
  /** Most keys remembered; beyond it the cache starts over. */
  maxKeys?: number;
  monotonic?: () => number;
}

/**
 * Remembers, for a few seconds, which API keys authenticated: without it every request
 * costs a database round trip before any work starts. Only successes are remembered (an
 * unknown key always asks the database) and entries are keyed by the key's hash, never
 * the secret. A revocation empties the cache at once on the instance that made it and,
 * through NOTIFY, on every other instance; `ttlMs` bounds how long a revoked key can
 * still pass if a notification is lost.
 */
export class ApiKeyCache {
  private readonly known = new Map<string, { caller: Caller; at: number }>();
  private readonly monotonic: () => number;

  constructor(
    private readonly lookup: (secret: string) => Promise<Caller | null>,
    private readonly options: ApiKeyCacheOptions,
  ) {
    this.monotonic = options.monotonic ?? (() => performance.now());
  }

  async authenticate(secret: string): Promise<Caller | null> {
    const hash = hashApiKey(secret);
    const cached = this.known.get(hash);
    if (cached && this.monotonic() - cached.at < this.options.ttlMs) return cached.caller;
    const caller = await this.lookup(secret);
    if (!caller) {
      this.known.delete(hash);
      return null;
    }
    if (this.known.size >= (this.options.maxKeys ?? 10_000)) this.known.clear();
    this.known.set(hash, { caller, at: this.monotonic() });
    return caller;
  }

  /** After a revocation (here or announced by another instance). */
  forgetAll(): void {
    this.known.clear();
  }
}
