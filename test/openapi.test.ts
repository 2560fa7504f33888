import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import t from 'tap';
import { openApiPath, renderOpenApi } from '../scripts/openapi.js';
import { buildTestApp } from './helpers/app.js';

interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

const committed = readFileSync(openApiPath, 'utf8');

t.test('openapi/openapi.json is current', async (t) => {
  const rendered = await renderOpenApi();
  t.ok(rendered === committed, 'openapi/openapi.json is stale: run `npm run openapi` and commit the result');
});

t.test('GET /openapi.json serves the committed document', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), JSON.parse(committed));
});

t.test('the document is valid OpenAPI 3.1', async (t) => {
  const result = await validate(JSON.parse(committed) as Parameters<typeof validate>[0]);
  t.ok(result.valid, JSON.stringify(result.valid ? [] : result.errors, null, 2));
});

t.test('every operation is documented for its users', async (t) => {
  const doc = JSON.parse(committed) as Document;
  const ids = new Set<string>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`;
      t.ok(op.operationId, `${name} has an operationId`);
      t.notOk(ids.has(op.operationId ?? ''), `${name} operationId is unique`);
      ids.add(op.operationId ?? '');
      t.ok((op.tags?.length ?? 0) > 0, `${name} has a tag`);
      t.ok(op.summary, `${name} has a summary`);
      t.ok(op.security, `${name} states its security`);
      const problems = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      if (path !== '/health') t.ok(problems.length > 0, `${name} documents its problem responses`);
      for (const [status, response] of problems) {
        t.ok(response.content?.['application/problem+json'], `${name} ${status} is application/problem+json`);
      }
      if (op.requestBody !== undefined) {
        // JSON where the operation takes it; otherwise (e.g. a text/csv import) its one media type.
        const media = op.requestBody.content['application/json'] ?? Object.values(op.requestBody.content)[0];
        t.ok(media?.example ?? media?.examples, `${name} has a request example`);
      }
    }
  }
});
