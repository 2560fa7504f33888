import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { assertProblem, buildTestApp } from './helpers/app.js';

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

t.test('security headers on every response', async (t) => {
  const app = await buildTestApp(t);
  for (const url of ['/articles', '/nope']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
    t.ok(res.headers['content-security-policy'], url);
  }
});
