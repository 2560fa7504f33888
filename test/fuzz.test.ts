import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import t from 'tap';
import { webhookEndpoints } from '../src/db/schema.js';
import { newId } from '../src/lib/ids.js';
import { ADMIN_KEY, bearer, buildTestApp, createKey, type TestApp } from './helpers/app.js';

/**
 * Property-based fuzzing of every operation in the OpenAPI document through the real app:
 * generated (valid-ish and mutated) bodies, query strings, path parameters, headers and content
 * types, with and without keys. Properties: never a 5xx; every 4xx is an RFC 9457 problem document;
 * a rejected write changes nothing in the database; the app stays healthy.
 * `npm test` runs a few hundred requests; `CMS_FUZZ_RUNS` (set by `npm run test:faults`) more.
 */
const RUNS = Math.max(1, Number(process.env['CMS_FUZZ_RUNS'] ?? '400'));

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  examples?: unknown[];
}
interface Parameter { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema }
interface Operation { method: string; path: string; operationId: string; parameters: Parameter[]; body: { type: string; schema: Schema } | undefined }
interface Document {
  paths: Record<string, Record<string, { operationId?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

const doc = JSON.parse(readFileSync(new URL('../openapi/openapi.json', import.meta.url), 'utf8')) as Document;
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => {
    const content = op.requestBody?.content ?? {};
    const type = Object.keys(content)[0];
    const schema = type === undefined ? undefined : content[type]?.schema;
    return { method: method.toUpperCase(), path, operationId: op.operationId ?? `${method} ${path}`, parameters: op.parameters ?? [], body: type === undefined || schema === undefined ? undefined : { type, schema } };
  }),
);

const resolve = (schema: Schema): Schema => {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.split('/').at(-1) ?? '';
  return doc.components.schemas[name] ?? {};
};

/** Strings that tend to break things: unicode, traversal, control characters, injections, huge. */
const nastyStrings = [
  '', ' ', '..', '../../etc/passwd', '%2e%2e%2f', '\u0000', 'null', 'undefined', '0', '-1', '1e309', 'NaN', 'true',
  'Ünïcödé', '新闻', 'العربية', '🦄🔥', '\u202e', '\ud800', 'a'.repeat(5000), '9'.repeat(400), '<script>alert(1)</script>',
  "' OR 1=1 --", '"; DROP TABLE articles; --', '%', '%%', '*', '"', '\\', 'a,b,,c', '__proto__', 'constructor', 'toString',
  'javascript:alert(1)', 'http://127.0.0.1:9/hook', 'http://[::1]/', 'ftp://example.com', 'https://', 'http://10.0.0.1/x',
  '2024-13-45T99:99:99Z', '2099-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z', 'x@', 'someone@example.com', 'SOMEONE@EXAMPLE.COM',
  'title', 'draft', 'published', 'scheduled', 'admin', 'editor', '*', 'article.created', 'whsec_AAAA',
];
const nastyString = fc.oneof(fc.constantFrom(...nastyStrings), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const nastyNumber = fc.constantFrom(0, -1, 1, 2, 5, 20, 100, 101, 1.5, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e300, -0);

function valueFor(schemaIn: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(schemaIn);
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.enum !== undefined && schema.enum.length > 0) options.push(fc.constantFrom(...schema.enum));
  if (schema.const !== undefined) options.push(fc.constant(schema.const));
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) options.push(valueFor(branch, depth + 1));
  if (schema.examples !== undefined && schema.examples.length > 0) options.push(fc.constantFrom(...schema.examples));
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  for (const type of types) {
    if (type === 'string') {
      if (schema.format === 'date-time') options.push(fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2200-01-01') }).map((d) => d.toISOString()));
      if (schema.format === 'email') options.push(fc.emailAddress());
      options.push(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) }), nastyString);
    } else if (type === 'integer' || type === 'number') {
      options.push(fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1000) }), nastyNumber);
    } else if (type === 'boolean') {
      options.push(fc.boolean());
    } else if (type === 'null') {
      options.push(fc.constant(null));
    } else if (type === 'array') {
      options.push(fc.array(depth > 4 ? nastyString : valueFor(schema.items ?? {}, depth + 1), { maxLength: 5 }));
    } else if (type === 'object') {
      options.push(objectFor(schema, depth));
    }
  }
  if (options.length === 0) options.push(nastyString, nastyNumber, fc.constant(null));
  return fc.oneof(...options);
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) record[name] = depth > 4 ? nastyString : valueFor(property, depth + 1);
  return fc.record(record, { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) });
}

/** Any JSON at all, for wrong-type mutations. */
const anyJson = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null), fc.array(nastyString, { maxLength: 3 }), fc.dictionary(nastyString, nastyString, { maxKeys: 3 }));

interface Built { payload: string | Buffer | undefined; contentType: string | undefined; mutation: string }

function bodyFor(op: Operation): fc.Arbitrary<Built> {
  const json = (mutation: string) => (value: unknown): Built => ({ payload: JSON.stringify(value), contentType: 'application/json', mutation });
  const valid = op.body === undefined ? fc.constant<unknown>({}) : valueFor(op.body.schema);
  const mutated = op.body === undefined ? anyJson : fc.tuple(objectFor(resolve(op.body.schema), 0), nastyString, anyJson).map(([object, key, value]) => ({ ...object, [key]: value }));
  const contentType = op.body?.type ?? 'application/json';
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((value): Built => (contentType === 'application/json' ? json('valid-ish')(value) : { payload: String(value), contentType, mutation: 'valid-ish raw' })) },
    { weight: 3, arbitrary: mutated.map(json('mutated')) },
    { weight: 1, arbitrary: anyJson.map(json('wrong type')) },
    { weight: 1, arbitrary: fc.constant<Built>({ payload: undefined, contentType: undefined, mutation: 'no body' }) },
    { weight: 1, arbitrary: fc.constant<Built>({ payload: '', contentType: 'application/json', mutation: 'empty json' }) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'nul', '[1,2', '{"title":"x",}', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}').map((payload): Built => ({ payload, contentType: 'application/json', mutation: 'broken json' })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((depth): Built => ({ payload: `${'['.repeat(depth)}${']'.repeat(depth)}`, contentType: 'application/json', mutation: `nested arrays ${depth}` })) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((depth): Built => ({ payload: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, contentType: 'application/json', mutation: `nested objects ${depth}` })) },
    { weight: 1, arbitrary: fc.constantFrom(1024 * 1024, 3 * 1024 * 1024).map((size): Built => ({ payload: JSON.stringify({ title: 'x'.repeat(size) }), contentType: 'application/json', mutation: `huge ${size}` })) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Built => ({ payload: Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(bytes), Buffer.from('"}')]), contentType: 'application/json', mutation: 'invalid utf-8' })) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom('text/plain', 'application/xml', 'text/csv', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonx', 'garbage', 'application/json; charset=utf-16')).map(([value, type]): Built => ({ payload: JSON.stringify(value), contentType: type, mutation: `content-type ${type}` })) },
  );
}

/** Percent-encodes the UTF-8 bytes (encodeURIComponent throws on a lone surrogate). */
const pct = (value: string): string => [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`)).join('');

interface Seed { articleId: string; articleSlug: string; tagSlug: string; subscriberId: string; webhookId: string; deliveryId: string; editor: string }

function pathValue(seed: Seed, name: string): fc.Arbitrary<string> {
  const known = name === 'idOrSlug' || name === 'relatedIdOrSlug' ? [seed.articleId, seed.articleSlug, seed.tagSlug] : name === 'id' ? [seed.subscriberId, seed.webhookId, seed.articleId] : name === 'deliveryId' ? [seed.deliveryId] : ['1', '2'];
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: nastyString.map((value) => pct(value)) },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '..%2f..%2f', '%00', '%ff%fe', '%c3%28', '9'.repeat(1000), 'a'.repeat(600), '%E2%80%AE', '%F0%9F%A6%84') },
  );
}

function queryFor(op: Operation): fc.Arbitrary<string> {
  const declared = op.parameters.filter((p) => p.in === 'query');
  const pairs = fc.array(
    fc.oneof(
      ...declared.map((p) => fc.tuple(fc.constant(p.name), fc.oneof(valueFor(p.schema ?? {}).map(String), nastyString))),
      fc.tuple(nastyString, nastyString),
    ),
    { maxLength: 4 },
  );
  return fc.oneof(
    { weight: 5, arbitrary: pairs.map((list) => list.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')) },
    { weight: 1, arbitrary: fc.constantFrom('page=1&page=2', 'limit=', '=', '&&&', 'a[b]=c', '__proto__[x]=1', '%', '%zz', 'q=%00', `q=${'x'.repeat(3000)}`, 'page=1e3', 'limit=-0', 'tag=,,,', 'sort=-', 'status=draft&status=published') },
  );
}

function requestFor(seed: Seed, op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return fc.record({
    path: fc.tuple(...pathParams.map((name) => pathValue(seed, name))).map((values) => {
      let path = op.path;
      pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, values[i] ?? '')));
      return path;
    }),
    query: queryFor(op),
    body: op.method === 'GET' || op.method === 'DELETE' ? fc.oneof({ weight: 5, arbitrary: fc.constant<Built>({ payload: undefined, contentType: undefined, mutation: 'no body' }) }, { weight: 1, arbitrary: bodyFor(op) }) : bodyFor(op),
    auth: fc.constantFrom<'none' | 'editor' | 'admin' | 'bogus' | 'malformed'>('none', 'editor', 'admin', 'admin', 'bogus', 'malformed'),
    ifMatch: fc.option(fc.constantFrom('"x"', '*', 'W/"1"', '', '"' + 'a'.repeat(500) + '"'), { nil: undefined }),
    accept: fc.option(fc.constantFrom('application/json', '*/*', 'application/xml', 'application/problem+json'), { nil: undefined }),
  });
}

/** A digest of every table's rows, to prove a rejected write changed nothing. */
function digest(app: TestApp): string {
  const client = app.db.$client;
  // The search index by its entries, not by the layout of FTS5's own tables: the idle merge
  // (src/modules/articles/search-index.ts) rewrites those a second after a write, changing no entry.
  const tables = client.prepare("select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%' and name not like 'articles\\_fts\\_%' escape '\\' order by name").pluck().all() as string[];
  const queries = [...tables.map((table) => [table, `select * from "${table.replaceAll('"', '""')}"`]), ['articles_fts', 'select rowid, title, summary, body, tags from articles_fts']];
  const hash = createHash('sha256');
  for (const [name, query] of queries) {
    const rows = client.prepare(query!).raw().all().map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? v.toString() : v)));
    rows.sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

t.test('fuzzing every operation of the OpenAPI document', async (t) => {
  // One delivery attempt and far-future schedules only: nothing changes the database in the
  // background, so a digest taken around a rejected write compares like with like.
  const app = await buildTestApp(t, { CMS_SUBSCRIBE_RATE_LIMIT: '100000000', CMS_WEBHOOK_RETRY_DELAYS: '0', CMS_MAIL_RETRY_DELAYS: '3600000' });
  const editor = await createKey(app, 'editor');
  const admin = bearer(ADMIN_KEY);
  const article = (await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Fuzz seed', status: 'published', tags: ['Seed'] } })).json() as { id: string; slug: string };
  await app.inject({ method: 'POST', url: '/articles', headers: admin, payload: { title: 'Fuzz seed two', tags: ['Seed'] } });
  await app.inject({ method: 'POST', url: '/subscribers', payload: { email: 'fuzz@example.com' } });
  const subscriber = (await app.inject({ method: 'GET', url: '/subscribers', headers: admin })).json() as { data: { id: string }[] };
  const now = new Date().toISOString();
  const webhookId = newId('whk');
  app.db.insert(webhookEndpoints).values({ id: webhookId, url: 'http://127.0.0.1:9/hook', events: '["*"]', active: true, description: null, secret: 'whsec_' + Buffer.alloc(32, 7).toString('base64'), createdAt: now, updatedAt: now }).run();
  const seed: Seed = { articleId: article.id, articleSlug: article.slug, tagSlug: 'seed', subscriberId: subscriber.data[0]?.id ?? 'sub_x', webhookId, deliveryId: 'msg_unknown', editor };

  const stats = { requests: 0, byStatus: new Map<number, number>(), rejectedWrites: 0, notSendable: 0 };
  const settle = async () => {
    // Lets the outbox, mail queue and dispatcher finish what a successful write started.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    let last = digest(app);
    for (let i = 0; i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const next = digest(app);
      if (next === last) return last;
      last = next;
    }
    return last;
  };

  const property = fc.asyncProperty(
    fc.constantFrom(...operations).chain((op) => requestFor(seed, op).map((request) => ({ op, request }))),
    async ({ op, request }) => {
      const headers: Record<string, string> = {};
      if (request.auth === 'editor') headers['authorization'] = `Bearer ${seed.editor}`;
      if (request.auth === 'admin') headers['authorization'] = `Bearer ${ADMIN_KEY}`;
      if (request.auth === 'bogus') headers['authorization'] = 'Bearer not-a-real-key-0000000000';
      if (request.auth === 'malformed') headers['authorization'] = 'Basic Zm9vOmJhcg==';
      if (request.ifMatch !== undefined) headers['if-match'] = request.ifMatch;
      if (request.accept !== undefined) headers['accept'] = request.accept;
      if (request.body.contentType !== undefined) headers['content-type'] = request.body.contentType;
      const url = request.query === '' ? request.path : `${request.path}?${request.query}`;
      const write = op.method !== 'GET';
      const before = write ? await settle() : '';
      let res;
      try {
        res = await app.inject({ method: op.method as 'GET', url, headers, ...(request.body.payload === undefined ? {} : { payload: request.body.payload }) });
      } catch {
        // light-my-request refused to build it (an invalid header value, say): nothing was sent.
        stats.notSendable++;
        return;
      }
      stats.requests++;
      stats.byStatus.set(res.statusCode, (stats.byStatus.get(res.statusCode) ?? 0) + 1);
      const what = `${op.method} ${url.slice(0, 200)} (${request.body.mutation}, ${request.auth}) → ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (res.statusCode >= 500) throw new Error(`a 5xx: ${what}`);
      if (res.statusCode >= 400) {
        if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`not problem+json: ${what}`);
        const problem = res.json() as Record<string, unknown>;
        const wellFormed = typeof problem['type'] === 'string' && typeof problem['title'] === 'string' && problem['status'] === res.statusCode && typeof problem['detail'] === 'string' && problem['detail'] !== '';
        if (!wellFormed) throw new Error(`a malformed problem: ${what}`);
        if (write) {
          stats.rejectedWrites++;
          if (digest(app) !== before) throw new Error(`a rejected write changed the database: ${what}`);
        }
      }
    },
  );
  await fc.assert(property, { numRuns: RUNS });

  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 200, 'still healthy after fuzzing');
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'and ready');
  t.ok(stats.requests > 0, 'requests were sent');
  const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');
  t.comment(`fuzzing: ${stats.requests} requests over ${operations.length} operations (${stats.rejectedWrites} rejected writes digest-checked, ${stats.notSendable} not sendable); statuses ${statuses}`);
});

t.test('found by fuzzing: a tag slug outside Latin-1 no longer turns a committed write into a 500', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'POST', url: '/articles', headers: bearer(ADMIN_KEY), payload: { title: 'Glagolitic', tags: ['Ⰰ', '新闻'] } });
  t.equal(res.statusCode, 201);
  t.match(String(res.headers['x-cache-invalidate']), /\/tags\/%E2%B0%B0/, 'the purge header carries the slug percent-encoded');
});

t.test('found by fuzzing: an overlong or malformed path gets a problem document', async (t) => {
  const app = await buildTestApp(t);
  for (const url of [`/tags/${'a'.repeat(600)}`, '/tags/%c3%28']) {
    const res = await app.inject({ method: 'GET', url });
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 20)}… → ${res.statusCode}`);
    t.match(String(res.headers['content-type']), /^application\/problem\+json/);
    t.equal((res.json() as { status: number }).status, res.statusCode);
  }
});
