import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { openDatabase } from '../src/db/client.js';
import { inTransaction } from '../src/db/transaction.js';
import { Outbox } from '../src/modules/events/outbox.js';
import { WebhookDispatcher } from '../src/modules/webhooks/dispatcher.js';
import { DeliveryQueue } from '../src/modules/webhooks/queue.js';
import { WebhooksService } from '../src/modules/webhooks/service.js';
import { UrlGuard } from '../src/modules/webhooks/ssrf.js';
import { startReceiver } from './helpers/receiver.js';
import { waitFor } from './helpers/wait.js';

/** A dispatcher on a fresh database with one endpoint (at `url`) for article.created; `emit` queues an event and wakes it. */
async function setup(t: Test, url: string, leaseMs?: number) {
  const db = openDatabase({ path: ':memory:', synchronous: 'normal' });
  const guard = new UrlGuard({ allowPrivate: true });
  const dispatcher = new WebhookDispatcher(new DeliveryQueue(db, { retryDelays: [0, 50], disableAfterMs: 60_000 }), {
    timeoutMs: 5000,
    retentionDays: 1,
    guard,
    log: Fastify({ logger: false }).log,
    userAgent: 'test',
    ...(leaseMs === undefined ? {} : { leaseMs }),
  });
  t.teardown(async () => {
    await dispatcher.stop(0);
    db.$client.close();
  });
  await new WebhooksService(db, guard, () => dispatcher.wake(), true).create({ url, events: ['article.created'] });
  const outbox = new Outbox(db);
  const emit = (id: string): void => {
    inTransaction(db, () => outbox.emit('article.created', { id, slug: id }, { subjectId: id }));
    dispatcher.wake();
  };
  const statusOf = (id: string): string | undefined =>
    db.$client.prepare<[string], string>('select d.status from webhook_deliveries d join events e on e.id = d.event_id where e.subject_id = ?').pluck().get(id);
  return { dispatcher, emit, statusOf };
}

t.test('a dispatcher started again while stop() still waits for an attempt delivers, and stop() abandons only its own run', async (t) => {
  // The first attempt hangs, so stop() waits out its grace period; later ones are answered.
  const receiver = await startReceiver(t, (_request, index) => (index === 0 ? 'hang' : { status: 204 }));
  // Longer than the attempt stop() abandons (300 ms) and the delivery after it, on a busy machine.
  const { dispatcher, emit, statusOf } = await setup(t, receiver.url, 3000);

  dispatcher.start();
  emit('art_first');
  await waitFor('the first attempt in flight', () => receiver.hanging() === 1);

  const stopping = dispatcher.stop(300);
  dispatcher.start();
  await stopping;
  await waitFor('the stopped run aborted its attempt at the end of its grace period', () => receiver.hanging() === 0);

  // The new run still has a connection pool, sends, and records the outcome.
  emit('art_second');
  await waitFor('the second event delivered', () => receiver.ofType('article.created').some((request) => request.json.data.id === 'art_second'));
  await waitFor('its outcome recorded', () => statusOf('art_second') === 'succeeded');
  t.equal(statusOf('art_first'), 'pending', "the abandoned attempt's outcome was not recorded");
  await waitFor('the abandoned attempt sent again once its lease expired', () => statusOf('art_first') === 'succeeded');
  t.equal(receiver.received.filter((request) => request.json.data.id === 'art_first').length, 2, 'the first event was sent twice');
  t.equal(new Set(receiver.received.filter((request) => request.json.data.id === 'art_first').map((request) => request.headers['webhook-id'])).size, 1, 'under one webhook-id');
});

t.test('stop() resolves only once every run has ended, an earlier stop() still in its grace period included', async (t) => {
  const receiver = await startReceiver(t, () => 'hang');
  const { dispatcher, emit } = await setup(t, receiver.url);
  emit('art_1');
  dispatcher.start();
  await waitFor('an attempt in flight', () => receiver.hanging() === 1);

  let firstEnded = false;
  const first = dispatcher.stop(600).then(() => {
    firstEnded = true;
  });
  dispatcher.start();
  const started = Date.now();
  await dispatcher.stop(20);
  t.ok(firstEnded, 'the later stop() waited for the earlier one (the caller may close the database next)');
  t.ok(Date.now() - started >= 400, 'which took its grace period');
  const again = dispatcher.stop();
  t.equal(again, dispatcher.stop(), 'stopping a stopped dispatcher gives the pending (here settled) stop');
  await again;
  await first;
  await waitFor('the attempt aborted', () => receiver.hanging() === 0);
});
