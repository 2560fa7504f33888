import t, { type Test } from 'tap';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

interface TagJson {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  articleCount: number;
  createdAt: string;
  updatedAt: string;
}

async function setup(t: Test) {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const createTag = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/tags', headers: editor, payload });
    t.equal(res.statusCode, 201, `tag ${JSON.stringify(payload)}: ${res.body.slice(0, 200)}`);
    return res.json() as TagJson;
  };
  const createArticle = async (payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload });
    t.equal(res.statusCode, 201);
    return res.json() as { id: string; slug: string; version: number; tags: { slug: string }[] };
  };
  return { app, editor, createTag, createArticle };
}

t.test('create, read by id and slug, update, delete', async (t) => {
  const { app, editor, createTag } = await setup(t);
  const res = await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: '  World   News ', description: 'Outside our borders' } });
  t.equal(res.statusCode, 201);
  const tag = res.json() as TagJson;
  t.match(tag.id, /^tag_[0-9a-z]{26}$/);
  t.equal(res.headers.location, `http://127.0.0.1:3000/tags/${tag.id}`);
  t.same({ slug: tag.slug, name: tag.name, description: tag.description, articleCount: tag.articleCount }, { slug: 'world-news', name: 'World News', description: 'Outside our borders', articleCount: 0 });

  for (const key of [tag.id, tag.slug]) {
    const got = await app.inject({ method: 'GET', url: `/tags/${key}` });
    t.equal(got.statusCode, 200, 'anonymous may read tags');
    t.same(got.json(), tag);
  }
  t.equal((await createTag({ name: 'Économie' })).slug, 'economie', 'non-ASCII names get a slug');
  t.equal((await createTag({ name: '経済' })).slug, '経済');
  t.equal((await createTag({ name: 'Local', slug: 'home' })).slug, 'home');

  const patched = await app.inject({ method: 'PATCH', url: `/tags/${tag.slug}`, headers: editor, payload: { name: 'International', slug: 'international', description: null } });
  t.equal(patched.statusCode, 200);
  t.same((patched.json() as TagJson).slug, 'international');
  t.equal((patched.json() as TagJson).description, null);
  assertProblem(t, await app.inject({ method: 'GET', url: '/tags/world-news' }), 404, 'TAG_NOT_FOUND');

  t.equal((await app.inject({ method: 'DELETE', url: `/tags/${tag.id}`, headers: editor })).statusCode, 204);
  assertProblem(t, await app.inject({ method: 'GET', url: `/tags/${tag.id}` }), 404, 'TAG_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/tags/${tag.id}`, headers: editor }), 404, 'TAG_NOT_FOUND');
});

t.test('names are unique regardless of case, slugs are unique: 409', async (t) => {
  const { app, editor, createTag } = await setup(t);
  const climate = await createTag({ name: 'Climate' });
  await createTag({ name: 'Energy' });
  const dupName = await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'CLIMATE' } });
  const problem = assertProblem(t, dupName, 409, 'NAME_TAKEN');
  t.match(problem.detail, /Climate/);
  assertProblem(t, await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Weather', slug: 'climate' } }), 409, 'SLUG_TAKEN');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/tags/energy', headers: editor, payload: { name: 'climate' } }), 409, 'NAME_TAKEN');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/tags/energy', headers: editor, payload: { slug: 'climate' } }), 409, 'SLUG_TAKEN');
  t.equal((await createTag({ name: 'Climate!' })).slug, 'climate-2', 'a generated slug is made unique instead');
  const renamedCase = await app.inject({ method: 'PATCH', url: `/tags/${climate.id}`, headers: editor, payload: { name: 'CLIMATE' } });
  t.equal(renamedCase.statusCode, 200, 'a tag may change the case of its own name');
  const list = (await app.inject({ method: 'GET', url: '/tags' })).json() as { meta: { total: number } };
  t.equal(list.meta.total, 3, 'refused tags were not stored');
});

t.test('validation and roles', async (t) => {
  const { app, editor } = await setup(t);
  for (const payload of [{}, { name: '' }, { name: '  ' }, { name: 'x'.repeat(101) }, { name: 'ok', slug: 'Not A Slug' }, { name: 'ok', color: 'red' }]) {
    assertProblem(t, await app.inject({ method: 'POST', url: '/tags', headers: editor, payload }), 400, 'VALIDATION_FAILED');
  }
  assertProblem(t, await app.inject({ method: 'POST', url: '/tags', payload: { name: 'Anon' } }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/tags/x', payload: { name: 'Anon' } }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'DELETE', url: '/tags/x' }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/tags?sort=random' }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/tags/nope', headers: editor, payload: { name: 'x' } }), 404, 'TAG_NOT_FOUND');
});

t.test('articleCount counts what the caller may see; lists sort by name or count', async (t) => {
  const { app, editor, createArticle } = await setup(t);
  await createArticle({ title: 'P1', status: 'published', tags: ['Zebra', 'alpha'] });
  await createArticle({ title: 'P2', status: 'published', tags: ['Zebra'] });
  await createArticle({ title: 'P3', status: 'published', tags: ['Zebra', 'Middle'] });
  await createArticle({ title: 'D1', tags: ['alpha', 'Middle'] });
  await createArticle({ title: 'D2', tags: ['alpha', 'Middle'] });
  await createArticle({ title: 'S1', status: 'scheduled', publishedAt: new Date(Date.now() + 3_600_000).toISOString(), tags: ['alpha'] });

  const byName = (await app.inject({ method: 'GET', url: '/tags' })).json() as { data: TagJson[]; meta: { total: number } };
  t.same(byName.data.map((tag) => [tag.name, tag.articleCount]), [['alpha', 1], ['Middle', 1], ['Zebra', 3]], 'by name, case-insensitively; anonymous counts');
  const editors = (await app.inject({ method: 'GET', url: '/tags', headers: editor })).json() as { data: TagJson[] };
  t.same(editors.data.map((tag) => [tag.name, tag.articleCount]), [['alpha', 4], ['Middle', 3], ['Zebra', 3]], 'editors count every status');
  const byCount = (await app.inject({ method: 'GET', url: '/tags?sort=-articleCount' })).json() as { data: TagJson[] };
  t.same(byCount.data.map((tag) => tag.name), ['Zebra', 'alpha', 'Middle'], 'most used first, ties by name');
  const editorsByCount = (await app.inject({ method: 'GET', url: '/tags?sort=-articleCount&limit=2&page=2', headers: editor })).json() as { data: TagJson[]; meta: unknown };
  t.same(editorsByCount.data.map((tag) => tag.name), ['Zebra']);
  t.same(editorsByCount.meta, { page: 2, limit: 2, total: 3, pages: 2 });
  t.equal(((await app.inject({ method: 'GET', url: '/tags/alpha' })).json() as TagJson).articleCount, 1);
  t.equal(((await app.inject({ method: 'GET', url: '/tags/alpha', headers: editor })).json() as TagJson).articleCount, 4);
});

t.test('deleting a tag removes it from its articles, bumps their version, touches nothing else', async (t) => {
  const { app, editor, createArticle } = await setup(t);
  const tagged = await createArticle({ title: 'Tagged', status: 'published', tags: ['Doomed', 'Kept'] });
  const other = await createArticle({ title: 'Other', tags: ['Kept'] });
  const before = await app.inject({ method: 'GET', url: `/articles/${tagged.id}` });

  t.equal((await app.inject({ method: 'DELETE', url: '/tags/doomed', headers: editor })).statusCode, 204);
  const after = await app.inject({ method: 'GET', url: `/articles/${tagged.id}` });
  const afterJson = after.json() as { version: number; tags: { slug: string }[] };
  t.same(afterJson.tags.map((tag) => tag.slug), ['kept']);
  t.equal(afterJson.version, tagged.version + 1, 'version bumped');
  t.not(after.headers.etag, before.headers.etag, 'ETag changed');
  const otherAfter = (await app.inject({ method: 'GET', url: `/articles/${other.id}`, headers: editor })).json() as { version: number };
  t.equal(otherAfter.version, other.version, 'articles without the tag are untouched');
  t.equal(((await app.inject({ method: 'GET', url: '/tags/kept' })).json() as TagJson).articleCount, 1, 'other tags stay');
  t.equal(((await app.inject({ method: 'GET', url: '/articles?tag=doomed' })).json() as { meta: { total: number } }).meta.total, 0);
});

t.test('renaming a tag changes the ETag of its articles', async (t) => {
  const { app, editor, createArticle } = await setup(t);
  const article = await createArticle({ title: 'Tagged', status: 'published', tags: ['Old name'] });
  const before = await app.inject({ method: 'GET', url: `/articles/${article.slug}` });
  await app.inject({ method: 'PATCH', url: '/tags/old-name', headers: editor, payload: { name: 'New name' } });
  const after = await app.inject({ method: 'GET', url: `/articles/${article.slug}`, headers: { 'if-none-match': before.headers.etag as string } });
  t.equal(after.statusCode, 200, 'the old ETag no longer matches');
  t.equal((after.json() as { tags: { name: string; slug: string }[] }).tags[0]?.name, 'New name');
  t.equal((after.json() as { tags: { name: string; slug: string }[] }).tags[0]?.slug, 'old-name', 'the slug stays unless changed');
});
