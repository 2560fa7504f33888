import Fastify from 'fastify';
import t from 'tap';
import { openDatabase } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { Outbox } from '../src/modules/events/outbox.js';
import { WebhookDispatcher } from '../src/modules/webhooks/dispatcher.js';
import { DeliveryQueue } from '../src/modules/webhooks/queue.js';
import { WebhooksService } from '../src/modules/webhooks/service.js';
import { UrlGuard } from '../src/modules/webhooks/ssrf.js';
import { startReceiver } from './helpers/receiver.js';
import { syncGate, waitFor } from './helpers/wait.js';

t.test('no webhook leaves before what was committed is on stable storage (the durable hook)', async (t) => {
  const receiver = await startReceiver(t);
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  const guard = new UrlGuard({ allowPrivate: true });
  const gate = syncGate();
  const dispatcher = new WebhookDispatcher(new DeliveryQueue(db, { retryDelays: [0, 50], disableAfterMs: 60_000 }), {
    timeoutMs: 2000,
    retentionDays: 1,
    guard,
    log: Fastify({ logger: false }).log,
    userAgent: 'test',
    durable: gate.durable,
  });
  t.teardown(async () => {
    gate.release();
    await dispatcher.stop();
    db.$client.close();
  });
  const webhooks = new WebhooksService(
    db,
    guard,
    () => {
      dispatcher.wake();
    },
    true,
  );
  await webhooks.create({ url: receiver.url, events: ['article.created'] });
  const outbox = new Outbox(db);
  inTransaction(db, () => outbox.emit('article.created', { id: 'art_1', slug: 'one' }, { subjectId: 'art_1' }));
  dispatcher.start();
  await waitFor('the dispatcher asked for durability', () => gate.asked() > 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal(receiver.received.length, 0, 'nothing sent while the sync is pending');
  gate.release();
  await waitFor('the event delivered once synced', () => receiver.received.length === 1);
  t.equal(receiver.received[0]?.json.type, 'article.created');
});
