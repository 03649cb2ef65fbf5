import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { ApiKeyRepository } from './db/api-key-repository.js';
import { databaseIsReachable, type DatabaseHandle } from './db/connect.js';
import { DecisionLog } from './db/decision-log.js';
import { DecisionRepository } from './db/decision-repository.js';
import { builtinPolicy, type PolicyDocument } from './domain/policy/policy-document.js';
import { noBlocklists, noRiskModel, type BlocklistScreener, type RiskScorer } from './domain/screening/ports.js';
import { DomainError } from './domain/errors.js';
import { registerAccessControl, type RouteAccess } from './http/access.js';
import { registerErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { decisionRoutes } from './http/routes/decisions.js';
import { healthRoutes } from './http/routes/health.js';
import { keyRoutes } from './http/routes/keys.js';
import { screeningRoutes } from './http/routes/screenings.js';
import { ScreeningService, systemClock, type Clock } from './services/screening-service.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { serviceVersion } from './version.js';

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  clock?: Clock;
  blocklists?: BlocklistScreener;
  risk?: RiskScorer;
  policy?: () => PolicyDocument;
}

export interface BuiltApp {
  app: FastifyInstance;
  /** Every route with who may call it. */
  routes: RouteAccess[];
  decisionLog: DecisionLog;
}

/** Builds the HTTP service from its dependencies. Does not listen, migrate or connect. */
export async function buildApp(deps: AppDependencies): Promise<BuiltApp> {
  const { config, database, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const blocklists = deps.blocklists ?? noBlocklists;
  const risk = deps.risk ?? noRiskModel;
  const policy = deps.policy ?? (() => builtinPolicy);

  const keys = new ApiKeyRepository(database.db);
  const decisions = new DecisionRepository(database.db);
  const decisionLog = new DecisionLog(database.db, logger, config.DECISION_LOG_MAX_BATCH);
  const screening = new ScreeningService({ decisionLog, decisions, blocklists, risk, policy, clock });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerErrorHandling(app);
  const routes = registerAccessControl(app, async (secret) => {
    try {
      return await keys.authenticate(secret);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        throw new DomainError('DATABASE_UNAVAILABLE', 'The database is unreachable; retry shortly.', {}, { cause: error });
      }
      throw error;
    }
  });
  await registerOpenApi(app, serviceVersion);

  let closing = false;
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
  });

  await app.register(healthRoutes, {
    readiness: async () => {
      const reachable = await databaseIsReachable(database.db, config.DATABASE_TIMEOUT_MS);
      const ready = reachable && !closing;
      return {
        status: ready ? 'ready' : 'not_ready',
        checks: {
          database: {
            kind: database.kind,
            reachable,
            ...(reachable ? {} : { detail: `no answer from the database within ${config.DATABASE_TIMEOUT_MS} ms` }),
          },
          decisionLog: { accepting: !closing },
        },
        versions: { policy: policy().version, riskModel: risk.activeModelVersion, blocklists: blocklists.version },
      };
    },
  });
  await app.register(screeningRoutes, { screening, monotonic: clock.monotonic });
  await app.register(decisionRoutes, { decisions });
  await app.register(keyRoutes, { keys, now: () => clock.now() });
  return { app, routes, decisionLog };
}
