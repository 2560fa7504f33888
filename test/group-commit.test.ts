import { fdatasync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { GroupCommit, WriteNotStoredError } from '../src/db/group-commit.js';
import { afterCommit, beforeCommit, inTransaction } from '../src/db/transaction.js';
import { createContentServices } from '../src/modules/content.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';
import { waitFor } from './helpers/wait.js';

/** RAISE(ROLLBACK) ends the whole transaction, as an I/O error or a full disk would. */
function poison(app: TestApp): void {
  app.db.$client.exec(`CREATE TEMP TRIGGER poison AFTER INSERT ON articles WHEN new.slug = 'poison' BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END`);
}

/** These tests' writes must share one group however slow the machine: no time budget. */
const oneGroup = { groupBudgetMs: Number.POSITIVE_INFINITY };

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const app = await buildTestApp(t, {}, oneGroup);
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
  poison(app);

  const [before, poisoned, after] = await Promise.all([create({ title: 'Before', slug: 'before' }), create({ title: 'Poison', slug: 'poison' }), create({ title: 'After', slug: 'after' })]);
  for (const res of [before!, poisoned!]) {
    assertProblem(t, res, 503, 'UNAVAILABLE');
    t.equal(res.headers['retry-after'], '1', 'the client is told to retry');
    t.notOk(res.headers.location, 'no Location for what does not exist');
  }
  t.equal(after!.statusCode, 201, 'the write queued after the failure ran in a group of its own');
  t.same(slugs(), ['after'], 'the write that shared the rolled-back transaction is not there, and was not acknowledged');
  t.notOk(app.db.$client.inTransaction, 'no transaction left open');

  const again = await create({ title: 'Before', slug: 'before' });
  t.equal(again.statusCode, 201, 'a retry succeeds');
});

t.test('a 204 of a group that did not commit becomes a 503, and what it deleted is still there', async (t) => {
  const { app, editor, create, slugs } = await setup(t);
  poison(app);
  t.equal((await create({ title: 'Kept', slug: 'kept' })).statusCode, 201);
  // With a (JSON) body, so that it is read in the same turn as the create after it.
  const [deleted, poisoned] = await Promise.all([app.inject({ method: 'DELETE', url: '/articles/kept', headers: editor, payload: {} }), create({ title: 'Poison', slug: 'poison' })]);
  assertProblem(t, deleted!, 503, 'UNAVAILABLE');
  assertProblem(t, poisoned!, 503, 'UNAVAILABLE');
  t.same(slugs(), ['kept']);
});

t.test('a client error that rests on a write the group then lost is not sent', async (t) => {
  const { app, create, slugs } = await setup(t);
  poison(app);
  // The second sees the slug the first took (409), then the group is rolled back: the slug is free.
  const answers = await Promise.all([create({ title: 'One', slug: 'x' }), create({ title: 'Two', slug: 'x' }), create({ title: 'Poison', slug: 'poison' })]);
  for (const res of answers) assertProblem(t, res, 503, 'UNAVAILABLE');
  t.same(slugs(), []);
  t.equal((await create({ title: 'Two', slug: 'x' })).statusCode, 201, 'the slug was free after all');
});

t.test('caches filled inside a group that was rolled back are not used', async (t) => {
  const { app, editor, create } = await setup(t);
  poison(app);
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'News' } })).statusCode, 201);
  const count = async () => ((await app.inject({ method: 'GET', url: '/tags/news', headers: editor })).json() as { articleCount: number }).articleCount;
  t.equal(await count(), 0);
  // The tagged article, then a read of the tag's count (cached until content changes), then the rollback.
  const answers = await Promise.all([
    create({ title: 'Tagged', tags: ['news'] }),
    app.inject({ method: 'PATCH', url: '/tags/news', headers: editor, payload: {} }),
    create({ title: 'Poison', slug: 'poison' }),
  ]);
  t.same(
    answers.map((res) => res.statusCode),
    [503, 503, 503],
  );
  t.equal(await count(), 0, 'the count of what was stored, not of what the group saw');
});

t.test('a write route that awaits before writing runs outside groups', async (t) => {
  const app = await buildTestApp(t, { CMS_WEBHOOK_ALLOW_PRIVATE: 'true' }, oneGroup);
  const editor = bearer(await createKey(app, 'editor'));
  poison(app);
  // Had the webhook's handler run in the group, after a write, it would wait for the group's fate
  // although its own write, after the DNS check, commits on its own.
  const [before, webhook, poisoned] = await Promise.all([
    app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Before' } }),
    app.inject({ method: 'POST', url: '/webhooks', headers: bearer(ADMIN_KEY), payload: { url: 'http://127.0.0.1:9/hook' } }),
    app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Poison', slug: 'poison' } }),
  ]);
  t.equal(before!.statusCode, 503);
  t.equal(poisoned!.statusCode, 503);
  t.equal(webhook!.statusCode, 201, 'its own write committed, and it says so');
  const stored = app.db.$client.prepare('select count(*) from webhook_endpoints').pluck().get();
  t.equal(stored, 1);
});

t.test('more writes in one turn than one group holds: all commit', async (t) => {
  const { create, slugs } = await setup(t);
  const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => create({ title: `Story ${i}`, slug: `story-${i}` })));
  t.ok(
    answers.every((res) => res.statusCode === 201),
    'every one 201',
  );
  t.equal(slugs().length, 150);
});

t.test('a group closes once its writes have run for its budget: the rest commit in the next turn, and the first answers go out meanwhile', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-group-')), 'cms.sqlite');
  let syncs = 0;
  /** While set, syncs wait in it for the test to let them run. */
  let held: (() => void)[] | undefined;
  const syncWal = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void => {
    syncs++;
    const sync = () => {
      fdatasync(fd, callback);
    };
    if (held === undefined) sync();
    else held.push(sync);
  };
  // A budget of 0: every group closes after its first write.
  const app = await buildTestApp(t, { CMS_DB_PATH: path }, { syncWal, groupBudgetMs: 0 });
  const editor = bearer(await createKey(app, 'editor'));
  const create = (title: string) => app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title } });
  poison(app);

  const before = syncs;
  const answers = await Promise.all([create('One'), app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Poison', slug: 'poison' } }), create('Three')]);
  t.same(
    answers.map((res) => res.statusCode),
    [201, 503, 201],
    'each write in a group of its own: only the one SQLite rolled back failed',
  );
  t.equal(syncs - before, 2, 'each group that committed was synced, as it committed');

  held = [];
  const answered: string[] = [];
  const pair = ['First', 'Second'].map((title) =>
    create(title).then((res) => {
      answered.push(title);
      return res;
    }),
  );
  const stored = () => app.db.$client.prepare("select count(*) from articles where title in ('First', 'Second')").pluck().get();
  await waitFor('both groups to commit while the first one syncs', () => stored() === 2 && held?.length === 1);
  held.shift()?.();
  await waitFor('the answer of the group that synced', () => answered.length === 1);
  await waitFor("the second group's sync, started once the first had succeeded", () => held?.length === 1);
  t.equal(answered.length, 1, 'the other answer waits for its own sync');
  held.shift()?.();
  held = undefined;
  t.same(
    (await Promise.all(pair)).map((res) => res.statusCode),
    [201, 201],
  );
});

t.test('when the group cannot begin (another process holds the write lock), its writes answer 503 and nothing is kept', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-group-')), 'cms.sqlite');
  const app = await buildTestApp(t, { CMS_DB_PATH: path });
  const editor = bearer(await createKey(app, 'editor'));
  const other = new Database(path);
  t.teardown(() => other.close());
  app.db.$client.pragma('busy_timeout = 50');
  other.exec('BEGIN IMMEDIATE');
  const answers = await Promise.all([1, 2].map((i) => app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: `Locked ${i}` } })));
  for (const res of answers) assertProblem(t, res, 503, 'UNAVAILABLE');
  other.exec('ROLLBACK');
  t.equal(app.db.$client.prepare('select count(*) from articles').pluck().get(), 0);
  t.equal((await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Free' } })).statusCode, 201, 'writes again once the lock is free');
});

t.test("a group's articles are indexed for search together, as they are when it commits", async (t) => {
  const { app, editor, create } = await setup(t);
  const found = async (q: string) =>
    ((await app.inject({ method: 'GET', url: `/articles?q=${q}&status=draft`, headers: editor })).json() as { data: { slug: string }[] }).data.map((a) => a.slug).sort();
  t.equal((await create({ title: 'Harbour cranes', slug: 'cranes' })).statusCode, 201);
  const segments = () => app.db.$client.prepare('select count(distinct segid) from articles_fts_idx').pluck().get() as number;
  const segmentsBefore = segments();

  const [one, two, edited] = await Promise.all([
    create({ title: 'Harbour ferries', slug: 'ferries' }),
    create({ title: 'Harbour tolls', slug: 'tolls' }),
    app.inject({ method: 'PATCH', url: '/articles/cranes', headers: editor, payload: { title: 'Harbour gantries' } }),
  ]);
  t.same([one!.statusCode, two!.statusCode, edited!.statusCode], [201, 201, 200]);
  t.equal(segments(), segmentsBefore + 1, 'the group wrote one search index segment, not one per article');
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
  const deleted = group.run(() => services.articles.delete(article.id, 'test'));
  await Promise.all([edited.committed, deleted.committed]);
  t.equal((await edited.result).title, 'Harbour gantries');
  t.equal((await deleted.result).deleted.id, article.id);
  const client = db.$client;
  t.equal(client.prepare('select count(*) from article_search_keys').pluck().get(), 0, 'no search key for an article that is gone');
  t.equal(client.prepare("select count(*) from articles_fts where articles_fts match 'harbour'").pluck().get(), 0, 'no entry');
});

t.test('beforeCommit and afterCommit: once per key, at the outermost commit; forgotten on rollback', async (t) => {
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

  runs.length = 0;
  t.throws(() =>
    inTransaction(db, () => {
      beforeCommit(db, 'd', task('never'), task('discarded'));
      afterCommit(db, 'd', task('never after'));
      throw new Error('no');
    }),
  );
  t.same(runs, ['discarded:out'], 'told when its transaction rolled back');

  runs.length = 0;
  inTransaction(db, () => {
    afterCommit(db, 'e', task('after'));
    afterCommit(db, 'e', task('after again'));
    beforeCommit(db, 'e', task('before'));
  });
  t.same(runs, ['before:in', 'after:out'], 'after-commit tasks run once the transaction has committed, once per key');

  runs.length = 0;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  t.doesNotThrow(() => {
    inTransaction(db, () => {
      afterCommit(db, 'f', () => {
        throw new Error('after-commit failure');
      });
      afterCommit(db, 'g', task('still runs'));
    });
  }, 'the write committed: a failing after-commit task does not make it fail');
  t.same(runs, ['still runs:out']);
  await new Promise((resolve) => setImmediate(resolve));
  t.match(warnings.join(), /after-commit failure/, 'it is reported');

  runs.length = 0;
  t.throws(() =>
    inTransaction(db, () => {
      beforeCommit(db, 'h', () => {
        throw new Error('before-commit failure');
      });
      beforeCommit(db, 'i', task('not run'), task('told'));
    }),
  );
  t.same(runs, ['told:in'], 'a task left unrun by a failing one is told');
});

t.test('GroupCommit: a commit task that throws fails the group, and nothing of it is kept', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  t.teardown(() => db.$client.close());
  const client = db.$client;
  client.exec('CREATE TABLE item (id INTEGER PRIMARY KEY)');
  const group = new GroupCommit(db);
  const write = group.run(() => {
    client.prepare('INSERT INTO item (id) VALUES (1)').run();
    beforeCommit(db, 'boom', () => {
      throw new Error('boom');
    });
  });
  await write.result;
  const failure = await write.committed.then(
    () => undefined,
    (error: unknown) => error,
  );
  t.ok(failure instanceof WriteNotStoredError);
  t.match(String((failure as Error).cause), /boom/);
  t.equal(client.prepare('SELECT count(*) FROM item').pluck().get(), 0);
  t.notOk(client.inTransaction);
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
  const failure = await good.committed.then(
    () => undefined,
    (error: unknown) => error,
  );
  t.ok(failure instanceof WriteNotStoredError, 'a write the commit took down is told');
  t.match(String((failure as Error).cause), /FOREIGN KEY/, 'with the cause');
  await t.rejects(dangling.committed, WriteNotStoredError);
  t.equal(count('parent'), 1, 'nothing of the failed group remains');
  t.equal(count('child'), 0);
  t.notOk(client.inTransaction, 'the failed group was rolled back');

  const later = group.run(() => insertParent.run(4));
  await later.committed;
  t.equal(count('parent'), 2, 'the next group commits');
});
