import t, { type Test } from 'tap';
import { assertProblem, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';

interface ArticleJson {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  body: string;
  html: string;
  status: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  author: string | null;
  coverImageUrl: string | null;
  readingTimeMinutes: number;
  tags: { id: string; slug: string; name: string }[];
  related: unknown[];
}

async function setup(t: Test) {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const create = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload });
    t.equal(res.statusCode, 201, `created ${JSON.stringify(payload).slice(0, 60)}: ${res.body.slice(0, 200)}`);
    return res.json() as ArticleJson;
  };
  return { app, editor, create };
}

const list = async (app: TestApp, url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ method: 'GET', url, headers });
  return { res, body: res.json() as { data: ArticleJson[]; meta: { page: number; limit: number; total: number; pages: number } } };
};

t.test('create returns 201, Location, the full article, and reads back by id and slug', async (t) => {
  const { app, editor } = await setup(t);
  const res = await app.inject({
    method: 'POST',
    url: '/articles',
    headers: editor,
    payload: {
      title: '  Storm floods coastal towns  ',
      summary: 'Thousands evacuated.',
      body: '## What happened\n\nHeavy **rain**.',
      author: 'Maria Jensen',
      coverImageUrl: 'https://images.example/storm.jpg',
      tags: ['Climate', 'Weather'],
    },
  });
  t.equal(res.statusCode, 201);
  t.match(res.headers['content-type'], /^application\/json/);
  const article = res.json() as ArticleJson;
  t.match(article.id, /^art_[0-9a-z]{26}$/);
  t.equal(res.headers.location, `http://127.0.0.1:3000/articles/${article.id}`);
  t.equal(article.title, 'Storm floods coastal towns', 'title is trimmed');
  t.equal(article.slug, 'storm-floods-coastal-towns');
  t.equal(article.status, 'draft', 'draft by default');
  t.equal(article.publishedAt, null);
  t.equal(article.version, 1);
  t.equal(article.author, 'Maria Jensen');
  t.equal(article.coverImageUrl, 'https://images.example/storm.jpg');
  t.equal(article.html, '<h2>What happened</h2>\n<p>Heavy <strong>rain</strong>.</p>\n');
  t.equal(article.readingTimeMinutes, 1);
  t.same(article.tags.map((tag) => [tag.slug, tag.name]), [['climate', 'Climate'], ['weather', 'Weather']]);
  t.same(article.related, []);
  t.match(article.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.equal(article.createdAt, article.updatedAt);

  for (const key of [article.id, article.slug]) {
    const got = await app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(key)}`, headers: editor });
    t.equal(got.statusCode, 200);
    t.same(got.json(), article, `same article by ${key}`);
  }
});

t.test('slugs: made from titles, unique, non-ASCII, explicit ones checked', async (t) => {
  const { app, editor, create } = await setup(t);
  t.equal((await create({ title: 'Election night' })).slug, 'election-night');
  t.equal((await create({ title: 'Election Night!' })).slug, 'election-night-2');
  t.equal((await create({ title: 'election night?' })).slug, 'election-night-3');
  t.equal((await create({ title: 'Crème brûlée in Zürich' })).slug, 'creme-brulee-in-zuerich');
  t.equal((await create({ title: 'Москва сегодня' })).slug, 'moskva-segodnya');
  const cjk = await create({ title: '東京で地震' });
  t.equal(cjk.slug, '東京で地震', 'CJK titles keep their letters');
  const byCjkSlug = await app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(cjk.slug)}`, headers: editor });
  t.equal(byCjkSlug.statusCode, 200, 'a non-ASCII slug addresses the article');
  t.equal((await create({ title: '!!! ???' })).slug, 'article', 'no letters at all still gives a slug');
  t.equal((await create({ title: 'Something', slug: 'my-own-slug' })).slug, 'my-own-slug');

  const taken = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Other', slug: 'election-night' } });
  const problem = assertProblem(t, taken, 409, 'SLUG_TAKEN');
  t.match(problem.detail, /election-night/);
  const count = await list(app, '/articles?limit=100', editor);
  t.equal(count.body.meta.total, 8, 'the refused article was not stored');

  for (const slug of ['Upper-Case', 'two--hyphens', '-leading', 'under_score', 'art_01jfz3c8m2q5r7t9v1w3x5y7z9', 'sp ace']) {
    const bad = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'x', slug } });
    const body = assertProblem(t, bad, 400, 'VALIDATION_FAILED');
    t.equal(body.errors?.[0]?.path, '/slug', `${slug} is refused`);
  }
});

t.test('Markdown is rendered and sanitized', async (t) => {
  const { create } = await setup(t);
  const article = await create({
    title: 'XSS attempt',
    body: [
      '<script>alert(1)</script>',
      '[click](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
      '[ok](https://example.org "t")',
      '![pic](https://example.org/a.png)',
      '[data](data:text/html;base64,PHNjcmlwdD4=)',
    ].join('\n\n'),
  });
  t.notMatch(article.html, /<script/i, 'no script element');
  t.notMatch(article.html, /<[^>]+\son\w+=/i, 'no event handler attribute');
  t.match(article.html, /&lt;img src=x onerror=alert\(1\)&gt;/, 'raw HTML is shown as text');
  t.notMatch(article.html, /href="javascript:/i, 'no javascript: link');
  t.notMatch(article.html, /href="data:/i, 'no data: link');
  t.match(article.html, /<a href="https:\/\/example.org" title="t" rel="noopener noreferrer">ok<\/a>/);
  t.match(article.html, /<img src="https:\/\/example.org\/a.png" alt="pic" \/>/);
});

t.test('reading time grows with the body', async (t) => {
  const { create } = await setup(t);
  t.equal((await create({ title: 'Short' })).readingTimeMinutes, 1);
  const words = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ');
  t.equal((await create({ title: 'Long', body: words })).readingTimeMinutes, 5, '1000 words at 230 wpm');
  // Scripts without spaces count two characters as a word: 1,380 characters = 690 words = 3 minutes.
  t.equal((await create({ title: 'Tokyo', body: '東京の港'.repeat(345) })).readingTimeMinutes, 3, 'CJK text by characters');
  t.equal((await create({ title: 'Mixed', body: `${'東京'.repeat(230)} ${words}` })).readingTimeMinutes, 6, 'mixed scripts add up: 230 + 1000 words');
});

t.test('publishing rules and anonymous visibility', async (t) => {
  const { app, editor, create } = await setup(t);
  const future = new Date(Date.now() + 86_400_000).toISOString();
  const past = '2024-12-29T08:00:00.000Z';

  const now = await create({ title: 'Published now', status: 'published' });
  t.equal(now.status, 'published');
  t.ok(now.publishedAt !== null && Math.abs(Date.parse(now.publishedAt) - Date.now()) < 5000, 'publishedAt set to now');
  const backdated = await create({ title: 'Backdated', status: 'published', publishedAt: '2024-12-29T09:00:00+01:00' });
  t.equal(backdated.publishedAt, past, 'offsets are normalized to UTC');
  const later = await create({ title: 'Later', status: 'published', publishedAt: future });
  t.equal(later.status, 'scheduled', 'a future publish date waits as scheduled');
  const scheduled = await create({ title: 'Scheduled', status: 'scheduled', publishedAt: future });
  t.equal(scheduled.status, 'scheduled');
  const draft = await create({ title: 'Draft' });
  const archived = await create({ title: 'Archived', status: 'archived', publishedAt: past });

  for (const payload of [{ title: 'x', status: 'scheduled' }, { title: 'x', status: 'scheduled', publishedAt: past }]) {
    assertProblem(t, await app.inject({ method: 'POST', url: '/articles', headers: editor, payload }), 400, 'INVALID_SCHEDULE');
  }

  const anonymous = await list(app, '/articles');
  t.same(anonymous.body.data.map((a) => a.slug).sort(), ['backdated', 'published-now']);
  t.equal(anonymous.body.meta.total, 2, 'counts only visible ones');
  t.notOk('body' in (anonymous.body.data[0] ?? {}), 'list items leave out body');
  t.notOk('html' in (anonymous.body.data[0] ?? {}), 'list items leave out html');

  for (const hidden of [later, scheduled, draft, archived]) {
    for (const key of [hidden.id, hidden.slug]) {
      assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${key}` }), 404, 'ARTICLE_NOT_FOUND');
    }
    t.equal((await app.inject({ method: 'GET', url: `/articles/${hidden.slug}`, headers: editor })).statusCode, 200, 'editors see it');
  }
  t.equal((await list(app, '/articles', editor)).body.meta.total, 6, 'editors see every status');
  t.same((await list(app, '/articles?status=draft', editor)).body.data.map((a) => a.slug), ['draft']);
  t.equal((await list(app, '/articles?status=published')).res.statusCode, 200, 'anonymous may ask for published');
  const denied = await app.inject({ method: 'GET', url: '/articles?status=draft' });
  assertProblem(t, denied, 401, 'UNAUTHORIZED');
  t.match(denied.headers['www-authenticate'], /^Bearer/);
});

t.test('list: paging, sorting, date range and tag filters', async (t) => {
  const { app, editor, create } = await setup(t);
  const dates = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01'];
  for (const [i, date] of dates.entries()) {
    await create({ title: `Story ${String.fromCharCode(69 - i)}`, status: 'published', publishedAt: `${date}T12:00:00.000Z`, tags: i % 2 === 0 ? ['Even'] : ['Odd', 'Prime'] });
  }
  await create({ title: 'Undated draft' });

  const newest = await list(app, '/articles?limit=2', editor);
  t.same(newest.body.meta, { page: 1, limit: 2, total: 6, pages: 3 });
  t.same(newest.body.data.map((a) => a.publishedAt?.slice(0, 10)), ['2025-05-01', '2025-04-01']);
  const page3 = await list(app, '/articles?limit=2&page=3', editor);
  t.same(page3.body.data.map((a) => a.title), ['Story E', 'Undated draft'], 'undated articles come last');
  const pastEnd = await list(app, '/articles?limit=2&page=9', editor);
  t.equal(pastEnd.res.statusCode, 200);
  t.same(pastEnd.body.data, [], 'a page past the end is empty');

  const oldest = await list(app, '/articles?sort=publishedAt', editor);
  t.same(oldest.body.data.map((a) => a.title), ['Story E', 'Story D', 'Story C', 'Story B', 'Story A', 'Undated draft']);
  const byTitle = await list(app, '/articles?sort=title');
  t.same(byTitle.body.data.map((a) => a.title), ['Story A', 'Story B', 'Story C', 'Story D', 'Story E']);
  const byUpdate = await list(app, '/articles?sort=-updatedAt', editor);
  t.equal(byUpdate.body.data[0]?.title, 'Undated draft', 'most recently updated first');

  const range = await list(app, '/articles?publishedAfter=2025-02-01T12:00:00.000Z&publishedBefore=2025-04-01T12:00:00Z');
  t.same(range.body.data.map((a) => a.publishedAt?.slice(0, 10)), ['2025-04-01', '2025-03-01', '2025-02-01'], 'bounds are inclusive');

  t.equal((await list(app, '/articles?tag=even')).body.meta.total, 3);
  t.equal((await list(app, '/articles?tag=prime,even')).body.meta.total, 5, 'comma means any of them');
  t.equal((await list(app, '/articles?tag=nope')).body.meta.total, 0);
  const tagged = (await list(app, '/articles?tag=odd')).body.data[0];
  t.same(tagged?.tags.map((tag) => tag.slug), ['odd', 'prime'], 'list items carry their tags in order');

  for (const query of ['page=0', 'limit=0', 'limit=101', 'sort=random', 'status=gone', 'publishedAfter=yesterday', 'page=abc', 'unknown=1']) {
    const res = await app.inject({ method: 'GET', url: `/articles?${query}`, headers: editor });
    const problem = assertProblem(t, res, 400, 'VALIDATION_FAILED');
    t.ok((problem.errors?.length ?? 0) > 0, `${query} names the bad parameter`);
  }
});

t.test('tag filters give the same pages for rare and common tags (two query plans)', async (t) => {
  const { app, create } = await setup(t);
  // 210 articles: "rare" on 1 of them (under 1 in 200: found from its articles), "common" on
  // every third (found by walking the newest-first index), both on one.
  for (let i = 0; i < 210; i++) {
    const tags = [...(i % 3 === 0 ? ['Common'] : []), ...(i === 99 ? ['Rare'] : [])];
    await create({ title: `Bulletin ${String(i).padStart(3, '0')}`, status: 'published', publishedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), tags });
  }
  const rare = await list(app, '/articles?tag=rare');
  t.same(rare.body.data.map((a) => a.title), ['Bulletin 099']);
  t.equal(rare.body.meta.total, 1);
  const common = await list(app, '/articles?tag=common&limit=20&page=2');
  const expected = Array.from({ length: 210 }, (_, i) => i).filter((i) => i % 3 === 0).reverse().slice(20, 40).map((i) => `Bulletin ${String(i).padStart(3, '0')}`);
  t.same(common.body.data.map((a) => a.title), expected, 'newest first, second page');
  t.equal(common.body.meta.total, 70);
  t.same((await list(app, '/articles?tag=common&sort=publishedAt&limit=3')).body.data.map((a) => a.title), ['Bulletin 000', 'Bulletin 003', 'Bulletin 006'], 'oldest first');
  t.equal((await list(app, '/articles?tag=rare,common')).body.meta.total, 70, 'any of them: the rare one is also common (99 = 3 × 33)');
  t.same((await list(app, '/articles?tag=common&sort=title&limit=2')).body.data.map((a) => a.title), ['Bulletin 000', 'Bulletin 003'], 'other sorts');
});

t.test('tags on write: matched by slug then name, created when unknown, order kept', async (t) => {
  const { create } = await setup(t);
  const first = await create({ title: 'One', tags: ['World News', 'Climate'] });
  t.same(first.tags.map((tag) => tag.slug), ['world-news', 'climate']);
  const second = await create({ title: 'Two', tags: ['climate', 'world-news', 'WORLD NEWS', '  Climate  ', 'Économie'] });
  t.same(second.tags.map((tag) => tag.slug), ['climate', 'world-news', 'economie'], 'matched case-insensitively, duplicates dropped');
  t.equal(second.tags[0]?.id, first.tags[1]?.id, 'same tag, not a copy');
  t.equal(second.tags[2]?.name, 'Économie', 'a new tag keeps the name as written');
});

t.test('PATCH: partial update, null clears, version, ETag and If-Match', async (t) => {
  const { app, editor, create } = await setup(t);
  const article = await create({ title: 'Original', summary: 'Deck', author: 'A', tags: ['One', 'Two'] });
  const got = await app.inject({ method: 'GET', url: `/articles/${article.id}`, headers: editor });
  const etag = got.headers.etag as string;
  t.match(etag, /^"[\w-]+"$/, 'strong ETag');

  const patched = await app.inject({
    method: 'PATCH',
    url: `/articles/${article.slug}`,
    headers: { ...editor, 'if-match': etag },
    payload: { title: 'Changed', summary: null, tags: ['Two', 'Three'], body: 'New *body*' },
  });
  t.equal(patched.statusCode, 200);
  const after = patched.json() as ArticleJson;
  t.equal(after.title, 'Changed');
  t.equal(after.slug, 'original', 'the slug stays when the title changes');
  t.equal(after.summary, null, 'null clears');
  t.equal(after.author, 'A', 'untouched fields stay');
  t.equal(after.html, '<p>New <em>body</em></p>\n');
  t.same(after.tags.map((tag) => tag.slug), ['two', 'three']);
  t.equal(after.version, 2);
  t.not(patched.headers.etag, etag, 'new ETag');
  t.ok(after.updatedAt >= article.updatedAt);

  const stale = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: { ...editor, 'if-match': etag }, payload: { title: 'Lost update' } });
  assertProblem(t, stale, 412, 'PRECONDITION_FAILED');
  const unchanged = (await app.inject({ method: 'GET', url: `/articles/${article.id}`, headers: editor })).json() as ArticleJson;
  t.equal(unchanged.title, 'Changed', 'a failed precondition changes nothing');
  t.equal(unchanged.version, 2);

  const weak = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: { ...editor, 'if-match': `W/${patched.headers.etag as string}` }, payload: { title: 'x' } });
  assertProblem(t, weak, 412, 'PRECONDITION_FAILED');

  const noop = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: editor, payload: { title: 'Changed', tags: ['two', 'three'] } });
  t.equal((noop.json() as ArticleJson).version, 2, 'a patch that changes nothing keeps the version');

  const publish = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: { ...editor, 'if-match': patched.headers.etag as string }, payload: { status: 'published' } });
  const published = publish.json() as ArticleJson;
  t.equal(published.status, 'published');
  t.ok(published.publishedAt !== null);
  t.equal(published.version, 3);
  t.equal((await app.inject({ method: 'GET', url: `/articles/${article.slug}` })).statusCode, 200, 'now visible anonymously');

  const other = await create({ title: 'Other' });
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/articles/${other.id}`, headers: editor, payload: { slug: 'original' } }), 409, 'SLUG_TAKEN');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/articles/${other.id}`, headers: editor, payload: { title: '' } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/articles/${other.id}`, headers: editor, payload: { title: null } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/articles/nope', headers: editor, payload: { title: 'x' } }), 404, 'ARTICLE_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/articles/${other.id}`, headers: editor, payload: { status: 'scheduled' } }), 400, 'INVALID_SCHEDULE');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/articles/${other.id}`, payload: { title: 'anon' } }), 401, 'UNAUTHORIZED');
});

t.test('GET honours If-None-Match with 304, and the ETag follows the representation', async (t) => {
  const { app, editor, create } = await setup(t);
  const article = await create({ title: 'Cached', status: 'published', tags: ['Cache'] });
  const first = await app.inject({ method: 'GET', url: '/articles/cached' });
  const etag = first.headers.etag as string;
  const again = await app.inject({ method: 'GET', url: '/articles/cached', headers: { 'if-none-match': etag } });
  t.equal(again.statusCode, 304);
  t.equal(again.body, '');
  t.equal(again.headers.etag, etag);
  t.equal((await app.inject({ method: 'GET', url: '/articles/cached', headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode, 304, 'weak comparison, lists');
  t.equal((await app.inject({ method: 'GET', url: '/articles/cached', headers: { 'if-none-match': '"other"' } })).statusCode, 200);

  await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: editor, payload: { summary: 'Now with a deck' } });
  const changed = await app.inject({ method: 'GET', url: '/articles/cached', headers: { 'if-none-match': etag } });
  t.equal(changed.statusCode, 200, 'a change invalidates the old ETag');
  t.not(changed.headers.etag, etag);

  const listFirst = await app.inject({ method: 'GET', url: '/articles' });
  const list304 = await app.inject({ method: 'GET', url: '/articles', headers: { 'if-none-match': listFirst.headers.etag as string } });
  t.equal(list304.statusCode, 304, 'lists answer 304 too');
});

t.test('DELETE: 204, then 404; If-Match honoured', async (t) => {
  const { app, editor, create } = await setup(t);
  const article = await create({ title: 'Doomed', tags: ['Temp'] });
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/articles/${article.id}`, headers: { ...editor, 'if-match': '"stale"' } }), 412, 'PRECONDITION_FAILED');
  t.equal((await app.inject({ method: 'GET', url: `/articles/${article.id}`, headers: editor })).statusCode, 200, 'still there after 412');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/articles/${article.id}` }), 401, 'UNAUTHORIZED');
  const gone = await app.inject({ method: 'DELETE', url: `/articles/${article.slug}`, headers: editor });
  t.equal(gone.statusCode, 204);
  t.equal(gone.body, '');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${article.id}`, headers: editor }), 404, 'ARTICLE_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/articles/${article.id}`, headers: editor }), 404, 'ARTICLE_NOT_FOUND');
  const again = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Doomed' } });
  t.equal((again.json() as ArticleJson).slug, 'doomed', 'the slug is free again');
});

t.test('validation of article bodies', async (t) => {
  const { app, editor } = await setup(t);
  const cases: [Record<string, unknown>, string][] = [
    [{}, '/title'],
    [{ title: 42 }, '/title'],
    [{ title: '   ' }, '/title'],
    [{ title: 'x'.repeat(301) }, '/title'],
    [{ title: 'x', status: 'live' }, '/status'],
    [{ title: 'x', publishedAt: 'tomorrow' }, '/publishedAt'],
    [{ title: 'x', coverImageUrl: 'javascript:alert(1)' }, '/coverImageUrl'],
    [{ title: 'x', tags: 'climate' }, '/tags'],
    [{ title: 'x', tags: [''] }, '/tags/0'],
    [{ title: 'x', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, '/tags'],
    [{ title: 'x', html: '<b>no</b>' }, '/html'],
  ];
  for (const [payload, path] of cases) {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload });
    const problem = assertProblem(t, res, 400, 'VALIDATION_FAILED');
    t.ok(problem.errors?.some((error) => error.path === path), `${JSON.stringify(payload).slice(0, 50)} → error at ${path}`);
  }
  const { body } = await list(app, '/articles', editor);
  t.equal(body.meta.total, 0, 'nothing was stored');
});
