import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for `options`, computed once. With fixed options (no per-request CSP
 * nonces) helmet's answer is the same for every request, so it is asked once, at start, against a
 * response that only records what is set.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return recorder;
    },
    removeHeader(name: string) {
      // Helmet removes X-Powered-By, which Fastify never sets.
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
      delete headers[name.toLowerCase()];
    },
  };
  let failure: Error | undefined;
  helmet(options)(Object.create(null) as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) failure = error instanceof Error ? error : new Error('helmet failed');
  });
  if (failure !== undefined) throw failure;
  return headers;
}

/**
 * Security headers (helmet) on every response. @fastify/helmet runs helmet's middleware on every
 * request — thirteen validated `setHeader` calls and, before we built it once, a CSP re-parse —
 * which cost more than serving an article from the cache; the header set never changes, so it is
 * computed once and added to each reply in one step.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: HelmetOptions) => {
    const headers = helmetHeaders(options);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
