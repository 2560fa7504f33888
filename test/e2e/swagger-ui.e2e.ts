// The editor's path through Swagger UI in a real browser (Debian's Chromium through playwright-core),
// against the real server process: `npm run test:e2e`. Kept out of `npm test` (it needs Chromium).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import t from 'tap';
import { startServer, stopServer } from '../helpers/process.js';
import { startReceiver } from '../helpers/receiver.js';
import { waitFor } from '../helpers/wait.js';
import { e2eWorkspace, launchBrowser, PageTrouble } from './browser.js';

const ADMIN_KEY = 'e2e-admin-key-0123456789';
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}
interface Article {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  body: string;
  status: string;
  tags: { slug: string; name: string }[];
}

/** Reads the "Server response" Swagger UI shows after "Execute": status code, body text and headers text. */
async function shownResponse(operation: Locator) {
  const row = operation.locator('.live-responses-table .response').first();
  const status = (await row.locator('.response-col_status').innerText()).trim();
  const description = row.locator('.response-col_description');
  // "Response body" is the highlighted block (next to its Copy and Download buttons); "Response headers" a plain one.
  const body = await description.locator('.highlight-code pre.microlight').innerText();
  const headers = await description.locator('div', { has: row.page().locator('h5', { hasText: 'Response headers' }) }).locator('pre').innerText();
  return { status, body, headers };
}

async function waitForShownStatus(operation: Locator, status: string) {
  await operation.locator('.live-responses-table .response .response-col_status').filter({ hasText: status }).waitFor();
}

/**
 * Runs one operation the way an editor does: expand it, "Try it out", fill the parameters and the
 * JSON body, "Execute"; returns what Swagger UI then shows.
 */
async function tryOperation(page: Page, operationId: string, params: Record<string, string>, body?: unknown) {
  const operation = page.locator(`.opblock[id$="-${operationId}"]`);
  if (!(await operation.locator('.opblock-body').isVisible())) await operation.locator('.opblock-summary-control').click();
  const tryOut = operation.locator('.try-out__btn');
  if ((await tryOut.innerText()).trim() === 'Try it out') await tryOut.click();
  for (const [name, value] of Object.entries(params)) await operation.locator(`tr[data-param-name="${name}"] input`).fill(value);
  if (body !== undefined) await operation.locator('textarea.body-param__text').fill(JSON.stringify(body, null, 2));
  await operation.locator('.execute, .btn-clear').first().waitFor();
  const sent = page.waitForResponse((res) => res.request().method() !== 'OPTIONS' && new URL(res.url()).origin === new URL(page.url()).origin && !res.url().includes('/docs/'));
  await operation.locator('.execute').click();
  await sent;
  await operation.locator('.live-responses-table .response .response-col_status').first().waitFor();
  return { operation, shown: await shownResponse(operation) };
}

/** Opens Swagger UI's "Available authorizations" dialog, replaces the bearer key and closes it. */
async function authorize(page: Page, key: string) {
  await page.locator('.auth-wrapper .btn.authorize').click();
  const modal = page.locator('.dialog-ux .modal-ux');
  await modal.waitFor();
  const logout = modal.getByRole('button', { name: 'Remove authorization' });
  if (await logout.isVisible()) await logout.click();
  await modal.locator('#auth-bearer-value').fill(key);
  await modal.getByRole('button', { name: 'Apply credentials' }).click();
  await logout.waitFor();
  await modal.locator('.btn-done').click();
  await modal.waitFor({ state: 'detached' });
}

t.test('an editor works in Swagger UI: authorize, create an article, see problems', async (t) => {
  const workspace = e2eWorkspace(t, 'cms-e2e-');
  if (workspace === undefined) return;
  const { dir, cleanups } = workspace;
  const started = performance.now();
  const receiver = await startReceiver(t);
  const server = await startServer({ CMS_DB_PATH: join(dir, 'cms.sqlite'), CMS_ADMIN_KEY: ADMIN_KEY, CMS_WEBHOOK_ALLOW_PRIVATE: 'true' });
  cleanups.push(() => stopServer(server));
  const api = server.url;

  // An admin makes the editor's key through the API, as the README tells.
  const keyRes = await fetch(`${api}/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Night desk (e2e)', role: 'editor' }),
  });
  t.equal(keyRes.status, 201, 'an admin creates an editor key');
  const editorKey = ((await keyRes.json()) as { key: string }).key;

  const { context, page } = await launchBrowser(join(dir, 'chromium-profile'));
  cleanups.push(() => context.close());
  const trouble = new PageTrouble();
  await trouble.watch(context, page);

  await t.test('/docs renders under the API security headers', async (t) => {
    const response = await page.goto(`${api}/docs`);
    t.equal(response?.status(), 200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    t.match(csp, /script-src 'self'(;|$)/, 'a CSP without inline or eval scripts is in force');
    t.match(csp, /frame-ancestors 'none'/);
    await page.locator('.information-container .title').filter({ hasText: 'Newsroom CMS API' }).waitFor();
    t.match(await page.title(), /Newsroom CMS API/, 'the tab is named after the API');
    const description = await page.locator('.information-container .description').innerText();
    t.match(description, /Authorize/, 'the description says how to authorize');
    t.match(description, /editor/, 'and names the roles');
    t.match(description, /POST \/api-keys/, 'and where keys come from');

    for (const tag of ['Articles', 'Revisions', 'Tags', 'Related', 'API keys', 'Subscribers', 'Webhooks', 'Feeds', 'Operations']) {
      const heading = page.locator(`.opblock-tag-section h3.opblock-tag[data-tag="${tag}"]`);
      t.equal(await heading.count(), 1, `tag group ${tag}`);
      t.ok((await heading.locator('small').innerText()).trim().length > 0, `tag group ${tag} has a description`);
    }
    await page.locator('#operations-Articles-createArticle').waitFor();
    // Fonts and icons settle after the first paint; give lazily loaded images a moment.
    await page.waitForLoadState('networkidle');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'swagger-ui-docs.png'), fullPage: true });
    t.same(trouble.problems, [], 'no console errors, exceptions, failed requests or CSP violations');
  });

  await t.test('Authorize with the editor key', async (t) => {
    await authorize(page, editorKey);
    t.equal(await page.locator('.auth-wrapper .btn.authorize.locked').count(), 1, 'the lock shows as closed');
  });

  const operation = page.locator('#operations-Articles-createArticle');
  const title = `Harbour reopens after storm ${Date.now().toString(36)}`;
  let created: Article | undefined;

  await t.test('POST /articles through "Try it out"', async (t) => {
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('.try-out__btn').click();
    const textarea = operation.locator('textarea.body-param__text');
    const example = JSON.parse(await textarea.inputValue()) as Record<string, unknown>;
    // The example an editor starts from is a news article: headline, deck, Markdown body, tags.
    t.type(example['title'], 'string', 'the example has a headline');
    t.type(example['summary'], 'string', 'a deck');
    t.match(example['body'], /^#+ .+\n/m, 'a Markdown body');
    t.ok(Array.isArray(example['tags']) && example['tags'].length > 0, 'and tags');
    await textarea.fill(JSON.stringify({ ...example, title, status: 'published' }, null, 2));

    const sent = page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/articles');
    await operation.locator('.execute').click();
    const response = await sent;
    t.equal(response.request().headers()['authorization'], `Bearer ${editorKey}`, 'the browser sent the key');
    t.match(response.request().headers()['content-type'] ?? '', /^application\/json/);

    await waitForShownStatus(operation, '201');
    const shown = await shownResponse(operation);
    t.equal(shown.status, '201', 'Swagger UI shows 201 Created');
    created = JSON.parse(shown.body) as Article;
    t.match(shown.headers, /location: http:\/\/\S+\/articles\/\S+/i, 'and the Location header');
    t.equal(created.title, title, 'and the article, as created');
    t.equal(created.status, 'published');
    t.match(created.id, /^art_/);
    t.same(trouble.problems, [], 'no console errors, exceptions, failed requests or CSP violations');
  });

  await t.test('anyone reads the article back through the API', async (t) => {
    t.ok(created, 'an article was created');
    if (created === undefined) return;
    const res = await fetch(`${api}/articles/${created.slug}`);
    t.equal(res.status, 200);
    const article = (await res.json()) as Article;
    t.equal(article.id, created.id);
    t.equal(article.title, title);
    t.equal(article.status, 'published');
    t.ok(article.tags.length > 0, 'with its tags');
  });

  await t.test('the editor publishes a draft, files it under a tag and links a related article', async (t) => {
    t.ok(created, 'an article was created');
    if (created === undefined) return;
    const draftRes = await fetch(`${api}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Ferry timetable changes ${Date.now().toString(36)}`, summary: 'Fewer crossings until the harbour is repaired.', body: 'The operator said…' }),
    });
    const draft = (await draftRes.json()) as Article;
    t.equal(draft.status, 'draft');
    t.equal((await fetch(`${api}/articles/${draft.slug}`)).status, 404, 'readers cannot see the draft');

    const publish = await tryOperation(page, 'updateArticle', { idOrSlug: draft.slug }, { status: 'published', tags: ['Transport', 'Harbour'] });
    t.equal(publish.shown.status, '200', 'PATCH shows 200');
    t.match(publish.shown.headers, /etag: "/i, 'with the new ETag');
    const published = (await (await fetch(`${api}/articles/${draft.slug}`)).json()) as Article;
    t.equal(published.status, 'published', 'readers see it now');
    t.same(published.tags.map((tag) => tag.name), ['Transport', 'Harbour'], 'under its tags, in order');

    const link = await tryOperation(page, 'replaceRelated', { idOrSlug: draft.slug }, { ids: [created.id] });
    t.equal(link.shown.status, '200', 'PUT related shows 200');
    const withRelated = (await (await fetch(`${api}/articles/${draft.slug}`)).json()) as Article & { related: { id: string }[] };
    t.same(withRelated.related.map((r) => r.id), [created.id], 'the related list readers get');

    trouble.expectedStatuses.add(409);
    const stale = await tryOperation(page, 'addRelated', { idOrSlug: draft.slug }, { id: created.id });
    t.equal(stale.shown.status, '409', 'linking it twice shows the 409 problem');
    t.match(stale.shown.body, /"code": "LINK_EXISTS"/);
    await page.screenshot({ path: join(artifacts, 'swagger-ui-related.png') });
    t.same(trouble.problems, [], 'no console errors, exceptions, failed requests or CSP violations');
  });

  await t.test('an admin adds a webhook and reads its deliveries', async (t) => {
    await authorize(page, ADMIN_KEY);
    const hook = await tryOperation(page, 'createWebhook', {}, { url: receiver.url, events: ['article.published'], description: 'Search index (e2e)' });
    t.equal(hook.shown.status, '201', 'POST /webhooks shows 201');
    const endpoint = JSON.parse(hook.shown.body) as { id: string; secret: string };
    t.match(endpoint.secret, /^whsec_/, 'and the secret, once');

    await fetch(`${api}/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Bridge reopens ${Date.now().toString(36)}`, status: 'published' }),
    });
    await waitFor('the delivery', () => receiver.ofType('article.published').length > 0);
    const deliveries = await tryOperation(page, 'listWebhookDeliveries', { id: endpoint.id });
    t.equal(deliveries.shown.status, '200');
    const list = JSON.parse(deliveries.shown.body) as { data: { type: string; status: string; attempts: number }[] };
    t.match(list.data[0], { type: 'article.published', status: 'succeeded', attempts: 1 }, 'the delivery log shows it delivered');
    await deliveries.operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'swagger-ui-deliveries.png') });
    t.same(trouble.problems, [], 'no console errors, exceptions, failed requests or CSP violations');
  });

  await t.test('a wrong key shows the 401 problem document', async (t) => {
    trouble.expectedStatuses.add(401);
    await authorize(page, 'cms_not-a-real-key');
    const sent = page.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/articles');
    await operation.locator('.execute').click();
    const response = await sent;
    t.equal(response.status(), 401);
    t.match(response.headers()['www-authenticate'] ?? '', /^Bearer/);

    await waitForShownStatus(operation, '401');
    const shown = await shownResponse(operation);
    t.equal(shown.status, '401', 'Swagger UI shows 401');
    t.match(shown.headers, /content-type: application\/problem\+json/i, 'as application/problem+json');
    const problem = JSON.parse(shown.body) as Problem;
    t.match(problem, { type: String, title: String, status: 401, detail: String, code: 'INVALID_API_KEY' }, 'the body is the problem document, shown as JSON');
    await operation.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'swagger-ui-401.png') });
    t.same(trouble.problems, [], 'no other console errors, exceptions, failed requests or CSP violations');
  });

  await t.test('the watchers would have seen a CSP violation', async (t) => {
    // An inline script, which the CSP forbids: proves the checks above could fail.
    await t.rejects(page.addScriptTag({ content: 'window.injected = true' }), /Content Security Policy/, 'the browser blocks it');
    for (let i = 0; i < 50 && !trouble.problems.some((p) => p.startsWith('CSP violation')); i++) await page.waitForTimeout(100);
    t.ok(trouble.problems.some((p) => p.startsWith('CSP violation') && p.includes('script-src')), 'the securitypolicyviolation event was reported');
    t.ok(trouble.problems.some((p) => p.startsWith('console error') && p.includes('Content Security Policy')), 'and the console error');
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  t.comment(`editor's path in Swagger UI: ${seconds} s; screenshots in test-artifacts/`);
});
