// The reference reader (examples/reader) served at /reader/, and `npm run seed:demo` that gives it
// something to show. The browser side (cross-origin, navigation, sign-up) is test/e2e/reader.e2e.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { demoArticles, demoTags } from '../src/demo/content.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';
import { runToExit } from './helpers/process.js';

const readerDir = new URL('../examples/reader/', import.meta.url);

t.test('the reader is served at /reader/ under the API security headers', async (t) => {
  const app = await buildTestApp(t, { CMS_SERVE_READER: 'true' });
  const redirect = await app.inject({ method: 'GET', url: '/reader' });
  t.equal(redirect.statusCode, 301, '/reader redirects to the folder');
  t.equal(redirect.headers.location, '/reader/');

  const index = await app.inject({ method: 'GET', url: '/reader/' });
  t.equal(index.statusCode, 200);
  t.match(index.headers['content-type'], /^text\/html/);
  t.match(index.headers['content-security-policy'], /script-src 'self'(;|$)/, 'the same CSP as the rest of the API');
  t.equal(index.headers['x-content-type-options'], 'nosniff');
  t.match(index.body, /Focus on the BIG picture\./, 'the tagline is in the header');

  // Everything the CSP allows must be enough: no inline scripts or handlers in any page.
  const pages = readdirSync(readerDir).filter((name) => name.endsWith('.html'));
  t.ok(pages.includes('index.html') && pages.includes('article.html'), 'a front page and an article page');
  for (const name of pages) {
    const res = await app.inject({ method: 'GET', url: `/reader/${name}` });
    t.equal(res.statusCode, 200, name);
    for (const script of res.body.match(/<script\b[^>]*>/g) ?? []) t.match(script, /\ssrc="\.\/[^"]+\.js"/, `${name}: ${script} loads a same-origin file`);
    t.notMatch(res.body, /<script(?![^>]*\ssrc=)[^>]*>/, `${name}: no inline script`);
    t.notMatch(res.body, /\son[a-z]+=/i, `${name}: no inline event handlers`);
  }
  for (const name of readdirSync(readerDir).filter((file) => file.endsWith('.js'))) {
    const res = await app.inject({ method: 'GET', url: `/reader/${name}` });
    t.equal(res.statusCode, 200, name);
    t.match(res.headers['content-type'], /^(text|application)\/javascript/, `${name} is served as JavaScript (module scripts need it)`);
  }
  const css = await app.inject({ method: 'GET', url: '/reader/styles.css' });
  t.match(css.headers['content-type'], /^text\/css/);

  assertProblem(t, await app.inject({ method: 'GET', url: '/reader/missing.js' }), 404, 'ROUTE_NOT_FOUND');
  const traversal = await app.inject({ method: 'GET', url: '/reader/../package.json' });
  t.not(traversal.statusCode, 200, 'nothing outside examples/reader is served');
  const encoded = await app.inject({ method: 'GET', url: '/reader/%2e%2e/package.json' });
  t.not(encoded.statusCode, 200, 'nor through an encoded ..');
  t.notMatch(encoded.body, /"dependencies"/);
});

t.test('CMS_SERVE_READER=false serves no reader; NODE_ENV=production turns it off by default', async (t) => {
  const app = await buildTestApp(t, { CMS_SERVE_READER: 'false' });
  assertProblem(t, await app.inject({ method: 'GET', url: '/reader/' }), 404, 'ROUTE_NOT_FOUND');
  t.equal(loadConfig({ NODE_ENV: 'production' }).serveReader, false);
  t.equal(loadConfig({ NODE_ENV: 'production', CMS_SERVE_READER: 'true' }).serveReader, true);
  t.equal(loadConfig({}).serveReader, true, 'on in development');
  t.throws(() => loadConfig({ CMS_SERVE_READER: 'perhaps' }), /CMS_SERVE_READER="perhaps" is invalid/);
});

t.test('the default CORS setting lets a page on any origin read and sign up', async (t) => {
  const app = await buildTestApp(t);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/subscribers',
    headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  t.equal(preflight.statusCode, 204);
  t.equal(preflight.headers['access-control-allow-origin'], '*');
  t.match(String(preflight.headers['access-control-allow-headers']), /Content-Type/i);
  const read = await app.inject({ method: 'GET', url: '/articles', headers: { origin: 'http://localhost:5173' } });
  t.equal(read.headers['access-control-allow-origin'], '*');
  t.match(String(read.headers['access-control-expose-headers']), /ETag/);
  const failed = await app.inject({ method: 'GET', url: '/articles/nope', headers: { origin: 'http://localhost:5173' } });
  t.equal(failed.headers['access-control-allow-origin'], '*', 'a problem answer is readable cross-origin too');
});

interface ArticleBody {
  slug: string;
  title: string;
  status: string;
  html: string;
  tags: { slug: string; name: string }[];
  related: { slug: string; title: string }[];
}

t.test('npm run seed:demo fills an empty database once, and the site shows it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-demo-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { CMS_DB_PATH: join(dir, 'cms.sqlite'), CMS_DB_SYNCHRONOUS: 'normal' };

  const first = await runToExit('src/seed-demo.ts', env);
  t.equal(first.code, 0, first.output);
  const drafts = demoArticles.filter((article) => article.draft === true);
  t.match(first.output, new RegExp(`${demoArticles.length - drafts.length} published articles, ${drafts.length} drafts, ${demoTags.length} tags`));
  t.match(first.output, /open http:\/\/127\.0\.0\.1:\d+\/reader\//, 'and says where to look');

  const again = await runToExit('src/seed-demo.ts', env);
  t.equal(again.code, 3, 'a second run refuses');
  t.match(again.output, /already has \d+ article\(s\)/);

  const db = openDatabase({ path: env.CMS_DB_PATH, synchronous: 'normal' });
  const app: TestApp = await buildApp(loadConfig({ LOG_LEVEL: 'silent', CMS_MAX_EVENT_LOOP_DELAY_MS: '0', CMS_ADMIN_KEY: ADMIN_KEY }), { db });
  t.teardown(() => app.close());

  const list = await app.inject({ method: 'GET', url: `/articles?limit=100` });
  const listed = list.json() as { data: { slug: string; publishedAt: string }[]; meta: { total: number } };
  t.equal(listed.meta.total, demoArticles.length - drafts.length, 'every published demo article is visible, drafts are not');
  const newest = [...demoArticles].filter((article) => article.draft !== true).sort((a, b) => a.hoursAgo - b.hoursAgo)[0];
  t.equal(listed.data[0]?.slug, newest?.slug, 'newest first, by the demo dates');
  for (const draft of drafts) assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${draft.slug}` }), 404);

  const lead = demoArticles.find((article) => article.draft !== true && article.related.length > 0 && article.related.every((slug) => demoArticles.find((a) => a.slug === slug)?.draft !== true));
  t.ok(lead, 'a published article with published related articles');
  if (lead !== undefined) {
    const res = await app.inject({ method: 'GET', url: `/articles/${lead.slug}` });
    t.equal(res.statusCode, 200);
    const article = res.json() as ArticleBody;
    t.equal(article.title, lead.title);
    t.match(article.html, /<p>/, 'the Markdown body is rendered');
    t.same(article.tags.map((tag) => tag.name).sort(), [...lead.tags].sort(), 'with its tags');
    t.same(article.related.map((related) => related.slug), lead.related, 'and its related articles, in order, in the same answer');
  }

  const tags = (await app.inject({ method: 'GET', url: '/tags?sort=-articleCount&limit=100' })).json() as { data: { name: string; articleCount: number }[] };
  t.same(tags.data.map((tag) => tag.name).sort(), demoTags.map((tag) => tag.name).sort(), 'every demo tag');
  t.ok(tags.data.every((tag) => tag.articleCount > 0), 'each with articles');

  const editor = await createKey(app, 'editor');
  const search = await app.inject({ method: 'GET', url: `/articles?q=${encodeURIComponent(lead?.title.split(' ').slice(0, 2).join(' ') ?? '')}` });
  t.ok((search.json() as { meta: { total: number } }).meta.total > 0, 'the demo articles are in the search index');
  const revisions = await app.inject({ method: 'GET', url: `/articles/${demoArticles[0]?.slug ?? ''}/revisions`, headers: bearer(editor) });
  t.equal(revisions.statusCode, 200, 'written through the services: with revisions');
});

t.test('seed:demo writes all or nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-demo-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'cms.sqlite');
  // A tag whose name a demo tag repeats in other letter case: the seed fails part-way (409) and must leave no trace.
  const clash = demoTags[demoTags.length - 1]?.name ?? 'x';
  const db = openDatabase({ path, synchronous: 'normal' });
  db.$client
    .prepare(`INSERT INTO tags (id, slug, name, name_key, created_at, updated_at) VALUES ('tag_clash', 'clashing-tag', ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`)
    .run(clash.toUpperCase(), clash.toLowerCase());
  const before = db.$client.prepare('SELECT (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_revisions) AS revisions').get();
  db.$client.close();

  const run = await runToExit('src/seed-demo.ts', { CMS_DB_PATH: path, CMS_DB_SYNCHRONOUS: 'normal' });
  t.equal(run.code, 1, run.output);
  t.match(run.output, /seed:demo failed: /);
  const after = openDatabase({ path, synchronous: 'normal' });
  t.teardown(() => after.$client.close());
  t.same(after.$client.prepare('SELECT (SELECT count(*) FROM tags) AS tags, (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM article_revisions) AS revisions').get(), before, 'nothing was written');
});

t.test('the reader code stays short enough to read as an example', async (t) => {
  let lines = 0;
  for (const name of readdirSync(readerDir).filter((file) => /\.(js|html)$/.test(file))) lines += readFileSync(new URL(name, readerDir), 'utf8').split('\n').length;
  t.ok(lines <= 700, `${lines} lines of HTML and JavaScript`);
});
