import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  /** The answer's headers as every hook left them (names and values in turn, as `writeHead` takes them), without the request's id. */
  headers: string[];
  /** The same for a 304: without the body's type and length. */
  notModifiedHeaders: string[];
  /** The request headers the answer varies on (`Vary`), with the values it was built for. */
  varies: [name: string, value: string | string[] | undefined][];
  storedAt: number;
  /** What it costs in memory, with its key: counted once, when stored. */
  size: number;
}

/** Headers that are the request's own, or that say where the answer came from: set on every answer, never stored. */
const UNSTORED = new Set(['x-request-id', 'x-cache', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
/** What a stored answer's 304 leaves out in any case (RFC 9110 §15.4.5: it has no content). */
const CONTENT_HEADERS = ['content-type', 'content-length'];

export interface ResponseCacheOptions {
  db: Db;
  /**
   * Headers a stored answer's 304 leaves out too: the security headers, which act on content a
   * browser renders. A cache that revalidates keeps the fields of its stored 200 that a 304 does
   * not send (RFC 9111 §4.3.4), and RFC 9110 §15.4.5 asks a 304 only for ETag, Cache-Control,
   * Vary and the like, which it keeps, as it keeps CORS (a page that sends If-None-Match itself
   * reads the 304). Seven fewer headers to check and write made ~10 % more 304s a second.
   */
  notFor304: readonly string[];
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
    /** Set when this anonymous GET may be stored in the response cache: under this key, if still built under this content version. */
    responseCache: { key: string; version: string } | undefined;
  }
}

/** Sends a stored answer as it is, outside Fastify's reply (see the hit path below). */
function sendStored(reply: FastifyReply, status: number, headers: readonly string[], requestId: string, body?: Buffer): void {
  reply.hijack();
  try {
    reply.raw.writeHead(status, [...headers, 'x-request-id', requestId, 'x-cache', 'HIT']);
    reply.raw.end(body);
  } catch (error) {
    // Headers Node refuses (they were sent once, so this is not expected): no half answer on a kept-alive socket.
    reply.log.error({ err: error }, 'sending a stored answer failed');
    reply.raw.destroy();
  }
}

const NONE: ReadonlySet<string> = new Set();

/** Flattens a reply's headers for `writeHead`, leaving out `skip`. */
function flatHeaders(headers: Record<string, unknown>, skip: ReadonlySet<string>): string[] | undefined {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (skip.has(name) || UNSTORED.has(name) || value === undefined) continue;
    // A header sent more than once (set-cookie) is not something a shared answer should carry.
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    flat.push(name, String(value));
  }
  return flat;
}

/**
 * Anonymous answers of public routes (`config.publicCache`), kept in memory until the database
 * content changes — any write of this process, or a commit of another process on the file
 * (`contentVersion`) — so a cached answer is never stale. A newsroom's readers far outnumber its
 * writes: between two writes, a story read a thousand times is built once. Answers to API keys
 * are never cached (they may show drafts).
 *
 * It works as an HTTP cache in front of the application would: an answer is stored with the
 * headers every hook gave it (security headers, CORS, cache control, ETag), and a hit sends those
 * bytes before any other hook runs — the first `onRequest` hook, so register this plugin before
 * the others. Where an answer varies on a request header (`Vary: Origin` under a CORS allow-list),
 * a hit needs the same value. A URL whose body is not kept (too big, or evicted) keeps its ETag:
 * a matching `If-None-Match` then gets a 304 built after the other onRequest hooks, so it carries
 * their headers too.
 */
export const responseCachePlugin = fp(
  async (app: FastifyInstance, { db, notFor304, maxEntries, maxValidators, maxValidatorBytes, maxBytes, ttlMs }: ResponseCacheOptions) => {
    const notModifiedSkips = new Set([...CONTENT_HEADERS, ...notFor304]);
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
      bytes -= entry.size;
      entries.delete(key);
    };

    app.decorateRequest('responseCache', undefined);

    // A remembered ETag without a body answers a matching If-None-Match with a 304 built like any
    // answer, once the other onRequest hooks have given it their headers (security, CORS).
    app.addHook('onRoute', (route) => {
      if (route.config?.publicCache !== true) return;
      route.preValidation = [...[route.preValidation ?? []].flat(), revalidate];
    });

    // Anonymous means no Authorization header: the auth hook, which runs later, takes a principal
    // from nowhere else, and public routes need no role.
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method !== 'GET' || request.headers.authorization !== undefined || request.routeOptions.config.publicCache !== true) {
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
      if (entry !== undefined && Date.now() - entry.storedAt < ttlMs && entry.varies.every(([name, value]) => request.headers[name] === value)) {
        // Least recently used goes first: re-insert on every hit.
        entries.delete(key);
        entries.set(key, entry);
        if (!noneMatch(request.headers['if-none-match'], entry.etag)) sendStored(reply, 304, entry.notModifiedHeaders, request.id);
        else sendStored(reply, 200, entry.headers, request.id, entry.body);
        return;
      }
      request.responseCache = { key, version };
      done();
    });

    function revalidate(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
      const ifNoneMatch = request.headers['if-none-match'];
      const validator = ifNoneMatch === undefined || request.responseCache === undefined ? undefined : validators.get(request.responseCache.key);
      if (validator !== undefined && Date.now() - validator.storedAt < ttlMs && !noneMatch(ifNoneMatch, validator.etag)) {
        // Not remembered again: that would renew the ETag's time limit on every revalidation.
        request.responseCache = undefined;
        void reply.code(304).header('etag', validator.etag).header('x-cache', 'HIT').send();
        return;
      }
      done();
    }

    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.responseCache !== undefined) remember(request.responseCache, reply, payload);
      done(null, payload);
    });

    /**
     * Stores a 200's or 304's ETag under `key`, and a 200's body with the headers it is sent with
     * (known once every hook has run: when it has been sent), if built under the version checked
     * at onRequest.
     */
    function remember({ key, version: builtUnder }: { key: string; version: string }, reply: FastifyReply, payload: unknown): void {
      if (reply.statusCode !== 200 && reply.statusCode !== 304) return;
      const etag = reply.getHeader('etag');
      if (typeof etag !== 'string') return;
      // A write may have committed while this request was being answered (and another request
      // may have moved `version` on since): only what was built under the current content is kept.
      const current = (): boolean => builtUnder === version && contentVersion(db) === builtUnder;
      if (!current()) return;
      dropValidator(key);
      validators.set(key, { etag, storedAt: Date.now() });
      validatorBytes += validatorSize(key, etag);
      while (validators.size > maxValidators || validatorBytes > maxValidatorBytes) {
        const oldest = validators.keys().next();
        if (oldest.done === true) break;
        dropValidator(oldest.value);
      }
      if (reply.statusCode !== 200 || typeof payload !== 'string' || payload.length > maxBytes / 10) return;
      reply.header('x-cache', 'MISS');
      const { request } = reply;
      reply.raw.once('finish', () => {
        // A later onSend hook could have turned the answer into something else.
        if (reply.statusCode !== 200 || !current()) return;
        const sent = reply.getHeaders();
        const headers = flatHeaders(sent, NONE);
        const notModifiedHeaders = flatHeaders(sent, notModifiedSkips);
        if (headers === undefined || notModifiedHeaders === undefined) return;
        const vary = typeof sent.vary === 'string' ? sent.vary.toLowerCase().split(',').map((name) => name.trim()) : [];
        if (vary.includes('*')) return;
        const body = Buffer.from(payload);
        drop(key);
        // Its body, its key, its headers (twice) and their strings' overhead.
        const size = body.length + key.length + [...headers, ...notModifiedHeaders].reduce((sum, text) => sum + text.length + 16, 0) + 256;
        const entry: Entry = { body, etag, headers, notModifiedHeaders, varies: vary.map((name) => [name, request.headers[name]]), storedAt: Date.now(), size };
        entries.set(key, entry);
        bytes += size;
        while (entries.size > maxEntries || bytes > maxBytes) {
          const oldest = entries.keys().next();
          if (oldest.done === true) break;
          drop(oldest.value);
        }
      });
    }
  },
  { name: 'response-cache' },
);
