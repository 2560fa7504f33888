import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { isDeadLocalOwner } from '../src/lib/lease-owner.js';
import { startServer, type RunningServer } from './helpers/process.js';
import { startReceiver } from './helpers/receiver.js';
import { startSmtp } from './helpers/smtp.js';
import { waitFor } from './helpers/wait.js';

/**
 * Crash safety of the real server process: concurrent writes over HTTP, `kill -9` at a random
 * moment, restart on the same file, and check that nothing acknowledged was lost, nothing
 * half-done survived, and every event and mail of a committed write is delivered after the restart.
 * `npm test` runs a few rounds; `CMS_CRASH_ROUNDS` (set by `npm run test:faults`) runs more.
 */
const ROUNDS = Math.max(1, Number(process.env['CMS_CRASH_ROUNDS'] ?? '3'));
const WORKERS = 6;
const KEY = 'crash-test-admin-key-0123456789';

type Outcome = 'pending' | 'acked' | 'unknown' | 'rejected';
interface TagWrite { kind: 'tag'; name: string; slug: string }
interface ArticleWrite { kind: 'article'; title: string; slug: string; body: string; tags: string[] }
interface LinkWrite { kind: 'link'; from: string; to: string }
interface SubscriberWrite { kind: 'subscriber'; email: string }
type Write = (TagWrite | ArticleWrite | LinkWrite | SubscriberWrite) & { round: number; outcome: Outcome; status?: number; id?: string };

interface Reply { status: number; json: unknown }

async function call(base: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

t.test('acknowledged writes, their events and mails survive kill -9 at random moments', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cms-crash-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'cms.sqlite');
  const receiver = await startReceiver(t);
  const smtp = await startSmtp(t);
  const env = {
    CMS_DB_PATH: dbPath,
    CMS_ADMIN_KEY: KEY,
    SMTP_URL: smtp.url,
    CMS_WEBHOOK_ALLOW_PRIVATE: 'true',
    CMS_WEBHOOK_RETRY_DELAYS: ['0', ...Array<string>(40).fill('200')].join(','),
    CMS_WEBHOOK_TIMEOUT_MS: '3000',
    CMS_MAIL_RETRY_DELAYS: '200',
    CMS_SUBSCRIBE_RATE_LIMIT: '1000000',
    // The test process and its neighbours load the machine; shedding (a 503) is not what is tested here.
    CMS_MAX_EVENT_LOOP_DELAY_MS: '0',
  };
  let running: RunningServer | undefined;
  t.teardown(() => {
    running?.child.kill('SIGKILL');
  });

  running = await startServer(env);
  const hook = await call(running.url, 'POST', '/webhooks', { url: receiver.url, events: ['*'] });
  t.equal(hook.status, 201, 'webhook endpoint created');

  const writes: Write[] = [];
  const ackedArticles: string[] = [];
  const linked = new Set<string>();
  let unique = 0;
  const stats = { kills: 0, acked: 0, unknownPresent: 0, unknownAbsent: 0, verified: 0 };

  const nextWrite = (round: number): Write => {
    const n = ++unique;
    const roll = Math.random();
    if (roll < 0.15 && ackedArticles.length >= 2) {
      const from = pick(ackedArticles) ?? '';
      const to = pick(ackedArticles.filter((id) => id !== from && !linked.has(`${from}>${id}`)));
      if (to !== undefined) {
        linked.add(`${from}>${to}`);
        return { kind: 'link', from, to, round, outcome: 'pending' };
      }
    }
    if (roll < 0.5) {
      return { kind: 'article', title: `Crash article ${n}`, slug: `crash-article-${n}`, body: `Body of article ${n}: ${'lorem ipsum '.repeat(20)}`, tags: [`Crash tag ${n} a`, `Crash tag ${n} b`], round, outcome: 'pending' };
    }
    if (roll < 0.75) return { kind: 'tag', name: `Crash topic ${n}`, slug: `crash-topic-${n}`, round, outcome: 'pending' };
    return { kind: 'subscriber', email: `crash-${n}@example.com`, round, outcome: 'pending' };
  };

  const send = (base: string, write: Write): Promise<Reply> => {
    switch (write.kind) {
      case 'tag':
        return call(base, 'POST', '/tags', { name: write.name, slug: write.slug });
      case 'article':
        return call(base, 'POST', '/articles', { title: write.title, slug: write.slug, body: write.body, status: 'published', tags: write.tags });
      case 'link':
        return call(base, 'POST', `/articles/${write.from}/related`, { id: write.to });
      case 'subscriber':
        return call(base, 'POST', '/subscribers', { email: write.email });
    }
  };

  /** Reads a write back; returns whether it is there, and fails the test if it is there but not whole. */
  const present = async (base: string, write: Write): Promise<boolean> => {
    switch (write.kind) {
      case 'tag': {
        const res = await call(base, 'GET', `/tags/${write.slug}`);
        if (res.status === 404) return false;
        const tag = res.json as { id: string; name: string };
        t.equal(tag.name, write.name, `tag ${write.slug} intact`);
        write.id = tag.id;
        return true;
      }
      case 'article': {
        const res = await call(base, 'GET', `/articles/${write.slug}`);
        if (res.status === 404) return false;
        const article = res.json as { id: string; title: string; body: string; status: string; tags: { name: string }[] };
        const whole = article.title === write.title && article.body === write.body && article.status === 'published' && article.tags.map((tag) => tag.name).join('|') === write.tags.join('|');
        t.ok(whole, `article ${write.slug} intact`, whole ? {} : { found: article });
        write.id = article.id;
        return true;
      }
      case 'link': {
        const res = await call(base, 'GET', `/articles/${write.from}/related`);
        t.equal(res.status, 200, 'the related list of a linked article');
        return (res.json as { data: { id: string }[] }).data.some((item) => item.id === write.to);
      }
      case 'subscriber': {
        const res = await call(base, 'GET', `/subscribers?q=${encodeURIComponent(write.email)}`);
        const rows = (res.json as { data: { id: string; email: string }[] }).data.filter((row) => row.email === write.email);
        t.ok(rows.length <= 1, `at most one subscriber ${write.email}`);
        if (rows[0] !== undefined) write.id = rows[0].id;
        return rows.length === 1;
      }
    }
  };

  for (let round = 1; round <= ROUNDS; round++) {
    const base = running.url;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const write = nextWrite(round);
        writes.push(write);
        try {
          const res = await send(base, write);
          write.status = res.status;
          if (res.status >= 200 && res.status < 300) {
            write.outcome = 'acked';
            if (write.kind === 'article') ackedArticles.push((res.json as { id: string }).id);
          } else {
            write.outcome = 'rejected';
          }
        } catch {
          // The connection died with the process: the write may or may not have committed.
          write.outcome = 'unknown';
        }
      }
    };
    const workers = Array.from({ length: WORKERS }, () => worker());
    await waitFor('a first acknowledged write', () => writes.some((w) => w.round === round && w.outcome === 'acked'), 30_000);
    await sleep(Math.floor(Math.random() * 1000));
    running.child.kill('SIGKILL');
    killed = true;
    t.equal(await running.exited, 'SIGKILL', `round ${round}: killed`);
    stats.kills++;
    await Promise.all(workers);
    for (const write of writes) if (write.round === round && write.outcome === 'pending') write.outcome = 'unknown';

    const db = new Database(dbPath, { readonly: true });
    t.equal(db.pragma('integrity_check', { simple: true }), 'ok', `round ${round}: integrity_check ok`);
    t.same(db.pragma('foreign_key_check'), [], `round ${round}: foreign_key_check empty`);
    db.close();

    running = await startServer(env);
    for (const write of writes.filter((w) => w.round === round)) {
      if (write.outcome === 'rejected') {
        t.fail(`an unexpected answer ${write.status ?? '?'} to a ${write.kind} write`);
        continue;
      }
      const there = await present(running.url, write);
      if (write.outcome === 'acked') {
        stats.acked++;
        if (there) stats.verified++;
        else t.fail(`acknowledged ${write.kind} write lost after kill -9`, { write });
      } else if (there) {
        stats.unknownPresent++;
      } else {
        stats.unknownAbsent++;
      }
      // A write that committed (acknowledged or not) counts for the events and mails below.
      if (!there) write.outcome = 'rejected';
      else write.outcome = 'acked';
    }
  }

  // Every committed write's event reaches the receiver; duplicates (an attempt cut off by the kill)
  // are allowed, as Standard Webhooks receivers deduplicate by webhook-id. The same for mails.
  const committed = writes.filter((w) => w.outcome === 'acked');
  const expected = committed.flatMap((w): { type: string; match: (data: Record<string, unknown>) => boolean }[] => {
    if (w.kind === 'tag') return [{ type: 'tag.created', match: (data) => data['id'] === w.id }];
    if (w.kind === 'article') return [{ type: 'article.created', match: (data) => data['id'] === w.id }];
    if (w.kind === 'subscriber') return [{ type: 'subscriber.created', match: (data) => data['email'] === w.email }];
    return [];
  });
  const dedup = () => {
    const byId = new Map<string, (typeof receiver.received)[number]>();
    for (const request of receiver.received) {
      const id = request.headers['webhook-id'];
      if (typeof id === 'string' && !byId.has(id)) byId.set(id, request);
    }
    return byId;
  };
  const missingEvents = () => {
    const unique = [...dedup().values()];
    return expected.filter((e) => !unique.some((r) => r.json.type === e.type && e.match(r.json.data)));
  };
  const subscribersCommitted = committed.filter((w): w is Write & SubscriberWrite => w.kind === 'subscriber');
  await waitFor('every event of a committed write at the receiver', () => missingEvents().length === 0, 60_000).catch(() => undefined);
  t.same(missingEvents().map((e) => e.type), [], 'no event of a committed write is missing');
  await waitFor('a confirmation mail to every committed sign-up', () => subscribersCommitted.every((w) => smtp.to(w.email).length >= 1), 60_000).catch(() => undefined);
  t.same(subscribersCommitted.filter((w) => smtp.to(w.email).length === 0).map((w) => w.email), [], 'every committed sign-up got its confirmation mail');

  // And the database agrees: every delivery recorded succeeded, each one's webhook-id was received;
  // every mail is recorded sent (a moment after the SMTP server holds it: the queue records it on the 250).
  await waitFor('every delivery and mail settled', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return (
        (db.prepare("select count(*) from webhook_deliveries where status <> 'succeeded'").pluck().get() as number) === 0 &&
        (db.prepare("select count(*) from mail_queue where status <> 'sent'").pluck().get() as number) === 0
      );
    } finally {
      db.close();
    }
  }, 60_000).catch(() => undefined);
  const db = new Database(dbPath, { readonly: true });
  const deliveryIds = db.prepare('select id from webhook_deliveries').pluck().all() as string[];
  const pendingMail = db.prepare("select count(*) from mail_queue where status <> 'sent'").pluck().get() as number;
  db.close();
  const receivedIds = dedup();
  t.same(deliveryIds.filter((id) => !receivedIds.has(id)), [], 'every recorded delivery reached the receiver (by webhook-id)');
  t.equal(pendingMail, 0, 'no mail left unsent');
  const duplicates = receiver.received.length - receivedIds.size;

  running.child.kill('SIGTERM');
  t.equal(await running.exited, 0, 'the last server stops cleanly');
  running = undefined;
  t.comment(
    `crash safety: ${stats.kills} kill -9 rounds, ${stats.acked} acknowledged writes, ${stats.verified} verified intact after restart; ` +
      `${stats.unknownPresent + stats.unknownAbsent} in flight at the kill (${stats.unknownPresent} fully present, ${stats.unknownAbsent} fully absent); ` +
      `${receivedIds.size} webhook events delivered (${duplicates} duplicate attempts deduplicated by webhook-id), ${smtp.received.length} mails`,
  );
});

t.test('a lease of a dead local process is recognised, nothing else is', async (t) => {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.on('exit', resolve));
  t.ok(isDeadLocalOwner(`${hostname()}:${pid}:abcd/1`), 'an exited process on this host');
  t.notOk(isDeadLocalOwner(`${hostname()}:${process.pid}:abcd`), 'this process');
  t.notOk(isDeadLocalOwner(`${hostname()}:${process.ppid}:abcd`), 'a live process');
  t.notOk(isDeadLocalOwner(`another-host.example:${pid}:abcd`), 'a process on another host');
  t.notOk(isDeadLocalOwner(null), 'no owner');
  t.notOk(isDeadLocalOwner('garbage'), 'an unreadable owner');
});
