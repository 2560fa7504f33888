import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ADMIN_KEY } from './helpers/app.js';
import { waitFor } from './helpers/wait.js';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Splits what arrived on a socket into HTTP/1.1 answers (bodies with Content-Length). */
function answersIn(raw: string): RawAnswer[] {
  const answers: RawAnswer[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    const [statusLine = '', ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length'] ?? 0);
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body: rest.slice(end + 4, end + 4 + length) });
    rest = rest.slice(end + 4 + length);
  }
  return answers;
}

/**
 * A request sent on a connection that is busy (its first request still in a handler) once the
 * server has begun to close: it reaches the routes after Fastify marked them closing.
 */
async function sentWhileClosing(t: Test, path: string): Promise<RawAnswer[]> {
  const app = await buildApp(loadConfig({ CMS_DB_PATH: ':memory:', LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY, CMS_MAX_EVENT_LOOP_DELAY_MS: '0' }));
  let entered: () => void = () => undefined;
  const inHandler = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // A request the test holds in its handler, so that the connection stays busy through the close.
  app.get('/test/held', async () => {
    entered();
    await gate;
    return { held: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  t.teardown(() => socket.destroy());
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write('GET /test/held HTTP/1.1\r\nHost: cms.test\r\n\r\n');
  await inHandler;
  const closed = app.close();
  // Fastify closes the server once the preClose hooks have run.
  await waitFor('the server to stop listening', () => !app.server.listening);
  socket.write(`GET ${path} HTTP/1.1\r\nHost: cms.test\r\n\r\n`);
  release();
  await socketClosed;
  await closed;
  return answersIn(received);
}

t.test('a request that reaches a route while the server closes is answered as usual, then the connection closes', async (t) => {
  const [held, during] = await sentWhileClosing(t, '/articles');
  t.equal(held?.status, 200, 'the request in flight finished');
  t.equal(during?.status, 200, 'the one after it was served: the database is open until the last connection ends');
  t.match(during?.headers['content-type'], /^application\/json/);
  t.same(JSON.parse(during?.body ?? '{}').data, [], 'with its real answer');
  t.equal(during?.headers.connection, 'close', 'and the connection closes after it');
});

t.test('/ready answers 503 (problem+json, Retry-After) once the server is shutting down', async (t) => {
  const [, during] = await sentWhileClosing(t, '/ready');
  t.equal(during?.status, 503);
  t.match(during?.headers['content-type'], /^application\/problem\+json/);
  t.equal(during?.headers['retry-after'], '1');
  const problem = JSON.parse(during?.body ?? '{}') as { status: number; detail: string };
  t.equal(problem.status, 503);
  t.match(problem.detail, /shutting down/);
});
