import t, { type Test } from 'tap';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

interface Item {
  id: string;
  slug: string;
  status: string;
  tags: { slug: string }[];
  score?: number;
}

async function setup(t: Test) {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const create = async (title: string, extra: Record<string, unknown> = { status: 'published' }) => {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title, ...extra } });
    t.equal(res.statusCode, 201);
    return res.json() as { id: string; slug: string; version: number };
  };
  const related = async (slug: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url: `/articles/${slug}/related`, headers });
    return { res, slugs: (res.json() as { data?: Item[] }).data?.map((item) => item.slug) };
  };
  const version = async (slug: string) => ((await app.inject({ method: 'GET', url: `/articles/${slug}`, headers: editor })).json() as { version: number }).version;
  return { app, editor, create, related, version };
}

t.test('PUT replaces the ordered list; POST inserts at a position; DELETE removes', async (t) => {
  const { app, editor, create, related, version } = await setup(t);
  const main = await create('Main story');
  const [a, b, c, d] = [await create('Alpha'), await create('Bravo'), await create('Charlie'), await create('Delta')];

  const put = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [c.id, a.slug, b.id] } });
  t.equal(put.statusCode, 200);
  t.same((put.json() as { data: Item[] }).data.map((item) => item.slug), ['charlie', 'alpha', 'bravo'], 'ids or slugs, order kept');
  t.same((await related(main.slug)).slugs, ['charlie', 'alpha', 'bravo']);
  t.equal(await version(main.slug), main.version + 1, 'a link change bumps the source version');
  t.equal(await version(a.slug), a.version, 'targets are untouched');

  const samePut = await app.inject({ method: 'PUT', url: `/articles/${main.id}/related`, headers: editor, payload: { ids: [c.id, a.id, b.id] } });
  t.equal(samePut.statusCode, 200);
  t.equal(await version(main.slug), main.version + 1, 'an identical list is no change');

  const post = await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: d.slug, position: 1 } });
  t.equal(post.statusCode, 201);
  t.equal(post.headers.location, `http://127.0.0.1:3000/articles/${main.slug}/related`);
  t.same((post.json() as { data: Item[] }).data.map((item) => item.slug), ['charlie', 'delta', 'alpha', 'bravo'], 'inserted at position 1');

  t.equal((await app.inject({ method: 'DELETE', url: `/articles/${main.slug}/related/alpha`, headers: editor })).statusCode, 204);
  t.same((await related(main.slug)).slugs, ['charlie', 'delta', 'bravo']);
  const appended = await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: a.id } });
  t.same((appended.json() as { data: Item[] }).data.map((item) => item.slug), ['charlie', 'delta', 'bravo', 'alpha'], 'default position is last');
  const first = await app.inject({ method: 'POST', url: `/articles/${c.slug}/related`, headers: editor, payload: { id: main.id, position: 0 } });
  t.same((first.json() as { data: Item[] }).data.map((item) => item.slug), ['main-story'], 'links are one-directional and per source');
  const farPosition = await app.inject({ method: 'POST', url: `/articles/${c.slug}/related`, headers: editor, payload: { id: a.id, position: 40 } });
  t.same((farPosition.json() as { data: Item[] }).data.map((item) => item.slug), ['main-story', 'alpha'], 'a position past the end appends');
  t.equal(await version(main.slug), main.version + 4);

  const cleared = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [] } });
  t.same((cleared.json() as { data: Item[] }).data, []);
});

t.test('failures leave the list unchanged', async (t) => {
  const { app, editor, create, related, version } = await setup(t);
  const main = await create('Main');
  const a = await create('Alpha');
  const b = await create('Bravo');
  await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [a.id] } });
  const v = await version(main.slug);

  const self = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [b.id, main.slug] } });
  t.equal(assertProblem(t, self, 400, 'INVALID_LINK').errors?.[0]?.path, '/ids/1');
  const dupes = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [b.id, a.id, b.slug] } });
  t.equal(assertProblem(t, dupes, 400, 'INVALID_LINK').errors?.[0]?.path, '/ids/2');
  const unknown = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [b.id, 'no-such-article'] } });
  t.match(assertProblem(t, unknown, 404, 'ARTICLE_NOT_FOUND').detail, /no-such-article/);
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: main.id } }), 400, 'INVALID_LINK');
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: a.slug } }), 409, 'LINK_EXISTS');
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: 'nope' } }), 404, 'ARTICLE_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'POST', url: '/articles/nope/related', headers: editor, payload: { id: a.id } }), 404, 'ARTICLE_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: a.id, position: -1 } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/articles/${main.slug}/related/${b.slug}`, headers: editor }), 404, 'LINK_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, payload: { ids: [] } }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/articles/${main.slug}/related/${a.slug}` }), 401, 'UNAUTHORIZED');
  const stale = await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: { ...editor, 'if-match': '"stale"' }, payload: { ids: [] } });
  assertProblem(t, stale, 412, 'PRECONDITION_FAILED');

  t.same((await related(main.slug)).slugs, ['alpha'], 'still the original list');
  t.equal(await version(main.slug), v, 'version unchanged');
});

t.test('anonymous readers see only visible targets, in order; editors see all with status', async (t) => {
  const { app, editor, create, related } = await setup(t);
  const main = await create('Main');
  const a = await create('Alpha');
  const draft = await create('Draft', {});
  const b = await create('Bravo');
  const scheduled = await create('Scheduled', { status: 'scheduled', publishedAt: new Date(Date.now() + 3_600_000).toISOString() });
  await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [draft.id, a.id, scheduled.id, b.id] } });

  t.same((await related(main.slug)).slugs, ['alpha', 'bravo']);
  const editors = await related(main.slug, editor);
  t.same((editors.res.json() as { data: Item[] }).data.map((item) => [item.slug, item.status]), [['draft', 'draft'], ['alpha', 'published'], ['scheduled', 'scheduled'], ['bravo', 'published']]);

  const embedded = (await app.inject({ method: 'GET', url: `/articles/${main.slug}` })).json() as { related: { slug: string }[] };
  t.same(embedded.related.map((item) => item.slug), ['alpha', 'bravo'], 'GET article embeds the same visible list');
  const embeddedEditor = (await app.inject({ method: 'GET', url: `/articles/${main.slug}`, headers: editor })).json() as { related: { slug: string; status: string }[] };
  t.same(embeddedEditor.related.map((item) => item.slug), ['draft', 'alpha', 'scheduled', 'bravo']);
  t.same(Object.keys(embeddedEditor.related[0] ?? {}).sort(), ['id', 'publishedAt', 'slug', 'status', 'summary', 'title']);

  assertProblem(t, (await related(draft.slug)).res as never, 404, 'ARTICLE_NOT_FOUND');

  const before = await app.inject({ method: 'GET', url: `/articles/${main.slug}` });
  await app.inject({ method: 'PATCH', url: `/articles/${draft.id}`, headers: editor, payload: { status: 'published' } });
  const after = await app.inject({ method: 'GET', url: `/articles/${main.slug}`, headers: { 'if-none-match': before.headers.etag as string } });
  t.equal(after.statusCode, 200, 'a newly visible related article changes the ETag');
  t.same((after.json() as { related: { slug: string }[] }).related.map((item) => item.slug), ['draft', 'alpha', 'bravo']);
});

t.test('deleting either article removes the link', async (t) => {
  const { app, editor, create, related, version } = await setup(t);
  const main = await create('Main');
  const a = await create('Alpha');
  const b = await create('Bravo');
  await app.inject({ method: 'PUT', url: `/articles/${main.slug}/related`, headers: editor, payload: { ids: [a.id, b.id] } });
  await app.inject({ method: 'PUT', url: `/articles/${b.slug}/related`, headers: editor, payload: { ids: [main.id] } });
  const linked = await version(main.slug);
  const revisions = async (slug: string) => ((await app.inject({ method: 'GET', url: `/articles/${slug}/revisions`, headers: editor })).json() as { meta: { total: number } }).meta.total;
  const revisionsBefore = await revisions(main.slug);
  const deleted = await app.inject({ method: 'DELETE', url: `/articles/${a.slug}`, headers: editor });
  t.equal(deleted.statusCode, 204);
  t.same((await related(main.slug, editor)).slugs, ['bravo'], 'a deleted target leaves the list');
  t.equal(await version(main.slug), linked + 1, 'the article that linked to it changed: a new version');
  t.equal(await revisions(main.slug), revisionsBefore + 1, 'with its revision');
  t.equal(await version(b.slug), b.version + 1, 'an article that did not link to it is untouched (one version for its own link)');
  t.match(deleted.headers['x-cache-invalidate'], new RegExp(`/articles/${main.slug}\\*`), "the linking article's pages are stale too");
  t.equal((await app.inject({ method: 'DELETE', url: `/articles/${main.slug}`, headers: editor })).statusCode, 204);
  t.same((await related(b.slug, editor)).slugs, [], 'links to a deleted source go too');
  const relink = await app.inject({ method: 'POST', url: `/articles/${b.slug}/related`, headers: editor, payload: { id: main.id } });
  assertProblem(t, relink, 404, 'ARTICLE_NOT_FOUND');
});

t.test('an article many link to: its deletion purges every article URL instead of naming each', async (t) => {
  const { app, editor, create } = await setup(t);
  const target = await create('Much cited');
  const sources = [];
  for (let i = 0; i < 12; i++) sources.push(await create(`Citing story ${String(i)}`));
  for (const source of sources) await app.inject({ method: 'PUT', url: `/articles/${source.slug}/related`, headers: editor, payload: { ids: [target.id] } });
  const deleted = await app.inject({ method: 'DELETE', url: `/articles/${target.slug}`, headers: editor });
  t.equal(deleted.statusCode, 204);
  const purge = String(deleted.headers['x-cache-invalidate']).split(', ');
  t.ok(purge.includes('/articles*'), 'every article URL');
  t.notOk(purge.some((path) => path.includes('citing-story')), 'none named one by one');
  t.ok(String(deleted.headers['x-cache-invalidate']).length < 1000, 'a header any proxy takes');
});

t.test('suggestions: ranked by rare shared tags and text, excluding self, linked and invisible', async (t) => {
  const { app, editor, create } = await setup(t);
  const main = await create('Flood defences fail as river Severn bursts its banks', { status: 'published', summary: 'Towns along the Severn evacuated.', tags: ['Floods', 'Severn', 'Weather'] });
  // Shares the rare "Severn" tag and words of the title: the best candidate.
  const best = await create('River Severn flood defences to be rebuilt', { status: 'published', summary: 'Engineers promise stronger banks.', tags: ['Severn', 'Floods'] });
  // Shares only the common "Weather" tag.
  const weak = await create('Sunny spells expected this weekend', { status: 'published', tags: ['Weather'] });
  // Shares text but no tags.
  const textOnly = await create('Severn banks burst again', { status: 'published' });
  // Common tag padding so that "Weather" is frequent and "Severn" rare.
  for (let i = 0; i < 6; i++) await create(`Forecast ${i}`, { status: 'published', tags: ['Weather'] });
  const draft = await create('Severn flood defences draft', { tags: ['Severn', 'Floods'] });
  const linked = await create('Severn flood defences linked', { status: 'published', tags: ['Severn', 'Floods'] });
  await create('Unrelated market report', { status: 'published', tags: ['Markets'] });
  await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: linked.id } });

  const res = await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=20` });
  t.equal(res.statusCode, 200);
  const data = (res.json() as { data: Item[] }).data;
  t.equal(data[0]?.slug, best.slug, 'the known best candidate comes first');
  const slugs = data.map((item) => item.slug);
  t.notOk(slugs.includes(main.slug), 'never itself');
  t.notOk(slugs.includes(linked.slug), 'never an already linked article');
  t.notOk(slugs.includes(draft.slug), 'anonymous callers never get invisible articles');
  t.notOk(slugs.includes('unrelated-market-report'), 'nothing in common, no suggestion');
  t.ok(slugs.includes(textOnly.slug), 'text similarity alone can suggest');
  t.ok(slugs.includes(weak.slug));
  const scores = data.map((item) => item.score ?? -1);
  t.same(scores, [...scores].sort((x, y) => y - x), 'best first');
  t.ok(scores.every((score) => score > 0 && score <= 1), 'scores in (0, 1]');
  const scoreOf = (slug: string) => data.find((item) => item.slug === slug)?.score ?? 0;
  t.ok(scoreOf(best.slug) > scoreOf(weak.slug), 'a rare shared tag outweighs a common one');

  const editors = (await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=20`, headers: editor })).json() as { data: Item[] };
  t.ok(editors.data.some((item) => item.slug === draft.slug), 'editors see draft candidates');
  const limited = (await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=2` })).json() as { data: Item[] };
  t.equal(limited.data.length, 2);
  const defaults = (await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions` })).json() as { data: Item[] };
  t.equal(defaults.data.length, 5, 'limit defaults to 5');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=0` }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: `/articles/${draft.slug}/related/suggestions` }), 404, 'ARTICLE_NOT_FOUND');
});

t.test('suggestions: the newest 20 are counted without the article itself and its links', async (t) => {
  const { app, editor, create } = await setup(t);
  // Shares words only, and is the 22nd newest: the 20th, last in the window, once the two newest,
  // the article itself and its link, are left out.
  const textOnly = await create('Severn banks flood again', { status: 'published' });
  for (let i = 0; i < 19; i++) await create(`Market report ${i}`, { status: 'published' });
  const linked = await create('Linked story', { status: 'published' });
  const main = await create('Severn banks burst', { status: 'published' });
  await app.inject({ method: 'POST', url: `/articles/${main.slug}/related`, headers: editor, payload: { id: linked.id } });

  const suggested = async () => ((await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions` })).json() as { data: Item[] }).data.map((item) => item.slug);
  t.same(await suggested(), [textOnly.slug]);
  t.same(await suggested(), [textOnly.slug], 'the same from the cached window');
  await create('Another market report', { status: 'published' });
  t.same(await suggested(), [], 'one newer article pushes it out');
});

t.test('suggestions: candidates sharing tags are found past a run of newer invisible ones', async (t) => {
  const { app, editor, create } = await setup(t);
  const main = await create('Harbour crane contract signed', { status: 'published', tags: ['Port Works'] });
  // Shares the tag but not a word of title or summary: only the tag score can rank it.
  const target = await create('Quayside bids reopened', { status: 'published', tags: ['Port Works'] });
  // Newer drafts with the same tag come first by tags; more than one chunk of candidate rows.
  for (let i = 0; i < 75; i++) await create(`Draft ${i}`, { tags: ['Port Works'] });

  const anonymous = (await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=50` })).json() as { data: Item[] };
  t.same(
    anonymous.data.map((item) => item.slug),
    [target.slug],
    'the visible article behind the drafts, and no draft',
  );
  t.ok((anonymous.data[0]?.score ?? 0) >= 0.7, 'scored on the shared tag');
  const editors = (await app.inject({ method: 'GET', url: `/articles/${main.slug}/related/suggestions?limit=50`, headers: editor })).json() as { data: Item[] };
  t.equal(editors.data.length, 50, 'editors get drafts too');
  t.ok(
    editors.data.every((item) => item.slug !== main.slug && (item.score ?? 0) >= 0.7),
    'all by the shared tag',
  );
});
