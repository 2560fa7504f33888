import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import t from 'tap';
import { backupDatabase } from '../src/db/backup.js';
import { ADMIN_KEY, bearer, buildTestApp } from './helpers/app.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function runBackupCli(env: Record<string, string>, target: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/backup.ts', target], { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

t.test('an online backup taken while writes go on is consistent and serves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-backup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'live', 'cms.sqlite');
  const app = await buildTestApp(t, { CMS_DB_PATH: dbPath });
  const admin = bearer(ADMIN_KEY);

  let acked = 0;
  let writing = true;
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      const res = await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: `Backup article ${n}`, status: 'published', tags: [`Topic ${n % 7}`] } });
      if (res.statusCode !== 201) throw new Error(`write failed: ${res.statusCode} ${res.body}`);
      acked++;
    }
  })();

  while (acked < 20) await new Promise((resolve) => setTimeout(resolve, 10));
  const ackedBeforeApi = acked;
  const apiCopy = await backupDatabase(dbPath, join(dir, 'copies', 'api.sqlite'));
  const ackedBeforeCli = acked;
  const cli = await runBackupCli({ CMS_DB_PATH: dbPath }, join(dir, 'copies', 'cli.sqlite'));
  t.equal(cli.code, 0, `npm run backup exits 0: ${cli.output.trim()}`);
  t.match(cli.output, /integrity ok/);
  writing = false;
  await writer;
  t.ok(acked > ackedBeforeCli, `writes went on during the backups (${acked} in all)`);

  for (const [path, atLeast] of [[apiCopy.path, ackedBeforeApi], [join(dir, 'copies', 'cli.sqlite'), ackedBeforeCli]] as const) {
    t.notOk(existsSync(`${path}.partial`), 'no partial file left');
    const copy = new Database(path, { readonly: true });
    t.equal(copy.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check ok');
    t.same(copy.pragma('foreign_key_check'), [], 'foreign_key_check empty');
    const articles = copy.prepare('select count(*) from articles').pluck().get() as number;
    const tagged = copy.prepare('select count(distinct article_id) from article_tags').pluck().get() as number;
    copy.close();
    t.ok(articles >= atLeast, `the copy holds every write acknowledged before it began (${articles} ≥ ${atLeast})`);
    t.equal(tagged, articles, 'and no article without its tag (each write whole)');

    // Restore = start the app on the copy: migrations apply, content serves.
    const restored = await buildTestApp(t, { CMS_DB_PATH: path });
    const list = await restored.inject({ method: 'GET', url: '/articles?limit=1', headers: admin });
    t.equal(list.statusCode, 200);
    t.equal((list.json() as { meta: { total: number } }).meta.total, articles, 'the restored app serves the copy');
    t.equal((await restored.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    await restored.close();
  }

  const bad = await runBackupCli({ CMS_DB_PATH: join(dir, 'missing.sqlite') }, join(dir, 'copies', 'x.sqlite'));
  t.equal(bad.code, 1, 'a missing database is an error');
  t.match(bad.output, /backup failed/);
});
