import type { Test } from 'tap';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export type TestApp = Awaited<ReturnType<typeof buildApp>>;

/**
 * The real app, built as production builds it, on a fresh in-memory database. Load shedding is off
 * unless a test turns it on (test/overload.test.ts): many apps share one busy test process, whose
 * event-loop delay says nothing about any one of them.
 */
export async function buildTestApp(t: Test, env: Record<string, string> = {}, options: BuildOptions = {}): Promise<TestApp> {
  const app = await buildApp(loadConfig({ CMS_DB_PATH: ':memory:', LOG_LEVEL: 'silent', CMS_ADMIN_KEY: ADMIN_KEY, CMS_MAX_EVENT_LOOP_DELAY_MS: '0', ...env }), options);
  t.teardown(() => app.close());
  await app.ready();
  return app;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Makes an API key through the API and returns its secret. */
export async function createKey(app: TestApp, role: 'admin' | 'editor', name = `${role} key`): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api-keys', headers: bearer(ADMIN_KEY), payload: { name, role } });
  if (res.statusCode !== 201) throw new Error(`creating a key failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { key: string }).key;
}

/** Asserts an RFC 9457 problem answer and returns its body. */
export function assertProblem(t: Test, res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, code?: string) {
  t.equal(res.statusCode, status, `status ${status}`);
  t.match(String(res.headers['content-type']), /^application\/problem\+json/, 'problem+json');
  const body = res.json() as { type: string; title: string; status: number; detail: string; code: string; errors?: { path: string; message: string }[] };
  t.equal(body.status, status, 'status member matches');
  t.type(body.type, 'string');
  t.type(body.title, 'string');
  t.ok(body.detail.length > 0, 'has a detail');
  if (code !== undefined) t.equal(body.code, code, `code ${code}`);
  return body;
}
