import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { API_KEYS_CHANNEL, ApiKeyRepository } from './db/api-key-repository.js';
import { databaseIsReachable, type DatabaseHandle } from './db/connect.js';
import { DecisionLog, type BatchObservation, type DecisionAppender } from './db/decision-log.js';
import { DecisionRepository } from './db/decision-repository.js';
import { builtinPolicy, type PolicyDocument } from './domain/policy/policy-document.js';
import { noBlocklists, noRiskModel, type BlocklistScreener, type RiskScorer } from './domain/screening/ports.js';
import { DomainError } from './domain/errors.js';
import { registerAccessControl, type RouteAccess } from './http/access.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { decisionRoutes } from './http/routes/decisions.js';
import { healthRoutes } from './http/routes/health.js';
import { keyRoutes } from './http/routes/keys.js';
import { ApiKeyCache } from './services/api-key-cache.js';
import { screeningRoutes } from './http/routes/screenings.js';
import { ScreeningService, systemClock, type Clock } from './services/screening-service.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { withDeadline } from './db/deadline.js';
import multipart from '@fastify/multipart';
import { BlocklistRepository } from './db/blocklist-repository.js';
import { buildBlocklistMatcher } from './services/blocklist-matcher.js';
import { listRoutes } from './http/routes/lists.js';
import { BlocklistService } from './services/blocklist-service.js';
import { ListImporter } from './services/list-import.js';
import { LiveBlocklists, type BuildMatcher } from './services/live-blocklists.js';
import { RiskModelRepository } from './db/risk-model-repository.js';
import { TrainingJobRepository } from './db/training-job-repository.js';
import { modelRoutes } from './http/routes/models.js';
import { TrainingJobs } from './jobs/training-jobs.js';
import type { RiskModelArtifact } from './domain/risk/artifact.js';
import { LiveRiskModels, type LoadScorer } from './services/live-risk-models.js';
import { ScoringThread } from './services/scoring-thread.js';
import { ModelService } from './services/model-service.js';
import { loadRiskScorer, readDefaultArtifact } from './services/risk-model-loader.js';
import { PolicyRepository } from './db/policy-repository.js';
import { policyRoutes } from './http/routes/policies.js';
import { LivePolicy } from './services/live-policy.js';
import { PolicyService } from './services/policy-service.js';
import { ReviewLog } from './db/review-log.js';
import { ReviewRepository } from './db/review-repository.js';
import { reviewRoutes } from './http/routes/reviews.js';
import { WebhookDeliverer, defaultWebhookOptions, type WebhookOptions } from './jobs/webhook-deliveries.js';
import { ReviewService } from './services/review-service.js';
import { ReplayService } from './services/replay-service.js';
import { RescreenService } from './services/rescreen-service.js';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import { registerRequestMetrics, ServiceMetrics } from './http/metrics.js';
import { serviceVersion } from './version.js';
import type { PiiCipher } from './domain/privacy/pii-cipher.js';

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  /** Seals applicant PII in the decision log and opens it for auditors. */
  cipher: PiiCipher;
  clock?: Clock;
  /** How live models open artifacts, and the shipped default (null: none). */
  loadScorer?: LoadScorer;
  defaultModel?: RiskModelArtifact | null;
  /** A fixed screener (tests); by default the lists in the database, kept live. */
  blocklists?: BlocklistScreener;
  /** How the live blocklists build their in-memory matcher. */
  buildMatcher?: BuildMatcher;
  risk?: RiskScorer;
  policy?: () => PolicyDocument;
  /**
   * Where decisions are appended, given what to tell of each batch written (metrics); by
   * default a DecisionLog of this process. A cluster worker's goes to its primary's writer.
   */
  decisionLog?: (observe: (batch: BatchObservation) => void) => DecisionAppender;
  /** Retry timing for review webhooks (tests shorten it). */
  webhookOptions?: WebhookOptions;
}

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route with who may call it. */
  routes: RouteAccess[];
  decisionLog: DecisionAppender;
  /** Resolves once the blocklists and risk models are loaded (at once with fixed ones). */
  blocklistsLoaded(): Promise<void>;
  trainingJobs: TrainingJobs;
  webhooks: WebhookDeliverer;
}

/** Builds the HTTP service from its dependencies. Does not listen, migrate or connect. */
export async function buildApp(deps: AppDependencies): Promise<BuiltApp> {
  const { config, database, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const blocklistRepository = new BlocklistRepository(database.db);
  const liveBlocklists = deps.blocklists
    ? null
    : new LiveBlocklists(blocklistRepository, deps.buildMatcher ?? buildBlocklistMatcher, logger, config.BLOCKLIST_POLL_MS);
  const blocklists: BlocklistScreener = deps.blocklists ?? liveBlocklists ?? noBlocklists;
  // Read your own writes: a change made through this instance is served before the call returns.
  const reloadBlocklists = async () => {
    await liveBlocklists?.reload();
  };
  const riskModels = new RiskModelRepository(database.db);
  // A custom loader (tests) scores with what it returns, so only the real models go to a thread.
  const scoringThread = !deps.risk && !deps.loadScorer && config.SCORING_THREAD === 'on' ? new ScoringThread(logger) : null;
  const liveModels = deps.risk
    ? null
    : new LiveRiskModels(
        riskModels,
        deps.loadScorer ?? loadRiskScorer,
        deps.defaultModel === undefined ? readDefaultArtifact(config.DEFAULT_MODEL_PATH) : deps.defaultModel,
        logger,
        config.BLOCKLIST_POLL_MS,
        scoringThread,
      );
  const risk: RiskScorer = deps.risk ?? liveModels ?? noRiskModel;
  const policyRepository = new PolicyRepository(database.db);
  const livePolicy = new LivePolicy(policyRepository, logger, config.BLOCKLIST_POLL_MS);
  const policy = deps.policy ?? (() => livePolicy.document);

  const keys = new ApiKeyRepository(database.db);
  const decisions = new DecisionRepository(database.db, deps.cipher);
  const trainingJobRepository = new TrainingJobRepository(database.db);
  const metrics = new ServiceMetrics();
  const observeBatch = (batch: BatchObservation) => {
    if (batch.failed) metrics.decisionLogFailures.inc();
    metrics.decisionLogWrite.observe(batch.seconds);
    metrics.decisionLogBatch.observe(batch.size);
    if (batch.path) metrics.decisionLogBatches.inc({ path: batch.path });
  };
  const decisionLog = deps.decisionLog
    ? deps.decisionLog(observeBatch)
    : new DecisionLog(database.db, deps.cipher, logger, config.DECISION_LOG_MAX_BATCH, observeBatch, database.runPrepared);
  const reviewRepository = new ReviewRepository(database.db);
  const reviewLog = new ReviewLog(database.db);
  const webhooks = new WebhookDeliverer(
    database.db,
    config.REVIEW_WEBHOOK_URL && config.REVIEW_WEBHOOK_SECRET ? { url: config.REVIEW_WEBHOOK_URL, secret: config.REVIEW_WEBHOOK_SECRET } : null,
    logger,
    deps.webhookOptions ?? defaultWebhookOptions,
  );
  const screening = new ScreeningService({
    decisionLog,
    decisions,
    blocklists,
    risk,
    policy,
    clock,
    onDecision: (decision) => metrics.recordDecision(decision),
    databaseDeadlineMs: config.DATABASE_TIMEOUT_MS,
    // Without a thread a screening scores in turn, with no detour through scoreAhead.
    scoreAhead: liveModels && scoringThread ? (application, on) => liveModels.scoreAhead(application, on) : undefined,
    suppressionsFor: (application, now) =>
      reviewRepository.activeSuppressions(deps.cipher.subjectHash(application.applicant.nationalId), now),
  });

  const trainingJobs = new TrainingJobs(trainingJobRepository, riskModels, logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  registerRequestMetrics(app, metrics);
  // API responses are JSON: forbid everything a browser might do with them. /docs sets its own CSP.
  // One helmet middleware, built once: the fastify plugin builds a new one for every request
  // (its directives parsed again each time, about 2% of a screening's CPU).
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  // Authenticated keys are remembered for a few seconds (a revocation clears them at once).
  const keyCacheTtlMs = 5000;
  const authenticatedKeys = new ApiKeyCache((secret) => keys.authenticate(secret), { ttlMs: keyCacheTtlMs });
  let keyListener: Promise<(() => Promise<void>) | null> = Promise.resolve(null);
  const routes = registerAccessControl(app, async (secret) => {
    try {
      return await withDeadline(authenticatedKeys.authenticate(secret), config.DATABASE_TIMEOUT_MS, 'DATABASE_UNAVAILABLE', 'The database did not answer in time; retry shortly.');
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        throw new DomainError('DATABASE_UNAVAILABLE', 'The database is unreachable; retry shortly.', {}, { cause: error });
      }
      throw error;
    }
  });
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // After authentication, so the limit is per API key; unauthenticated requests count per address.
    hook: 'preHandler',
    keyGenerator: (request) => request.caller?.keyId ?? request.ip,
    allowList: (request) => request.routeOptions.config.access === 'public',
    errorResponseBuilder: (_request, context) =>
      new DomainError('RATE_LIMITED', `Too many requests for this API key: ${context.max} per minute; retry in ${Math.ceil(context.ttl / 1000)} s.`),
  });
  await registerOpenApi(app, serviceVersion);

  let closing = false;
  let blocklistsStarted: Promise<void> = Promise.resolve();
  app.addHook('onReady', async () => {
    // Loading runs in the background; /readyz says not ready and screenings get 503 until it is done.
    blocklistsStarted = Promise.all([
      liveBlocklists?.start(database),
      liveModels?.start(database),
      deps.policy ? undefined : livePolicy.start(database),
    ]).then(() => {});
    webhooks.start();
    // In the background like the loaders: listening waits for the database when it is down.
    const forget = () => authenticatedKeys.forgetAll();
    keyListener = database.listen(API_KEYS_CHANNEL, forget, forget).catch((error: unknown) => {
      logger.error({ err: error, keyCacheTtlMs }, 'cannot listen for API key revocations; cached keys expire on their own');
      return null;
    });
    blocklistsStarted.catch((error: unknown) => logger.error({ err: error }, 'cannot start the blocklists'));
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  // While shutting down, answer in-flight requests and then close their keep-alive
  // connections, so the server can stop without waiting for clients to hang up.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await decisionLog.close();
    await trainingJobs.stop();
    await liveBlocklists?.stop();
    await liveModels?.stop();
    await livePolicy.stop();
    await webhooks.stop();
    await (await keyListener)?.();
  });
  await app.register(multipart, {
    limits: { fileSize: config.IMPORT_MAX_BYTES, files: 4, fields: 10, parts: 14 },
  });

  app.get(
    '/metrics',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      metrics.setVersions({
        policy: policy().version,
        riskModel: risk.activeModelVersion,
        shadowModel: risk.shadowModelVersion,
        blocklists: blocklists.version,
      });
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  );
  await app.register(healthRoutes, {
    readiness: async () => {
      const reachable = await databaseIsReachable(database.db, config.DATABASE_TIMEOUT_MS);
      const lists = liveBlocklists?.status() ?? { loaded: true, version: blocklists.version, lists: 0, entries: 0 };
      const models = liveModels?.status() ?? { loaded: true, active: risk.activeModelVersion, activeIsDefault: false, shadow: risk.shadowModelVersion };
      const policyLoaded = deps.policy ? true : livePolicy.loaded;
      const ready = reachable && !closing && lists.loaded && models.loaded && policyLoaded;
      return {
        status: ready ? 'ready' : 'not_ready',
        checks: {
          database: {
            kind: database.kind,
            reachable,
            ...(reachable ? {} : { detail: `no answer from the database within ${config.DATABASE_TIMEOUT_MS} ms` }),
          },
          decisionLog: { accepting: !closing },
          blocklists: lists,
          riskModels: models,
        },
        versions: { policy: policy().version, riskModel: risk.activeModelVersion, blocklists: blocklists.version },
      };
    },
  });
  await app.register(screeningRoutes, { screening, monotonic: clock.monotonic });
  await app.register(decisionRoutes, {
    decisions,
    cipher: deps.cipher,
    reviewLog,
    replay: new ReplayService(
      decisions,
      blocklistRepository,
      riskModels,
      livePolicy,
      deps.buildMatcher ?? buildBlocklistMatcher,
      deps.loadScorer ?? loadRiskScorer,
    ),
  });
  await app.register(keyRoutes, { keys, now: () => clock.now(), onRevoked: () => authenticatedKeys.forgetAll() });
  await app.register(listRoutes, {
    blocklists: new BlocklistService(blocklistRepository, clock, reloadBlocklists),
    importer: new ListImporter(blocklistRepository, clock, reloadBlocklists),
    rescreen: new RescreenService(blocklistRepository, decisions, liveBlocklists),
  });
  await app.register(modelRoutes, {
    models: new ModelService(riskModels, decisions, clock, async () => {
      await liveModels?.reload();
    }),
    jobs: trainingJobs,
    jobRepository: trainingJobRepository,
  });
  await app.register(policyRoutes, { policies: new PolicyService(policyRepository, livePolicy, decisions, clock) });
  await app.register(reviewRoutes, {
    reviews: new ReviewService(database.db, reviewRepository, reviewLog, decisions, webhooks, clock),
  });
  return { app, routes, decisionLog, trainingJobs, webhooks, blocklistsLoaded: () => blocklistsStarted };
}
