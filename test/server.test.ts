import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { runServerToExit, startServer } from './helpers/process.js';
import { waitFor } from './helpers/wait.js';

const KEY = 'process-test-admin-key';

t.test('a bad configuration stops the process with a message naming the variable', async (t) => {
  const { code, output } = await runServerToExit({ CMS_DB_SYNCHRONOUS: 'sometimes', CMS_DB_PATH: join(mkdtempSync(join(tmpdir(), 'cms-')), 'x.sqlite') });
  t.equal(code, 1);
  t.match(output, /CMS_DB_SYNCHRONOUS="sometimes" is invalid/);
  t.notMatch(output, /at .*\.ts:\d+/, 'no stack trace for an operator mistake');
});

t.test('starts on an empty directory, serves, and shuts down gracefully on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-server-'));
  const dbPath = join(dir, 'data', 'cms.sqlite');
  const server = await startServer({ CMS_DB_PATH: dbPath, CMS_ADMIN_KEY: KEY });
  const startup = /"startupMs":(\d+)/.exec(server.output());
  t.ok(startup, 'logs its start-up time');
  t.comment(`start-up on an empty directory: ${startup?.[1] ?? '?'} ms (including TypeScript loading through tsx)`);

  const health = await fetch(`${server.url}/health`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });
  t.equal((await fetch(`${server.url}/ready`)).status, 200);
  const docs = await fetch(`${server.url}/docs/`);
  t.equal(docs.status, 200);
  t.match(await docs.text(), /swagger/i);

  const created = await fetch(`${server.url}/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Survives shutdown', status: 'published' }),
  });
  t.equal(created.status, 201);
  t.match(server.output(), /"requestId":"[0-9a-f-]{36}"/, 'structured logs carry request ids');
  const cacheStates: (string | null)[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${server.url}/articles/survives-shutdown`);
    await res.arrayBuffer();
    cacheStates.push(res.headers.get('x-cache'));
  }
  t.same(cacheStates, ['MISS', 'HIT'], 'the second answer came from the response cache');
  const logged = () => server.output().split('\n').filter((line) => line.includes('"url":"/articles/survives-shutdown"')).length;
  await waitFor('both requests in the log', () => logged() >= 2, 5000).catch(() => undefined);
  t.equal(logged(), 2, 'at the default level every request is logged, answers from the response cache too');
  t.notMatch(server.output(), KEY, 'the key is never logged');

  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'exits cleanly');
  t.match(server.output(), /shutting down/);
  const db = new Database(dbPath, { readonly: true });
  t.equal((db.prepare('select title from articles').get() as { title: string }).title, 'Survives shutdown');
  db.close();
});
