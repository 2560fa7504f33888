import { readFileSync } from 'node:fs';
import t from 'tap';
import { openApiPath } from '../scripts/openapi.js';
import { bearer, buildTestApp, createKey, ADMIN_KEY } from './helpers/app.js';

/**
 * The authorization matrix, generated from the OpenAPI document: every operation is called as
 * anonymous, editor and admin, and each answer is checked against the role the operation declares
 * (its `security` and the "Requires the … role" note the auth plugin writes from the route's
 * `config.role`). A route added without a rule has neither and fails here.
 */
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  description?: string;
  requestBody?: { content: Record<string, unknown> };
}
const doc = JSON.parse(readFileSync(openApiPath, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

type Role = 'anonymous' | 'editor' | 'admin';
const RANK: Record<Role, number> = { anonymous: 0, editor: 1, admin: 2 };

function requiredRole(op: Operation): Role | undefined {
  const security = op.security;
  if (security === undefined) return undefined;
  const optional = security.some((requirement) => Object.keys(requirement).length === 0);
  if (optional) return 'anonymous';
  const notes = [...(op.description ?? '').matchAll(/Requires the \*\*(editor|admin)\*\* role/g)];
  // Once: a GET and the HEAD route Fastify adds for it share one schema.
  if (notes.length > 1) throw new Error(`the role note appears ${String(notes.length)} times in ${op.operationId}`);
  return notes[0]?.[1] as Role | undefined;
}

t.test('every operation answers each role as its rule says, and never with a 5xx', async (t) => {
  const app = await buildTestApp(t, { CMS_SUBSCRIBE_RATE_LIMIT: '100000' });
  const keys: Record<Role, Record<string, string>> = {
    anonymous: {},
    editor: bearer(await createKey(app, 'editor')),
    admin: bearer(ADMIN_KEY),
  };
  let calls = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const role = requiredRole(op);
      t.ok(role, `${method.toUpperCase()} ${path} (${op.operationId}) declares who may call it`);
      if (role === undefined) continue;
      // Unknown ids everywhere: the point is who gets past authorization, not what they find.
      const url = path.replace(/\{[^}]+\}/g, (name) => (name === '{version}' ? '1' : 'matrix-unknown'));
      for (const caller of ['anonymous', 'editor', 'admin'] as const) {
        const hasBody = op.requestBody !== undefined && method !== 'get';
        const res = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers: { ...keys[caller], ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody ? { payload: '{}' } : {}),
        });
        calls++;
        const name = `${method.toUpperCase()} ${path} as ${caller} → ${res.statusCode}`;
        t.ok(res.statusCode < 500, `${name}: no 5xx`);
        if (RANK[caller] < RANK[role]) {
          t.equal(res.statusCode, caller === 'anonymous' ? 401 : 403, `${name}: refused (needs ${role})`);
        } else {
          t.ok(res.statusCode !== 401 && res.statusCode !== 403, `${name}: allowed`);
        }
      }
    }
  }
  t.comment(`${calls} calls`);
});
