import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet, { type HelmetOptions } from 'helmet';
import t from 'tap';
import { securityHeaderProfiles } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

t.test('health and readiness', async (t) => {
  const app = await buildTestApp(t);
  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: 'ok' });
  t.equal(health.headers['cache-control'], 'no-store');
  const ready = await app.inject({ method: 'GET', url: '/ready' });
  t.equal(ready.statusCode, 200);
});

t.test('readiness fails with 503 when the database does not answer', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'full' });
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent' }), { db });
  t.teardown(() => app.close());
  db.$client.close();
  assertProblem(t, await app.inject({ method: 'GET', url: '/ready' }), 503, 'UNAVAILABLE');
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'the process itself is alive');
});

t.test('Swagger UI and the OpenAPI document are served', async (t) => {
  const app = await buildTestApp(t);
  const docs = await app.inject({ method: 'GET', url: '/docs/' });
  t.equal(docs.statusCode, 200);
  t.match(docs.headers['content-type'], /text\/html/);
  t.match(docs.headers['content-security-policy'], /script-src 'self'/);
  const initializer = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
  t.equal(initializer.statusCode, 200, 'Swagger UI scripts are same-origin files, allowed by the CSP');
  const spec = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal((spec.json() as { openapi: string }).openapi, '3.1.0');
});

t.test('CORS: preflight answered, Authorization allowed, ETag and Location exposed', async (t) => {
  const app = await buildTestApp(t, { CMS_CORS_ORIGINS: 'https://news.example' });
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/articles',
    headers: { origin: 'https://news.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  t.equal(preflight.statusCode, 204);
  t.equal(preflight.headers['access-control-allow-origin'], 'https://news.example');
  t.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  t.match(String(preflight.headers['access-control-allow-methods']), /PATCH/);
  const get = await app.inject({ method: 'GET', url: '/articles', headers: { origin: 'https://news.example' } });
  t.match(String(get.headers['access-control-expose-headers']), /ETag/);
  t.match(String(get.headers['access-control-expose-headers']), /Location/);
  const other = await app.inject({ method: 'GET', url: '/articles', headers: { origin: 'https://evil.example' } });
  t.equal(other.headers['access-control-allow-origin'], undefined, 'other origins get no CORS grant');
});

t.test('security headers on every response: exactly what helmet sets, per profile', async (t) => {
  const app = await buildTestApp(t);
  // helmet's own middleware on a real Node response, with the app's options: the header sets the
  // app computes once (src/http/security-headers.ts) must be the same, value for value.
  const reference = async (options: HelmetOptions): Promise<Record<string, string>> => {
    const server = createServer((req, res) => {
      helmet(options)(req, res, () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      return Object.fromEntries([...res.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name)));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  const pages = await reference(securityHeaderProfiles.document);
  const api = await reference(securityHeaderProfiles.api);
  t.ok(Object.keys(pages).length >= 10, 'helmet sets its full set for pages');
  t.match(pages['content-security-policy'], /script-src 'self'/);
  t.match(pages['content-security-policy'], /frame-ancestors 'none'/);
  t.equal(pages['x-frame-options'], 'DENY', 'and X-Frame-Options agrees with it');
  t.equal(api['content-security-policy'], "default-src 'none';frame-ancestors 'none'", 'API answers load, run and frame nothing');
  for (const name of ['strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy']) {
    t.equal(api[name], pages[name], `API answers keep ${name}`);
  }
  t.notOk('x-dns-prefetch-control' in api || 'origin-agent-cluster' in api || 'x-download-options' in api, 'and leave out what acts on documents only');

  const editor = await createKey(app, 'editor');
  const created = await app.inject({ method: 'POST', url: '/articles', headers: bearer(editor), payload: { title: 'Headers', status: 'published' } });
  const check = (res: { statusCode: number; headers: Record<string, unknown> }, expected: Record<string, string>, other: Record<string, string>) => {
    const type = res.headers['content-type'];
    const label = `${String(res.statusCode)} ${typeof type === 'string' ? type : ''}`;
    for (const [name, value] of Object.entries(expected)) t.equal(res.headers[name], value, `${label}: ${name}`);
    for (const name of Object.keys(other)) if (!(name in expected)) t.equal(res.headers[name], undefined, `${label}: no ${name}`);
  };
  for (const res of [
    await app.inject({ method: 'GET', url: '/articles' }),
    await app.inject({ method: 'GET', url: '/articles/headers', headers: { 'if-none-match': String(created.headers.etag) } }),
    await app.inject({ method: 'GET', url: '/nope' }),
    await app.inject({ method: 'POST', url: '/articles', payload: {} }),
    await app.inject({ method: 'GET', url: '/feed.xml' }),
    created,
  ]) {
    check(res, api, pages);
  }
  for (const res of [
    await app.inject({ method: 'GET', url: '/docs/' }),
    await app.inject({ method: 'GET', url: '/docs/static/index.html' }),
    await app.inject({ method: 'GET', url: '/reader/' }),
    await app.inject({ method: 'GET', url: '/reader/article.js' }),
    await app.inject({ method: 'GET', url: '/subscribers/unsubscribe?token=nope', headers: { accept: 'text/html' } }),
  ]) {
    check(res, pages, api);
  }
});
