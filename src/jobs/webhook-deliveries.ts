import { createHmac, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookOptions {
  timeoutMs: number;
  maxAttempts: number;
  /** First retry delay; doubles each attempt, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  pollMs: number;
}

export const defaultWebhookOptions: WebhookOptions = {
  timeoutMs: 5000,
  maxAttempts: 10,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  pollMs: 500,
};

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: the receiver recomputes it with the shared secret. */
export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Webhook deliveries: queued in the same transaction as the event they announce, then
 * sent by a loop on every instance (a due delivery is leased with SKIP LOCKED so only one
 * instance sends it), retried with exponential backoff, every attempt recorded.
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly target: WebhookTarget | null,
    private readonly logger: Logger,
    private readonly options: WebhookOptions = defaultWebhookOptions,
  ) {}

  get enabled(): boolean {
    return this.target !== null;
  }

  async enqueue(trx: Transaction<Database>, event: string, decisionId: string, payload: unknown, now: Date): Promise<void> {
    if (!this.target) return;
    await trx
      .insertInto('webhook_deliveries')
      .values({
        id: randomUUID(),
        event,
        decision_id: decisionId,
        url: this.target.url,
        payload: JSON.stringify(payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
  }

  start(): void {
    if (!this.target) return;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.deliverDue()
          .then(() => {})
          .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook delivery loop failed'))
          .finally(() => (this.running = null));
      }
    }, this.options.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every delivery that is due now; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    if (!this.target) return 0;
    let attempted = 0;
    while (!this.stopped) {
      const leased = await this.lease();
      if (!leased) return attempted;
      attempted += 1;
      await this.attempt(leased);
    }
    return attempted;
  }

  private async lease() {
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('webhook_deliveries')
        .select(['id', 'url', 'payload', 'attempts', 'event'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', new Date())
        .orderBy('next_attempt_at')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return null;
      // Lease it beyond the request timeout so no other instance sends it meanwhile.
      await trx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: sql<Date>`now() + ${`${this.options.timeoutMs * 2} milliseconds`}::interval` })
        .where('id', '=', due.id)
        .execute();
      return due;
    });
  }

  private async attempt(delivery: { id: string; url: string; payload: unknown; attempts: number; event: string }) {
    const attempt = delivery.attempts + 1;
    const body = JSON.stringify(delivery.payload);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-lss-event': delivery.event,
          'x-lss-delivery': delivery.id,
          'x-lss-signature': signWebhook(this.target!.secret, body, new Date()),
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      statusCode = response.status;
      await response.arrayBuffer().catch(() => {});
      if (!response.ok) error = `receiver answered ${response.status}`;
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const delivered = error === null;
    const exhausted = !delivered && attempt >= this.options.maxAttempts;
    const delay = Math.min(this.options.baseDelayMs * 2 ** (attempt - 1), this.options.maxDelayMs);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('webhook_attempts')
        .values({ id: randomUUID(), delivery_id: delivery.id, attempt, at: new Date(), status_code: statusCode, error, duration_ms: performance.now() - started })
        .execute();
      await trx
        .updateTable('webhook_deliveries')
        .set({
          attempts: attempt,
          status: delivered ? 'delivered' : exhausted ? 'failed' : 'pending',
          next_attempt_at: new Date(Date.now() + delay),
          ...(delivered ? { delivered_at: new Date() } : {}),
        })
        .where('id', '=', delivery.id)
        .execute();
    });
    if (!delivered) this.logger.warn({ deliveryId: delivery.id, attempt, error, exhausted }, 'webhook delivery failed');
  }
}
