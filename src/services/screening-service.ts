import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../domain/audit/canonical-json.js';
import { toScreeningDecision } from '../domain/audit/decision-record.js';
import { sha256Hex } from '../domain/audit/hash-chain.js';
import type { Caller } from '../domain/access/roles.js';
import type { PolicyDocument } from '../domain/policy/policy-document.js';
import type { LoanApplication } from '../domain/screening/application.js';
import type { ScreeningDecision, ScreeningOutcome } from '../domain/screening/decision.js';
import type { BlocklistScreener, RiskScorer } from '../domain/screening/ports.js';
import { screenApplication, type ActiveSuppression } from '../domain/screening/screen-application.js';
import { idempotencyConflict, type DecisionAppender } from '../db/decision-log.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import { withDeadline } from '../db/deadline.js';
import { DomainError } from '../domain/errors.js';
import { TurnQueue } from './turn-queue.js';

export interface Clock {
  now(): Date;
  /** Milliseconds from an arbitrary origin, for measuring durations. */
  monotonic(): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  monotonic: () => performance.now(),
};

export interface ScreeningServiceDeps {
  /** Suppressions in force for an applicant identity (HMAC of the national ID). */
  suppressionsFor?: (application: LoanApplication, now: Date) => Promise<ActiveSuppression[]>;
  decisionLog: DecisionAppender;
  decisions: DecisionRepository;
  blocklists: BlocklistScreener;
  risk: RiskScorer;
  policy: () => PolicyDocument;
  clock: Clock;
  /** Told of every new decision (metrics). */
  onDecision?: (decision: ScreeningDecision) => void;
  /** Longest wait for the database on the screening path before answering 503. */
  databaseDeadlineMs?: number;
  /**
   * Starts risk scoring elsewhere (the scoring thread) while this thread matches names,
   * resolving to a scorer that holds the results; without it, `risk` scores in turn.
   */
  scoreAhead?: (application: LoanApplication, on: Date) => Promise<RiskScorer>;
}

export interface ScreeningResult {
  decision: ScreeningDecision;
  /** True when this is the original decision returned again for a retried request. */
  replayed: boolean;
}

/**
 * Screens an application and logs the decision before returning it. A retry of the
 * same request returns the logged decision; the same applicationId with another body
 * is a conflict.
 */
export class ScreeningService {
  /** The CPU-heavy steps (matching; scoring and policy) take turns with I/O: see turn-queue.ts. */
  private readonly turns = new TurnQueue();

  constructor(private readonly deps: ScreeningServiceDeps) {}

  async screen(caller: Caller, application: LoanApplication, receivedAt: number): Promise<ScreeningResult> {
    const { decisionLog, clock } = this.deps;
    const requestHash = sha256Hex(canonicalJson(application));

    const deadline = this.deps.databaseDeadlineMs ?? 2000;
    const unavailable = 'The database did not answer in time; no decision was made. Retry with the same applicationId.';

    // Idempotency is settled where the decision is written: the log's batch transaction
    // finds an earlier decision for the same caller and applicationId and returns it (same
    // body) or refuses (another body). So a first request, by far the common case, costs no
    // lookup of its own; a retry costs one screening that is thrown away.
    const now = clock.now();
    let outcome: ScreeningOutcome;
    try {
      outcome = await this.decide(application, now, deadline, unavailable);
    } catch (error) {
      // Lists or a model still loading: a retry of a logged decision can still be answered.
      // (The database being away is not worth asking it again.)
      if (error instanceof DomainError && error.code === 'DATABASE_UNAVAILABLE') throw error;
      const prior = await this.priorDecision(caller, application, requestHash, deadline, unavailable);
      if (prior) return prior;
      throw error;
    }
    const appended = await withDeadline(decisionLog.append({
      decisionId: randomUUID(),
      applicationId: application.applicationId,
      apiKeyId: caller.keyId,
      requestHash,
      outcome: outcome.outcome,
      reasons: outcome.reasons,
      application,
      blocklist: outcome.blocklist,
      risk: outcome.risk,
      ...(outcome.shadowRisk ? { shadowRisk: outcome.shadowRisk } : {}),
      versions: outcome.versions,
      latencyMs: Math.round((clock.monotonic() - receivedAt) * 1000) / 1000,
      decidedAt: now.toISOString(),
    }), deadline, 'DECISION_LOG_UNAVAILABLE', 'The decision log did not confirm the write in time, so no decision is given. Retry with the same applicationId: if the write did complete, the retry returns that decision.');
    const decision = toScreeningDecision(appended.record);
    if (appended.status === 'created') this.deps.onDecision?.(decision);
    return { decision, replayed: appended.status === 'replayed' };
  }

  /** Matching, then suppressions for hits, then scoring and policy; the CPU-heavy steps take turns with I/O. */
  private async decide(application: LoanApplication, now: Date, deadline: number, unavailable: string): Promise<ScreeningOutcome> {
    // Scoring on the other core while this one matches; it never rejects (it falls back to `risk`).
    const scoring = this.deps.scoreAhead?.(application, now);
    const screened = await this.turns.run(() => this.deps.blocklists.screen(application));
    // Suppressions matter only for hits: most applicants hit nothing and need no lookup.
    const suppressions =
      screened.status === 'hit' && this.deps.suppressionsFor
        ? await withDeadline(this.deps.suppressionsFor(application, now), deadline, 'DATABASE_UNAVAILABLE', unavailable)
        : [];
    const risk = scoring ? await scoring : this.deps.risk;
    return this.turns.run(() =>
      screenApplication(application, {
        suppressions,
        blocklists: { version: this.deps.blocklists.version, screen: () => screened },
        risk,
        policy: this.deps.policy(),
        now,
      }),
    );
  }

  private async priorDecision(
    caller: Caller,
    application: LoanApplication,
    requestHash: string,
    deadline: number,
    unavailable: string,
  ): Promise<ScreeningResult | null> {
    const prior = await withDeadline(this.deps.decisions.findForCaller(caller.keyId, application.applicationId), deadline, 'DATABASE_UNAVAILABLE', unavailable);
    if (!prior) return null;
    if (prior.requestHash !== requestHash) throw idempotencyConflict(prior);
    return { decision: toScreeningDecision(prior), replayed: true };
  }
}
