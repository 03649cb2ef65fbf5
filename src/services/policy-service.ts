import type { Caller } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';
import { evaluatePolicy } from '../domain/policy/evaluate-policy.js';
import { builtinPolicy, type PolicyDocument } from '../domain/policy/policy-document.js';
import { applicantFacts } from '../domain/screening/applicant-facts.js';
import type { Outcome } from '../domain/screening/decision.js';
import type { DecisionRecord } from '../domain/audit/decision-record.js';
import type { DecisionRepository } from '../db/decision-repository.js';
import type { PolicyRepository } from '../db/policy-repository.js';
import type { LivePolicy } from './live-policy.js';
import type { Clock } from './screening-service.js';

export interface SimulationReport {
  policy: string;
  decisions: number;
  changed: number;
  /** Counts by "before->after" outcome pair, e.g. "accept->review". */
  byOutcomePair: Record<string, number>;
  /** Up to 100 decisions whose outcome would change. */
  examples: Array<{ decisionId: string; decidedAt: string; before: Outcome; after: Outcome; policyBefore: string }>;
}

/** Re-decides a logged decision from its stored inputs (sections as logged) under a policy. */
export function redecide(record: DecisionRecord, policy: PolicyDocument) {
  const on = new Date(record.decidedAt);
  return evaluatePolicy(
    { application: record.application, facts: applicantFacts(record.application, on), blocklist: record.blocklist, risk: record.risk },
    policy,
  );
}

export class PolicyService {
  constructor(
    private readonly policies: PolicyRepository,
    private readonly live: LivePolicy,
    private readonly decisions: DecisionRepository,
    private readonly clock: Clock,
  ) {}

  async list() {
    const stored = await this.policies.list();
    const anyActive = stored.some((p) => p.active);
    const builtin = {
      version: builtinPolicy.version,
      document: builtinPolicy,
      createdAt: null,
      createdBy: null,
      active: !anyActive,
      activatedAt: null,
      builtin: true,
    };
    return [...stored.map((p) => ({ ...p, builtin: false })), builtin];
  }

  async get(version: string) {
    if (version === builtinPolicy.version) return (await this.list()).find((p) => p.builtin)!;
    return { ...(await this.policies.get(version)), builtin: false };
  }

  async create(document: PolicyDocument, caller: Caller) {
    if (document.version === builtinPolicy.version) {
      throw new DomainError('CONFLICT', `${builtinPolicy.version} is the built-in policy's version.`);
    }
    return { ...(await this.policies.create(document, caller.keyId, this.clock.now())), builtin: false };
  }

  async activate(version: string, caller: Caller) {
    if (version === builtinPolicy.version) {
      throw new DomainError('REQUEST_INVALID', 'The built-in policy applies only until another is activated; store it as a new version to reactivate it.');
    }
    const policy = await this.policies.activate(version, caller.keyId, this.clock.now());
    await this.live.reload();
    return { ...policy, builtin: false };
  }

  /** How outcomes in a time range would change under a policy. Writes nothing. */
  async simulate(version: string, range: { from?: Date | undefined; to?: Date | undefined }): Promise<SimulationReport> {
    const policy = await this.live.byVersion(version);
    if (!policy) throw new DomainError('NOT_FOUND', `No policy version ${version}.`);
    const report: SimulationReport = { policy: version, decisions: 0, changed: 0, byOutcomePair: {}, examples: [] };
    for await (const record of this.decisions.stream(range)) {
      report.decisions += 1;
      const after = redecide(record, policy).outcome;
      const pair = `${record.outcome}->${after}`;
      report.byOutcomePair[pair] = (report.byOutcomePair[pair] ?? 0) + 1;
      if (after !== record.outcome) {
        report.changed += 1;
        if (report.examples.length < 100) {
          report.examples.push({
            decisionId: record.decisionId,
            decidedAt: record.decidedAt,
            before: record.outcome,
            after,
            policyBefore: record.versions.policy,
          });
        }
      }
    }
    return report;
  }
}
