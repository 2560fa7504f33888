import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers (helmet) on every response. The middleware is built once: @fastify/helmet
 * rebuilds it — and re-parses the CSP — on every request, which cost more than serving an
 * article from the cache.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const middleware = helmet(options);
    app.addHook('onRequest', (request, reply, done) => {
      middleware(request.raw, reply.raw, (error?: unknown) => {
        done(error instanceof Error ? error : undefined);
      });
    });
  },
  { name: 'security-headers' },
);
