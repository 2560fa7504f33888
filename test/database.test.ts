import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { WRITER_CHECKPOINT_PAGES } from '../src/db/checkpointer.js';
import { migrationsFolder, openDatabase } from '../src/db/client.js';
import { ADMIN_KEY, bearer } from './helpers/app.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'cms-db-'));
const journal = () => JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };

t.test('a fresh file in a missing folder is created, in WAL mode, with the PRAGMAs set', async (t) => {
  const path = join(tempDir(), 'nested', 'deeper', 'cms.sqlite');
  for (const [synchronous, expected] of [['full', 2], ['normal', 1]] as const) {
    const db = openDatabase({ path, synchronous });
    const client = db.$client;
    t.equal(client.pragma('journal_mode', { simple: true }), 'wal');
    t.equal(client.pragma('foreign_keys', { simple: true }), 1);
    t.equal(client.pragma('synchronous', { simple: true }), expected, `synchronous=${synchronous} on every open`);
    t.equal(client.pragma('busy_timeout', { simple: true }), 5000);
    client.close();
  }
  t.ok(existsSync(path));
});

t.test('statistics of small tables are not kept, so the planner never scans a table that has since grown', async (t) => {
  const path = join(tempDir(), 'cms.sqlite');
  // FTS5 deletes a merged segment's pages with `id >= ? and id <= ?`: with the 2 rows of a fresh
  // index on record, the planner chose to scan the whole (later huge) table for each of them.
  const ftsRangePlan = (client: Database.Database) =>
    (client.prepare('explain query plan select id from articles_fts_data where id >= ? and id <= ?').all(1, 9) as { detail: string }[]).map((row) => row.detail).join('; ');
  const recorded = (client: Database.Database) => client.prepare('select tbl, cast(stat as integer) as n from sqlite_stat1').all() as { tbl: string; n: number }[];
  let db = openDatabase({ path, synchronous: 'normal' });
  t.match(ftsRangePlan(db.$client), /SEARCH articles_fts_data USING INTEGER PRIMARY KEY/, 'a fresh database: range by key');
  t.same(recorded(db.$client).filter((row) => row.n < 1000), [], 'no statistics of tables under 1,000 rows');
  t.equal(db.$client.prepare("select count(*) from sqlite_stat4 where tbl like 'articles_fts%'").pluck().get(), 0, 'nor their samples');
  const insert = db.$client.prepare("insert into tags (id, slug, name, name_key, created_at, updated_at) values (?, ?, ?, ?, '2026-01-01', '2026-01-01')");
  db.$client.transaction(() => {
    for (let i = 0; i < 1500; i++) insert.run(`tag_${i}`, `tag-${i}`, `Tag ${i}`, `tag ${i}`);
  })();
  db.$client.close();
  db = openDatabase({ path, synchronous: 'normal' });
  t.ok(recorded(db.$client).some((row) => row.tbl === 'tags' && row.n === 1500), 'a table of 1,500 rows keeps its statistics');
  t.match(ftsRangePlan(db.$client), /SEARCH articles_fts_data USING INTEGER PRIMARY KEY/, 'reopened: still by key');
  db.$client.close();
});

t.test('old files come up current: every earlier migration state is migrated at open', async (t) => {
  const { entries } = journal();
  const applied = (path: string) => (new Database(path).prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
  for (let k = 0; k < entries.length; k++) {
    const dir = tempDir();
    const partial = join(dir, 'migrations');
    cpSync(migrationsFolder, partial, { recursive: true });
    writeFileSync(join(partial, 'meta/_journal.json'), JSON.stringify({ ...journal(), entries: entries.slice(0, k) }));
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    if (k > 0) migrate(drizzle({ client: old }), { migrationsFolder: partial });
    old.close();

    const db = openDatabase({ path, synchronous: 'full' });
    db.$client.close();
    t.equal(applied(path), entries.length, `from ${k} of ${entries.length} migrations`);
  }
  const path = join(tempDir(), 'twice.sqlite');
  openDatabase({ path, synchronous: 'full' }).$client.close();
  openDatabase({ path, synchronous: 'full' }).$client.close();
  t.equal(applied(path), entries.length, 'opening twice applies nothing twice');
});

t.test('migrations/ is current with src/db/schema.ts', async (t) => {
  const out = join(tempDir(), 'migrations');
  cpSync(migrationsFolder, out, { recursive: true });
  const before = readdirSync(out).sort();
  execFileSync(process.execPath, ['node_modules/drizzle-kit/bin.cjs', 'generate', '--dialect', 'sqlite', '--schema', 'src/db/schema.ts', '--casing', 'snake_case', '--out', out], { stdio: 'pipe' });
  t.same(readdirSync(out).sort(), before, 'src/db/schema.ts changed without a migration: run `npm run db:generate` and commit migrations/');
});

t.test('data survives a restart of the app on the same file', async (t) => {
  const path = join(tempDir(), 'cms.sqlite');
  const config = loadConfig({ CMS_DB_PATH: path, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY });
  const first = await buildApp(config);
  const created = await first.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Durable', tags: ['Kept'] } });
  t.equal(created.statusCode, 201);
  await first.close();
  t.notOk(existsSync(`${path}-wal`) && readFileSync(`${path}-wal`).length > 0, 'the WAL is folded into the file at close');

  const second = await buildApp(config);
  t.teardown(() => second.close());
  const read = await second.inject({ method: 'GET', url: '/articles/durable', headers: bearer(ADMIN_KEY) });
  t.equal(read.statusCode, 200);
  t.same(read.json(), created.json());
});

t.test('committed writes reach the database file through the background checkpointer, not the writer', async (t) => {
  const dir = tempDir();
  const path = join(dir, 'cms.sqlite');
  const app = await buildApp(loadConfig({ CMS_DB_PATH: path, LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY }));
  t.teardown(() => app.close());
  t.equal(app.db.$client.pragma('wal_autocheckpoint', { simple: true }), WRITER_CHECKPOINT_PAGES, 'the writer keeps its own checkpoints as a safety net only');
  const created = await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Checkpointed', status: 'published' } });
  t.equal(created.statusCode, 201);
  // The database file alone (without its WAL) holds what was checkpointed into it.
  const fileAlone = (): string | undefined => {
    const copy = join(dir, `copy-${String(Date.now())}.sqlite`);
    cpSync(path, copy);
    const db = new Database(copy, { readonly: true });
    try {
      return (db.prepare("select title from articles where slug = 'checkpointed'").pluck().get() as string | undefined) ?? undefined;
    } catch {
      return undefined;
    } finally {
      db.close();
    }
  };
  const deadline = Date.now() + 10_000;
  while (fileAlone() === undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  t.equal(fileAlone(), 'Checkpointed', 'in the database file within moments, the WAL far below the writer\'s limit');
});

t.test('deleting an article cascades to its tag assignments and links', async (t) => {
  const db = openDatabase({ path: ':memory:', synchronous: 'full' });
  t.teardown(() => db.$client.close());
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY }), { db });
  t.teardown(() => app.close());
  const a = (await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'A', tags: ['x', 'y'] } })).json() as { id: string };
  const b = (await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'B' } })).json() as { id: string };
  db.$client.prepare('insert into article_links (source_id, target_id, position) values (?, ?, 0), (?, ?, 0)').run(a.id, b.id, b.id, a.id);
  const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
  t.equal(count('select count(*) as n from article_tags'), 2);
  t.equal((await app.inject({ method: 'DELETE', url: `/articles/${a.id}`, headers: bearer(ADMIN_KEY) })).statusCode, 204);
  t.equal(count('select count(*) as n from article_tags'), 0, 'tag assignments gone');
  t.equal(count('select count(*) as n from article_links'), 0, 'links to and from it gone');
  t.equal(count('select count(*) as n from tags'), 2, 'the tags themselves stay');
  t.same(db.$client.pragma('foreign_key_check'), []);
});
