import { fdatasync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { assertProblem, bearer, buildTestApp, createKey } from './helpers/app.js';

t.test('after a failed sync nothing more is acknowledged: writes are refused before they run, and readiness says so', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-sync-')), 'cms.sqlite');
  // The disk: fdatasync, until it reports an I/O error as a failing disk would.
  let failing = false;
  const syncWal = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void): void => {
    if (failing) callback(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5, syscall: 'fdatasync' }));
    else fdatasync(fd, callback);
  };
  const app = await buildTestApp(t, { CMS_DB_PATH: path }, { syncWal });
  const editor = bearer(await createKey(app, 'editor'));
  const create = (title: string) => app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title } });
  const count = () => app.db.$client.prepare('select count(*) from articles').pluck().get();

  t.equal((await create('Synced')).statusCode, 201);
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);

  failing = true;
  const unsynced = await create('Not on stable storage');
  assertProblem(t, unsynced, 500);
  t.notOk(unsynced.headers.location, 'not acknowledged');
  t.equal(count(), 2, 'committed to the WAL, which a restart recovers or not');

  failing = false;
  const refused = await create('After the failure');
  const problem = assertProblem(t, refused, 503, 'UNAVAILABLE');
  t.match(problem.detail, /restart/, 'says what to do');
  t.equal(count(), 2, 'a refused write changes nothing');
  assertProblem(t, await app.inject({ method: 'DELETE', url: '/articles/synced', headers: editor }), 503, 'UNAVAILABLE');
  t.equal(count(), 2);

  t.equal((await app.inject({ method: 'GET', url: '/articles/synced', headers: editor })).statusCode, 200, 'reads go on');
  assertProblem(t, await app.inject({ method: 'GET', url: '/ready' }), 503, 'UNAVAILABLE');
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'the process is alive; it needs a restart, not a kill loop');
});
