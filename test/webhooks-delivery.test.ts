import { createHmac } from 'node:crypto';
import t from 'tap';
import { assertProblem, buildTestApp } from './helpers/app.js';
import { startReceiver } from './helpers/receiver.js';
import { waitFor } from './helpers/wait.js';
import { admin, editorOf, FAST_WEBHOOKS, verify, webhookClient, webhookHeaders } from './helpers/webhooks.js';

t.test('article and tag changes arrive signed, with the resource and previous values', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const editor = await editorOf(app);
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t);
  const published = await startReceiver(t);
  const all = await hooks.endpoint(receiver.url);
  const onlyPublished = await hooks.endpoint(published.url, ['article.published']);

  const created = await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Storm floods coastal towns', body: 'Heavy rain.', tags: ['Weather'] } });
  t.equal(created.statusCode, 201);
  const article = created.json() as { id: string; slug: string; version: number };
  await waitFor('article.created and tag.created', () => receiver.ofType('article.created').length === 1 && receiver.ofType('tag.created').length === 1);

  const event = receiver.ofType('article.created')[0]!;
  t.same(verify(event, all.secret), event.json, 'the signature verifies with standardwebhooks');
  t.equal(event.headers['content-type'], 'application/json');
  t.equal(event.url, '/hook');
  t.match(event.headers['webhook-id'], /^msg_[0-9a-z]{26}$/);
  t.match(event.headers['webhook-timestamp'], /^\d{10}$/);
  t.ok(Math.abs(Number(event.headers['webhook-timestamp']) - Date.now() / 1000) < 300, 'unix seconds, now');
  const [id, timestamp] = [String(event.headers['webhook-id']), String(event.headers['webhook-timestamp'])];
  const expected = createHmac('sha256', Buffer.from(all.secret.slice(6), 'base64')).update(`${id}.${timestamp}.${event.body}`).digest('base64');
  t.equal(event.headers['webhook-signature'], `v1,${expected}`, 'v1,<base64 HMAC-SHA256 of id.timestamp.body>');
  t.equal(event.json.type, 'article.created');
  t.match(event.json.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.same(event.json.data, (await app.inject({ method: 'GET', url: `/articles/${article.id}`, headers: editor })).json(), 'data is the article as the API shows it');
  t.notOk('previous' in event.json);
  t.match(receiver.ofType('tag.created')[0]!.json.data, { slug: 'weather', name: 'Weather' });

  // The receiver has the request before the server has read its answer: wait for the log to settle.
  const entry = await waitFor('the delivery to be recorded', async () => (await hooks.deliveries(all.id)).find((d) => d.id === id && d.status !== 'pending'));
  t.match(entry, { eventId: /^evt_/, type: 'article.created', status: 'succeeded', attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null });
  const detail = await hooks.delivery(all.id, id);
  t.equal(JSON.stringify(detail.payload), event.body, 'the stored payload bytes are what was sent');
  t.equal(detail.attemptLog.length, 1);
  t.match(detail.attemptLog[0], { statusCode: 204, error: null, responseBody: '' });

  const patched = await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: editor, payload: { title: 'Storm floods five towns', summary: 'Thousands evacuated.' } });
  t.equal(patched.statusCode, 200);
  const updated = await waitFor('article.updated', () => receiver.ofType('article.updated')[0]);
  verify(updated, all.secret);
  t.match(updated.json.data, { id: article.id, title: 'Storm floods five towns', summary: 'Thousands evacuated.', version: 2 });
  t.same(updated.json.previous, { title: 'Storm floods coastal towns', summary: null }, 'previous holds the old values of the changed fields only');

  t.equal((await app.inject({ method: 'PATCH', url: `/articles/${article.id}`, headers: editor, payload: { status: 'published' } })).statusCode, 200);
  const publishedEvent = await waitFor('article.published at the filtered endpoint', () => published.ofType('article.published')[0]);
  verify(publishedEvent, onlyPublished.secret);
  t.match(publishedEvent.json.data, { id: article.id, status: 'published' });
  await waitFor('published + updated at the catch-all endpoint', () => receiver.ofType('article.published').length === 1 && receiver.ofType('article.updated').length === 2);
  t.same(receiver.ofType('article.updated')[1]!.json.previous, { status: 'draft', publishedAt: null });

  t.equal((await app.inject({ method: 'DELETE', url: `/articles/${article.id}`, headers: editor })).statusCode, 204);
  const deleted = await waitFor('article.deleted', () => receiver.ofType('article.deleted')[0]);
  verify(deleted, all.secret);
  t.same(deleted.json.data, { id: article.id, slug: article.slug });

  t.same(
    published.received.map((r) => r.json.type),
    ['article.published'],
    'an endpoint gets only the events it subscribed to',
  );
  const ids = receiver.received.map((r) => r.headers['webhook-id']);
  t.equal(new Set(ids).size, ids.length, 'one webhook-id per event and endpoint');
});

t.test('a failed attempt is retried with the same webhook-id until it succeeds', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const big = 'x'.repeat(10_000);
  const receiver = await startReceiver(t, (_request, index) => (index < 2 ? { status: 503, body: big } : { status: 200, body: 'thanks' }));
  const endpoint = await hooks.endpoint(receiver.url, ['tag.created']);
  const editor = await editorOf(app);
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Climate' } })).statusCode, 201);

  const [delivery] = await waitFor('the delivery to succeed', async () => {
    const log = await hooks.deliveries(endpoint.id);
    return log[0]?.status === 'succeeded' ? log : undefined;
  });
  t.equal(receiver.received.length, 3, 'two failures, then a success');
  t.same(new Set(receiver.received.map((r) => r.headers['webhook-id'])), new Set([delivery!.id]), 'the same webhook-id on every attempt');
  for (const request of receiver.received) verify(request, endpoint.secret);
  t.match(delivery, { status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
  const detail = await hooks.delivery(endpoint.id, delivery!.id);
  t.same(detail.attemptLog.map((a) => a.statusCode), [503, 503, 200]);
  t.same(detail.attemptLog.map((a) => a.error), ['HTTP 503', 'HTTP 503', null]);
  t.equal(detail.attemptLog[0]!.responseBody!.length, 4096, 'the response body is truncated to 4 KiB');
  t.equal(detail.attemptLog[2]!.responseBody, 'thanks');
  t.ok(detail.attemptLog.every((a) => Number.isInteger(a.latencyMs) && a.latencyMs >= 0), 'latency recorded');
  t.equal((await hooks.get(endpoint.id)).failingSince, null, 'a success clears the failure streak');
});

t.test('exhausted retries leave the delivery failed; redeliver makes one more attempt with the same id', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t, () => ({ status: 500, body: 'database down' }));
  const endpoint = await hooks.endpoint(receiver.url);
  const ping = await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin });
  t.equal(ping.statusCode, 202);
  const queued = ping.json() as { id: string; status: string };
  t.equal(queued.status, 'pending');

  const failed = await waitFor('the delivery to fail', async () => (await hooks.deliveries(endpoint.id, 'status=failed'))[0]);
  t.match(failed, { id: queued.id, type: 'ping', status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
  t.ok(failed.completedAt, 'completedAt is set');
  t.equal(receiver.received.length, 3, 'one attempt per retry delay');
  const endpointNow = await hooks.get(endpoint.id);
  t.ok(endpointNow.failingSince, 'the endpoint shows since when it fails');
  t.equal(endpointNow.active, true, 'a few failures do not disable it');

  // Still failing: redeliver gives exactly one attempt, then it is failed again.
  const again = await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/${queued.id}/redeliver`, headers: admin });
  t.equal(again.statusCode, 202);
  t.match(again.json(), { id: queued.id, status: 'pending', attempts: 3 });
  await waitFor('one more failed attempt', async () => (await hooks.deliveries(endpoint.id, 'status=failed'))[0]?.attempts === 4);
  t.equal(receiver.received.length, 4);

  receiver.respond(() => ({ status: 202 }));
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/${queued.id}/redeliver`, headers: admin })).statusCode, 202);
  const succeeded = await waitFor('the redelivery to succeed', async () => (await hooks.deliveries(endpoint.id, 'status=succeeded'))[0]);
  t.match(succeeded, { id: queued.id, attempts: 5, lastStatusCode: 202, lastError: null, completedAt: String });
  t.equal(receiver.received.length, 5);
  t.same(new Set(receiver.received.map((r) => r.headers['webhook-id'])), new Set([queued.id]), 'redelivery keeps the webhook-id');
  const last = receiver.received[4]!;
  verify(last, endpoint.secret);
  t.equal(last.json.type, 'ping');
  t.match(last.json.data, { id: endpoint.id, url: receiver.url });

  // A succeeded delivery may be redelivered too (e.g. the receiver lost it).
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/${queued.id}/redeliver`, headers: admin })).statusCode, 202);
  await waitFor('the redelivery of a succeeded delivery', () => receiver.received.length === 6);
  await waitFor('it to settle', async () => (await hooks.deliveries(endpoint.id))[0]?.status === 'succeeded');
  assertProblem(t, await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/msg_nope/redeliver`, headers: admin }), 404, 'DELIVERY_NOT_FOUND');
});

t.test('410 Gone disables the endpoint; re-enabling clears the state', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const receiver = await startReceiver(t, () => ({ status: 410, body: 'unsubscribed' }));
  const endpoint = await hooks.endpoint(receiver.url);
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'One' } })).statusCode, 201);

  const disabled = await waitFor('the endpoint to be disabled', async () => {
    const current = await hooks.get(endpoint.id);
    return current.active ? undefined : current;
  });
  t.match(disabled.disabledReason, /410 Gone/);
  t.equal(receiver.received.length, 1, '410 is not retried');
  t.match((await hooks.deliveries(endpoint.id))[0], { status: 'failed', attempts: 1, lastStatusCode: 410 });

  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Two' } })).statusCode, 201);
  t.equal((await hooks.deliveries(endpoint.id)).length, 1, 'no delivery is queued for a disabled endpoint');
  const refusedPing = assertProblem(t, await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin }), 409, 'WEBHOOK_INACTIVE');
  t.match(refusedPing.detail, /\. Re-enable it first/, 'says why, then what to do');
  const first = (await hooks.deliveries(endpoint.id))[0]!;
  assertProblem(t, await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/deliveries/${first.id}/redeliver`, headers: admin }), 409, 'WEBHOOK_INACTIVE');

  receiver.respond(() => ({ status: 200 }));
  const enabled = await app.inject({ method: 'PATCH', url: `/webhooks/${endpoint.id}`, headers: admin, payload: { active: true } });
  t.equal(enabled.statusCode, 200);
  t.match(enabled.json(), { active: true, disabledReason: null, failingSince: null });
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Three' } })).statusCode, 201);
  const three = await waitFor('events after re-enabling', () => receiver.ofType('tag.created').find((r) => r.json.data['name'] === 'Three'));
  verify(three, endpoint.secret);
  t.notOk(receiver.received.some((r) => r.json.data['name'] === 'Two'), 'what happened while disabled was not delivered');
});

t.test('an endpoint failing for longer than CMS_WEBHOOK_DISABLE_AFTER_MS is disabled with its reason', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_DISABLE_AFTER_MS: '1' });
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t, () => ({ status: 502 }));
  const endpoint = await hooks.endpoint(receiver.url);
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const disabled = await waitFor('the endpoint to be disabled', async () => {
    const current = await hooks.get(endpoint.id);
    return current.active ? undefined : current;
  });
  t.match(disabled.disabledReason, /^Every attempt failed from .+ to .+; the last error: HTTP 502$/);
  t.ok(disabled.failingSince);
  t.match((await hooks.deliveries(endpoint.id))[0], { status: 'failed', attempts: 2 });
  t.equal(receiver.received.length, 2);
});

t.test('a rolled-back write sends nothing', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const receiver = await startReceiver(t);
  const endpoint = await hooks.endpoint(receiver.url);
  t.equal((await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'First', slug: 'taken' } })).statusCode, 201);
  // The tag "Phantom" would be created inside the transaction before the slug conflict aborts it.
  assertProblem(t, await app.inject({ method: 'POST', url: '/articles', headers: editor, payload: { title: 'Second', slug: 'taken', tags: ['Phantom'] } }), 409, 'SLUG_TAKEN');
  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Marker' } })).statusCode, 201);
  await waitFor('the marker event', () => receiver.received.some((r) => r.json.data['name'] === 'Marker'));
  t.same(
    receiver.received.map((r) => `${r.json.type} ${String(r.json.data['slug'])}`).sort(),
    ['article.created taken', 'tag.created marker'],
    'nothing from the failed request',
  );
  t.equal((await hooks.deliveries(endpoint.id)).length, 2, 'and no delivery row for it');
});

t.test('a hanging receiver times out without holding up other endpoints', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0', CMS_WEBHOOK_TIMEOUT_MS: '3000' });
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const slow = await startReceiver(t, () => 'hang');
  const fast = await startReceiver(t);
  const slowEndpoint = await hooks.endpoint(slow.url);
  const fastEndpoint = await hooks.endpoint(fast.url);

  const res = await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Urgent' } });
  t.equal(res.statusCode, 201, 'the API answers while a receiver hangs');
  await waitFor('the other endpoint to get the event', () => fast.received.length === 1);
  verify(fast.received[0]!, fastEndpoint.secret);
  // The fast endpoint got its event while the slow one's request was still open and unanswered.
  const slowNow = (await hooks.deliveries(slowEndpoint.id))[0]!;
  if (slow.hanging() === 1) t.match(slowNow, { status: 'pending', attempts: 0 }, 'the slow attempt was still in flight');
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);

  const failed = await waitFor('the slow attempt to time out', async () => (await hooks.deliveries(slowEndpoint.id, 'status=failed'))[0]);
  t.match(failed, { attempts: 1, lastStatusCode: null, lastError: 'Timed out after 3000 ms' });
  const detail = await hooks.delivery(slowEndpoint.id, failed.id);
  t.match(detail.attemptLog, [{ statusCode: null, error: 'Timed out after 3000 ms', responseBody: null }]);
});

t.test('attempts to one endpoint run at most 4 at a time', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0', CMS_WEBHOOK_TIMEOUT_MS: '1500' });
  const hooks = webhookClient(app);
  const slow = await startReceiver(t, () => 'hang');
  const endpoint = await hooks.endpoint(slow.url);
  for (let i = 0; i < 7; i++) t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  await waitFor('four attempts in flight', () => slow.hanging() === 4);
  const log = await hooks.deliveries(endpoint.id);
  t.equal(log.filter((d) => d.status === 'pending' && d.attempts === 0).length, 7, 'the others wait their turn');
  await waitFor('every attempt to time out', async () => (await hooks.deliveries(endpoint.id, 'status=failed')).length === 7);
  t.equal(slow.received.length, 7, 'each was attempted once');
  t.equal(slow.peakHanging(), 4, 'never more than four at once');
});

t.test('redirects are failures, not followed', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0' });
  const hooks = webhookClient(app);
  const target = await startReceiver(t);
  const receiver = await startReceiver(t, () => ({ status: 307, headers: { location: target.url } }));
  const endpoint = await hooks.endpoint(receiver.url);
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const failed = await waitFor('the redirect to fail', async () => (await hooks.deliveries(endpoint.id, 'status=failed'))[0]);
  t.match(failed, { lastStatusCode: 307, lastError: /Redirect \(HTTP 307 to http:\/\/127\.0\.0\.1:\d+\/hook\) not followed/ });
  t.equal(target.received.length, 0, 'the redirect target got nothing');
});

t.test('credentials in the URL are sent as HTTP Basic auth', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t);
  const endpoint = await hooks.endpoint(receiver.url.replace('http://', 'http://cms:s3cr%40t@'));
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const ping = await waitFor('the ping', () => receiver.received[0]);
  t.equal(ping.headers.authorization, `Basic ${Buffer.from('cms:s3cr@t').toString('base64')}`);
  verify(ping, endpoint.secret);
});

t.test('rotate-secret: the old secret keeps signing next to the new one', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t);
  const endpoint = await hooks.endpoint(receiver.url, ['article.deleted']);
  const res = await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/rotate-secret`, headers: admin });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'no-store');
  const rotated = res.json() as { secret: string; previousSecretExpiresAt: string; id: string };
  t.match(rotated.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  t.not(rotated.secret, endpoint.secret);
  const hours = (Date.parse(rotated.previousSecretExpiresAt) - Date.now()) / 3_600_000;
  t.ok(hours > 23.9 && hours <= 24, 'the old secret is valid for 24 hours');
  t.equal((await hooks.get(endpoint.id)).previousSecretExpiresAt, rotated.previousSecretExpiresAt);
  t.notOk('secret' in (await hooks.get(endpoint.id)), 'the secret is not readable afterwards');

  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202, 'ping goes out whatever the events');
  const ping = await waitFor('the ping', () => receiver.received[0]);
  t.equal(ping.json.type, 'ping');
  const signatures = String(webhookHeaders(ping)['webhook-signature']).split(' ');
  t.equal(signatures.length, 2, 'two signatures');
  t.ok(signatures.every((s) => s.startsWith('v1,')));
  t.same(verify(ping, rotated.secret), ping.json, 'verifies with the new secret');
  t.same(verify(ping, endpoint.secret), ping.json, 'and with the old one');
  t.throws(() => verify(ping, 'whsec_' + Buffer.alloc(32, 7).toString('base64')), 'but not with another');

  // Rotating again retires the first secret at once.
  const third = (await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/rotate-secret`, headers: admin })).json() as { secret: string };
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const second = await waitFor('the second ping', () => receiver.received[1]);
  verify(second, third.secret);
  verify(second, rotated.secret);
  t.throws(() => verify(second, endpoint.secret), 'the first secret no longer signs');
});

t.test('ping reaches only its endpoint; inactive endpoints get nothing', async (t) => {
  const app = await buildTestApp(t, FAST_WEBHOOKS);
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const pinged = await startReceiver(t);
  const other = await startReceiver(t);
  const sleeping = await startReceiver(t);
  const pingedEndpoint = await hooks.endpoint(pinged.url, ['tag.deleted']);
  const otherEndpoint = await hooks.endpoint(other.url, ['*']);
  const sleepingEndpoint = await hooks.endpoint(sleeping.url, ['*'], { active: false });
  t.equal(sleepingEndpoint.active, false);

  const res = await app.inject({ method: 'POST', url: `/webhooks/${pingedEndpoint.id}/ping`, headers: admin });
  t.equal(res.statusCode, 202);
  t.match(res.json(), { id: /^msg_/, type: 'ping', status: 'pending', attempts: 0 });
  await waitFor('the ping', () => pinged.received.length === 1);
  verify(pinged.received[0]!, pingedEndpoint.secret);

  t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name: 'Marker' } })).statusCode, 201);
  await waitFor('the marker at the active endpoint', () => other.received.length === 1);
  t.same(other.received.map((r) => r.json.type), ['tag.created'], 'no ping for the others');
  t.equal(sleeping.received.length, 0, 'the inactive endpoint got nothing');
  t.same(await hooks.deliveries(sleepingEndpoint.id), [], 'nothing is queued for it');
  t.equal(pinged.received.length, 1, 'the pinged endpoint got only its ping');
  t.equal(otherEndpoint.active, true);
});

t.test('deactivating an endpoint fails its waiting deliveries', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0,3600000' });
  const hooks = webhookClient(app);
  const receiver = await startReceiver(t, () => ({ status: 503 }));
  const endpoint = await hooks.endpoint(receiver.url);
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin })).statusCode, 202);
  const waiting = await waitFor('the first attempt', async () => (await hooks.deliveries(endpoint.id))[0]?.attempts === 1 && (await hooks.deliveries(endpoint.id))[0]);
  t.match(waiting, { status: 'pending', lastStatusCode: 503, nextAttemptAt: String });
  t.ok(Date.parse(waiting.nextAttemptAt!) - Date.now() > 3_000_000, 'the retry is scheduled per CMS_WEBHOOK_RETRY_DELAYS (with jitter)');

  const res = await app.inject({ method: 'PATCH', url: `/webhooks/${endpoint.id}`, headers: admin, payload: { active: false } });
  t.match(res.json(), { active: false, disabledReason: null });
  t.match((await hooks.deliveries(endpoint.id))[0], { status: 'failed', nextAttemptAt: null, lastError: 'Not delivered: the endpoint was deactivated' });
  t.equal(receiver.received.length, 1);
  const ping = assertProblem(t, await app.inject({ method: 'POST', url: `/webhooks/${endpoint.id}/ping`, headers: admin }), 409, 'WEBHOOK_INACTIVE');
  t.match(ping.detail, /: it was deactivated\. Re-enable it first/);
});

t.test('the delivery log pages and filters by status', async (t) => {
  const app = await buildTestApp(t, { ...FAST_WEBHOOKS, CMS_WEBHOOK_RETRY_DELAYS: '0' });
  const hooks = webhookClient(app);
  const editor = await editorOf(app);
  const receiver = await startReceiver(t, (request) => (request.json.type === 'tag.created' ? { status: 500 } : { status: 200 }));
  const endpoint = await hooks.endpoint(receiver.url, ['tag.created', 'tag.deleted']);
  for (const name of ['a1', 'a2', 'a3']) {
    t.equal((await app.inject({ method: 'POST', url: '/tags', headers: editor, payload: { name } })).statusCode, 201);
    t.equal((await app.inject({ method: 'DELETE', url: `/tags/${name}`, headers: editor })).statusCode, 204);
  }
  await waitFor('all six to settle', async () => (await hooks.deliveries(endpoint.id)).every((d) => d.status !== 'pending') && receiver.received.length === 6);

  const failed = await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries?status=failed`, headers: admin });
  const failedBody = failed.json() as { data: { type: string; status: string }[]; meta: unknown };
  t.same(failedBody.meta, { page: 1, limit: 20, total: 3, pages: 1 });
  t.ok(failedBody.data.every((d) => d.type === 'tag.created' && d.status === 'failed'));
  const succeeded = (await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries?status=succeeded&limit=2&page=2`, headers: admin })).json() as {
    data: { type: string }[];
    meta: unknown;
  };
  t.same(succeeded.meta, { page: 2, limit: 2, total: 3, pages: 2 });
  t.same(succeeded.data.map((d) => d.type), ['tag.deleted']);

  const all = await hooks.deliveries(endpoint.id);
  t.equal(all.length, 6);
  const created = all.map((d) => d.createdAt);
  t.same(created, [...created].sort().reverse(), 'newest first');
  t.same(Object.keys(all[0]!).sort(), ['attempts', 'completedAt', 'createdAt', 'eventId', 'id', 'lastError', 'lastStatusCode', 'nextAttemptAt', 'status', 'type']);

  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries?status=lost`, headers: admin }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries?page=0`, headers: admin }), 400, 'VALIDATION_FAILED');
  const otherEndpoint = await hooks.endpoint(receiver.url);
  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${otherEndpoint.id}/deliveries/${all[0]!.id}`, headers: admin }), 404, 'DELIVERY_NOT_FOUND');
  t.equal((await app.inject({ method: 'DELETE', url: `/webhooks/${endpoint.id}`, headers: admin })).statusCode, 204);
  assertProblem(t, await app.inject({ method: 'GET', url: `/webhooks/${endpoint.id}/deliveries`, headers: admin }), 404, 'WEBHOOK_NOT_FOUND');
});
