import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

t.test('admin creates, lists and revokes keys; the secret is shown once', async (t) => {
  const app = await buildTestApp(t);
  const created = await app.inject({ method: 'POST', url: '/api-keys', headers: bearer(ADMIN_KEY), payload: { name: 'Night desk', role: 'editor' } });
  t.equal(created.statusCode, 201);
  t.equal(created.headers['cache-control'], 'no-store');
  const key = created.json() as { id: string; name: string; role: string; key: string; createdAt: string; keyPrefix: string };
  t.match(key.id, /^key_/);
  t.equal(key.name, 'Night desk');
  t.equal(key.role, 'editor');
  t.match(key.key, /^cms_[\w-]{43}$/, '256-bit random key');
  t.equal(created.headers.location, `http://127.0.0.1:3000/api-keys/${key.id}`);
  t.equal(key.keyPrefix, key.key.slice(0, 10));
  const located = await app.inject({ method: 'GET', url: new URL(created.headers.location as string).pathname, headers: bearer(ADMIN_KEY) });
  t.equal(located.statusCode, 200, 'the Location of a created key answers');
  const { key: secret, ...withoutSecret } = key;
  t.same(located.json(), withoutSecret, 'the key as created, without its secret');
  t.notMatch(located.body, secret);
  t.equal(located.headers['cache-control'], 'private, no-store');
  assertProblem(t, await app.inject({ method: 'GET', url: `/api-keys/${key.id}`, headers: bearer(key.key) }), 403, 'FORBIDDEN');
  assertProblem(t, await app.inject({ method: 'GET', url: '/api-keys/key_unknown', headers: bearer(ADMIN_KEY) }), 404, 'API_KEY_NOT_FOUND');

  const listed = await app.inject({ method: 'GET', url: '/api-keys', headers: bearer(ADMIN_KEY) });
  t.equal(listed.statusCode, 200);
  const body = listed.json() as { data: Record<string, unknown>[]; meta: { total: number } };
  t.equal(body.meta.total, 2, 'the bootstrap key and the new one');
  t.notMatch(listed.body, key.key, 'the secret never appears in lists');
  t.notMatch(listed.body, ADMIN_KEY);
  t.ok(body.data.every((row) => !('key' in row) && !('keyHash' in row)));

  t.equal((await app.inject({ method: 'POST', url: '/articles', headers: bearer(key.key), payload: { title: 'Works' } })).statusCode, 201);
  const revoked = await app.inject({ method: 'DELETE', url: `/api-keys/${key.id}`, headers: bearer(ADMIN_KEY) });
  t.equal(revoked.statusCode, 204);
  const after = await app.inject({ method: 'POST', url: '/articles', headers: bearer(key.key), payload: { title: 'Refused' } });
  assertProblem(t, after, 401, 'INVALID_API_KEY');
  t.match(after.headers['www-authenticate'], /^Bearer realm="cms", error="invalid_token"/);
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/api-keys/${key.id}`, headers: bearer(ADMIN_KEY) }), 404, 'API_KEY_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'GET', url: `/api-keys/${key.id}`, headers: bearer(ADMIN_KEY) }), 404, 'API_KEY_NOT_FOUND');
});

t.test('roles: anonymous < editor < admin', async (t) => {
  const app = await buildTestApp(t);
  const editor = await createKey(app, 'editor');
  const admin = await createKey(app, 'admin');

  const anonymous = await app.inject({ method: 'GET', url: '/api-keys' });
  assertProblem(t, anonymous, 401, 'UNAUTHORIZED');
  t.equal(anonymous.headers['www-authenticate'], 'Bearer realm="cms"');
  const forbidden = await app.inject({ method: 'GET', url: '/api-keys', headers: bearer(editor) });
  const problem = assertProblem(t, forbidden, 403, 'FORBIDDEN');
  t.match(problem.detail, /admin role/);
  t.equal((await app.inject({ method: 'GET', url: '/api-keys', headers: bearer(admin) })).statusCode, 200, 'a created admin key works');
  t.equal((await app.inject({ method: 'POST', url: '/articles', headers: bearer(admin), payload: { title: 'Admin writes' } })).statusCode, 201, 'admin ⊃ editor');
  t.equal((await app.inject({ method: 'GET', url: '/articles', headers: bearer(editor) })).statusCode, 200);
});

t.test('malformed or unknown keys are 401 everywhere, even on public routes', async (t) => {
  const app = await buildTestApp(t);
  for (const authorization of ['Bearer nope', 'Basic YWRtaW46YWRtaW4=', 'Bearer', `Bearer ${ADMIN_KEY}x`, `bearer ${ADMIN_KEY.slice(1)}`]) {
    const res = await app.inject({ method: 'GET', url: '/articles', headers: { authorization } });
    assertProblem(t, res, 401, 'INVALID_API_KEY');
    t.match(res.headers['www-authenticate'], /^Bearer realm="cms", error=/);
  }
  t.equal((await app.inject({ method: 'GET', url: '/api-keys', headers: { authorization: `bearer ${ADMIN_KEY}` } })).statusCode, 200, 'the scheme is case-insensitive');
});

t.test('key bodies are validated', async (t) => {
  const app = await buildTestApp(t);
  for (const payload of [{}, { name: 'x' }, { name: 'x', role: 'root' }, { name: '', role: 'editor' }, { name: 'x', role: 'editor', key: 'mine' }]) {
    assertProblem(t, await app.inject({ method: 'POST', url: '/api-keys', headers: bearer(ADMIN_KEY), payload }), 400, 'VALIDATION_FAILED');
  }
  const { meta } = (await app.inject({ method: 'GET', url: '/api-keys', headers: bearer(ADMIN_KEY) })).json() as { meta: { total: number } };
  t.equal(meta.total, 1, 'nothing was created');
});

t.test('CMS_ADMIN_KEY bootstraps an admin key; changing it rotates the key', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-keys-'));
  const path = join(dir, 'cms.sqlite');
  const start = async (adminKey: string) => {
    const app = await buildApp(loadConfig({ CMS_DB_PATH: path, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: adminKey }));
    await app.ready();
    return app;
  };
  const first = await start('first-admin-key-123');
  t.equal((await first.inject({ method: 'GET', url: '/api-keys', headers: bearer('first-admin-key-123') })).statusCode, 200);
  await first.close();

  const again = await start('first-admin-key-123');
  const listed = (await again.inject({ method: 'GET', url: '/api-keys', headers: bearer('first-admin-key-123') })).json() as { meta: { total: number } };
  t.equal(listed.meta.total, 1, 'a restart does not duplicate the key');
  await again.close();

  const rotated = await start('second-admin-key-456');
  t.equal((await rotated.inject({ method: 'GET', url: '/api-keys', headers: bearer('second-admin-key-456') })).statusCode, 200);
  assertProblem(t, await rotated.inject({ method: 'GET', url: '/api-keys', headers: bearer('first-admin-key-123') }), 401, 'INVALID_API_KEY');
  await rotated.close();
});
