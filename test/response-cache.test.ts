import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, bearer, buildTestApp } from './helpers/app.js';

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
