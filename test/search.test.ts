import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { createContentServices } from '../src/modules/content.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';
import { waitFor } from './helpers/wait.js';

interface Item {
  slug: string;
  title: string;
  snippet?: string;
  status: string;
}

/** A test app, an editor's key, and `create` for published articles (returns the slug). */
async function setup(t: Test) {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const create = async (payload: Record<string, unknown>): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { status: 'published', ...payload } });
    t.equal(res.statusCode, 201);
    return (res.json() as { slug: string }).slug;
  };
  return { app, editor, create };
}

t.test('full-text search: ranked, combinable, safe', async (t) => {
  const { app, editor, create } = await setup(t);
  await create({ title: 'Harbour flooding closes the ferry', body: 'The ferry service stopped.', tags: ['Transport'] });
  await create({ title: 'Council budget approved', body: 'Spending on flood defences rises; flooding was a concern.', tags: ['Politics'] });
  await create({ title: 'Café culture in Zürich', summary: 'Crème brûlée and coffee', body: 'A review.', tags: ['Food'] });
  await create({ title: 'Election night', body: 'Counting continues.', tags: ['Flooding'] });
  await create({ title: 'Draft about flooding', status: 'draft' });
  await create({ title: 'Old flooding story', publishedAt: '2020-01-01T00:00:00Z', body: 'Archive.' });

  const search = async (q: string, extra = '', headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url: `/articles?q=${encodeURIComponent(q)}${extra}`, headers });
    return { res, body: res.json() as { data: Item[]; meta: { total: number } } };
  };

  const flooding = await search('flooding');
  t.equal(flooding.res.statusCode, 200);
  t.equal(flooding.body.meta.total, 4, 'title, body and tag-name matches; drafts hidden from anonymous');
  t.same(flooding.body.data.slice(0, 2).map((a) => a.slug).sort(), ['harbour-flooding-closes-the-ferry', 'old-flooding-story'], 'title matches rank first');
  t.match(flooding.body.data[0]?.snippet, /<mark>[Ff]looding<\/mark>/, 'a snippet with the match marked');
  t.equal((await search('flooding', '', editor)).body.meta.total, 5, 'editors find drafts');
  t.same((await search('flooding', '&sort=-publishedAt&limit=1')).body.data.map((a) => a.slug), ['election-night'], 'combinable with sort and paging');
  t.same((await search('flooding', '&tag=politics')).body.data.map((a) => a.slug), ['council-budget-approved'], 'combinable with tag');
  t.equal((await search('flooding', '&publishedBefore=2021-01-01T00:00:00Z')).body.meta.total, 1, 'combinable with dates');
  t.same((await search('creme brulee')).body.data.map((a) => a.slug), ['cafe-culture-in-zuerich'], 'accents folded');
  t.same((await search('Zürich')).body.data.map((a) => a.slug), ['cafe-culture-in-zuerich']);
  t.same((await search('harb*')).body.data.map((a) => a.slug), ['harbour-flooding-closes-the-ferry'], 'a * after the last word makes it a prefix');
  t.match((await search('harb*')).body.data[0]?.snippet, /<mark>[Hh]arbour<\/mark>/, 'and the snippet marks the words it matched');
  t.equal((await search('ferry harb*')).body.meta.total, 1);
  t.equal((await search('harb')).body.meta.total, 0, 'without it, words match whole words');
  t.equal((await search('harb* ferry')).body.meta.total, 0, 'only the last word can be a prefix');
  t.equal((await search('transport')).body.meta.total, 1, 'tag names are searched');

  for (const q of ['"unbalanced', 'flooding AND', 'NEAR(flooding', 'flood*', "'; DROP TABLE articles; --", 'a OR b NOT c', '-flooding', 'title:ferry', '^ferry', '東京', '🙂 flooding', 'x'.repeat(200), '(((', 'flooding"*"']) {
    const res = await app.inject({ method: 'GET', url: `/articles?q=${encodeURIComponent(q)}` });
    t.ok(res.statusCode === 200 || res.statusCode === 400, `${q.slice(0, 30)} → ${res.statusCode}`);
    if (res.statusCode === 400) assertProblem(t, res, 400);
  }
  assertProblem(t, (await search('!!! ???')).res, 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles?q=${'x'.repeat(201)}` }), 400, 'VALIDATION_FAILED');
  t.equal((await search('"; DROP TABLE articles; --')).res.statusCode, 200);
  t.equal((await app.inject({ method: 'GET', url: '/articles' })).json().meta.total, 5, 'nothing was harmed');
});

t.test('the index follows every write: edits, tag renames, tag deletes, article deletes', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const created = (await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Quarterly results', status: 'published', tags: ['Economy'] } })).json() as { id: string };
  const count = async (q: string) => ((await app.inject({ method: 'GET', url: `/articles?q=${q}` })).json() as { meta: { total: number } }).meta.total;
  t.equal(await count('quarterly'), 1);
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { title: 'Annual results', summary: 'Profits soar' } });
  t.equal(await count('quarterly'), 0, 'old title gone');
  t.equal(await count('annual'), 1);
  t.equal(await count('profits'), 1, 'summary indexed');
  t.equal(await count('economy'), 1);
  await app.inject({ method: 'PATCH', url: '/tags/economy', headers: editor, payload: { name: 'Markets' } });
  t.equal(await count('economy'), 0, 'renamed tag: old name gone');
  t.equal(await count('markets'), 1, 'renamed tag: new name found');
  await app.inject({ method: 'PATCH', url: `/articles/${created.id}`, headers: editor, payload: { tags: ['Business'] } });
  t.equal(await count('markets'), 0);
  t.equal(await count('business'), 1);
  await app.inject({ method: 'DELETE', url: '/tags/business', headers: editor });
  t.equal(await count('business'), 0, 'deleted tag gone from the index');
  await app.inject({ method: 'DELETE', url: `/articles/${created.id}`, headers: editor });
  t.equal(await count('annual'), 0, 'deleted article gone');
});

t.test('a bulk load with the index deferred, then one rebuild, searches like article-by-article indexing', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY, CMS_MAX_EVENT_LOOP_DELAY_MS: '0', CMS_RESPONSE_CACHE_MB: '0' }), { db });
  t.teardown(() => app.close());
  const { articles, search } = createContentServices(db, app.log);
  search.deferred = true;
  for (const [i, title] of ['Harbour storm', 'Harbour festival', 'Budget vote'].entries()) {
    articles.create({ title, status: 'published', publishedAt: `2025-0${i + 1}-01T00:00:00.000Z`, tags: ['Coast'] }, 'bulk');
  }
  const before = await app.inject({ method: 'GET', url: '/articles?q=harbour' });
  t.equal((before.json() as { meta: { total: number } }).meta.total, 0, 'nothing indexed while deferred');
  db.transaction(() => {
    search.rebuild();
  });
  t.equal(db.$client.prepare("select v from articles_fts_config where k = 'automerge'").pluck().get(), 8, "the writer's merge setting is back after the load");
  const after = (await app.inject({ method: 'GET', url: '/articles?q=harbour&sort=-publishedAt' })).json() as { data: { title: string }[] };
  t.same(after.data.map((a) => a.title), ['Harbour festival', 'Harbour storm']);
  t.equal(((await app.inject({ method: 'GET', url: '/articles?q=coast' })).json() as { meta: { total: number } }).meta.total, 3, 'tag names indexed too');
  await app.inject({ method: 'PATCH', url: '/articles/budget-vote', headers: bearer(ADMIN_KEY), payload: { title: 'Harbour budget vote' } });
  t.equal(((await app.inject({ method: 'GET', url: '/articles?q=harbour' })).json() as { meta: { total: number } }).meta.total, 3, 'and later writes index as usual');
});

t.test('snippets of bodies full of unclosed Markdown and tags are cut, escaped and marked', async (t) => {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  // Unclosed `![`, `[…](` and `<` made the snippet's Markdown stripping scan to the end from each one.
  for (const [i, junk] of ['!['.repeat(100_000), '[a]('.repeat(50_000), '<'.repeat(200_000)].entries()) {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: `Harbour notes ${i}`, status: 'published', body: `Harbour <b>works</b> ${junk}` } });
    t.equal(res.statusCode, 201);
  }
  const found = (await app.inject({ method: 'GET', url: '/articles?q=harbour' })).json() as { data: { snippet: string }[] };
  t.equal(found.data.length, 3);
  for (const item of found.data) {
    t.match(item.snippet, /^<mark>Harbour<\/mark> /, 'the match, marked');
    t.notMatch(item.snippet.replace(/<\/?mark>/g, ''), /<[a-z/]/i, 'no markup from the body');
  }
});

t.test('relevance: title, then tag names, then deck, then body; rare words weigh more; ties newest first', async (t) => {
  const { app, create } = await setup(t);
  // "harbour" is in every article, "lighthouse" in three: the rare word decides.
  const bodyOnly = await create({ title: 'Evening news', body: 'The harbour lighthouse.' });
  const inDeck = await create({ title: 'Morning news', summary: 'A lighthouse story', body: 'The harbour.' });
  const inTag = await create({ title: 'Noon news', body: 'The harbour and its lighthouse.', tags: ['Lighthouse'] });
  const commonInTitle = await create({ title: 'Harbour news', body: 'Of the lighthouse keeper.' });
  const rareInTitle = await create({ title: 'Lighthouse news', body: 'In the harbour.' });
  for (let i = 0; i < 6; i++) await create({ title: `Filler ${String(i)}`, body: 'The harbour.' });
  const newerBodyOnly = await create({ title: 'Night news', body: 'Harbour and lighthouse.' });

  const res = await app.inject({ method: 'GET', url: '/articles?q=harbour%20lighthouse&limit=50' });
  t.equal(res.statusCode, 200);
  const slugs = (res.json() as { data: { slug: string }[] }).data.map((item) => item.slug);
  t.same(slugs, [rareInTitle, commonInTitle, inTag, inDeck, newerBodyOnly, bodyOnly].filter((slug) => slugs.includes(slug)));
  t.equal(slugs.length, 6, 'only articles with both words');
  t.equal(slugs[0], rareInTitle, 'the rare word in the title first');
});

t.test('the segments writes leave are merged once writes pause, without emptying caches', async (t) => {
  const { app, create } = await setup(t);
  const client = app.db.$client;
  t.equal(client.prepare("select v from articles_fts_config where k = 'automerge'").pluck().get(), 8, 'the writer merges only past 8 segments a level');
  const segments = () => client.prepare('select count(distinct segid) from articles_fts_idx').pluck().get() as number;
  // A segment per commit: 7 stay on the first level, where the writer does not merge them.
  for (let i = 0; i < 7; i++) await create({ title: `Merge story ${i}`, body: `Words of story ${i} about the harbour.` });
  const written = segments();
  t.ok(written >= 7, `the writes left ${written} segments`);
  t.equal((await app.inject({ method: 'GET', url: '/articles?q=harbour' })).headers['x-cache'], 'MISS');
  t.equal((await app.inject({ method: 'GET', url: '/articles?q=harbour' })).headers['x-cache'], 'HIT');

  const merged = await waitFor('the idle merge', () => {
    const now = segments();
    return now < written ? now : undefined;
  });
  t.ok(merged <= 3, `merged into ${merged} segment(s)`);
  const after = await app.inject({ method: 'GET', url: '/articles?q=harbour' });
  t.equal(after.headers['x-cache'], 'HIT', 'the merge changed no answer, so the cache stays');
  t.equal((after.json() as { meta: { total: number } }).meta.total, 7, 'every story is still found');
});
