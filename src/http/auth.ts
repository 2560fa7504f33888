import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeysService, Principal } from '../modules/api-keys/service.js';
import { AppError } from './errors.js';
import { problemResponses } from './schemas.js';

export type RequiredRole = 'editor' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's API key, or null for anonymous callers. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The least role a route needs; absent means anonymous callers are welcome. */
    role?: RequiredRole;
  }
}

const RANK: Record<'anonymous' | RequiredRole, number> = { anonymous: 0, editor: 1, admin: 2 };

/** True when the caller may act as an editor (sees drafts, may write content). */
export const isEditor = (request: FastifyRequest): boolean => request.principal !== null;

/** Who made a change, for revisions: the API key's name. */
export const actorOf = (request: FastifyRequest): string => request.principal?.name ?? 'anonymous';

const challenge = (error?: string): Record<string, string> => ({
  // RFC 6750 §3: the challenge names the scheme, and the error when a token was presented.
  'www-authenticate': error === undefined ? 'Bearer realm="cms"' : `Bearer realm="cms", error="${error}"`,
});

/**
 * Authenticates every request from `Authorization: Bearer <key>` and enforces each route's
 * `config.role`. The same route option drives the OpenAPI `security` and 401/403 entries, so the
 * documentation cannot disagree with the rule.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { apiKeys }: { apiKeys: ApiKeysService }) => {
    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      const role = route.config?.role;
      if (route.schema === undefined || route.schema.hide === true) return;
      const schema = route.schema as Record<string, unknown> & { responses?: unknown; response?: Record<string, unknown> };
      schema.response = { ...problemResponses(...(role === undefined ? [] : [401, 403])), ...schema.response };
      schema['security'] = role === undefined ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }];
      if (role !== undefined) {
        const note = `Requires the **${role}** role.`;
        // Once: a GET's HEAD route shares its schema object, and runs this hook too.
        if (typeof schema['description'] !== 'string') schema['description'] = note;
        else if (!schema['description'].endsWith(note)) schema['description'] = `${schema['description']}\n\n${note}`;
      }
    });

    // Callback style: anonymous reads, most requests, pass without a promise.
    app.addHook('onRequest', (request, _reply, done) => {
      try {
        authorize(request);
      } catch (error) {
        done(error as Error);
        return;
      }
      done();
    });

    /** Sets `request.principal` from the Authorization header; throws when the key or its role falls short. */
    function authorize(request: FastifyRequest): void {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
        if (match?.[1] === undefined) {
          throw new AppError('INVALID_API_KEY', 'The Authorization header must be "Bearer <api key>".', { headers: challenge('invalid_request') });
        }
        const principal = apiKeys.authenticate(match[1]);
        if (principal === undefined) {
          throw new AppError('INVALID_API_KEY', 'The API key is unknown or has been revoked.', { headers: challenge('invalid_token') });
        }
        request.principal = principal;
      }
      const required = request.routeOptions.config.role;
      if (required === undefined) return;
      if (request.principal === null) {
        throw new AppError('UNAUTHORIZED', `This operation needs an API key with the ${required} role: send "Authorization: Bearer <key>".`, {
          headers: challenge(),
        });
      }
      if (RANK[request.principal.role] < RANK[required]) {
        throw new AppError('FORBIDDEN', `This operation needs the ${required} role; the key "${request.principal.name}" is ${request.principal.role}.`);
      }
    }
  },
  { name: 'auth', dependencies: ['problem'] },
);
