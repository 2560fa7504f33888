import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { events, webhookDeliveries, webhookEndpoints } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { buildTestApp } from './helpers/app.js';
import { startReceiver } from './helpers/receiver.js';
import { waitFor } from './helpers/wait.js';
import { admin, editorOf, FAST_WEBHOOKS, verify, webhookClient } from './helpers/webhooks.js';

function tempDb(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'cms-webhooks-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'cms.sqlite');
}

t.test('deliveries pending at shutdown go out after a restart, with the same webhook-id', async (t) => {
  // Enough quick retries that the delivery is still pending when the first server stops.
  const env = { ...FAST_WEBHOOKS, CMS_DB_PATH: tempDb(t), CMS_WEBHOOK_RETRY_DELAYS: ['0', ...Array<string>(60).fill('250')].join(',') };
  const receiver = await startReceiver(t, () => ({ status: 503, body: 'down for maintenance' }));

  const first = await buildTestApp(t, env);
  const hooks = webhookClient(first);
  const endpoint = await hooks.endpoint(receiver.url);
  const editor = await editorOf(first);
  t.equal((await first.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Elections' } })).statusCode, 201);
  await waitFor('a failed attempt', async () => (await hooks.deliveries(endpoint.id))[0]!.attempts >= 1);
  await first.close();
  const sentBefore = receiver.received.length;
  const webhookId = receiver.received[0]!.headers['webhook-id'];

  receiver.respond(() => ({ status: 200 }));
  const second = await buildTestApp(t, env);
  const after = webhookClient(second);
  const [delivered] = await waitFor('the delivery after the restart', async () => {
    const log = await after.deliveries(endpoint.id);
    return log[0]?.status === 'succeeded' ? log : undefined;
  });
  t.equal(delivered!.id, webhookId, 'the delivery kept its id');
  t.equal(delivered!.attempts, sentBefore + 1, 'attempts before the restart count');
  const last = receiver.received.at(-1)!;
  t.equal(last.headers['webhook-id'], webhookId, 'the receiver sees the same webhook-id');
  t.equal(last.json.type, 'tag.created');
  verify(last, endpoint.secret);

  // Retention: a delivery finished long ago is pruned at start, with its event; recent ones stay.
  const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString();
  t.equal((await second.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  await waitFor('the ping', async () => (await after.deliveries(endpoint.id, 'status=succeeded')).length === 2);
  second.db.update(webhookDeliveries).set({ completedAt: longAgo }).where(eq(webhookDeliveries.id, delivered!.id)).run();
  second.db.update(events).set({ createdAt: longAgo }).where(eq(events.id, delivered!.eventId)).run();
  await second.close();
  const third = await buildTestApp(t, env);
  const remaining = await webhookClient(third).deliveries(endpoint.id);
  t.same(remaining.map((d) => d.type), ['ping'], 'the old delivery is gone, the recent one kept');
  t.equal(third.db.select().from(events).where(eq(events.id, delivered!.eventId)).get(), undefined, 'and its event');
});

t.test('two servers on one database file send each event once', async (t) => {
  const env = { ...FAST_WEBHOOKS, CMS_DB_PATH: tempDb(t) };
  const receiver = await startReceiver(t);
  const one = await buildTestApp(t, env);
  const two = await buildTestApp(t, env);
  const endpoint = await webhookClient(one).endpoint(receiver.url, ['tag.created']);
  const editor = await editorOf(one);
  const writes = [];
  for (let i = 0; i < 30; i++) {
    const app = i % 2 === 0 ? one : two;
    writes.push(app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: `Topic ${i}` } }));
  }
  t.ok((await Promise.all(writes)).every((res) => res.statusCode === 201), 'both servers write');
  const hooks = webhookClient(two);
  await waitFor('every delivery to succeed', async () => {
    const log = await hooks.deliveries(endpoint.id);
    return log.length === 30 && log.every((d) => d.status === 'succeeded');
  });
  const ids = receiver.received.map((r) => r.headers['webhook-id']);
  t.equal(ids.length, 30, 'thirty requests');
  t.equal(new Set(ids).size, 30, 'no delivery was sent twice');
  t.ok((await hooks.deliveries(endpoint.id)).every((d) => d.attempts === 1), 'one attempt each');
});

t.test('a claim left by a dead process is taken over when its lease expires', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0,3600000' });
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const receiver = await startReceiver(t, () => ({ status: 503 }));
  const endpoint = await hooks.endpoint(receiver.url, ['ping']);
  const ping = (await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).json() as { id: string };
  await waitFor('the first attempt', async () => (await hooks.deliveries(endpoint.id))[0]!.attempts === 1);

  // As a process killed mid-attempt leaves it: due, and leased to an owner that will never finish.
  const leaseExpiresAt = new Date(Date.now() + 1500).toISOString();
  app.db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(Date.now() - 1000).toISOString(), leaseOwner: 'dead-host:4242:0000/1', leaseExpiresAt })
    .where(eq(webhookDeliveries.id, ping.id))
    .run();
  receiver.respond(() => ({ status: 200 }));
  // Any committed change wakes the dispatcher; it must leave the live lease alone.
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Wake up' } })).statusCode, 201);
  const taken = await waitFor('the delivery after the lease expired', () => receiver.received[1]);
  t.ok(taken.receivedAt >= Date.parse(leaseExpiresAt), 'not sent while the other process held the lease');
  t.equal(taken.headers['webhook-id'], ping.id);
  await waitFor('the delivery to succeed', async () => (await hooks.deliveries(endpoint.id))[0]!.status === 'succeeded');
  t.match((await hooks.deliveries(endpoint.id))[0], { attempts: 2, lastStatusCode: 200 });
});

t.test('SSRF: the address is checked again at delivery time', async (t) => {
  const app = await buildTestApp(t, { CMS_WEBHOOK_RETRY_DELAYS: '0', CMS_WEBHOOK_TIMEOUT_MS: '2000' });
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t);
  // Saved while allowed (say the name resolved to a public address then); loopback now.
  const now = new Date().toISOString();
  const urls = [receiver.url, `http://localhost:${receiver.port}/hook`, `http://[::ffff:127.0.0.1]:${receiver.port}/hook`];
  for (const url of urls) {
    const id = newId('whk');
    app.db
      .insert(webhookEndpoints)
      .values({ id, url, events: '["*"]', active: true, description: null, secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'), createdAt: now, updatedAt: now })
      .run();
    t.equal((await app.inject({ method: 'POST', url: `/webhooks/${id}/ping`, headers: admin })).statusCode, 202);
    const failed = await waitFor(`the delivery to ${url} to be refused`, async () => (await hooks.deliveries(id, 'status=failed'))[0]);
    t.match(failed, { attempts: 1, lastStatusCode: null, lastError: /^Refused: .*127\.0\.0\.1.*a loopback address/ }, url);
  }
  t.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
});

t.test('a receiver that is down: connection refused is logged and retried', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0,50' });
  const hooks = webhookClient(app);
  const gone = await startReceiver(t);
  await gone.close();
  const endpoint = await hooks.endpoint(gone.url);
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const failed = await waitFor('the delivery to fail', async () => (await hooks.deliveries(endpoint.id, 'status=failed'))[0]);
  t.match(failed, { attempts: 2, lastStatusCode: null, lastError: /ECONNREFUSED/ });
  const detail = await webhookClient(app).delivery(endpoint.id, failed.id);
  t.equal(detail.attemptLog.length, 2);
  t.ok(detail.attemptLog.every((a) => a.statusCode === null && /ECONNREFUSED/.test(a.error ?? '')));
});
