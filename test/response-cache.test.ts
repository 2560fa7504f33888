import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, bearer, buildTestApp } from './helpers/app.js';

/** An answer's headers without those that are the request's own or say where it came from. */
/** The API profile's security headers: on a 200, not on a stored answer's 304. */
const SECURITY_HEADERS = ['content-security-policy', 'cross-origin-resource-policy', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options'];

const stored = (headers: Record<string, unknown>, without: string[] = []) => {
  const skip = new Set(['x-request-id', 'x-cache', 'date', 'connection', 'keep-alive', ...without]);
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !skip.has(name)));
};

t.test('anonymous public answers are served from memory until the content changes', async (t) => {
  const app = await buildTestApp(t);
  const admin = bearer(ADMIN_KEY);
  await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Cached story', status: 'published' } });

  const first = await app.inject({ method: 'GET', url: '/articles/cached-story' });
  t.equal(first.headers['x-cache'], 'MISS');
  const second = await app.inject({ method: 'GET', url: '/articles/cached-story' });
  t.equal(second.headers['x-cache'], 'HIT');
  t.equal(second.body, first.body, 'the same bytes');
  t.equal(second.headers.etag, first.headers.etag);
  t.equal(second.headers['cache-control'], first.headers['cache-control'], 'the same headers');
  const notModified = await app.inject({ method: 'GET', url: '/articles/cached-story', headers: { 'if-none-match': first.headers.etag as string } });
  t.equal(notModified.statusCode, 304, '304 from the cache');

  const editor = await app.inject({ method: 'GET', url: '/articles/cached-story', headers: admin });
  t.equal(editor.headers['x-cache'], undefined, 'answers to API keys are never cached');

  await app.inject({ method: 'PATCH', url: '/articles/cached-story', headers: admin, payload: { title: 'Changed story' } });
  const after = await app.inject({ method: 'GET', url: '/articles/cached-story' });
  t.equal(after.headers['x-cache'], 'MISS', 'a write empties the cache');
  t.equal((after.json() as { title: string }).title, 'Changed story');

  await app.inject({ method: 'PATCH', url: '/articles/cached-story', headers: admin, payload: { status: 'draft' } });
  t.equal((await app.inject({ method: 'GET', url: '/articles/cached-story' })).statusCode, 404, 'unpublishing is seen at once');
  t.equal((await app.inject({ method: 'GET', url: '/articles/cached-story' })).headers['x-cache'], undefined, '404s are not cached');
});

t.test('a commit by another process on the same file empties the cache', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-cache-')), 'cms.sqlite');
  const config = loadConfig({ CMS_DB_PATH: path, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY });
  const reader = await buildApp(config);
  const writer = await buildApp(config);
  t.teardown(async () => {
    await reader.close();
    await writer.close();
  });
  await writer.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Shared', status: 'published' } });
  await reader.inject({ method: 'GET', url: '/articles' });
  t.equal((await reader.inject({ method: 'GET', url: '/articles' })).headers['x-cache'], 'HIT');
  await writer.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Second', status: 'published' } });
  const list = await reader.inject({ method: 'GET', url: '/articles' });
  t.equal(list.headers['x-cache'], 'MISS');
  t.equal((list.json() as { meta: { total: number } }).meta.total, 2, 'the other process\'s article is there');
});

t.test('CMS_RESPONSE_CACHE_MB=0 turns the cache off', async (t) => {
  const app = await buildTestApp(t, { CMS_RESPONSE_CACHE_MB: '0' });
  await app.inject({ method: 'GET', url: '/articles' });
  t.equal((await app.inject({ method: 'GET', url: '/articles' })).headers['x-cache'], undefined);
});

t.test('If-None-Match is answered from memory even for answers too big to keep', async (t) => {
  // 1 MB of cache keeps no body above 100 KB; the ETag is kept all the same.
  const app = await buildTestApp(t, { CMS_RESPONSE_CACHE_MB: '1' });
  const admin = bearer(ADMIN_KEY);
  const body = `${'A long read about the harbour. '.repeat(4000)}\n`;
  await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Long read', status: 'published', body } });
  const first = await app.inject({ method: 'GET', url: '/articles/long-read' });
  t.ok(first.body.length > 100_000, 'a big answer');
  const etag = first.headers.etag as string;
  t.equal((await app.inject({ method: 'GET', url: '/articles/long-read' })).headers['x-cache'], undefined, 'its body is not kept');

  const revalidated = await app.inject({ method: 'GET', url: '/articles/long-read', headers: { 'if-none-match': etag } });
  t.equal(revalidated.statusCode, 304);
  t.equal(revalidated.headers['x-cache'], 'HIT', 'answered from the remembered ETag');
  t.equal(revalidated.headers.etag, etag);
  t.same(stored(revalidated.headers), stored(first.headers, ['content-type', 'content-length']), 'with the headers of the 200 (security, CORS, cache control, Vary)');
  const other = await app.inject({ method: 'GET', url: '/articles/long-read', headers: { 'if-none-match': '"something-else"' } });
  t.equal(other.statusCode, 200, 'another ETag gets the article');

  await app.inject({ method: 'PATCH', url: '/articles/long-read', headers: admin, payload: { summary: 'Now with a deck' } });
  const changed = await app.inject({ method: 'GET', url: '/articles/long-read', headers: { 'if-none-match': etag } });
  t.equal(changed.statusCode, 200, 'after a change the old ETag no longer matches');
  t.not(changed.headers.etag, etag);
});

t.test('writes that change nothing keep the cache; any change empties it', async (t) => {
  const app = await buildTestApp(t);
  const admin = bearer(ADMIN_KEY);
  await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Steady', status: 'published' } });
  await app.inject({ method: 'GET', url: '/articles/steady' });
  t.equal((await app.inject({ method: 'GET', url: '/articles/steady' })).headers['x-cache'], 'HIT');

  const failed = await app.inject({ method: 'PATCH', url: '/articles/no-such-story', headers: admin, payload: { title: 'x' } });
  t.equal(failed.statusCode, 404);
  const conflict = await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Steady again', slug: 'steady' } });
  t.equal(conflict.statusCode, 409);
  t.equal((await app.inject({ method: 'GET', url: '/articles/steady' })).headers['x-cache'], 'HIT', 'failed writes left the content, and the cache, as they were');

  await app.inject({ method: 'POST', url: '/tags', headers: admin, payload: { name: 'Unrelated' } });
  t.equal((await app.inject({ method: 'GET', url: '/articles/steady' })).headers['x-cache'], 'MISS', 'any committed change empties it');
});

t.test('long URLs are answered but never remembered (they could fill memory with keys)', async (t) => {
  const app = await buildTestApp(t);
  const url = `/articles?tag=${'x'.repeat(600)}`;
  const first = await app.inject({ method: 'GET', url });
  t.equal(first.statusCode, 200);
  const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': String(first.headers.etag) } });
  t.equal(again.headers['x-cache'], undefined, 'neither body nor ETag kept');
  t.equal(again.statusCode, 304, 'a matching ETag still gets 304, computed');
  t.equal((await app.inject({ method: 'GET', url: '/articles?tag=short' })).headers['x-cache'], 'MISS', 'short ones are kept');
});

t.test('a hit is the stored answer: the same status, headers and bytes, under its own request id', async (t) => {
  const app = await buildTestApp(t);
  await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Headers kept', status: 'published', tags: ['Harbour'] } });
  const miss = await app.inject({ method: 'GET', url: '/articles/headers-kept' });
  t.equal(miss.headers['x-cache'], 'MISS');
  const hit = await app.inject({ method: 'GET', url: '/articles/headers-kept', headers: { 'x-request-id': 'trace-hit' } });
  t.equal(hit.headers['x-cache'], 'HIT');
  t.equal(hit.statusCode, 200);
  t.equal(hit.body, miss.body);
  t.same(stored(hit.headers), stored(miss.headers), 'every header the hooks gave the answer: security, CORS, cache control, ETag, type, length');
  t.match(miss.headers, { 'content-security-policy': /default-src 'none'/, 'x-content-type-options': 'nosniff', 'access-control-allow-origin': '*', 'cache-control': /^public/, 'content-length': String(Buffer.byteLength(miss.body)) });
  t.equal(hit.headers['x-request-id'], 'trace-hit', 'the request id is the request\'s own');
  const another = await app.inject({ method: 'GET', url: '/articles/headers-kept' });
  t.match(another.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  t.not(another.headers['x-request-id'], miss.headers['x-request-id']);

  const notModified = await app.inject({ method: 'GET', url: '/articles/headers-kept', headers: { 'if-none-match': String(miss.headers.etag) } });
  t.equal(notModified.statusCode, 304);
  t.equal(notModified.headers['x-cache'], 'HIT');
  t.equal(notModified.body, '');
  t.same(
    stored(notModified.headers),
    stored(miss.headers, ['content-type', 'content-length', ...SECURITY_HEADERS]),
    "a 304 has the same headers, without the content's type and length and the security headers that act on content",
  );
  t.match(notModified.headers, { etag: miss.headers.etag, 'cache-control': /^public/, 'access-control-allow-origin': '*', 'access-control-expose-headers': /ETag/ }, 'what updates the stored copy, and CORS');
  for (const name of SECURITY_HEADERS) t.ok(miss.headers[name], `the 200 has ${name}`);

  const head = await app.inject({ method: 'HEAD', url: '/articles/headers-kept' });
  t.equal(head.statusCode, 200, 'HEAD is answered by the route, not from the stored GET');
  t.equal(head.body, '');
});

t.test('an answer that varies on Origin (a CORS allow-list) is served only to the same Origin', async (t) => {
  const app = await buildTestApp(t, { CMS_CORS_ORIGINS: 'https://one.example,https://two.example' });
  await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Two front ends', status: 'published' } });
  const get = (origin?: string) => app.inject({ method: 'GET', url: '/articles/two-front-ends', headers: origin === undefined ? {} : { origin } });

  const first = await get('https://one.example');
  t.equal(first.headers['access-control-allow-origin'], 'https://one.example');
  t.equal(first.headers.vary, 'Origin, Authorization', 'says it varies on Origin, and on Authorization');
  const again = await get('https://one.example');
  t.equal(again.headers['x-cache'], 'HIT');
  t.equal(again.headers['access-control-allow-origin'], 'https://one.example');

  const other = await get('https://two.example');
  t.equal(other.headers['x-cache'], 'MISS', 'another origin is not given the first one\'s answer');
  t.equal(other.headers['access-control-allow-origin'], 'https://two.example');
  const none = await get();
  t.equal(none.headers['x-cache'], 'MISS');
  t.equal(none.headers['access-control-allow-origin'], undefined, 'no CORS grant without an Origin');
  const stranger = await get('https://evil.example');
  t.not(stranger.headers['x-cache'], 'HIT');
  t.equal(stranger.headers['access-control-allow-origin'], undefined, 'nor to an origin not on the list');

  const page = await app.inject({ method: 'GET', url: '/subscribers/confirm', headers: { origin: 'https://one.example', accept: 'text/html' } });
  t.equal(page.statusCode, 400);
  t.equal(page.headers.vary, 'Origin, Accept', "a page's Vary (it depends on Accept) keeps CORS's Origin");
});

t.test('over a real socket, hits have the same headers and bytes, and the caller\'s request id', async (t) => {
  const app = await buildTestApp(t);
  await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'On the wire', status: 'published' } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const get = (headers: Record<string, string> = {}) => fetch(`${base}/articles/on-the-wire`, { headers });
  const headersOf = (res: Response) => Object.fromEntries(res.headers.entries());

  const miss = await get();
  const missBody = await miss.text();
  t.equal(miss.headers.get('x-cache'), 'MISS');
  const hit = await get({ 'x-request-id': 'wire-trace' });
  t.equal(hit.status, 200);
  t.equal(hit.headers.get('x-cache'), 'HIT');
  t.equal(await hit.text(), missBody, 'the same bytes');
  t.same(stored(headersOf(hit)), stored(headersOf(miss)), 'the same headers');
  t.equal(hit.headers.get('x-request-id'), 'wire-trace', 'the caller\'s request id');
  const fresh = await get();
  await fresh.arrayBuffer();
  t.equal(fresh.headers.get('x-cache'), 'HIT');
  t.match(fresh.headers.get('x-request-id'), /^[0-9a-f-]{36}$/, 'or a new one');
  t.not(fresh.headers.get('x-request-id'), miss.headers.get('x-request-id'));
  const notModified = await get({ 'if-none-match': miss.headers.get('etag') ?? '' });
  t.equal(notModified.status, 304);
  t.equal(notModified.headers.get('x-cache'), 'HIT');
  t.same(stored(headersOf(notModified)), stored(headersOf(miss), ['content-type', 'content-length', ...SECURITY_HEADERS]));

  const signedIn = await get({ authorization: `Bearer ${ADMIN_KEY}` });
  await signedIn.arrayBuffer();
  t.equal(signedIn.headers.get('x-cache'), null, 'never to an API key');
  t.equal(signedIn.headers.get('cache-control'), 'private, no-store');
  const head = await fetch(`${base}/articles/on-the-wire`, { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(head.headers.get('x-cache'), null, 'nor to HEAD');
});
