import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { openDatabase, type Db } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { MailQueue } from '../src/mail/mail-queue.js';
import { SmtpMailer } from '../src/mail/mailer.js';
import type { MailMessage } from '../src/mail/message.js';
import { startSmtp } from './helpers/smtp.js';
import { syncGate, waitFor } from './helpers/wait.js';

const silent = Fastify({ logger: false }).log;
const message = (to: string): MailMessage => ({
  kind: 'confirmation',
  to,
  subject: `Hello ${to}`,
  text: 'Hello',
  html: '<p>Hello</p>',
  headers: { 'List-Unsubscribe': '<https://news.example/subscribers/unsubscribe?token=x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
});
const statuses = (db: Db) => db.$client.prepare('select status, count(*) as n from mail_queue group by status order by status').all() as { status: string; n: number }[];

/** Two connections to one file stand for two server processes. */
function twoProcesses(t: Test, smtpUrl: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'cms-mail-')), 'cms.sqlite');
  return ['a', 'b'].map(() => {
    const db = openDatabase({ path, synchronous: 'normal' });
    const queue = new MailQueue(db, new SmtpMailer(smtpUrl, 'newsletter@news.example'), silent, { retryDelays: [20], messageIdDomain: 'news.example' });
    t.teardown(async () => {
      await queue.stop();
      db.$client.close();
    });
    return { db, queue };
  });
}

t.test('two processes draining one queue send every mail exactly once', async (t) => {
  const smtp = await startSmtp(t);
  const [a, b] = twoProcesses(t, smtp.url);
  const count = 40;
  inTransaction(a!.db, () => {
    for (let i = 0; i < count; i++) a!.queue.enqueue(message(`reader${i}@example.com`), null);
  });
  a!.queue.start();
  b!.queue.start();
  await waitFor('every row sent', () => statuses(a!.db).every((row) => row.status === 'sent'));
  t.same(statuses(b!.db), [{ status: 'sent', n: count }]);
  t.equal(smtp.received.length, count, 'one SMTP delivery per mail');
  t.equal(new Set(smtp.received.map((mail) => mail.to[0])).size, count, 'each recipient once');
  t.equal(new Set(smtp.received.map((mail) => mail.header('message-id'))).size, count, 'Message-IDs are per mail');
});

t.test('a lease held by a live process is respected; an expired one is taken over', async (t) => {
  const smtp = await startSmtp(t);
  const [a] = twoProcesses(t, smtp.url);
  const db = a!.db.$client;
  const insert = db.prepare("insert into mail_queue (id, message, status, next_attempt_at, lease_owner, lease_expires_at, created_at) values (?, ?, 'pending', ?, ?, ?, ?)");
  const now = new Date().toISOString();
  insert.run('mail_held', JSON.stringify(message('held@example.com')), now, 'other-process', new Date(Date.now() + 3_600_000).toISOString(), now);
  insert.run('mail_orphan', JSON.stringify(message('orphan@example.com')), now, 'crashed-process', new Date(Date.now() - 1000).toISOString(), now);
  a!.queue.enqueue(message('fresh@example.com'), null);
  a!.queue.start();
  await smtp.waitFor('orphan@example.com');
  await smtp.waitFor('fresh@example.com');
  await waitFor('rows recorded', () => (db.prepare("select count(*) as n from mail_queue where status = 'sent'").get() as { n: number }).n === 2);
  t.equal(smtp.to('held@example.com').length, 0, 'not sent behind the back of the process holding it');
  t.match(db.prepare("select status, lease_owner as owner from mail_queue where id = 'mail_held'").get(), { status: 'pending', owner: 'other-process' });
});

t.test('a recipient refused by the server is given up at once, not retried', async (t) => {
  const smtp = await startSmtp(t, 0, { reject: (address) => address === 'nobody@example.com' });
  const [a] = twoProcesses(t, smtp.url);
  a!.queue.enqueue(message('nobody@example.com'), null);
  a!.queue.enqueue(message('somebody@example.com'), null);
  a!.queue.start();
  await smtp.waitFor('somebody@example.com');
  const refused = await waitFor('the refused mail marked failed', () =>
    a!.db.$client.prepare("select attempts, last_error as lastError from mail_queue where status = 'failed'").get() as { attempts: number; lastError: string } | undefined,
  );
  t.equal(refused.attempts, 1, 'no retry of a 5xx answer to RCPT TO');
  t.match(refused.lastError, /550|Mailbox does not exist/);
});

t.test('no mail leaves before what was committed is on stable storage (the durable hook)', async (t) => {
  const smtp = await startSmtp(t);
  const path = join(mkdtempSync(join(tmpdir(), 'cms-mail-')), 'cms.sqlite');
  const db = openDatabase({ path, synchronous: 'normal' });
  const gate = syncGate();
  const queue = new MailQueue(db, new SmtpMailer(smtp.url, 'newsletter@news.example'), silent, { retryDelays: [20], messageIdDomain: 'news.example', durable: gate.durable });
  t.teardown(async () => {
    gate.release();
    await queue.stop();
    db.$client.close();
  });
  inTransaction(db, () => queue.enqueue(message('reader@example.com'), null));
  queue.start();
  await waitFor('the queue asked for durability', () => gate.asked() > 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal(smtp.received.length, 0, 'nothing sent while the sync is pending');
  gate.release();
  // The SMTP server holds the mail a moment before the queue hears its 250 and records it.
  await waitFor('the mail sent and recorded once synced', () => statuses(db).some((row) => row.status === 'sent'));
  t.same(statuses(db), [{ status: 'sent', n: 1 }]);
  t.equal(smtp.received.length, 1, 'sent once');
});
