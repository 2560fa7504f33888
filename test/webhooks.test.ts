import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  failingSince: string | null;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
  secret?: string;
}

const admin = bearer(ADMIN_KEY);

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, { CMS_WEBHOOK_ALLOW_PRIVATE: 'true', ...env });
  const create = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload });
    t.equal(res.statusCode, 201, `created: ${res.body.slice(0, 300)}`);
    return res.json() as Endpoint;
  };
  return { app, create };
}

t.test('create, read, list, update and delete endpoints', async (t) => {
  const { app, create } = await setup(t);
  const res = await app.inject({
    method: 'POST',
    url: '/webhooks',
    headers: admin,
    payload: { url: 'http://127.0.0.1:9/hooks/cms', events: ['article.published', 'article.deleted'], description: 'Search index' },
  });
  t.equal(res.statusCode, 201);
  t.match(res.headers['content-type'], /^application\/json/);
  t.equal(res.headers['cache-control'], 'no-store', 'the secret is not cached');
  const created = res.json() as Endpoint;
  t.match(created.id, /^whk_[0-9a-z]{26}$/);
  t.equal(res.headers.location, `http://127.0.0.1:3000/webhooks/${created.id}`);
  t.match(created, {
    url: 'http://127.0.0.1:9/hooks/cms',
    events: ['article.published', 'article.deleted'],
    active: true,
    description: 'Search index',
    failingSince: null,
    disabledReason: null,
    previousSecretExpiresAt: null,
  });
  t.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'whsec_ + base64 of 32 bytes');
  t.equal(Buffer.from(created.secret!.slice(6), 'base64').length, 32);
  t.match(created.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  const got = await app.inject({ method: 'GET', url: `/webhooks/${created.id}`, headers: admin });
  t.equal(got.statusCode, 200);
  const withoutSecret: Partial<Endpoint> = { ...created };
  delete withoutSecret.secret;
  t.same(got.json(), withoutSecret, 'the secret is shown only at creation');
  t.notOk('secret' in (got.json() as object));

  const all = await create({ url: 'http://127.0.0.1:9/all' });
  t.same(all.events, ['*'], 'events default to every event');
  const list = await app.inject({ method: 'GET', url: '/webhooks', headers: admin });
  t.equal(list.statusCode, 200);
  const body = list.json() as { data: Endpoint[]; meta: unknown };
  t.same(body.meta, { page: 1, limit: 20, total: 2, pages: 1 });
  t.same(body.data.map((e) => e.id), [created.id, all.id], 'oldest first');
  t.notOk(body.data.some((e) => 'secret' in e), 'lists never show secrets');
  const paged = (await app.inject({ method: 'GET', url: '/webhooks?limit=1&page=2', headers: admin })).json() as { data: Endpoint[]; meta: unknown };
  t.same(paged.data.map((e) => e.id), [all.id]);
  t.same(paged.meta, { page: 2, limit: 1, total: 2, pages: 2 });
  t.same((await app.inject({ method: 'GET', url: '/webhooks?page=9', headers: admin })).json(), { data: [], meta: { page: 9, limit: 20, total: 2, pages: 1 } });
  assertProblem(t, await app.inject({ method: 'GET', url: '/webhooks?limit=0', headers: admin }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/webhooks?limit=101', headers: admin }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/webhooks?color=red', headers: admin }), 400, 'VALIDATION_FAILED');

  const patched = await app.inject({
    method: 'PATCH',
    url: `/webhooks/${created.id}`,
    headers: admin,
    payload: { events: ['*'], description: null, url: 'http://127.0.0.1:9/v2' },
  });
  t.equal(patched.statusCode, 200);
  t.match(patched.json(), { id: created.id, events: ['*'], description: null, url: 'http://127.0.0.1:9/v2', active: true });
  t.notOk('secret' in (patched.json() as object));
  const unchanged = await app.inject({ method: 'PATCH', url: `/webhooks/${created.id}`, headers: admin, payload: {} });
  t.equal(unchanged.statusCode, 200, 'an empty patch changes nothing');
  t.same(unchanged.json(), patched.json());

  t.equal((await app.inject({ method: 'DELETE', url: `/webhooks/${created.id}`, headers: admin })).statusCode, 204);
  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${created.id}`, headers: admin }), 404, 'WEBHOOK_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/webhooks/${created.id}`, headers: admin }), 404, 'WEBHOOK_NOT_FOUND');
});

t.test('invalid input is a 400 naming the field', async (t) => {
  const { app } = await setup(t);
  const cases: [Record<string, unknown>, string][] = [
    [{}, '/url'],
    [{ url: '' }, '/url'],
    [{ url: 'not a url' }, '/url'],
    [{ url: 'http://127.0.0.1:9/', events: ['article.exploded'] }, '/events/0'],
    [{ url: 'http://127.0.0.1:9/', events: ['article.created', 'Article.Updated'] }, '/events/1'],
    [{ url: 'http://127.0.0.1:9/', events: [] }, '/events'],
    [{ url: 'http://127.0.0.1:9/', events: ['tag.created', 'tag.created'] }, '/events'],
    [{ url: 'http://127.0.0.1:9/', events: 'article.created' }, '/events'],
    [{ url: 'http://127.0.0.1:9/', events: ['*', 'article.created'] }, '/events'],
    [{ url: 'http://127.0.0.1:9/', active: 'yes' }, '/active'],
    [{ url: 'http://127.0.0.1:9/', description: 'x'.repeat(501) }, '/description'],
    [{ url: 'http://127.0.0.1:9/', secret: 'whsec_mine' }, '/secret'],
  ];
  for (const [payload, path] of cases) {
    const problem = assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload }), 400, 'VALIDATION_FAILED');
    t.ok(
      problem.errors?.some((error) => error.path === path),
      `${JSON.stringify(payload).slice(0, 80)} → error at ${path} (${JSON.stringify(problem.errors)})`,
    );
  }
  const unknown = assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:9/', events: ['article.exploded'] } }), 400);
  t.match(unknown.detail, /article\.created/, 'the detail lists the known event names');

  const ftp = assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'ftp://files.example/hook' } }), 400, 'URL_NOT_ALLOWED');
  t.match(ftp.detail, /"ftp" is not allowed; use http or https/);
  t.same(ftp.errors, [{ path: '/url', message: 'is not allowed', in: 'body' }]);
  assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'mailto:desk@news.example' } }), 400, 'URL_NOT_ALLOWED');
  const unresolvable = assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'https://no-such-host.invalid/hook' } }), 400, 'URL_UNRESOLVABLE');
  t.match(unresolvable.detail, /no-such-host\.invalid/);
  assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: { ...admin, 'content-type': 'text/plain' }, payload: 'url' }), 415);
  assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"url":' }), 400, 'INVALID_JSON');

  const ok = (await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'http://127.0.0.1:9/' } })).json() as Endpoint;
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/webhooks/${ok.id}`, headers: admin, payload: { events: ['nope'] } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/webhooks/${ok.id}`, headers: admin, payload: { url: 'gopher://x/' } }), 400, 'URL_NOT_ALLOWED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/webhooks/${ok.id}`, headers: admin, payload: { active: null } }), 400, 'VALIDATION_FAILED');
  t.equal(((await app.inject({ method: 'GET', url: `/webhooks/${ok.id}`, headers: admin })).json() as Endpoint).url, 'http://127.0.0.1:9/', 'refused patches change nothing');
  const list = (await app.inject({ method: 'GET', url: '/webhooks', headers: admin })).json() as { meta: { total: number } };
  t.equal(list.meta.total, 1, 'refused creates stored nothing');
});

t.test('webhooks are for admins only: 401 without a key, 403 for an editor, 404 for unknown ids', async (t) => {
  const { app, create } = await setup(t);
  const editor = bearer(await createKey(app, 'editor'));
  const endpoint = await create({ url: 'http://127.0.0.1:9/' });
  const routes: [string, string, Record<string, unknown>?][] = [
    ['POST', '/webhooks', { url: 'http://127.0.0.1:9/' }],
    ['GET', '/webhooks'],
    ['GET', '/webhooks/ID'],
    ['PATCH', '/webhooks/ID', { active: false }],
    ['DELETE', '/webhooks/ID'],
    ['POST', '/webhooks/ID/ping'],
    ['GET', '/webhooks/ID/deliveries'],
    ['GET', '/webhooks/ID/deliveries/msg_x'],
    ['POST', '/webhooks/ID/deliveries/msg_x/redeliver'],
    ['POST', '/webhooks/ID/rotate-secret'],
  ];
  for (const [method, path, payload] of routes) {
    const url = path.replace('ID', endpoint.id);
    const anonymous = await app.inject({ method: method as 'GET', url, ...(payload === undefined ? {} : { payload }) });
    assertProblem(t, anonymous, 401, 'UNAUTHORIZED');
    t.match(anonymous.headers['www-authenticate'], /^Bearer/);
    assertProblem(t, await app.inject({ method: method as 'GET', url, headers: editor, ...(payload === undefined ? {} : { payload }) }), 403, 'FORBIDDEN');
    if (path.includes('ID')) {
      const missing = path.replace('ID', 'whk_00000000000000000000000000');
      assertProblem(t, await app.inject({ method: method as 'GET', url: missing, headers: admin, ...(payload === undefined ? {} : { payload }) }), 404, 'WEBHOOK_NOT_FOUND');
    }
  }
  t.equal((await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}`, headers: admin })).statusCode, 200, 'nothing was changed by refused calls');
  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries/msg_00000000000000000000000000`, headers: admin }), 404, 'DELIVERY_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/msg_00000000000000000000000000/redeliver`, headers: admin }), 404, 'DELIVERY_NOT_FOUND');
});

t.test('SSRF: private, loopback, link-local and odd spellings are refused at create time', async (t) => {
  const app = await buildTestApp(t); // CMS_WEBHOOK_ALLOW_PRIVATE defaults to false
  const refused: [string, RegExp][] = [
    ['http://localhost/hook', /localhost \(127\.0\.0\.1\) is a loopback address/],
    ['http://LocalHost:8080/hook', /loopback/],
    ['http://127.0.0.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://127.255.1.2:3000/hook', /loopback/],
    ['http://[::1]/hook', /::1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a link-local address/],
    ['http://0.0.0.0/hook', /unspecified/],
    ['http://0/hook', /unspecified/],
    ['http://[::]/hook', /unspecified/],
    ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private address/],
    ['http://172.16.5.4/hook', /private/],
    ['https://192.168.1.1/hook', /private/],
    ['http://100.64.0.1/hook', /carrier-grade NAT/],
    ['http://224.0.0.1/hook', /multicast/],
    ['http://255.255.255.255/hook', /broadcast/],
    ['http://[fe80::1]/hook', /link-local/],
    ['http://[fc00::1]/hook', /unique-local/],
    ['http://[fd12:3456::1]/hook', /unique-local/],
    ['http://[ff02::1]/hook', /multicast/],
    ['http://2130706433/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f000001/hook', /loopback/],
    ['http://017700000001/hook', /loopback/],
    ['http://127.1/hook', /loopback/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://[::ffff:169.254.169.254]/hook', /link-local/],
    ['http://[::ffff:10.0.0.1]/hook', /private/],
    ['http://[::127.0.0.1]/hook', /special-purpose/],
    ['http://[64:ff9b::a00:1]/hook', /NAT64/],
  ];
  for (const [url, detail] of refused) {
    const problem = assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url } }), 400, 'URL_NOT_ALLOWED');
    t.match(problem.detail, detail, `${url}: ${problem.detail}`);
    t.match(problem.detail, /CMS_WEBHOOK_ALLOW_PRIVATE/, 'says how to allow private targets');
  }
  assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'ftp://127.0.0.1/' } }), 400, 'URL_NOT_ALLOWED');
  assertProblem(t, await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'http://unresolvable.invalid/' } }), 400, 'URL_UNRESOLVABLE');
  const publicIp = await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'https://93.184.215.14/hook' } });
  t.equal(publicIp.statusCode, 201, 'a public address is fine');
  const publicV6 = await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url: 'https://[2606:4700::1111]/hook' } });
  t.equal(publicV6.statusCode, 201, 'a public IPv6 address is fine');
  const id = (publicIp.json() as Endpoint).id;
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/webhooks/${id}`, headers: admin, payload: { url: 'http://[::1]:8080/' } }), 400, 'URL_NOT_ALLOWED');
  const list = (await app.inject({ method: 'GET', url: '/webhooks', headers: admin })).json() as { meta: { total: number } };
  t.equal(list.meta.total, 2);
});

t.test('webhook configuration variables', async (t) => {
  const defaults = loadConfig({});
  t.equal(defaults.webhookDisableAfterMs, 5 * 24 * 60 * 60 * 1000, 'endpoints are disabled after 5 days of failures');
  t.equal(defaults.webhookRetentionDays, 30);
  const set = loadConfig({ CMS_WEBHOOK_DISABLE_AFTER_MS: '3600000', CMS_WEBHOOK_RETENTION_DAYS: '7' });
  t.equal(set.webhookDisableAfterMs, 3600000);
  t.equal(set.webhookRetentionDays, 7);
  for (const [name, value] of [
    ['CMS_WEBHOOK_DISABLE_AFTER_MS', '0'],
    ['CMS_WEBHOOK_DISABLE_AFTER_MS', 'soon'],
    ['CMS_WEBHOOK_RETENTION_DAYS', '0'],
    ['CMS_WEBHOOK_RETENTION_DAYS', '-3'],
  ] as const) {
    const error = t.throws(() => loadConfig({ [name]: value }), ConfigError) as Error;
    t.match(error.message, `${name}="${value}"`);
  }
});
