import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';
import { freePort } from './helpers/process.js';
import { linkIn, startSmtp, type ReceivedMail, type TestSmtp } from './helpers/smtp.js';
import { waitFor } from './helpers/wait.js';

const PUBLIC = 'https://news.example';
const CONFIRM = `${PUBLIC}/subscribers/confirm`;
const UNSUBSCRIBE = `${PUBLIC}/subscribers/unsubscribe`;
const admin = bearer(ADMIN_KEY);
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const JSON_ACCEPT = { accept: 'application/json' };

interface SubscriberJson {
  id: string;
  email: string;
  name: string | null;
  status: string;
  source: string | null;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  consent: {
    signup: { at: string; source: string | null; ipHash: string | null; userAgent: string | null; method: string };
    confirmation: { at: string; ipHash: string | null; userAgent: string | null; method: string } | null;
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function setup(t: Test, env: Record<string, string> = {}) {
  const smtp = await startSmtp(t);
  const app = await buildTestApp(t, { SMTP_URL: smtp.url, CMS_PUBLIC_URL: PUBLIC, CMS_SUBSCRIBE_RATE_LIMIT: '1000', ...env });
  const client = clients(app, smtp);
  client.listenForEvents();
  return { app, smtp, ...client };
}

function clients(app: TestApp, smtp: TestSmtp) {
  const db = app.db.$client;
  const signUp = (payload: Record<string, unknown>, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/subscribers', payload, headers });
  const byEmail = async (email: string) => {
    const list = (await app.inject({ method: 'GET', url: `/subscribers?q=${encodeURIComponent(email)}`, headers: admin })).json() as { data: SubscriberJson[] };
    const found = list.data.find((s) => s.email === email);
    if (found === undefined) throw new Error(`${email} is not listed`);
    return (await app.inject({ method: 'GET', url: `/subscribers/${found.id}`, headers: admin })).json() as SubscriberJson;
  };
  let flushes = 0;
  /** Mail is sent in queue order: once a fresh sign-up's mail has arrived, everything queued before it was handled. */
  const flushMail = async () => {
    const sentinel = `flush-${++flushes}@example.org`;
    const res = await signUp({ email: sentinel });
    if (res.statusCode !== 202) throw new Error(`flush sign-up failed: ${res.statusCode} ${res.body}`);
    await smtp.waitFor(sentinel);
  };
  const signUpAndConfirm = async (email: string, name?: string) => {
    await signUp(name === undefined ? { email } : { email, name });
    const [confirmation] = await smtp.waitFor(email);
    const confirm = await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: linkIn(confirmation!, CONFIRM).token } });
    if (confirm.statusCode !== 200) throw new Error(`confirm failed: ${confirm.statusCode} ${confirm.body}`);
    const [, welcome] = await smtp.waitFor(email, 2);
    return { confirmation: confirmation!, welcome: welcome! };
  };
  /** The outbox stores an event only when an active webhook endpoint wants it: register one for every event. */
  const listenForEvents = () => {
    db.prepare(
      `insert into webhook_endpoints (id, url, events, active, secret, created_at, updated_at)
       values ('whk_00000000000000000000000000', 'http://127.0.0.1:9/events', '["*"]', 1, 'whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`,
    ).run();
  };
  const eventTypes = (subjectId: string) =>
    (db.prepare('select type from events where subject_id = ? order by created_at, rowid').all(subjectId) as { type: string }[]).map((row) => row.type);
  return { db, signUp, byEmail, flushMail, signUpAndConfirm, eventTypes, listenForEvents };
}

function assertUnsubscribeHeaders(t: Test, mail: ReceivedMail) {
  const header = mail.header('list-unsubscribe');
  t.match(header, /^<https:\/\/news\.example\/subscribers\/unsubscribe\?token=[A-Za-z0-9_-]{43}>$/, 'List-Unsubscribe: <https URL with a token>');
  t.equal(mail.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click', 'List-Unsubscribe-Post (RFC 8058)');
  return (header ?? '').slice(1, -1);
}

t.test('sign-up sends a confirmation e-mail; confirming activates and sends a welcome e-mail', async (t) => {
  const { app, smtp, db, signUp, byEmail, eventTypes } = await setup(t, { CMS_MAIL_FROM: 'The Daily <daily@news.example>' });
  const res = await signUp({ email: '  Ada.Lovelace@Example.COM ', name: ' Ada ', source: 'article-footer' }, { 'user-agent': 'Mozilla/5.0 (test)' });
  t.equal(res.statusCode, 202);
  t.same(res.json(), { status: 'pending' });

  const [mail] = await smtp.waitFor('ada.lovelace@example.com');
  t.same(mail!.to, ['ada.lovelace@example.com'], 'sent to the normalized address');
  t.equal(mail!.parsed.from?.value[0]?.address, 'daily@news.example', 'from CMS_MAIL_FROM');
  t.match(mail!.parsed.subject, /Confirm your subscription/);
  t.match(mail!.text, /Hello Ada,/);
  const confirm = linkIn(mail!, CONFIRM);
  t.ok(Buffer.from(confirm.token, 'base64url').length >= 16, 'the token has at least 128 random bits');
  t.match(String(mail!.parsed.html), new RegExp(`href="${CONFIRM.replace(/[.?]/g, '\\$&')}\\?token=${confirm.token}"`), 'the HTML part links to it too');
  const unsubscribeUrl = assertUnsubscribeHeaders(t, mail!);
  t.match(mail!.header('message-id'), /^<mail_[0-9a-z]{26}@news\.example>$/);

  const tokens = db.prepare('select token_hash as hash, purpose, expires_at as expiresAt from subscriber_tokens').all() as { hash: string; purpose: string; expiresAt: string | null }[];
  t.notOk(tokens.some((row) => row.hash.includes(confirm.token)), 'tokens are not stored in the clear');
  const stored = tokens.find((row) => row.hash === sha256(confirm.token));
  t.equal(stored?.purpose, 'confirm', 'only the SHA-256 of the token is stored');
  t.ok(Math.abs(Date.parse(stored?.expiresAt ?? '') - Date.now() - 48 * 3_600_000) < 60_000, 'valid for 48 hours');
  t.equal(tokens.find((row) => row.hash === sha256(new URL(unsubscribeUrl).searchParams.get('token') ?? ''))?.expiresAt, null, 'unsubscribe tokens never expire');

  const pending = await byEmail('ada.lovelace@example.com');
  t.match(pending, { status: 'pending', name: 'Ada', source: 'article-footer', confirmedAt: null, unsubscribedAt: null });
  t.match(pending.consent.signup, { source: 'article-footer', userAgent: 'Mozilla/5.0 (test)', method: 'form' });
  t.match(pending.consent.signup.ipHash, /^[0-9a-f]{64}$/, 'the client address is kept as a keyed hash');
  t.not(pending.consent.signup.ipHash, sha256('127.0.0.1'), 'not a plain hash of the address');
  t.equal(pending.consent.confirmation, null);

  const page = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${confirm.token}`, headers: { ...BROWSER, 'user-agent': 'Browser/1.0' } });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /Subscription confirmed/);
  t.notMatch(page.body, /<script/i, 'no scripts: the CSP allows none inline');
  t.match(page.headers['content-security-policy'], /script-src 'self'/);

  const [, welcome] = await smtp.waitFor('ada.lovelace@example.com', 2);
  t.match(welcome!.parsed.subject, /Welcome/);
  t.not(assertUnsubscribeHeaders(t, welcome!), unsubscribeUrl, 'every mail carries its own unsubscribe link');
  const active = await byEmail('ada.lovelace@example.com');
  t.match(active, { status: 'active', unsubscribedAt: null });
  t.ok(active.confirmedAt);
  t.match(active.consent.confirmation, { userAgent: 'Browser/1.0', method: 'link', ipHash: /^[0-9a-f]{64}$/ });

  const again = await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: confirm.token } });
  t.equal(again.statusCode, 200, 'confirming again answers 200');
  t.same(again.json(), { status: 'active' });
  for (const headers of [JSON_ACCEPT, {}, { accept: '*/*' }]) {
    const againGet = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${confirm.token}`, headers });
    t.equal(againGet.statusCode, 200);
    t.same(againGet.json(), { status: 'active' }, `JSON for API clients (Accept: ${JSON.stringify(headers)})`);
  }
  t.same(eventTypes(active.id), ['subscriber.created', 'subscriber.confirmed'], 'one event each, no second confirmation');
  const confirmedEvent = JSON.parse((db.prepare("select payload from events where type = 'subscriber.confirmed'").get() as { payload: string }).payload) as {
    data: Record<string, unknown>;
    previous: unknown;
  };
  t.match(confirmedEvent.data, { id: active.id, email: 'ada.lovelace@example.com', status: 'active' });
  t.notOk('consent' in confirmedEvent.data, 'webhooks get the subscriber, not the consent record');
  t.same(confirmedEvent.previous, { status: 'pending' });
});

t.test('no enumeration: new, pending, active and unsubscribed addresses get the same answer', async (t) => {
  const { app, smtp, db, signUp, flushMail, signUpAndConfirm } = await setup(t);
  const comparable = (res: Awaited<ReturnType<typeof signUp>>) => ({
    status: res.statusCode,
    body: res.body,
    type: res.headers['content-type'],
    length: res.headers['content-length'],
    cache: res.headers['cache-control'],
  });
  const fresh = await signUp({ email: 'new@example.com' });
  const pending = await signUp({ email: 'new@example.com' });
  await signUpAndConfirm('active@example.com');
  const active = await signUp({ email: 'ACTIVE@example.com', name: 'Someone else' });
  const { welcome } = await signUpAndConfirm('gone@example.com');
  t.equal((await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${linkIn(welcome, UNSUBSCRIBE).token}` })).statusCode, 200);
  const unsubscribed = await signUp({ email: 'gone@example.com' });
  t.equal(fresh.body, '{"status":"pending"}');
  for (const [label, res] of [['pending', pending], ['active', active], ['unsubscribed', unsubscribed]] as const) {
    t.same(comparable(res), comparable(fresh), `${label}: byte-identical to a new address`);
  }

  await flushMail();
  t.equal(smtp.to('new@example.com').length, 1, 'a pending address signing up again within minutes gets no second mail');
  t.equal(smtp.to('active@example.com').length, 2, 'an active address gets nothing (only its confirmation and welcome)');
  t.equal(smtp.to('gone@example.com').length, 3, 'an unsubscribed address signing up again gets a new confirmation');
  const list = (await app.inject({ method: 'GET', url: '/subscribers?q=active@', headers: admin })).json() as { data: SubscriberJson[] };
  t.equal(list.data[0]?.name, null, 'nothing about an active subscriber changed');
  const gone = (await app.inject({ method: 'GET', url: '/subscribers?q=gone@', headers: admin })).json() as { data: SubscriberJson[] };
  t.match(gone.data[0], { status: 'pending', confirmedAt: null, unsubscribedAt: null }, 'unsubscribed → pending');

  // A few minutes later a pending address gets the mail again; the first link keeps working.
  db.prepare("update subscribers set last_confirmation_sent_at = '2000-01-01T00:00:00.000Z' where email = 'new@example.com'").run();
  t.same(comparable(await signUp({ email: 'new@example.com' })), comparable(fresh));
  const [first, second] = await smtp.waitFor('new@example.com', 2);
  const firstToken = linkIn(first!, CONFIRM).token;
  t.not(linkIn(second!, CONFIRM).token, firstToken, 'a re-send carries a new token');
  const confirmed = await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: firstToken } });
  t.equal(confirmed.statusCode, 200, 'a token stays valid after a re-send');
  const secondConfirm = await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: linkIn(second!, CONFIRM).token } });
  t.same(secondConfirm.json(), { status: 'active' }, 'and so does the newer one');
  await smtp.waitFor('new@example.com', 3);
  await flushMail();
  t.equal(smtp.to('new@example.com').length, 3, 'one welcome mail only');
});

t.test('addresses are checked for real, normalized and unique regardless of case', async (t) => {
  const { app, signUp } = await setup(t);
  const invalid = [
    'plainaddress',
    '@example.com',
    'ada@',
    'ada@localhost',
    'ada@-example.com',
    'ada@example-.com',
    'ada..lovelace@example.com',
    '.ada@example.com',
    'ada.@example.com',
    'ada@example..com',
    '"ada"@example.com',
    'ada lovelace@example.com',
    'ada@exa mple.com',
    'ada@exa_mple.com',
    'ada@[127.0.0.1]',
    'ada@127.0.0.1',
    'ada@example.com\r\nBcc: victim@example.com',
    'ada<script>@example.com',
    `${'a'.repeat(65)}@example.com`,
    `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`,
  ];
  for (const email of invalid) {
    const problem = assertProblem(t, await signUp({ email }), 400, 'VALIDATION_FAILED');
    t.equal(problem.errors?.[0]?.path, '/email', `${JSON.stringify(email)} is refused at /email`);
    if (!email.startsWith('@')) t.notOk(problem.detail.includes(email), 'the detail does not echo the address');
  }
  for (const payload of [{}, { email: 'ada@example.com', extra: 1 }, { email: 42 }, { email: 'ada@example.com', name: 'a\nb' }, { email: 'ada@example.com', source: 'x'.repeat(101) }]) {
    assertProblem(t, await signUp(payload), 400, 'VALIDATION_FAILED');
  }
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=ada@example.com' }), 415);
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers', headers: { 'content-type': 'text/csv' }, payload: 'email\nada@example.com' }), 415);

  for (const email of ["o'brien+news@example.co.uk", 'Bob@Example.COM', ' bob@example.com ', 'BOB@EXAMPLE.COM', 'user@xn--bcher-kva.de', 'user@Bücher.de', `${'a'.repeat(64)}@example.com`]) {
    t.equal((await signUp({ email })).statusCode, 202, `${email} is accepted`);
  }
  const list = (await app.inject({ method: 'GET', url: '/subscribers?limit=100', headers: admin })).json() as { data: SubscriberJson[] };
  t.same(list.data.map((s) => s.email).sort(), [`${'a'.repeat(64)}@example.com`, 'bob@example.com', "o'brien+news@example.co.uk", 'user@bücher.de'], 'one row per address, case and IDN spelling folded');
});

t.test('confirmation tokens: unknown is 404, expired is 410, for API clients and people alike', async (t) => {
  const { app, smtp, db, signUp, byEmail } = await setup(t);
  await signUp({ email: 'late@example.com' });
  const [mail] = await smtp.waitFor('late@example.com');
  const { token } = linkIn(mail!, CONFIRM);

  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: 'nope' } }), 404, 'TOKEN_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/confirm?token=nope', headers: JSON_ACCEPT }), 404, 'TOKEN_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/confirm?token=nope' }), 404, 'TOKEN_NOT_FOUND');
  const unknownPage = await app.inject({ method: 'GET', url: '/subscribers/confirm?token=<b>nope</b>', headers: BROWSER });
  t.equal(unknownPage.statusCode, 404);
  t.match(unknownPage.headers['content-type'], /^text\/html/, 'people get a page');
  t.notMatch(unknownPage.body, /<b>nope/, 'nothing from the request is echoed unescaped');
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: {} }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/confirm' }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: linkIn(mail!, UNSUBSCRIBE).token } }), 404, 'TOKEN_NOT_FOUND');
  t.not((await app.inject({ method: 'HEAD', url: `/subscribers/confirm?token=${token}` })).statusCode, 200, 'HEAD does not confirm');

  db.prepare("update subscriber_tokens set expires_at = '2020-01-01T00:00:00.000Z' where token_hash = ?").run(sha256(token));
  const expired = assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token } }), 410, 'TOKEN_EXPIRED');
  t.match(expired.detail, /48 hours/);
  const expiredPage = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${token}`, headers: BROWSER });
  t.equal(expiredPage.statusCode, 410);
  t.match(expiredPage.body, /expired/);
  t.equal((await byEmail('late@example.com')).status, 'pending', 'an expired token (and HEAD) changed nothing');
});

t.test('the pages behind e-mail links answer people every error as a page, and everyone else problem+json', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-pages-')), 'cms.sqlite');
  const { app, smtp, signUp, byEmail } = await setup(t, { CMS_DB_PATH: path });
  await signUp({ email: 'page@example.com' });
  const [mail] = await smtp.waitFor('page@example.com');
  const { token } = linkIn(mail!, CONFIRM);
  const isPage = (res: Awaited<ReturnType<typeof app.inject>>, status: number, text: RegExp, what: string) => {
    t.equal(res.statusCode, status, what);
    t.match(res.headers['content-type'], /^text\/html; charset=utf-8/, `${what}: a page`);
    t.match(res.body, /^<!doctype html>/);
    t.match(res.body, text);
    t.match(res.body, new RegExp(`Reference: ${String(res.headers['x-request-id'])}`), `${what}: with the request id to quote`);
    t.notMatch(res.body, /<script/i);
    t.equal(res.headers['cache-control'], 'no-store', `${what}: kept by no cache`);
    t.match(res.headers.vary, /\bAccept\b/, `${what}: varies on Accept`);
    t.match(res.headers['content-security-policy'], /script-src 'self'/, `${what}: under the pages' CSP`);
    t.equal(res.headers['x-frame-options'], 'DENY');
  };

  isPage(await app.inject({ method: 'GET', url: '/subscribers/confirm', headers: BROWSER }), 400, /token/, 'a link without its token');
  isPage(await app.inject({ method: 'GET', url: '/subscribers/unsubscribe', headers: BROWSER }), 400, /token/, 'the unsubscribe page without its token');
  isPage(
    await app.inject({ method: 'POST', url: '/subscribers/unsubscribe', headers: { ...BROWSER, 'content-type': 'text/plain' }, payload: 'x' }),
    415,
    /Unsupported media type|not supported/i,
    'the unsubscribe button with a body of another type',
  );
  isPage(await app.inject({ method: 'GET', url: '/subscribers/confirm?token=unknown', headers: BROWSER }), 404, /This link is not valid/, 'an unknown token');
  const json = await app.inject({ method: 'GET', url: '/subscribers/confirm', headers: JSON_ACCEPT });
  assertProblem(t, json, 400, 'VALIDATION_FAILED');
  t.equal(json.headers['cache-control'], 'no-store', 'the same URL answers JSON to others: no cache keeps either');
  t.match(json.headers.vary, /\bAccept\b/);
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers', headers: BROWSER }), 401);

  // The confirmation cannot be stored: another process holds the write lock.
  const other = new Database(path);
  t.teardown(() => other.close());
  app.db.$client.pragma('busy_timeout = 50');
  other.exec('BEGIN IMMEDIATE');
  const failed = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${token}`, headers: BROWSER });
  isPage(failed, 503, /temporarily unavailable; retry shortly/, 'a confirmation whose write group failed');
  t.equal(failed.headers['retry-after'], '1', 'with when to try again');
  assertProblem(t, await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${token}`, headers: JSON_ACCEPT }), 503, 'UNAVAILABLE');
  other.exec('ROLLBACK');
  t.equal((await byEmail('page@example.com')).status, 'pending', 'nothing was kept');

  const confirmed = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${token}`, headers: BROWSER });
  t.equal(confirmed.statusCode, 200, 'the same link works once the lock is free');
  t.match(confirmed.body, /Subscription confirmed/);
  t.match(confirmed.headers.vary, /\bAccept\b/, 'pages vary on Accept');
  const state = await app.inject({ method: 'GET', url: `/subscribers/confirm?token=${token}`, headers: JSON_ACCEPT });
  t.same(state.json(), { status: 'active' });
  t.match(state.headers.vary, /\bAccept\b/, 'and so does the JSON the same URL answers others');
});

t.test('unsubscribe: GET only shows a page; one-click form POST and JSON POST unsubscribe', async (t) => {
  const { app, smtp, signUp, byEmail, eventTypes, signUpAndConfirm } = await setup(t);
  const { welcome } = await signUpAndConfirm('reader@example.com', 'Reader <b>');
  t.match(String(welcome.parsed.html), /Hello Reader &lt;b&gt;,/, 'names are escaped in HTML mail');
  const url = assertUnsubscribeHeaders(t, welcome);
  const { token } = linkIn(welcome, UNSUBSCRIBE);
  t.equal(url, `${UNSUBSCRIBE}?token=${token}`);

  const page = await app.inject({ method: 'GET', url: `/subscribers/unsubscribe?token=${token}`, headers: BROWSER });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, new RegExp(`<form method="post" action="unsubscribe\\?token=${token}">`), 'a button form that POSTs back');
  t.match(page.body, /<input type="hidden" name="List-Unsubscribe" value="One-Click">/);
  t.notMatch(page.body, /<script/i);
  t.match(page.headers['content-security-policy'], /form-action 'self'/);
  t.equal((await app.inject({ method: 'HEAD', url: `/subscribers/unsubscribe?token=${token}` })).statusCode, 200);
  const state = await app.inject({ method: 'GET', url: `/subscribers/unsubscribe?token=${token}`, headers: JSON_ACCEPT });
  t.same(state.json(), { status: 'active' });
  t.equal((await byEmail('reader@example.com')).status, 'active', 'GET (and HEAD) changed nothing');

  // What a mail client sends for RFC 8058 one-click.
  const oneClick = await app.inject({
    method: 'POST',
    url: `/subscribers/unsubscribe?token=${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  t.equal(oneClick.statusCode, 200);
  t.same(oneClick.json(), { status: 'unsubscribed' });
  const reader = await byEmail('reader@example.com');
  t.match(reader, { status: 'unsubscribed' });
  t.ok(reader.unsubscribedAt);
  t.same(eventTypes(reader.id), ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed']);
  const again = await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${token}`, headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
  t.equal(again.statusCode, 200, 'again: still 200 (the button pressed twice)');
  t.match(again.headers['content-type'], /^text\/html/, 'the browser gets a page');
  t.match(again.body, /You are unsubscribed/);
  t.equal(eventTypes(reader.id).length, 3, 'no second event');
  const pageAfter = await app.inject({ method: 'GET', url: `/subscribers/unsubscribe?token=${token}`, headers: BROWSER });
  t.notMatch(pageAfter.body, /<form/, 'nothing left to press');

  // JSON, with the token in the body; and the link of the confirmation mail for a pending address.
  await signUp({ email: 'json@example.com' });
  const [confirmation] = await smtp.waitFor('json@example.com');
  const json = await app.inject({ method: 'POST', url: '/subscribers/unsubscribe', payload: { token: linkIn(confirmation!, UNSUBSCRIBE).token } });
  t.equal(json.statusCode, 200);
  t.same(json.json(), { status: 'unsubscribed' });
  t.equal((await byEmail('json@example.com')).status, 'unsubscribed');
  assertProblem(
    t,
    await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: linkIn(confirmation!, CONFIRM).token } }),
    410,
    'TOKEN_EXPIRED',
  );
  t.equal((await byEmail('json@example.com')).status, 'unsubscribed', 'an old confirmation link does not undo an unsubscribe');

  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/unsubscribe?token=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' }), 404, 'TOKEN_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/unsubscribe', payload: {} }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${token}`, payload: { token: 'other' } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=Two-Clicks' }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/unsubscribe?token=nope', headers: JSON_ACCEPT }), 404, 'TOKEN_NOT_FOUND');
  // Form bodies are for this one route: the rest of the API still refuses them.
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/confirm', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'token=x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  assertProblem(t, await app.inject({ method: 'POST', url: '/tags', headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');

  // Signing up again after unsubscribing: pending, with a new confirmation mail.
  t.equal((await signUp({ email: 'reader@example.com' })).statusCode, 202);
  const [, , third] = await smtp.waitFor('reader@example.com', 3);
  t.match(third!.parsed.subject, /Confirm/);
  t.equal((await byEmail('reader@example.com')).status, 'pending');
  t.equal((await app.inject({ method: 'POST', url: '/subscribers/confirm', payload: { token: linkIn(third!, CONFIRM).token } })).statusCode, 200);
  t.equal((await byEmail('reader@example.com')).status, 'active');
});

t.test('one-click unsubscribe as multipart/form-data, as RFC 8058 says mail clients should post it', async (t) => {
  const { app, signUpAndConfirm, byEmail } = await setup(t);
  const { welcome } = await signUpAndConfirm('multi@example.com');
  const { token } = linkIn(welcome, UNSUBSCRIBE);
  const boundary = '----one-click-boundary';
  const form = (parts: string[]) => `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
  const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
  const post = (payload: string, url = `/subscribers/unsubscribe?token=${token}`) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });

  assertProblem(t, await post(form([field('List-Unsubscribe', 'Two-Clicks')])), 400, 'VALIDATION_FAILED');
  assertProblem(t, await post(form([field('Something-Else', 'x')])), 400, 'VALIDATION_FAILED');
  const file = assertProblem(t, await post(form(['Content-Disposition: form-data; name="upload"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello'])), 400, 'VALIDATION_FAILED');
  t.match(file.detail, /files are not accepted/);
  t.match(assertProblem(t, await post(form([field('List-Unsubscribe', 'One-Click'), field('List-Unsubscribe', 'One-Click')])), 400, 'VALIDATION_FAILED').detail, /repeated/);
  t.match(assertProblem(t, await post(form([field('a', 'x'), field('b', 'x')])), 400, 'VALIDATION_FAILED').detail, /not a known property/);
  t.match(assertProblem(t, await post(`--${boundary}\r\n${field('List-Unsubscribe', 'One-Click')}\r\n`), 400, 'VALIDATION_FAILED').detail, /open and close with the boundary/);
  t.match(assertProblem(t, await post('List-Unsubscribe=One-Click'), 400, 'VALIDATION_FAILED').detail, /malformed/);
  const noBoundary = await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${token}`, headers: { 'content-type': 'multipart/form-data' }, payload: form([field('List-Unsubscribe', 'One-Click')]) });
  t.match(assertProblem(t, noBoundary, 400, 'VALIDATION_FAILED').detail, /no boundary/);
  const huge = assertProblem(t, await post(form([field('List-Unsubscribe', 'x'.repeat(20_000))])), 413, 'PAYLOAD_TOO_LARGE');
  t.match(huge.detail, /16 KiB/);
  const wrongType = assertProblem(t, await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${token}`, headers: { 'content-type': 'text/plain' }, payload: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  t.match(wrongType.detail, /send application\/json, or multipart\/form-data, or application\/x-www-form-urlencoded/, 'names what the route takes');
  t.equal((await byEmail('multi@example.com')).status, 'active', 'none of those unsubscribed anyone');

  const res = await post(form([field('List-Unsubscribe', 'One-Click')]));
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'unsubscribed' });
  t.equal((await byEmail('multi@example.com')).status, 'unsubscribed');
  assertProblem(t, await post(form([field('List-Unsubscribe', 'One-Click')]), '/subscribers/unsubscribe?token=nope'), 404, 'TOKEN_NOT_FOUND');

  // Multipart is for this one route too.
  const elsewhere = await app.inject({ method: 'POST', url: '/subscribers/confirm', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: form([field('token', 'x')]) });
  assertProblem(t, elsewhere, 415, 'UNSUPPORTED_MEDIA_TYPE');
});

t.test('SMTP down, then up: the sign-up is kept and its mail delivered later', async (t) => {
  const port = await freePort();
  const app = await buildTestApp(t, { SMTP_URL: `smtp://127.0.0.1:${port}`, CMS_PUBLIC_URL: PUBLIC, CMS_MAIL_RETRY_DELAYS: '20,50' });
  const db = app.db.$client;
  const res = await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'patient@example.com' } });
  t.equal(res.statusCode, 202, 'the request does not wait for (or fail with) the mail server');
  const failing = await waitFor('two failed attempts', () => {
    const row = db.prepare('select status, attempts, last_error as lastError from mail_queue').get() as { status: string; attempts: number; lastError: string | null } | undefined;
    return row !== undefined && row.attempts >= 2 ? row : undefined;
  });
  t.equal(failing.status, 'pending', 'still queued');
  t.match(failing.lastError, /ECONNREFUSED|connect/i);
  const listed = (await app.inject({ method: 'GET', url: '/subscribers', headers: admin })).json() as { data: SubscriberJson[] };
  t.match(listed.data, [{ email: 'patient@example.com', status: 'pending' }], 'the sign-up is kept');

  const smtp = await startSmtp(t, port);
  const [mail] = await smtp.waitFor('patient@example.com');
  t.match(mail!.parsed.subject, /Confirm/);
  const sent = await waitFor('the row marked sent', () => db.prepare("select message from mail_queue where status = 'sent'").get() as { message: string } | undefined);
  t.notMatch(sent.message, /token=/, 'once sent, the stored body (with its live links) is dropped');
  t.same(Object.keys(JSON.parse(sent.message) as object).sort(), ['kind', 'subject', 'to']);
  t.equal(smtp.received.length, 1, 'sent once');
});

t.test('a rolled-back sign-up sends nothing', async (t) => {
  const { app, smtp, db, signUp } = await setup(t);
  // Something failing late in the sign-up's transaction, after its mail row was written.
  db.exec(`create trigger fail_doomed before insert on events
           when new.type = 'subscriber.created' and json_extract(new.payload, '$.data.email') = 'doomed@example.com'
           begin select raise(abort, 'simulated failure'); end`);
  const failed = await signUp({ email: 'doomed@example.com' });
  t.equal(failed.statusCode, 500);
  t.equal((db.prepare('select count(*) as n from mail_queue').get() as { n: number }).n, 0, 'no queued mail');
  t.equal((db.prepare('select count(*) as n from subscribers').get() as { n: number }).n, 0, 'no subscriber');
  db.exec('drop trigger fail_doomed');
  await signUp({ email: 'lucky@example.com' });
  await smtp.waitFor('lucky@example.com');
  t.same(smtp.received.map((mail) => mail.to), [['lucky@example.com']], 'only the committed sign-up was mailed');
  const list = (await app.inject({ method: 'GET', url: '/subscribers', headers: admin })).json() as { meta: { total: number } };
  t.equal(list.meta.total, 1);
});

t.test('without SMTP_URL mail is logged and marked sent', async (t) => {
  const app = await buildTestApp(t, { CMS_PUBLIC_URL: PUBLIC });
  t.equal((await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'dev@example.com' } })).statusCode, 202);
  await waitFor('the mail marked sent', () => (app.db.$client.prepare("select count(*) as n from mail_queue where status = 'sent'").get() as { n: number }).n === 1);
});

t.test('erasure removes the person from the rows, the events, the webhook log and the file bytes', async (t) => {
  const smtp = await startSmtp(t);
  const dir = mkdtempSync(join(tmpdir(), 'cms-erase-'));
  const path = join(dir, 'cms.sqlite');
  // NORMAL: answers do not wait for a sync, so nothing but the erasure itself orders the checkpoint before the answer.
  const app = await buildTestApp(t, { CMS_DB_PATH: path, SMTP_URL: smtp.url, CMS_PUBLIC_URL: PUBLIC, CMS_DB_SYNCHRONOUS: 'normal' });
  const { db, signUpAndConfirm, signUp, eventTypes, byEmail, listenForEvents } = clients(app, smtp);
  const address = 'erase.me@example.com';
  // An endpoint subscribed to everything: events about the person get stored, with deliveries and an attempt log.
  listenForEvents();
  const { welcome } = await signUpAndConfirm(address, 'Erase Me');
  await signUpAndConfirm('keep.me@example.com');
  t.equal((await app.inject({ method: 'POST', url: `/subscribers/unsubscribe?token=${linkIn(welcome, UNSUBSCRIBE).token}` })).statusCode, 200);
  await signUp({ email: address });
  await smtp.waitFor(address, 3);
  const person = await byEmail(address);
  const deliveries = db.prepare('select d.id from webhook_deliveries d join events e on e.id = d.event_id where e.subject_id = ?').all(person.id) as { id: string }[];
  t.ok(deliveries.length >= 3, 'their events were queued for the webhook');
  db.prepare("insert into webhook_attempts (delivery_id, attempted_at, latency_ms, status_code, response_body) values (?, '2024-01-01T00:00:00.000Z', 1, 200, ?)").run(deliveries[0]!.id, `echo ${address}`);

  const bytes = () => ['', '-wal', '-shm'].map((suffix) => `${path}${suffix}`).filter(existsSync).map((file) => readFileSync(file));
  const contains = (needle: string) => bytes().some((buffer) => buffer.includes(needle));
  db.pragma('wal_checkpoint(TRUNCATE)');
  t.ok(contains(address), 'before: the address is in the file (so the check below can see it)');

  const erased = await app.inject({ method: 'DELETE', url: `/subscribers/${person.id}`, headers: admin });
  t.equal(erased.statusCode, 204);
  t.notOk(contains(address), 'no byte of the address is left in any file by the time the answer arrives');
  assertProblem(t, await app.inject({ method: 'GET', url: `/subscribers/${person.id}`, headers: admin }), 404, 'SUBSCRIBER_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'DELETE', url: `/subscribers/${person.id}`, headers: admin }), 404, 'SUBSCRIBER_NOT_FOUND');

  t.same(eventTypes(person.id), ['subscriber.deleted'], 'only the deletion event remains');
  const deletedEvent = JSON.parse((db.prepare('select payload from events where subject_id = ?').get(person.id) as { payload: string }).payload) as { data: unknown };
  t.same(deletedEvent.data, { id: person.id }, 'carrying only the id');
  const left = (table: string, where: string) => (db.prepare(`select count(*) as n from ${table} where ${where}`).get(person.id) as { n: number }).n;
  t.equal(left('subscriber_tokens', 'subscriber_id = ?'), 0, 'tokens gone');
  t.equal(left('mail_queue', 'subscriber_id = ?'), 0, 'mail gone');
  t.equal(left('webhook_deliveries', `event_id in (select id from events where subject_id = ? and type <> 'subscriber.deleted')`), 0, 'deliveries of their events gone');
  const attempts = db.prepare(`select count(*) as n from webhook_attempts where delivery_id in (${deliveries.map(() => '?').join(',')})`).get(...deliveries.map((d) => d.id)) as { n: number };
  t.equal(attempts.n, 0, 'the attempt log with them');
  t.equal((await byEmail('keep.me@example.com')).status, 'active', 'nobody else was touched');

  for (const needle of [address, 'Erase Me']) t.notOk(contains(needle), `no byte of "${needle}" is left in the database, WAL or shared-memory file`);
  t.ok(contains('keep.me@example.com'), 'while the others are still there');
});

t.test('CSV export: every matching row, formula cells neutralized, admins only', async (t) => {
  const { app } = await setup(t);
  const csv = [
    'email,name,source,status',
    'a@example.com,"=HYPERLINK(""https://evil.example"",""click"")",import,active',
    'b@example.com,"Smith, Jane",,pending',
    'c@example.com,+1 555 0100,@campaign,unsubscribed',
    'd@example.com,"He said ""hi""",,active',
  ].join('\r\n');
  t.match((await app.inject({ method: 'POST', url: '/subscribers/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: csv })).json(), { imported: 4 });

  const res = await app.inject({ method: 'GET', url: '/subscribers/export', headers: admin });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(res.headers['content-disposition'], /^attachment; filename="subscribers-\d{4}-\d\d-\d\d\.csv"$/);
  const lines = res.body.split('\r\n');
  t.equal(lines[0], 'id,email,name,status,source,createdAt,confirmedAt,unsubscribedAt');
  t.equal(lines.at(-1), '', 'CRLF after every row');
  const row = (email: string) => lines.find((line) => line.split(',')[1] === email) ?? '';
  t.match(row('a@example.com'), /^sub_[0-9a-z]{26},a@example\.com,"'=HYPERLINK\(""https:\/\/evil\.example"",""click""\)",active,import,/);
  t.match(row('b@example.com'), /,b@example\.com,"Smith, Jane",pending,,/);
  t.match(row('c@example.com'), /,c@example\.com,'\+1 555 0100,unsubscribed,'@campaign,/);
  t.match(row('d@example.com'), /,d@example\.com,"He said ""hi""",active,,/);
  t.equal(lines.length, 6, 'header, four rows, end');

  const active = await app.inject({ method: 'GET', url: '/subscribers/export?status=active', headers: admin });
  t.same(active.body.split('\r\n').slice(1, -1).map((line) => line.split(',')[1]).sort(), ['a@example.com', 'd@example.com']);
  const searched = await app.inject({ method: 'GET', url: '/subscribers/export?q=SMITH', headers: admin });
  t.equal(searched.body.split('\r\n').length, 3, 'header, one row, end');

  // What was exported imports unchanged elsewhere (the formula guard is undone).
  const other = await buildTestApp(t, { CMS_PUBLIC_URL: PUBLIC });
  t.match((await other.inject({ method: 'POST', url: '/subscribers/import', headers: { ...admin, 'content-type': 'text/csv' }, payload: res.body })).json(), { imported: 4, skipped: 0, invalid: 0 });
  const again = await other.inject({ method: 'GET', url: '/subscribers/export', headers: admin });
  const strip = (body: string) => body.split('\r\n').map((line) => line.replace(/^sub_[0-9a-z]{26},/, '').replace(/,\d{4}-[^,]*,/, ','));
  t.same(strip(again.body).map((line) => line.split(',').slice(0, 4).join(',')), strip(res.body).map((line) => line.split(',').slice(0, 4).join(',')), 'names, statuses and sources survive');

  const editor = bearer(await createKey(app, 'editor'));
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/export' }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/export', headers: editor }), 403, 'FORBIDDEN');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/export?status=maybe', headers: admin }), 400, 'VALIDATION_FAILED');
});

t.test('CSV export streams: many rows, chunked, and the database stays writable meanwhile', async (t) => {
  const { app, db } = await setup(t);
  const rows = 20_000;
  const insert = db.prepare("insert into subscribers (id, email, name, status, source, created_at, updated_at) values (?, ?, ?, 'active', 'bulk', ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const id = `sub_00000000${String(i).padStart(18, '0')}`;
      insert.run(id, `reader${i}@example.com`, `Reader number ${i}`, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');
    }
  })();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`${url}/subscribers/export`, { headers: admin });
  t.equal(res.status, 200);
  t.equal(res.headers.get('transfer-encoding'), 'chunked', 'streamed, no Content-Length');
  t.equal(res.headers.get('content-length'), null);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const first = await reader.read();
  let body = decoder.decode(first.value, { stream: true });
  t.ok(body.length < rows * 40, 'the first chunk is a part of the file');
  // Mid-export, while the client is not reading: a write on the same connection goes through.
  const signUp = await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'during.export@example.com' } });
  t.equal(signUp.statusCode, 202);
  let chunks = 1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    body += decoder.decode(value, { stream: true });
  }
  t.ok(chunks > 1, `arrived in ${chunks} chunks`);
  const lines = body.split('\r\n').filter(Boolean);
  t.equal(lines[0], 'id,email,name,status,source,createdAt,confirmedAt,unsubscribedAt');
  t.equal(lines.filter((line) => line.includes(',bulk,')).length, rows, 'every row, once');
  t.equal(new Set(lines).size, lines.length, 'no row twice');
});

t.test('CSV import: duplicates skipped, bad rows reported, no mail to imported addresses', async (t) => {
  const { app, smtp, signUp, byEmail, flushMail, eventTypes } = await setup(t);
  await signUp({ email: 'known@example.com' });
  await smtp.waitFor('known@example.com');
  const csv = [
    'Email,Name,Source,Status',
    'migrated@example.com,Migrated Reader,old-system,active',
    'fresh@example.com,,,',
    'KNOWN@example.com,Someone,,active',
    'dup@example.com,First,,',
    'dup@example.com,Second,,',
    'not-an-address,,,',
    'bad.status@example.com,,,subscribed',
    'fields@example.com,too,many,fields,here',
    '"quoted@example.com","Multi',
    'line",,unsubscribed',
    ',Nobody,,',
  ].join('\n');
  const res = await app.inject({ method: 'POST', url: '/subscribers/import', headers: { ...admin, 'content-type': 'text/csv; charset=utf-8' }, payload: csv });
  t.equal(res.statusCode, 200);
  const result = res.json() as { imported: number; skipped: number; invalid: number; errors: { line: number; message: string }[] };
  t.same({ imported: result.imported, skipped: result.skipped, invalid: result.invalid }, { imported: 3, skipped: 2, invalid: 5 });
  t.same(result.errors.map((e) => e.line), [7, 8, 9, 11, 12], "by line (a quoted field may span lines: the row's last line)");
  t.match(result.errors[0]?.message, /email "not-an-address"/);
  t.match(result.errors[1]?.message, /status "subscribed" must be one of/);
  t.match(result.errors[2]?.message, /has 5 fields; the header has 4/);
  t.match(result.errors[3]?.message, /name .*without control characters/);
  t.match(result.errors[4]?.message, /email is missing/);

  const migrated = await byEmail('migrated@example.com');
  t.match(migrated, { status: 'active', name: 'Migrated Reader', source: 'old-system' });
  t.match(migrated.consent, { signup: { method: 'import', ipHash: null }, confirmation: { method: 'admin' } });
  t.match(await byEmail('fresh@example.com'), { status: 'pending', name: null });
  t.match(await byEmail('dup@example.com'), { name: 'First' }, 'the first of two rows wins');
  t.match(await byEmail('known@example.com'), { status: 'pending', name: null }, 'a known address is left alone');
  t.same(eventTypes(migrated.id), ['subscriber.created']);
  await flushMail();
  for (const email of ['migrated@example.com', 'fresh@example.com', 'dup@example.com']) t.equal(smtp.to(email).length, 0, `no mail to imported ${email}`);

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/subscribers/import', headers: { ...admin, 'content-type': 'text/csv', ...headers }, payload });
  assertProblem(t, await post(''), 400, 'INVALID_CSV');
  t.match(assertProblem(t, await post('mail,name\nx@example.com,X'), 400, 'INVALID_CSV').detail, /Unknown column "mail"/);
  t.match(assertProblem(t, await post('name\nX'), 400, 'INVALID_CSV').detail, /no "email" column/);
  t.match(assertProblem(t, await post('email,email\nx@example.com,y@example.com'), 400, 'INVALID_CSV').detail, /twice/);
  t.match(assertProblem(t, await post('email,name\nx@example.com,"unclosed\n'), 400, 'INVALID_CSV').detail, /not valid CSV/);
  t.match(assertProblem(t, await post('email\n"a"b@example.com\n'), 400, 'INVALID_CSV').detail, /line 2/);
  t.equal(((await app.inject({ method: 'GET', url: '/subscribers?q=x@example', headers: admin })).json() as { meta: { total: number } }).meta.total, 0, 'a refused file imports nothing');
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/import', headers: admin, payload: { email: 'x@example.com' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  const editor = bearer(await createKey(app, 'editor'));
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/import', headers: { 'content-type': 'text/csv' }, payload: 'email\n' }), 401, 'UNAUTHORIZED');
  assertProblem(t, await app.inject({ method: 'POST', url: '/subscribers/import', headers: { ...editor, 'content-type': 'text/csv' }, payload: 'email\n' }), 403, 'FORBIDDEN');
  t.same((await post('email,id,createdAt,confirmedAt,unsubscribedAt,updatedAt\nold@example.com,sub_x,2019-05-01T10:00:00Z,,,\n')).json(), { imported: 1, skipped: 0, invalid: 0, errors: [] });
  t.match(await byEmail('old@example.com'), { createdAt: '2019-05-01T10:00:00.000Z', status: 'pending' }, 'timestamps of the old system are kept');
});

t.test('rate limit: 429 problem with Retry-After, one budget for the public endpoints, per client', async (t) => {
  const { app } = await setup(t, { CMS_SUBSCRIBE_RATE_LIMIT: '3' });
  t.equal((await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'one@example.com' } })).statusCode, 202);
  t.equal((await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'not valid' } })).statusCode, 400, 'invalid requests count too');
  t.equal((await app.inject({ method: 'GET', url: '/subscribers/confirm?token=x', headers: JSON_ACCEPT })).statusCode, 404);
  for (const request of [
    { method: 'POST', url: '/subscribers', payload: { email: 'two@example.com' } },
    { method: 'POST', url: '/subscribers/confirm', payload: { token: 'x' } },
    { method: 'GET', url: '/subscribers/unsubscribe?token=x' },
    { method: 'POST', url: '/subscribers/unsubscribe?token=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' },
  ] as const) {
    const limited = await app.inject(request);
    const problem = assertProblem(t, limited, 429, 'RATE_LIMITED');
    t.match(problem.detail, /at most 3 a minute/);
    t.match(limited.headers['retry-after'], /^[1-9]\d*$/, `${request.method} ${request.url}: Retry-After in seconds`);
  }
  const limitedPage = await app.inject({ method: 'GET', url: '/subscribers/confirm?token=x', headers: BROWSER });
  t.equal(limitedPage.statusCode, 429);
  t.match(limitedPage.headers['content-type'], /^text\/html/, 'a person who followed a link gets a page');
  t.match(limitedPage.body, /Too many requests[\s\S]*at most 3 a minute/);
  t.match(limitedPage.headers['retry-after'], /^[1-9]\d*$/);
  const elsewhere = await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'three@example.com' }, remoteAddress: '192.0.2.7' });
  t.equal(elsewhere.statusCode, 202, 'another client has its own budget');
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ method: 'GET', url: '/subscribers', headers: admin })).statusCode, 200, 'admin routes are not limited');
  t.equal((await app.inject({ method: 'GET', url: '/tags' })).statusCode, 200, 'nor the rest of the API');

  const proxied = await buildTestApp(t, { CMS_SUBSCRIBE_RATE_LIMIT: '1', CMS_TRUST_PROXY: 'true' });
  const via = (client: string) => proxied.inject({ method: 'POST', url: '/subscribers', payload: { email: 'p@example.com' }, headers: { 'x-forwarded-for': client } });
  t.equal((await via('198.51.100.1')).statusCode, 202);
  t.equal((await via('198.51.100.2')).statusCode, 202, 'behind a proxy, the forwarded address is the client');
  assertProblem(t, await via('198.51.100.1'), 429, 'RATE_LIMITED');
});

t.test('admin: list with filters and paging, get, patch, delete; roles enforced', async (t) => {
  const { app, signUp, signUpAndConfirm, eventTypes, db } = await setup(t);
  await signUpAndConfirm('alice@example.com', 'Alice Archer');
  for (const email of ['bob@example.com', 'carol@example.org', 'dave_x@example.com']) await signUp({ email, name: email.split('@')[0] });
  const list = async (query: string) => (await app.inject({ method: 'GET', url: `/subscribers${query}`, headers: admin })).json() as { data: SubscriberJson[]; meta: unknown };

  const all = await list('');
  t.same(all.meta, { page: 1, limit: 20, total: 4, pages: 1 });
  t.same(all.data.map((s) => s.email), ['dave_x@example.com', 'carol@example.org', 'bob@example.com', 'alice@example.com'], 'newest first');
  t.notOk('consent' in (all.data[0] ?? {}), 'list items are lean');
  t.same((await list('?status=active')).data.map((s) => s.email), ['alice@example.com']);
  t.same((await list('?q=ARCHER')).data.map((s) => s.email), ['alice@example.com'], 'q searches names, case-insensitively');
  t.same((await list('?q=example.org')).data.map((s) => s.email), ['carol@example.org']);
  t.same((await list('?q=_')).data.map((s) => s.email), ['dave_x@example.com'], 'LIKE wildcards in q are literal');
  t.same((await list('?q=%25')).data, []);
  const paged = await list('?limit=2&page=2');
  t.same(paged.meta, { page: 2, limit: 2, total: 4, pages: 2 });
  t.equal(paged.data.length, 2);
  t.same((await list('?page=9')).data, [], 'past the end: empty');
  for (const query of ['?status=gone', '?limit=0', '?limit=101', '?page=0', '?q=', '?sort=email']) {
    assertProblem(t, await app.inject({ method: 'GET', url: `/subscribers${query}`, headers: admin }), 400, 'VALIDATION_FAILED');
  }

  const bob = (await list('?q=bob')).data[0]!;
  const detail = await app.inject({ method: 'GET', url: `/subscribers/${bob.id}`, headers: admin });
  t.equal(detail.statusCode, 200);
  t.match(detail.json(), { id: bob.id, email: 'bob@example.com', status: 'pending', consent: { signup: { method: 'form' }, confirmation: null } });

  const renamed = await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: { name: '  Robert ' } });
  t.equal(renamed.statusCode, 200);
  t.match(renamed.json(), { name: 'Robert', status: 'pending' });
  const activated = await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: { status: 'active' } });
  t.match(activated.json(), { status: 'active', consent: { confirmation: { method: 'admin', ipHash: null } } });
  const unsubscribed = await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: { status: 'unsubscribed', name: null } });
  t.match(unsubscribed.json(), { status: 'unsubscribed', name: null });
  t.ok((unsubscribed.json() as SubscriberJson).unsubscribedAt);
  t.same(eventTypes(bob.id), ['subscriber.created', 'subscriber.confirmed', 'subscriber.unsubscribed'], 'status changes emit their events');
  t.equal((db.prepare("select count(*) as n from mail_queue where subscriber_id = ? and status = 'pending'").get(bob.id) as { n: number }).n, 0);
  t.equal((await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: {} })).statusCode, 200, 'an empty patch changes nothing');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: { status: 'pending' } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'PATCH', url: `/subscribers/${bob.id}`, headers: admin, payload: { email: 'x@example.com' } }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: '/subscribers/sub_nope', headers: admin }), 404, 'SUBSCRIBER_NOT_FOUND');
  assertProblem(t, await app.inject({ method: 'PATCH', url: '/subscribers/sub_nope', headers: admin, payload: { name: 'x' } }), 404, 'SUBSCRIBER_NOT_FOUND');
  t.equal((await app.inject({ method: 'DELETE', url: `/subscribers/${bob.id}`, headers: admin })).statusCode, 204);
  t.equal((await list('')).meta && (await list('')).data.length, 3);

  const editor = bearer(await createKey(app, 'editor'));
  const routes = [
    { method: 'GET', url: '/subscribers' },
    { method: 'GET', url: `/subscribers/${bob.id}` },
    { method: 'PATCH', url: `/subscribers/${bob.id}`, payload: { name: 'x' } },
    { method: 'DELETE', url: `/subscribers/${bob.id}` },
    { method: 'GET', url: '/subscribers/export' },
  ] as const;
  for (const route of routes) {
    const anonymous = assertProblem(t, await app.inject(route), 401, 'UNAUTHORIZED');
    t.ok(anonymous, `${route.method} ${route.url} needs a key`);
    assertProblem(t, await app.inject({ ...route, headers: editor }), 403, 'FORBIDDEN');
  }
});
