import { exampleApplication } from '../../src/domain/screening/example-application.js';
import type { LoanApplication } from '../../src/domain/screening/application.js';
import { runCli, startServerProcess, type ServerProcess } from './server-process.js';

/**
 * The SIGKILL crash cycle (issue 6, part 3), shared by test/integration/crash-safety.test.ts
 * and bench/crash-safety.ts: drive concurrent screenings at the real server process, kill it
 * with SIGKILL mid-load, verify the chain with the CLI while it is down, restart it on the
 * same database, and check that every decision a client was answered with is in the log,
 * and that the requests that got no answer can be retried with the same applicationId.
 */
export interface CrashCycleOptions {
  /** Concurrent clients, each sending one screening at a time. */
  clients: number;
  /** Send SIGKILL once this many 200s have arrived. */
  killAfterAcknowledged: number;
}

export interface CrashCycleReport {
  cycle: number;
  sent: number;
  /** Answered 200 before the process died. */
  acknowledged: number;
  /** Sent, but the connection failed before an answer (the kill). */
  unanswered: number;
  /** Any other status: should be empty. */
  otherStatuses: Record<string, number>;
  /** Acknowledged decisions missing from the log after the restart: must be empty. */
  lost: string[];
  /** Acknowledged decisions whose logged outcome or applicationId differs from the answer: must be empty. */
  altered: string[];
  /** `audit verify` from the CLI while the server was down. */
  verifyWhileDown: { code: number | null; verdict: { ok: boolean; checked?: number; reason?: string } | null; stderr: string };
  /** Retries of the unanswered requests: committed before the kill (replayed) or decided now (fresh). */
  retried: { replayed: number; fresh: number; failed: string[] };
  /** GET /v1/audit/verify after the retries. */
  chainAfterRetries: { ok: boolean; checked: number };
  /** Every application sent so far, each exactly once: the log must hold exactly this many rows. */
  expectedRows: number;
  logRows: number;
  /** Applications in the log more than once, or rows for applications never sent: must be empty. */
  strayRows: string[];
  killedAfterMs: number;
  restartMs: number;
}

interface Sent {
  application: LoanApplication;
  status: number | 'no answer';
  decisionId?: string;
  outcome?: string;
}

export class CrashHarness {
  private server: ServerProcess | null = null;
  private readonly allApplicationIds = new Set<string>();
  private cycles = 0;
  private readonly run = `${process.pid}-${Date.now().toString(36)}`;

  /** env: what the service needs (ADMIN_API_KEY, DATA_DIR, DATABASE_URL when on a server). */
  constructor(private readonly env: Record<string, string>) {}

  private get adminKey(): string {
    return this.env.ADMIN_API_KEY!;
  }

  private headers() {
    return { authorization: `Bearer ${this.adminKey}`, 'content-type': 'application/json' };
  }

  async start(): Promise<void> {
    this.server = await startServerProcess(this.env);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.child.kill('SIGTERM');
    await this.server.exited;
    this.server = null;
  }

  private application(cycle: number, client: number, i: number): LoanApplication {
    const a = structuredClone(exampleApplication) as LoanApplication;
    a.applicationId = `CRASH-${this.run}-${cycle}-${client}-${i}`;
    // Varied, so the policy takes different paths (accept and review).
    a.financials.monthlyIncome = 8_000_000 + ((client * 7 + i) % 40) * 500_000;
    a.loan.amount = 10_000_000 + ((client * 3 + i) % 25) * 4_000_000;
    return a;
  }

  async cycle(options: CrashCycleOptions): Promise<CrashCycleReport> {
    const server = this.server;
    if (!server) throw new Error('start() first');
    this.cycles += 1;
    const cycle = this.cycles;
    const sent: Sent[] = [];
    let acknowledged = 0;
    let killed = false;
    const started = performance.now();
    let killedAt = 0;

    const kill = () => {
      if (killed) return;
      killed = true;
      killedAt = performance.now();
      server.child.kill('SIGKILL');
    };
    await Promise.all(
      Array.from({ length: options.clients }, async (_, client) => {
        for (let i = 0; ; i++) {
          const application = this.application(cycle, client, i);
          this.allApplicationIds.add(application.applicationId);
          const record: Sent = { application, status: 'no answer' };
          sent.push(record);
          try {
            const response = await fetch(`${server.baseUrl}/v1/screenings`, {
              method: 'POST',
              headers: this.headers(),
              body: JSON.stringify(application),
            });
            const body = (await response.json()) as { decisionId?: string; decision?: string };
            record.status = response.status;
            if (response.status === 200) {
              record.decisionId = body.decisionId;
              record.outcome = body.decision;
              acknowledged += 1;
              if (acknowledged >= options.killAfterAcknowledged) kill();
            }
          } catch {
            // The connection died with the process (or the body was cut): no answer.
            record.status = 'no answer';
            return;
          }
          if (killed && record.status !== 200) return;
        }
      }),
    );
    await server.exited;
    this.server = null;

    // While the server is down: the CLI recomputes the whole chain from the database.
    const verify = await runCli(['audit', 'verify'], this.env);
    let verdict: CrashCycleReport['verifyWhileDown']['verdict'] = null;
    try {
      const last = verify.stdout.trim().split('\n').at(-1) ?? '';
      verdict = JSON.parse(last) as { ok: boolean; checked?: number; reason?: string };
    } catch {
      verdict = null;
    }

    const restartStarted = performance.now();
    await this.start();
    const restartMs = performance.now() - restartStarted;

    // Every decision in the log, by id, read back through the auditors' API.
    const logged = await this.allDecisions();
    const lost: string[] = [];
    const altered: string[] = [];
    for (const record of sent.filter((r) => r.status === 200)) {
      const row = logged.get(record.decisionId!);
      if (!row) lost.push(record.decisionId!);
      else if (row.outcome !== record.outcome || row.applicationId !== record.application.applicationId) altered.push(record.decisionId!);
    }

    // Requests without an answer: retry with the same applicationId and body.
    const retried = { replayed: 0, fresh: 0, failed: [] as string[] };
    for (const record of sent.filter((r) => r.status !== 200)) {
      const response = await fetch(`${this.server!.baseUrl}/v1/screenings`, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(record.application),
      });
      const text = await response.text();
      if (response.status !== 200) retried.failed.push(`${record.application.applicationId}: ${response.status} ${text.slice(0, 200)}`);
      else if (response.headers.get('idempotent-replay') === 'true') retried.replayed += 1;
      else retried.fresh += 1;
    }

    const chain = (await (
      await fetch(`${this.server!.baseUrl}/v1/audit/verify`, { headers: this.headers() })
    ).json()) as { ok: boolean; checked: number };
    const after = await this.allDecisions();
    const perApplication = new Map<string, number>();
    for (const row of after.values()) perApplication.set(row.applicationId, (perApplication.get(row.applicationId) ?? 0) + 1);
    const strayRows = [...perApplication]
      .filter(([id, n]) => n !== 1 || !this.allApplicationIds.has(id))
      .map(([id, n]) => `${id} ×${n}`);

    return {
      cycle,
      sent: sent.length,
      acknowledged,
      unanswered: sent.filter((r) => r.status === 'no answer').length,
      otherStatuses: Object.fromEntries(
        Object.entries(
          sent.reduce<Record<string, number>>((acc, r) => {
            if (r.status !== 200 && r.status !== 'no answer') acc[String(r.status)] = (acc[String(r.status)] ?? 0) + 1;
            return acc;
          }, {}),
        ),
      ),
      lost,
      altered,
      verifyWhileDown: { code: verify.code, verdict, stderr: verify.stderr.slice(-2000) },
      retried,
      chainAfterRetries: { ok: chain.ok, checked: chain.checked },
      expectedRows: this.allApplicationIds.size,
      logRows: after.size,
      strayRows,
      killedAfterMs: Math.round(killedAt - started),
      restartMs: Math.round(restartMs),
    };
  }

  /** decisionId → outcome and applicationId for every logged decision, paging through GET /v1/decisions. */
  private async allDecisions(): Promise<Map<string, { outcome: string; applicationId: string }>> {
    const all = new Map<string, { outcome: string; applicationId: string }>();
    let cursor: string | null = null;
    do {
      const url = `${this.server!.baseUrl}/v1/decisions?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await fetch(url, { headers: this.headers() });
      if (response.status !== 200) throw new Error(`GET /v1/decisions: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as {
        items: Array<{ decisionId: string; outcome: string; applicationId: string }>;
        nextCursor: string | null;
      };
      for (const item of page.items) all.set(item.decisionId, { outcome: item.outcome, applicationId: item.applicationId });
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }
}
