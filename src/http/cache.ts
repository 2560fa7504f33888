import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { servesPages } from './pages.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous answers of this route may be kept by browsers and CDNs. */
    publicCache?: boolean;
  }
}

/**
 * Cache headers in one place. Anonymous GETs of public content are `public` for
 * CMS_CACHE_MAX_AGE seconds (and may be served stale while revalidating); anything answered to an
 * API key is `private, no-store`, since it may show drafts. `Vary: Authorization` keeps shared
 * caches from mixing the two.
 */
export const cachePlugin = fp(
  async (app: FastifyInstance, { maxAge, staleWhileRevalidate }: { maxAge: number; staleWhileRevalidate: number }) => {
    const publicValue = `public, max-age=${maxAge}, stale-while-revalidate=${staleWhileRevalidate}`;
    app.addHook('onSend', (request, reply, payload, done) => {
      // The pages behind e-mail links answer a page or JSON by Accept (`config.pages`).
      if (servesPages(request)) addVary(reply, 'Accept');
      if (!reply.hasHeader('cache-control') && (request.method === 'GET' || request.method === 'HEAD')) {
        if (request.principal !== null || request.headers.authorization !== undefined) {
          reply.header('cache-control', 'private, no-store');
        } else if (request.routeOptions.config.publicCache === true && (reply.statusCode < 300 || reply.statusCode === 304 || reply.statusCode === 301)) {
          reply.header('cache-control', publicValue);
          addVary(reply, 'Authorization');
        }
      }
      done(null, payload);
    });
  },
  { name: 'cache', dependencies: ['auth'] },
);

/** Adds `name` to the answer's `Vary`, after what is there (CORS's Origin, under an allow-list), never in its place. */
export function addVary(reply: FastifyReply, name: string): void {
  const current = reply.getHeader('vary');
  const names = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  // `*` already says the answer varies on everything.
  if (names.some((part) => part === '*' || part.toLowerCase() === name.toLowerCase())) return;
  reply.header('vary', [...names, name].join(', '));
}

/**
 * The `X-Cache-Invalidate` value of a write: the public paths whose cached answers it made stale,
 * in the spirit of Ghost's header, for a CDN purge hook to act on. Paths ending in `*` stand for
 * every URL below them (lists with any query, every page of an article).
 */
export function setInvalidation(reply: FastifyReply, paths: Iterable<string>): void {
  // Every path must be percent-encoded: a header value outside Latin-1 (a slug in another script)
  // makes Node refuse the whole answer, after the write has committed.
  reply.header('x-cache-invalidate', [...new Set(paths)].join(', '));
}

const FEED_PATHS = ['/feed.xml', '/feed.atom', '/feed.json', '/sitemap.xml', '/sitemap-news.xml'];

/** What a change to an article makes stale: its pages (under every name it was asked by), lists, its tags, feeds. */
export function articlePaths(article: { id: string; slug: string; tags: readonly { slug: string }[] }, requested?: string): string[] {
  const names = new Set([article.id, article.slug, ...(requested === undefined ? [] : [requested])]);
  return [...[...names].map((name) => `/articles/${encodeURIComponent(name)}*`), '/articles', '/tags', ...article.tags.map((tag) => `/tags/${encodeURIComponent(tag.slug)}`), ...FEED_PATHS];
}

/** What a change to a tag makes stale: the tag, tag lists, and every article page and list (they embed tag names). */
export function tagPaths(tag: { id: string; slug: string }, requested?: string): string[] {
  const names = new Set([tag.id, tag.slug, ...(requested === undefined ? [] : [requested])]);
  return [...[...names].map((name) => `/tags/${encodeURIComponent(name)}`), '/tags', '/articles*', ...FEED_PATHS];
}
