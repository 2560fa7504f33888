import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';
import { ADMIN_KEY, assertProblem, bearer, buildTestApp } from './helpers/app.js';
import { waitFor } from './helpers/wait.js';

/** Blocks the event loop, as a burst of work far above capacity does. */
function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

t.test('under event-loop pressure requests are shed with 503 + Retry-After, /health answers, and it recovers', async (t) => {
  const app = await buildTestApp(t, { CMS_MAX_EVENT_LOOP_DELAY_MS: '200' });
  // Answers to an API key are never served from the response cache: each one is built.
  const admin = bearer(ADMIN_KEY);
  t.equal((await app.inject({ method: 'GET', url: '/tags', headers: admin })).statusCode, 200, 'answers normally at first');
  await app.inject({ method: 'GET', url: '/tags' });

  // Keep the loop blocked until the plugin's sampler has seen it (it samples once a second). A
  // stored answer asked for just before a request that is shed was asked for under the same pressure.
  const { shed, stored, preflight } = await waitFor('a shed request', async () => {
    blockFor(1500);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const fromCache = await app.inject({ method: 'GET', url: '/tags' });
    const asked = await app.inject({ method: 'OPTIONS', url: '/tags', headers: { origin: 'https://reader.example', 'access-control-request-method': 'GET' } });
    const res = await app.inject({ method: 'GET', url: '/tags', headers: { ...admin, origin: 'https://reader.example' } });
    return res.statusCode === 503 ? { shed: res, stored: fromCache, preflight: asked } : undefined;
  }, 30_000);
  assertProblem(t, shed, 503, 'UNAVAILABLE');
  t.equal(shed.headers['retry-after'], '5', 'Retry-After');
  t.equal(shed.headers['x-content-type-options'], 'nosniff', 'with the security headers');
  t.equal(shed.headers['access-control-allow-origin'], '*', 'and CORS, so that a browser app can read Retry-After');
  t.equal(stored.statusCode, 200, 'a stored answer is still sent: that costs less than refusing it');
  t.equal(stored.headers['x-cache'], 'HIT');
  t.equal(preflight.statusCode, 204, 'a CORS preflight is answered, not shed: it costs less than refusing it');
  t.equal(preflight.headers['access-control-allow-origin'], '*');
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, '/health is exempt: the process is alive');

  // Without more blocking the next samples are calm again and requests are served.
  await waitFor('recovery', async () => (await app.inject({ method: 'GET', url: '/tags', headers: admin })).statusCode === 200, 30_000);
  t.pass('recovers by itself');
});

t.test('a slowloris client is cut off; oversized headers are refused', async (t) => {
  const app = await buildTestApp(t, { CMS_REQUEST_TIMEOUT_MS: '1000' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;

  // Sends a header line byte by byte, never finishing the request.
  const socket = connect(port, '127.0.0.1');
  let closed = false;
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  socket.write('GET /tags HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write('a');
  }, 100);
  t.teardown(() => {
    clearInterval(drip);
    socket.destroy();
  });
  await waitFor('the server to close the slow connection', () => closed, 30_000);
  clearInterval(drip);
  t.ok(closed, 'the connection was closed by the server');
  t.match(answer, /^(HTTP\/1\.1 408|$)/, 'with a 408 or nothing at all');

  // A header block beyond the limit is refused before any handler runs.
  const big = await fetch(`http://127.0.0.1:${port}/tags`, { headers: { 'x-big': 'a'.repeat(20 * 1024) } }).then((res) => res.status, () => 'reset');
  t.ok(big === 431 || big === 'reset', `oversized headers refused (${big})`);

  // Normal clients are unaffected.
  t.equal((await fetch(`http://127.0.0.1:${port}/tags`)).status, 200);
});

t.test('the limits are configurable and validated', async (t) => {
  const config = loadConfig({});
  t.equal(config.requestTimeoutMs, 30_000, 'requests must arrive within 30 s by default');
  t.equal(config.maxEventLoopDelayMs, 1000, 'load is shed past 1 s of event-loop delay by default');
  t.equal(loadConfig({ CMS_MAX_EVENT_LOOP_DELAY_MS: '0' }).maxEventLoopDelayMs, 0, '0 turns shedding off');
  t.throws(() => loadConfig({ CMS_REQUEST_TIMEOUT_MS: '50' }), ConfigError, 'a request timeout under 100 ms is refused');
  t.throws(() => loadConfig({ CMS_MAX_EVENT_LOOP_DELAY_MS: 'soon' }), ConfigError);
});
