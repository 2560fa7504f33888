import t, { type Test } from 'tap';
import { xml2js, type ElementCompact } from 'xml-js';
import { bearer, buildTestApp, createKey, assertProblem } from './helpers/app.js';

async function setup(t: Test, env: Record<string, string> = {}) {
  const app = await buildTestApp(t, { CMS_PUBLIC_URL: 'https://news.example', CMS_ARTICLE_URL: 'https://news.example/{slug}', CMS_SITE_TITLE: 'The Daily Example', ...env });
  const editor = bearer(await createKey(app, 'editor'));
  const create = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { status: 'published', ...payload } });
    t.equal(res.statusCode, 201);
    return res.json() as { id: string; slug: string };
  };
  return { app, editor, create };
}

const parse = (xml: string) => xml2js(xml, { compact: true }) as ElementCompact;
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

t.test('RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest visible articles', async (t) => {
  const { app, create } = await setup(t);
  await create({ title: 'Older & "quoted" <story>', summary: 'Deck with <b>markup</b> & ampersand', publishedAt: '2025-01-01T08:00:00Z', tags: ['Politics', 'Economy'], author: 'Ana' });
  await create({ title: 'Newest story', summary: 'Latest', publishedAt: '2025-02-01T08:00:00Z', tags: ['Sport'] });
  await create({ title: 'Hidden draft', status: 'draft' });

  const rss = await app.inject({ method: 'GET', url: '/feed.xml' });
  t.equal(rss.statusCode, 200);
  t.match(rss.headers['content-type'], /^application\/rss\+xml/);
  const channel = parse(rss.body)['rss']?.channel as ElementCompact;
  t.equal(channel['title']?._text ?? channel['title']?._cdata, 'The Daily Example');
  const items = asArray(channel['item'] as ElementCompact | ElementCompact[]);
  t.equal(items.length, 2, 'drafts are not in feeds');
  const first = items[0] as ElementCompact;
  t.equal(first['title']?._cdata ?? first['title']?._text, 'Newest story', 'newest first');
  t.equal(first['link']?._text, 'https://news.example/newest-story', 'links follow CMS_ARTICLE_URL');
  const second = items[1] as ElementCompact;
  t.equal(second['title']?._cdata ?? second['title']?._text, 'Older & "quoted" <story>', 'escaped and parsed back intact');
  t.same(asArray(second['category'] as ElementCompact[]).map((c) => c._text ?? c._cdata), ['Politics', 'Economy'], 'tags as categories');

  const atom = await app.inject({ method: 'GET', url: '/feed.atom' });
  t.match(atom.headers['content-type'], /^application\/atom\+xml/);
  const entries = asArray((parse(atom.body)['feed'] as ElementCompact)['entry'] as ElementCompact[]);
  t.equal(entries.length, 2);

  const json = await app.inject({ method: 'GET', url: '/feed.json' });
  t.match(json.headers['content-type'], /^application\/feed\+json/);
  const feed = json.json() as { version: string; title: string; items: { title: string; url: string; tags?: string[]; authors?: { name: string }[]; summary?: string }[] };
  t.equal(feed.version, 'https://jsonfeed.org/version/1.1');
  t.same(feed.items.map((i) => i.title), ['Newest story', 'Older & "quoted" <story>']);
  t.equal(feed.items[1]?.summary, 'Deck with <b>markup</b> & ampersand');
  t.same(feed.items[1]?.authors, [{ name: 'Ana' }]);
});

t.test('feeds: limit, tag filter, validation, 304', async (t) => {
  const { app, create } = await setup(t);
  for (let i = 0; i < 25; i++) await create({ title: `Story ${i}`, publishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(), tags: i % 5 === 0 ? ['Special'] : ['Regular'] });
  const count = async (url: string) => ((await app.inject({ method: 'GET', url })).json() as { items: unknown[] }).items.length;
  t.equal(await count('/feed.json'), 20, '20 by default');
  t.equal(await count('/feed.json?limit=3'), 3);
  t.equal(await count('/feed.json?limit=100'), 25);
  t.equal(await count('/feed.json?tag=special'), 5);
  t.equal(await count('/feed.json?tag=special,regular'), 20);
  assertProblem(t, await app.inject({ method: 'GET', url: '/feed.xml?limit=101' }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/feed.xml?bogus=1' }), 400, 'VALIDATION_FAILED');
  const first = await app.inject({ method: 'GET', url: '/feed.xml' });
  t.ok(first.headers.etag);
  t.match(first.headers['cache-control'], /^public, max-age=60, stale-while-revalidate=300$/);
  const again = await app.inject({ method: 'GET', url: '/feed.xml', headers: { 'if-none-match': first.headers.etag as string } });
  t.equal(again.statusCode, 304);
});

t.test('sitemap and news sitemap', async (t) => {
  const { app, create } = await setup(t);
  const recent = await create({ title: 'Breaking & recent' });
  await create({ title: 'Old news', publishedAt: '2020-05-01T00:00:00Z' });
  await create({ title: 'Not yet', status: 'draft' });
  const sitemap = await app.inject({ method: 'GET', url: '/sitemap.xml' });
  t.equal(sitemap.statusCode, 200);
  t.match(sitemap.headers['content-type'], /^application\/xml/);
  const urls = asArray((parse(sitemap.body)['urlset'] as ElementCompact)['url'] as ElementCompact[]);
  t.same(urls.map((u) => (u['loc'] as ElementCompact)._text).sort(), ['https://news.example/breaking-recent', 'https://news.example/old-news']);
  t.ok(urls.every((u) => /^\d{4}-\d\d-\d\dT/.test(String((u['lastmod'] as ElementCompact)._text))), 'lastmod on every URL');
  assertProblem(t, await app.inject({ method: 'GET', url: '/sitemap.xml?page=2' }), 404, 'NOT_FOUND');

  const news = await app.inject({ method: 'GET', url: '/sitemap-news.xml' });
  const newsUrls = asArray((parse(news.body)['urlset'] as ElementCompact)['url'] as ElementCompact[]);
  t.equal(newsUrls.length, 1, 'only the last two days');
  const entry = newsUrls[0]?.['news:news'] as ElementCompact;
  t.equal((entry['news:title'] as ElementCompact)._text, 'Breaking & recent');
  t.equal(((entry['news:publication'] as ElementCompact)['news:name'] as ElementCompact)._text, 'The Daily Example');
  t.equal((newsUrls[0]?.['loc'] as ElementCompact)._text, `https://news.example/${recent.slug}`);
});

t.test('cache headers: public for anonymous readers, private for keys; purge list on writes', async (t) => {
  const { app, editor, create } = await setup(t);
  const article = await create({ title: 'Cache me', tags: ['Weather'] });
  for (const url of ['/articles', '/articles/cache-me', '/tags', '/tags/weather', '/articles/cache-me/related']) {
    const anonymous = await app.inject({ method: 'GET', url });
    t.equal(anonymous.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300', `${url} public`);
    t.equal(anonymous.headers.vary, 'Authorization');
    t.ok(anonymous.headers.etag, `${url} has an ETag`);
    const etag = anonymous.headers.etag as string;
    t.equal((await app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode, 304, `${url} 304`);
    const authed = await app.inject({ method: 'GET', url, headers: editor });
    t.equal(authed.headers['cache-control'], 'private, no-store', `${url} private with a key`);
  }
  t.equal((await app.inject({ method: 'GET', url: '/articles/nope' })).headers['cache-control'], undefined, 'errors are not cached publicly');

  const patched = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: editor, payload: { title: 'Cached' } });
  const purge = String(patched.headers['x-cache-invalidate']).split(', ');
  t.ok(purge.includes(`/articles/${article.id}*`));
  t.ok(purge.includes('/articles/cache-me*'));
  t.ok(purge.includes('/articles'));
  t.ok(purge.includes('/tags/weather'));
  t.ok(purge.includes('/feed.xml'));
  t.ok(purge.includes('/sitemap.xml'));
  const tagWrite = await app.inject({ method: 'PATCH', url: '/tags/weather', headers: editor, payload: { name: 'Climate' } });
  t.match(tagWrite.headers['x-cache-invalidate'], /\/tags\/weather, .*\/articles\*/);
  const deleted = await app.inject({ method: 'DELETE', url: '/articles/cache-me', headers: editor });
  t.match(deleted.headers['x-cache-invalidate'], /\/articles\/cache-me\*/);
});

t.test('CMS_CACHE_MAX_AGE and CMS_CACHE_STALE_WHILE_REVALIDATE configure public caching', async (t) => {
  const { app } = await setup(t, { CMS_CACHE_MAX_AGE: '5', CMS_CACHE_STALE_WHILE_REVALIDATE: '30' });
  t.equal((await app.inject({ method: 'GET', url: '/articles' })).headers['cache-control'], 'public, max-age=5, stale-while-revalidate=30');
});

t.test('over the per-file limit the sitemap becomes an index of parts', async (t) => {
  const { app, create } = await setup(t);
  for (let i = 0; i < 5; i++) await create({ title: `Part story ${i}`, publishedAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString() });
  await create({ title: 'Draft in no part', status: 'draft' });
  // The same service the app uses, with a limit of 2 URLs per file instead of 50,000.
  const { FeedsService } = await import('../src/modules/feeds/service.js');
  const { ArticleReader } = await import('../src/modules/articles/reader.js');
  const feeds = new FeedsService(app.db, new ArticleReader(app.db), { articleUrl: 'https://news.example/{slug}', publicUrl: 'https://news.example', siteTitle: 'T', siteLanguage: 'en' }, 2);
  const index = parse(feeds.sitemap(undefined));
  const parts = asArray((index['sitemapindex'] as ElementCompact)['sitemap'] as ElementCompact[]).map((s) => (s['loc'] as ElementCompact)._text);
  t.same(parts, ['https://news.example/sitemap.xml?page=1', 'https://news.example/sitemap.xml?page=2', 'https://news.example/sitemap.xml?page=3']);
  const urls = [1, 2, 3].flatMap((page) => asArray((parse(feeds.sitemap(page))['urlset'] as ElementCompact)['url'] as ElementCompact[]).map((u) => (u['loc'] as ElementCompact)._text));
  t.equal(urls.length, 5, 'every visible article in exactly one part');
  t.equal(new Set(urls).size, 5);
  t.throws(() => feeds.sitemap(4), /no part 4/);
});
