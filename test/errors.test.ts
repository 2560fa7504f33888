import t from 'tap';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

t.test('Fastify\'s own client errors are problem documents', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));

  const badJson = await app.inject({ method: 'POST', url: '/articles', headers: { ...editor, 'content-type': 'application/json' }, payload: '{"title": "x",' });
  const problem = assertProblem(t, badJson, 400, 'INVALID_JSON');
  t.match(problem.detail, /not valid JSON/);

  const empty = await app.inject({ method: 'POST', url: '/articles', headers: { ...editor, 'content-type': 'application/json' }, payload: '' });
  assertProblem(t, empty, 400, 'INVALID_JSON');

  const text = await app.inject({ method: 'POST', url: '/articles', headers: { ...editor, 'content-type': 'text/plain' }, payload: 'title=x' });
  const unsupported = assertProblem(t, text, 415, 'UNSUPPORTED_MEDIA_TYPE');
  t.match(unsupported.detail, /text\/plain/);

  const form = await app.inject({ method: 'POST', url: '/articles', headers: { ...editor, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'title=x' });
  assertProblem(t, form, 415, 'UNSUPPORTED_MEDIA_TYPE');

  const huge = await app.inject({
    method: 'POST',
    url: '/articles',
    headers: { ...editor, 'content-type': 'application/json' },
    payload: JSON.stringify({ title: 'big', body: 'x'.repeat(2 * 1024 * 1024 + 10) }),
  });
  assertProblem(t, huge, 413, 'PAYLOAD_TOO_LARGE');

  const notJsonObject = await app.inject({ method: 'POST', url: '/articles', headers: { ...editor, 'content-type': 'application/json' }, payload: '[1,2]' });
  assertProblem(t, notJsonObject, 400, 'VALIDATION_FAILED');

  const missing = await app.inject({ method: 'GET', url: '/no/such/route' });
  const notFound = assertProblem(t, missing, 404, 'ROUTE_NOT_FOUND');
  t.match(notFound.detail, /GET \/no\/such\/route/);

  const list = (await app.inject({ method: 'GET', url: '/articles', headers: editor })).json() as { meta: { total: number } };
  t.equal(list.meta.total, 0, 'no failed request left anything behind');
});

t.test('validation problems list every bad field with a JSON Pointer', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 5, status: 'live', extra: true } });
  const problem = assertProblem(t, res, 400, 'VALIDATION_FAILED');
  t.same(
    problem.errors?.map((e) => e.path).sort(),
    ['/extra', '/status', '/title'],
  );
  t.match(problem.detail, /(^|; )title: must be string/);
  t.match(problem.detail, /status: must be one of: draft, scheduled, published, archived/);
  t.match(problem.detail, /extra: is not a known property/);
  const nullable = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'x', summary: 7 } });
  const nullableProblem = assertProblem(t, nullable, 400, 'VALIDATION_FAILED');
  t.ok(nullableProblem.errors?.every((e) => e.path === '/summary'), 'union errors are reported once, at the field');
  t.notMatch(nullableProblem.detail, /anyOf/);
});

t.test('every response carries a request id; a given X-Request-Id is kept', async (t) => {
  const app = await buildTestApp(t);
  const generated = await app.inject({ method: 'GET', url: '/health' });
  t.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  const given = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'trace-123' } });
  t.equal(given.headers['x-request-id'], 'trace-123');
  t.equal((given.json() as { requestId: string }).requestId, 'trace-123', 'problems quote it');
});
