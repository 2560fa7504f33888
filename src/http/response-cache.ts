import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { contentVersion } from '../db/transaction.js';
import { noneMatch } from './etag.js';

interface Entry {
  body: string;
  etag: string;
  contentType: string;
  storedAt: number;
}

export interface ResponseCacheOptions {
  db: Db;
  maxEntries: number;
  maxBytes: number;
  /** Upper bound on an entry's life, for answers that depend on the clock (the news sitemap's two days). */
  ttlMs: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this anonymous GET may be stored in the response cache under this key. */
    responseCacheKey: string | undefined;
  }
}

/**
 * Anonymous answers of public routes (`config.publicCache`), kept in memory until the database
 * content changes — any write of this process, or a commit of another process on the file
 * (`contentVersion`) — so a cached answer is never stale. A newsroom's readers far outnumber its
 * writes: between two writes, a story read a thousand times is built once. Answers to API keys
 * are never cached (they may show drafts).
 */
export const responseCachePlugin = fp(
  async (app: FastifyInstance, { db, maxEntries, maxBytes, ttlMs }: ResponseCacheOptions) => {
    const entries = new Map<string, Entry>();
    let version = '';
    let bytes = 0;

    const drop = (key: string): void => {
      const entry = entries.get(key);
      if (entry === undefined) return;
      bytes -= entry.body.length;
      entries.delete(key);
    };

    app.decorateRequest('responseCacheKey', undefined);

    // After authentication (the auth plugin's onRequest runs first), before validation and handler.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'GET' || request.principal !== null || request.headers.authorization !== undefined) return;
      if (request.routeOptions.config.publicCache !== true) return;
      const current = contentVersion(db);
      if (current !== version) {
        entries.clear();
        bytes = 0;
        version = current;
      }
      const key = request.url;
      const entry = entries.get(key);
      if (entry !== undefined && Date.now() - entry.storedAt < ttlMs) {
        // Least recently used goes first: re-insert on every hit.
        entries.delete(key);
        entries.set(key, entry);
        reply.header('etag', entry.etag).header('x-cache', 'HIT');
        if (!noneMatch(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
        return reply.type(entry.contentType).send(entry.body);
      }
      request.responseCacheKey = key;
      return undefined;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.responseCacheKey;
      if (key === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      const etag = reply.getHeader('etag');
      const contentType = reply.getHeader('content-type');
      if (typeof etag !== 'string' || typeof contentType !== 'string' || payload.length > maxBytes / 10) return payload;
      // Only store what was built under the version checked at onRequest: a write may have
      // committed while this request was being answered.
      if (contentVersion(db) !== version) return payload;
      drop(key);
      entries.set(key, { body: payload, etag, contentType, storedAt: Date.now() });
      bytes += payload.length;
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        drop(oldest.value);
      }
      reply.header('x-cache', 'MISS');
      return payload;
    });
  },
  { name: 'response-cache', dependencies: ['auth'] },
);
