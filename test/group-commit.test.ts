import Fastify from 'fastify';
import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { GroupCommit } from '../src/db/group-commit.js';
import { beforeCommit, inTransaction } from '../src/db/transaction.js';
import { createContentServices } from '../src/modules/content.js';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const app = await buildTestApp(t);
  const editor = bearer(await createKey(app, 'editor'));
  const create = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/articles', headers: editor, payload });
  const slugs = () => app.db.$client.prepare('select slug from articles order by slug').pluck().all() as string[];
  return { app, editor, create, slugs };
}

t.test('concurrent writes share a transaction, and one that fails is rolled back alone', async (t) => {
  const { app, editor, create, slugs } = await setup(t);
  t.equal((await create({ title: 'Taken', slug: 'taken' })).statusCode, 201);

  const answers = await Promise.all([
    create({ title: 'First', slug: 'first' }),
    create({ title: 'Clash', slug: 'taken' }),
    create({ title: 'Second', slug: 'second', tags: ['news'] }),
  ]);
  t.same(
    answers.map((res) => res.statusCode),
    [201, 409, 201],
  );
  assertProblem(t, answers[1]!, 409);
  t.same(slugs(), ['first', 'second', 'taken'], 'the others committed; the clash left nothing');
  const tags = await app.inject({ method: 'GET', url: '/articles/second', headers: editor });
  t.same((tags.json() as { tags: { slug: string }[] }).tags.map((tag) => tag.slug), ['news'], 'each write whole');
});

t.test('when SQLite rolls the group back, every write in it fails, and the writes after it commit', async (t) => {
  const { app, create, slugs } = await setup(t);
  // RAISE(ROLLBACK) ends the whole transaction, as an I/O error or a full disk would.
  app.db.$client.exec(`CREATE TEMP TRIGGER poison AFTER INSERT ON articles WHEN new.slug = 'poison' BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END`);

  const [before, poison, after] = await Promise.all([create({ title: 'Before', slug: 'before' }), create({ title: 'Poison', slug: 'poison' }), create({ title: 'After', slug: 'after' })]);
  assertProblem(t, before!, 500);
  assertProblem(t, poison!, 500);
  t.equal(after!.statusCode, 201, `the write queued after the failure ran in a group of its own: ${after!.body}`);
  t.same(slugs(), ['after'], 'the write that shared the rolled-back transaction is not there, and was not acknowledged');
  t.notOk(app.db.$client.inTransaction, 'no transaction left open');

  const again = await create({ title: 'Before', slug: 'before' });
  t.equal(again.statusCode, 201, 'a retry succeeds');
});

t.test("a group's articles are indexed for search together, as they are when it commits", async (t) => {
  const { app, editor, create } = await setup(t);
  const found = async (q: string) =>
    ((await app.inject({ method: 'GET', url: `/articles?q=${q}&status=draft`, headers: editor })).json() as { data: { slug: string }[] }).data.map((a) => a.slug).sort();
  t.equal((await create({ title: 'Harbour cranes', slug: 'cranes' })).statusCode, 201);

  const [one, two, edited] = await Promise.all([
    create({ title: 'Harbour ferries', slug: 'ferries' }),
    create({ title: 'Harbour tolls', slug: 'tolls' }),
    app.inject({ method: 'PATCH', url: '/articles/cranes', headers: editor, payload: { title: 'Harbour gantries' } }),
  ]);
  t.same([one!.statusCode, two!.statusCode, edited!.statusCode], [201, 201, 200]);
  t.same(await found('harbour'), ['cranes', 'ferries', 'tolls'], 'all found');
  t.same(await found('gantries'), ['cranes'], 'the edit is indexed');
  t.same(await found('cranes'), [], 'its old title is not');
});

t.test('an article edited, then deleted, in one group leaves no search entry', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  t.teardown(() => db.$client.close());
  const services = createContentServices(db, Fastify({ logger: false }).log);
  t.teardown(() => {
    services.search.stop();
  });
  const article = services.articles.create({ title: 'Harbour cranes', status: 'draft' }, 'test');
  const group = new GroupCommit(db);
  const edited = group.run(() => services.articles.update(article.id, { title: 'Harbour gantries' }, 'test'));
  const deleted = group.run(() => services.articles.delete(article.id));
  await Promise.all([edited.committed, deleted.committed]);
  t.equal((await edited.result).title, 'Harbour gantries');
  t.equal((await deleted.result).id, article.id);
  const client = db.$client;
  t.equal(client.prepare('select count(*) from article_search_keys').pluck().get(), 0, 'no search key for an article that is gone');
  t.equal(client.prepare("select count(*) from articles_fts where articles_fts match 'harbour'").pluck().get(), 0, 'no entry');
});

t.test('beforeCommit: once per key, outside savepoints, just before the outermost commit; forgotten on rollback', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  t.teardown(() => db.$client.close());
  const client = db.$client;
  const runs: string[] = [];
  const task = (name: string) => () => {
    runs.push(`${name}:${client.inTransaction ? 'in' : 'out'}`);
  };

  beforeCommit(db, 'a', task('now'));
  t.same(runs, ['now:out'], 'outside a transaction it runs at once');

  runs.length = 0;
  inTransaction(db, () => {
    beforeCommit(db, 'a', task('first'));
    inTransaction(db, () => {
      beforeCommit(db, 'a', task('again'));
      beforeCommit(db, 'b', task('nested'));
    });
    t.same(runs, [], 'not yet: the transaction is still open');
  });
  t.same(runs, ['first:in', 'nested:in'], 'each key once, inside the transaction, at its end');

  runs.length = 0;
  t.throws(() =>
    inTransaction(db, () => {
      beforeCommit(db, 'c', task('rolled back'));
      throw new Error('no');
    }),
  );
  inTransaction(db, () => undefined);
  t.same(runs, [], 'a task of a rolled-back transaction never runs');
});

t.test('GroupCommit: results in order, and a failed commit fails every write of the group', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  t.teardown(() => db.$client.close());
  const client = db.$client;
  client.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))');
  const insertParent = client.prepare('INSERT INTO parent (id) VALUES (?)');
  const count = (table: string) => client.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  const group = new GroupCommit(db);

  const one = group.run(() => insertParent.run(1).changes);
  const two = group.run(() => {
    t.ok(client.inTransaction, 'writes run inside the group transaction');
    return inTransaction(db, () => {
      insertParent.run(2);
      throw new Error('refused');
    });
  });
  const three = group.run(() => String(count('parent')));
  t.equal(await one.result, 1);
  await t.rejects(two.result, /refused/, 'a write that throws gets its own error');
  t.equal(await three.result, '1', "the failed write's rows were rolled back before the next one ran");
  await Promise.all([one.committed, two.committed, three.committed]);
  t.equal(count('parent'), 1);

  // A deferred foreign key is checked at COMMIT, which then fails with the transaction still open.
  const good = group.run(() => insertParent.run(3));
  const dangling = group.run(() => {
    client.pragma('defer_foreign_keys = ON');
    client.prepare('INSERT INTO child (id, parent_id) VALUES (1, 99)').run();
  });
  await good.result;
  await dangling.result;
  await t.rejects(good.committed, /FOREIGN KEY/, 'a write the commit took down is told');
  await t.rejects(dangling.committed, /FOREIGN KEY/);
  t.equal(count('parent'), 1, 'nothing of the failed group remains');
  t.equal(count('child'), 0);
  t.notOk(client.inTransaction, 'the failed group was rolled back');

  const later = group.run(() => insertParent.run(4));
  await later.committed;
  t.equal(count('parent'), 2, 'the next group commits');
});
