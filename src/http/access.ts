import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { mayAccess, type Caller, type Role } from '../domain/access/roles.js';
import { DomainError } from '../domain/errors.js';

/** Who may call a route: 'public', or the roles allowed besides admin. */
export type Access = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

export type Authenticate = (secret: string) => Promise<Caller | null>;

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Every route declares `config.access`; a route without one is refused at start-up, so
 * no route can be left open by accident. Returns the table of routes and their access,
 * which the OpenAPI document and the access tests use.
 */
export function registerAccessControl(app: FastifyInstance, authenticate: Authenticate): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('caller', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (url.startsWith('/docs')) {
      route.config = { ...route.config, access: 'public' };
    }
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${url} declares no access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url, access });
    }
    if (access !== 'public' && route.schema) {
      const roles = ['admin', ...access.filter((r) => r !== 'admin')];
      route.schema = {
        ...route.schema,
        security: [{ bearerAuth: [] }],
        description: [route.schema.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n'),
      };
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const token = bearerToken(request);
    if (!token) {
      throw new DomainError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".');
    }
    const caller = await authenticate(token);
    if (!caller) throw new DomainError('UNAUTHENTICATED', 'The API key is unknown or revoked.');
    if (!mayAccess(caller, access)) {
      throw new DomainError(
        'FORBIDDEN',
        `Role ${caller.role} may not call ${request.method} ${request.routeOptions.url}; allowed: admin, ${access.join(', ')}.`,
      );
    }
    request.caller = caller;
    // The request's own pino child logger (the service logs with pino): binding the key id
    // to it costs a third of making a child of it.
    (request.log as Logger).setBindings({ keyId: caller.keyId });
  });

  return table;
}

/** The authenticated caller of a protected route. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new DomainError('UNAUTHENTICATED', 'No authenticated caller.');
  return request.caller;
}
