import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ScreeningDecision } from '../domain/screening/decision.js';

/** The service's Prometheus metrics, on a registry of its own (one per app instance). */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'lss_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly decisions = new Counter({
    name: 'lss_decisions_total',
    help: 'Screening decisions by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly reasons = new Counter({
    name: 'lss_decision_reasons_total',
    help: 'Reason codes given with decisions',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly blocklistHits = new Counter({
    name: 'lss_blocklist_hits_total',
    help: 'Blocklist hits by list and strength',
    labelNames: ['list', 'strength'] as const,
    registers: [this.registry],
  });

  readonly probabilityOfDefault = new Histogram({
    name: 'lss_risk_probability_of_default',
    help: 'Distribution of the active model’s probability of default',
    labelNames: ['model'] as const,
    buckets: [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8],
    registers: [this.registry],
  });

  readonly decisionLogWrite = new Histogram({
    name: 'lss_decision_log_write_seconds',
    help: 'Time to commit one decision-log transaction (group commit)',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  readonly decisionLogBatch = new Histogram({
    name: 'lss_decision_log_batch_size',
    help: 'Decisions committed per transaction',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });

  readonly decisionLogBatches = new Counter({
    name: 'lss_decision_log_batches_total',
    help: 'Decision-log batches written, by path: single-statement (after the head this instance wrote) or locked (head read under the chain lock)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly decisionLogFailures = new Counter({
    name: 'lss_decision_log_failures_total',
    help: 'Decision-log transactions that failed (their callers got 503)',
    registers: [this.registry],
  });

  readonly servedVersions = new Gauge({
    name: 'lss_served_version_info',
    help: 'What this instance serves: 1 for the current policy, model and list versions',
    labelNames: ['kind', 'version'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lss_' });
  }

  recordDecision(decision: ScreeningDecision): void {
    this.decisions.inc({ outcome: decision.decision });
    for (const reason of decision.reasons) this.reasons.inc({ code: reason.code });
    if (decision.blocklist.status === 'hit') {
      for (const hit of decision.blocklist.hits) this.blocklistHits.inc({ list: hit.listName, strength: hit.strength });
    }
    if (decision.risk.status === 'scored') {
      this.probabilityOfDefault.observe({ model: decision.risk.modelVersion }, decision.risk.probabilityOfDefault);
    }
  }

  setVersions(versions: Record<'policy' | 'riskModel' | 'shadowModel' | 'blocklists', string | null>): void {
    this.servedVersions.reset();
    for (const [kind, version] of Object.entries(versions)) {
      if (version) this.servedVersions.set({ kind, version }, 1);
    }
  }
}

/** Times every request by its route template (not its URL, which would explode the labels). */
export function registerRequestMetrics(app: FastifyInstance, metrics: ServiceMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestDuration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
}
