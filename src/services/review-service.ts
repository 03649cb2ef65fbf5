import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Caller } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';
import type { ReviewRecord, ReviewRequest } from '../domain/review/review-record.js';
import type { Database } from '../db/database.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import type { QueueStatus, ReviewRepository } from '../db/review-repository.js';
import type { ReviewLog } from '../db/review-log.js';
import type { WebhookDeliverer } from '../jobs/webhook-deliveries.js';
import type { Clock } from './screening-service.js';
import { isUniqueViolation } from '../db/unique-violation.js';

/** How long a claim keeps a decision for one reviewer. */
const CLAIM_MS = 30 * 60_000;

/**
 * The manual review queue: reviewers claim decisions in review and record final outcomes.
 * An outcome is a new record on the review chain (never an edit of the decision), written
 * in one transaction with any false-positive suppressions and the webhook that announces it.
 */
export class ReviewService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly reviews: ReviewRepository,
    private readonly reviewLog: ReviewLog,
    private readonly decisions: DecisionRepository,
    private readonly webhooks: WebhookDeliverer,
    private readonly clock: Clock,
  ) {}

  queue(status: QueueStatus, limit: number) {
    return this.reviews.queue(status, this.clock.now(), limit);
  }

  async claim(decisionId: string, caller: Caller) {
    await this.reviewable(decisionId);
    const now = this.clock.now();
    const claim = await this.reviews.claim(decisionId, caller.keyId, now, new Date(now.getTime() + CLAIM_MS));
    return { decisionId, ...claim };
  }

  async record(decisionId: string, request: ReviewRequest, caller: Caller): Promise<ReviewRecord> {
    const decision = await this.reviewable(decisionId);
    const now = this.clock.now();
    const holder = await this.reviews.claimOf(decisionId, now);
    if (holder !== caller.keyId && caller.role !== 'admin') {
      throw new DomainError('CONFLICT', holder ? 'Another reviewer holds this decision.' : 'Claim the decision before recording its outcome.');
    }
    const hits = decision.blocklist.status === 'hit' ? decision.blocklist.hits : [];
    for (const s of request.suppressions) {
      if (!hits.some((h) => h.listId === s.listId && h.entryId === s.entryId)) {
        throw new DomainError('REQUEST_INVALID', `Entry ${s.entryId} on list ${s.listId} is not among this decision's blocklist hits.`);
      }
    }
    if (request.suppressions.length > 0 && !decision.subjectHash) {
      throw new DomainError('REQUEST_INVALID', 'This decision has no identity hash, so its hits cannot be suppressed.');
    }
    try {
      return await this.db.transaction().execute(async (trx) => {
        const suppressionIds: string[] = [];
        for (const s of request.suppressions) {
          const id = randomUUID();
          await this.reviews.addSuppression(trx, {
            id,
            subjectHash: decision.subjectHash!,
            listId: s.listId,
            entryId: s.entryId,
            reason: s.reason,
            decisionId,
            expiresAt: s.expiresAt ? new Date(s.expiresAt).toISOString() : null,
            by: caller.keyId,
            now,
          });
          suppressionIds.push(id);
        }
        const record = await this.reviewLog.append(trx, {
          reviewId: randomUUID(),
          decisionId,
          decisionHash: decision.hash,
          outcome: request.outcome,
          note: request.note,
          reviewerKeyId: caller.keyId,
          suppressionIds,
          reviewedAt: now.toISOString(),
        });
        await this.reviews.releaseClaim(trx, decisionId);
        await this.webhooks.enqueue(
          trx,
          'review.completed',
          decisionId,
          {
            event: 'review.completed',
            decisionId,
            applicationId: decision.applicationId,
            originalDecision: decision.outcome,
            finalDecision: record.outcome,
            note: record.note,
            reviewId: record.reviewId,
            reviewedAt: record.reviewedAt,
          },
          now,
        );
        return record;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'This decision has already been reviewed.');
      throw error;
    }
  }

  /** The final outcome of a decision, for the origination system that asked for it. */
  async outcome(decisionId: string, caller: Caller) {
    const decision = await this.decisions.findById(decisionId);
    if (!decision || (caller.role === 'originator' && decision.apiKeyId !== caller.keyId)) {
      throw new DomainError('NOT_FOUND', `No decision ${decisionId}.`);
    }
    const review = await this.reviewLog.forDecision(decisionId);
    return {
      decisionId,
      applicationId: decision.applicationId,
      originalDecision: decision.outcome,
      status: decision.outcome !== 'review' ? ('not_required' as const) : review ? ('completed' as const) : ('pending' as const),
      finalDecision: decision.outcome !== 'review' ? decision.outcome : (review?.outcome ?? null),
      review,
    };
  }

  private async reviewable(decisionId: string) {
    const decision = await this.decisions.findById(decisionId);
    if (!decision) throw new DomainError('NOT_FOUND', `No decision ${decisionId}.`);
    if (decision.outcome !== 'review') throw new DomainError('CONFLICT', `Decision ${decisionId} was ${decision.outcome}, not review.`);
    if (await this.reviewLog.forDecision(decisionId)) throw new DomainError('CONFLICT', 'This decision has already been reviewed.');
    return decision;
  }
}
