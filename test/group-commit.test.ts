import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { GroupCommit } from '../src/db/group-commit.js';
import { inTransaction } from '../src/db/transaction.js';
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
