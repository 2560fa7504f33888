import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { contentVersion } from '../db/transaction.js';
import { noneMatch } from './etag.js';

/** URLs longer than this are not cached (a real page's URL is far shorter). */
const MAX_KEY_LENGTH = 512;

interface Entry {
  /** The exact bytes sent: encoded once, not on every hit, and counted as they are. */
  body: Buffer;
  etag: string;
  contentType: string;
  storedAt: number;
}

export interface ResponseCacheOptions {
  db: Db;
  maxEntries: number;
  /** ETags remembered for URLs whose bodies are not kept, to answer `If-None-Match` with 304. */
  maxValidators: number;
  /** Memory for those ETags and their URLs. */
  maxValidatorBytes: number;
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
  async (app: FastifyInstance, { db, maxEntries, maxValidators, maxValidatorBytes, maxBytes, ttlMs }: ResponseCacheOptions) => {
    const entries = new Map<string, Entry>();
    // A validator is ~100 bytes where a body is ~10 KB: far more URLs can be revalidated (304)
    // from memory than served, e.g. every article a CDN or browser holds a copy of.
    const validators = new Map<string, { etag: string; storedAt: number }>();
    let validatorBytes = 0;
    // A URL's share of memory: its key (stored for the body and for the ETag) and the ETag.
    const validatorSize = (key: string, etag: string): number => 2 * (key.length + etag.length) + 64;
    const dropValidator = (key: string): void => {
      const validator = validators.get(key);
      if (validator === undefined) return;
      validatorBytes -= validatorSize(key, validator.etag);
      validators.delete(key);
    };
    let version = '';
    let bytes = 0;

    const drop = (key: string): void => {
      const entry = entries.get(key);
      if (entry === undefined) return;
      bytes -= entry.body.length + key.length;
      entries.delete(key);
    };

    app.decorateRequest('responseCacheKey', undefined);

    // After authentication (the auth plugin's onRequest runs first), before validation and handler.
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method !== 'GET' || request.principal !== null || request.headers.authorization !== undefined || request.routeOptions.config.publicCache !== true) {
        done();
        return;
      }
      const current = contentVersion(db);
      if (current !== version) {
        entries.clear();
        validators.clear();
        bytes = 0;
        validatorBytes = 0;
        version = current;
      }
      const key = request.url;
      // Long URLs are answered but not remembered: they would let anyone fill memory with keys.
      if (key.length > MAX_KEY_LENGTH) {
        done();
        return;
      }
      const entry = entries.get(key);
      if (entry !== undefined && Date.now() - entry.storedAt < ttlMs) {
        // Least recently used goes first: re-insert on every hit.
        entries.delete(key);
        entries.set(key, entry);
        reply.header('etag', entry.etag).header('x-cache', 'HIT');
        if (!noneMatch(request.headers['if-none-match'], entry.etag)) reply.code(304).send();
        else reply.type(entry.contentType).send(entry.body);
        return;
      }
      const ifNoneMatch = request.headers['if-none-match'];
      const validator = ifNoneMatch === undefined ? undefined : validators.get(key);
      if (validator !== undefined && Date.now() - validator.storedAt < ttlMs && !noneMatch(ifNoneMatch, validator.etag)) {
        reply.code(304).header('etag', validator.etag).header('x-cache', 'HIT').send();
        return;
      }
      request.responseCacheKey = key;
      done();
    });

    app.addHook('onSend', (request, reply, payload, done) => {
      remember(request.responseCacheKey, reply, payload);
      done(null, payload);
    });

    /** Stores a 200's body (and any 200's or 304's ETag) under `key`, if built under the version checked at onRequest. */
    function remember(key: string | undefined, reply: FastifyReply, payload: unknown): void {
      if (key === undefined || (reply.statusCode !== 200 && reply.statusCode !== 304)) return;
      const etag = reply.getHeader('etag');
      if (typeof etag !== 'string') return;
      // A write may have committed while this request was being answered.
      if (contentVersion(db) !== version) return;
      dropValidator(key);
      validators.set(key, { etag, storedAt: Date.now() });
      validatorBytes += validatorSize(key, etag);
      while (validators.size > maxValidators || validatorBytes > maxValidatorBytes) {
        const oldest = validators.keys().next();
        if (oldest.done === true) break;
        dropValidator(oldest.value);
      }
      const contentType = reply.getHeader('content-type');
      if (reply.statusCode !== 200 || typeof payload !== 'string' || typeof contentType !== 'string') return;
      if (payload.length > maxBytes / 10) return;
      drop(key);
      const body = Buffer.from(payload);
      entries.set(key, { body, etag, contentType, storedAt: Date.now() });
      bytes += body.length + key.length;
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        drop(oldest.value);
      }
      reply.header('x-cache', 'MISS');
    }
  },
  { name: 'response-cache', dependencies: ['auth'] },
);
