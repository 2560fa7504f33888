// The production build is one bundled ES module (scripts/bundle.ts, `npm start`). Bundling can
// break what only runs late — a module loaded on first use, a file read from a package folder —
// so the bundle is built here and driven through every part that loads something of its own.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import t from 'tap';
import { bundleOptions } from '../scripts/bundle.js';
import { startServer, stopServer } from './helpers/process.js';
import { startReceiver } from './helpers/receiver.js';
import { startSmtp } from './helpers/smtp.js';
import { waitFor } from './helpers/wait.js';

const KEY = 'bundle-test-admin-key';

t.test('the bundled server serves the API, docs, reader, feeds, mail and webhooks', async (t) => {
  // Inside the project (under .tap/, ignored), so that it finds migrations and files as dist/ does.
  const out = fileURLToPath(new URL(`../.tap/bundle-${process.pid}/`, import.meta.url));
  mkdirSync(out, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'cms-bundle-'));
  t.teardown(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });
  await build(bundleOptions(out));

  const smtp = await startSmtp(t);
  const receiver = await startReceiver(t);
  const server = await startServer(
    { CMS_DB_PATH: join(data, 'cms.sqlite'), CMS_ADMIN_KEY: KEY, SMTP_URL: smtp.url, CMS_WEBHOOK_ALLOW_PRIVATE: 'true', CMS_SERVE_READER: 'true' },
    join(out, 'server.mjs'),
  );
  t.teardown(() => stopServer(server));
  const api = (path: string, init: { method?: string; body?: string } = {}) =>
    fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } });

  for (const path of ['/health', '/docs/', '/docs/static/swagger-initializer.js', '/openapi.json', '/reader/', '/reader/front.js']) {
    t.equal((await fetch(`${server.url}${path}`)).status, 200, path);
  }
  const hook = await api('/webhooks', { method: 'POST', body: JSON.stringify({ url: receiver.url, events: ['article.published'] }) });
  t.equal(hook.status, 201, 'a webhook endpoint');

  // Long enough to be rendered on the render thread (its own bundle entry).
  const body = `# Hello\n\n<script>x</script> **bold** https://example.org\n\n${'A paragraph long enough for the render thread. '.repeat(20)}`;
  const created = await api('/articles', { method: 'POST', body: JSON.stringify({ title: 'Bundled', status: 'published', body, tags: ['Tech'] }) });
  t.equal(created.status, 201);
  const article = (await created.json()) as { html: string; slug: string };
  t.match(article.html, /<strong>bold<\/strong>/, 'Markdown rendered');
  t.notMatch(article.html, /<script>/, 'and sanitized');
  t.notMatch(server.output(), /render thread stopped/, 'on the render thread, which started from the bundle');
  t.match(await (await fetch(`${server.url}/feed.xml`)).text(), /<title>(<!\[CDATA\[)?Bundled/, 'RSS');
  t.match((await (await fetch(`${server.url}/sitemap.xml`)).text()), /\/articles\/bundled</, 'sitemap');
  t.equal((await fetch(`${server.url}/articles?q=bold`)).status, 200, 'search');

  await waitFor('the webhook delivery', () => receiver.ofType('article.published').length > 0);
  t.pass('a webhook was delivered');
  const signup = await fetch(`${server.url}/subscribers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bundle@example.net' }) });
  t.equal(signup.status, 202);
  await smtp.waitFor('bundle@example.net');
  t.pass('a mail was sent over SMTP');
  const exported = await api('/subscribers/export');
  t.match(await exported.text(), /bundle@example\.net/, 'CSV export');

  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'exits cleanly');
});
