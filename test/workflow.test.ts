import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';
import { waitFor } from './helpers/wait.js';

interface ArticleJson {
  id: string;
  slug: string;
  title: string;
  status: string;
  publishedAt: string | null;
  version: number;
  summary: string | null;
  tags: { slug: string; name: string }[];
}
interface RevisionJson extends Omit<ArticleJson, 'id'> {
  createdAt: string;
  actor: string;
  body: string;
}

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
const tempDb = () => join(mkdtempSync(join(tmpdir(), 'cms-workflow-')), 'cms.sqlite');

// Events are recorded for webhook endpoints that want them; one listening to everything makes
// the outbox keep a row per event, which these tests count.
const receiver = createServer((_request, response) => response.writeHead(204).end());
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const startOn = async (path: string, subscribe = true) => {
  const app = await buildApp(loadConfig({ CMS_DB_PATH: path, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY, CMS_WEBHOOK_ALLOW_PRIVATE: 'true' }));
  await app.ready();
  if (subscribe) {
    const res = await app.inject({ method: 'POST', url: '/webhooks', headers: bearer(ADMIN_KEY), payload: { url: receiverUrl, events: ['*'] } });
    if (res.statusCode !== 201) throw new Error(`webhook endpoint: ${res.statusCode} ${res.body}`);
  }
  return app;
};
const getAnon = (app: TestApp, slug: string) => app.inject({ method: 'GET', url: `/articles/${slug}` });
const eventCount = (path: string, type: string, articleId: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from events where type = ? and subject_id = ?').get(type, articleId) as { n: number }).n;
  } finally {
    db.close();
  }
};

t.test('a scheduled article appears by itself when its time comes', async (t) => {
  const path = tempDb();
  const app = await startOn(path);
  t.teardown(() => app.close());
  const created = await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Embargoed', status: 'scheduled', publishedAt: soon(600) } });
  const article = created.json() as ArticleJson;
  t.equal(article.status, 'scheduled');
  assertProblem(t, await getAnon(app, 'embargoed'), 404, 'ARTICLE_NOT_FOUND');

  const published = await waitFor('the scheduler to publish', async () => {
    const res = await getAnon(app, 'embargoed');
    return res.statusCode === 200 ? (res.json() as ArticleJson) : undefined;
  });
  t.equal(published.status, 'published');
  t.equal(published.publishedAt, article.publishedAt, 'published at the scheduled time');
  t.equal(published.version, 2, 'the version bumps, as with a manual publish');
  const list = (await app.inject({ method: 'GET', url: '/articles' })).json() as { data: ArticleJson[] };
  t.same(list.data.map((a) => a.slug), ['embargoed'], 'and it is in lists');
  const revisions = (await app.inject({ method: 'GET', url: '/articles/embargoed/revisions', headers: bearer(ADMIN_KEY) })).json() as { data: RevisionJson[] };
  t.same(revisions.data.map((r) => [r.version, r.status, r.actor]), [[2, 'published', 'scheduler'], [1, 'scheduled', 'Bootstrap admin (CMS_ADMIN_KEY)']]);
  t.equal(eventCount(path, 'article.published', article.id), 1, 'article.published recorded once');
  t.equal(eventCount(path, 'article.updated', article.id), 1);
});

t.test('rescheduling re-arms the timer', async (t) => {
  const app = await buildTestApp(t);
  const created = (await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Moved up', status: 'scheduled', publishedAt: soon(3_600_000) } })).json() as ArticleJson;
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: bearer(ADMIN_KEY), payload: { publishedAt: soon(300) } });
  const published = await waitFor('the moved-up schedule', async () => {
    const res = await getAnon(app, 'moved-up');
    return res.statusCode === 200 ? (res.json() as ArticleJson) : undefined;
  });
  t.equal(published.status, 'published');
});

t.test('catch-up: articles that fell due while the server was down are published at start', async (t) => {
  const path = tempDb();
  const first = await startOn(path);
  const created = (await first.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'While down', status: 'scheduled', publishedAt: soon(400) } })).json() as ArticleJson;
  await first.close();
  await new Promise((resolve) => setTimeout(resolve, 600));
  const db = new Database(path, { readonly: true });
  t.equal((db.prepare('select status from articles where id = ?').get(created.id) as { status: string }).status, 'scheduled', 'still scheduled while nothing runs');
  db.close();

  const second = await startOn(path, false);
  t.teardown(() => second.close());
  const res = await waitFor('catch-up at start', async () => {
    const r = await getAnon(second, 'while-down');
    return r.statusCode === 200 ? r : undefined;
  });
  t.equal((res.json() as ArticleJson).status, 'published');
  t.equal(eventCount(path, 'article.published', created.id), 1);
});

t.test('two app instances on one file publish each article once', async (t) => {
  const path = tempDb();
  const a = await startOn(path);
  const b = await startOn(path, false);
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await a.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: `Race ${i}`, status: 'scheduled', publishedAt: soon(500) } });
    ids.push((res.json() as ArticleJson).id);
  }
  // b learns of the schedules only through the database, as a second process would: any write
  // through b re-arms its timer from the database, so both instances wake for the same articles.
  await b.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Wake b' } });
  await waitFor('all five published', async () => {
    const list = (await b.inject({ method: 'GET', url: '/articles' })).json() as { meta: { total: number } };
    return list.meta.total === 5;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const id of ids) {
    t.equal(eventCount(path, 'article.published', id), 1, `${id} published exactly once`);
    const revisions = (await a.inject({ method: 'GET', url: `/articles/${id}/revisions`, headers: bearer(ADMIN_KEY) })).json() as { data: RevisionJson[] };
    t.same(revisions.data.map((r) => r.version), [2, 1], 'one publishing revision');
  }
});

t.test('revisions: one per version, newest first, with who and the full content; restore', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor', 'Night desk'));
  const created = (await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'First draft', summary: 'Deck one', body: 'Body one', tags: ['One'] } })).json() as ArticleJson;
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { title: 'Second take', tags: ['Two'] } });
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: bearer(ADMIN_KEY), payload: { summary: null, body: 'Body three', status: 'published' } });
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { title: 'Second take' } });

  const list = await app.inject({ method: 'GET', url: `/articles/${created.slug}/revisions`, headers: editor });
  t.equal(list.statusCode, 200);
  const body = list.json() as { data: RevisionJson[]; meta: { total: number } };
  t.same(body.data.map((r) => r.version), [3, 2, 1], 'one per version including the current one; a no-op patch adds none');
  t.equal(body.meta.total, 3);
  t.same(body.data.map((r) => r.actor), ['Bootstrap admin (CMS_ADMIN_KEY)', 'Night desk', 'Night desk']);
  const first = body.data[2];
  t.same(
    { title: first?.title, summary: first?.summary, body: first?.body, status: first?.status, tags: first?.tags.map((tag) => tag.slug) },
    { title: 'First draft', summary: 'Deck one', body: 'Body one', status: 'draft', tags: ['one'] },
  );
  const paged = (await app.inject({ method: 'GET', url: `/articles/${created.slug}/revisions?limit=1&page=2`, headers: editor })).json() as { data: RevisionJson[] };
  t.same(paged.data.map((r) => r.version), [2]);

  const one = await app.inject({ method: 'GET', url: `/articles/${created.id}/revisions/2`, headers: editor });
  t.equal((one.json() as RevisionJson).title, 'Second take');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${created.id}/revisions/9`, headers: editor }), 404, 'REVISION_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${created.id}/revisions/zero`, headers: editor }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${created.id}/revisions` }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/articles/nope/revisions', headers: editor }), 404, 'ARTICLE_NOT_FOUND');

  const current = await app.inject({ method: 'GET', url: `/articles/${created.id}`, headers: editor });
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${created.id}/revisions/1/restore`, headers: { ...editor, 'if-match': '"stale"' } }), 412, 'PRECONDITION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${created.id}/revisions/7/restore`, headers: editor }), 404, 'REVISION_NOT_FOUND');
  const restored = await app.inject({ method: 'POST', url: `/articles/${created.id}/revisions/1/restore`, headers: { ...editor, 'if-match': current.headers.etag as string } });
  t.equal(restored.statusCode, 200);
  const article = restored.json() as ArticleJson;
  t.same(
    { title: article.title, summary: article.summary, status: article.status, version: article.version, tags: article.tags.map((tag) => tag.slug) },
    { title: 'First draft', summary: 'Deck one', status: 'draft', version: 4, tags: ['one'] },
    'the old content as a new version',
  );
  const after = (await app.inject({ method: 'GET', url: `/articles/${created.id}/revisions`, headers: editor })).json() as { data: RevisionJson[] };
  t.same(after.data.map((r) => r.version), [4, 3, 2, 1]);
  t.equal(after.data[0]?.actor, 'Night desk');
});

t.test('a slug change leaves a permanent 301 from the old slug, which no other article can take', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const created = (await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Old headline', status: 'published' } })).json() as ArticleJson;
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { slug: 'new-headline' } });
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { slug: 'newest-headline' } });

  for (const old of ['old-headline', 'new-headline']) {
    const moved = await getAnon(app, old);
    t.equal(moved.statusCode, 301, `${old} redirects`);
    t.equal(moved.headers.location, 'http://127.0.0.1:3000/articles/newest-headline');
  }
  t.equal((await getAnon(app, 'newest-headline')).statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/articles/old-headline/related' })).statusCode, 200, 'sub-resources follow old slugs');

  const taken = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Other', slug: 'old-headline' } });
  t.match(assertProblem(t, taken, 409, 'SLUG_TAKEN').detail, /former slug/);
  const generated = (await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Old headline' } })).json() as ArticleJson;
  t.equal(generated.slug, 'old-headline-2', 'generated slugs avoid former slugs too');

  const back = await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { slug: 'old-headline' } });
  t.equal(back.statusCode, 200, 'an article may take back its own former slug');
  t.equal((await getAnon(app, 'old-headline')).statusCode, 200);
  t.equal((await getAnon(app, 'newest-headline')).statusCode, 301);

  const draft = (await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Secret draft' } })).json() as ArticleJson;
  await app.inject({ method: 'PATCH', url: `/articles/${draft.id}`, headers: editor, payload: { slug: 'secret-draft-2' } });
  assertProblem(t, await getAnon(app, 'secret-draft'), 404, 'ARTICLE_NOT_FOUND');
});

t.test('unpublishing and archiving hide an article again', async (t) => {
  const path = tempDb();
  const app = await startOn(path);
  t.teardown(() => app.close());
  const created = (await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Retracted', status: 'published' } })).json() as ArticleJson;
  t.equal((await getAnon(app, 'retracted')).statusCode, 200);
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: bearer(ADMIN_KEY), payload: { status: 'draft' } });
  t.equal((await getAnon(app, 'retracted')).statusCode, 404);
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: bearer(ADMIN_KEY), payload: { status: 'published' } });
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: bearer(ADMIN_KEY), payload: { status: 'archived' } });
  t.equal((await getAnon(app, 'retracted')).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: '/articles/retracted', headers: bearer(ADMIN_KEY) })).statusCode, 200, 'kept for editors');
  t.equal(eventCount(path, 'article.published', created.id), 2);
  t.equal(eventCount(path, 'article.unpublished', created.id), 2);
});
