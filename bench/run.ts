/**
 * `npm run bench`: builds and starts the real server on a fresh database seeded through the
 * services, then measures each scenario with autocannon, alternating with a bare Fastify route in
 * the same process tree, and prints one table (also written to bench/results.json). Figures are
 * compared as ratios to the bare route measured just before, because this machine is noisy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.js';
import { markdownBody, rng, seed, sentence } from './seed.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    tags: { type: 'string', default: '500' },
    subscribers: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});
const ARTICLES = Number(args.articles);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
/** Rounds of each scenario, alternated with the bare route (see compare). */
const SLICES = 5;
const ADMIN_KEY = randomBytes(24).toString('base64url');

interface Row {
  scenario: string;
  statusCodes: Record<string, number>;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  rssMb: number;
  /** The bare route's req/s over its slices. */
  bare: number;
  /** The median of the rounds' ratios to the bare route, and those ratios in order. */
  ratio: number;
  rounds: number[];
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function start(command: string, argv: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1] !== undefined) resolve({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${out}`)));
  });
}

/** `npm start`'s command line — its environment assignments, then `node`'s arguments: the bench runs the server as a deployment does. */
const startWords = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
const nodeAt = startWords.indexOf('node');
if (nodeAt === -1) throw new Error('the start script in package.json does not run `node`: the bench cannot start the server as it does');
const startEnv = Object.fromEntries(startWords.slice(0, nodeAt).map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
const startArgs = startWords.slice(nodeAt + 1);

/**
 * Starts the built server on `dbPath`. Request logging stays off (LOG_LEVEL=warn) as a production
 * deployment would run it; start-up is measured from spawn until /health answers.
 */
async function startCms(dbPath: string, env: Record<string, string>): Promise<{ server: { child: ChildProcess; url: string }; startupMs: number }> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, startArgs, {
    cwd: root,
    env: { ...process.env, ...startEnv, CMS_DB_PATH: dbPath, PORT: String(port), LOG_LEVEL: 'warn', CMS_ADMIN_KEY: ADMIN_KEY, CMS_SUBSCRIBE_RATE_LIMIT: '999999999', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - startedAt > 30_000) throw new Error('the server did not start within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { server: { child, url }, startupMs: Math.round(performance.now() - startedAt) };
}

/**
 * A digest of what decides a seed's content: the seeding code. Migrations are not part of it: a
 * cached seed made under older migrations is migrated (and compacted) in place before use, as an
 * upgrade would migrate a deployment's file. (Delete bench/.cache to re-seed from scratch.)
 */
function sourceDigest(): string {
  return createHash('sha256').update(readFileSync(join(root, 'bench/seed.ts'))).update(readFileSync(join(root, 'bench/seed-worker.ts'))).digest('hex');
}

/** Applies migrations newer than the cached seed; when any ran, compacts the file and refreshes the planner's statistics. */
function migrateCached(path: string): void {
  const applied = (db: Database.Database): number => (db.prepare('select count(*) from __drizzle_migrations').pluck().get() as number);
  const before = new Database(path, { readonly: true });
  const count = applied(before);
  before.close();
  const db = openDatabase({ path, synchronous: 'normal' });
  if (applied(db.$client) !== count) {
    log(`  migrated the cached seed; compacting it (VACUUM, ANALYZE) …`);
    db.$client.exec('VACUUM');
    db.$client.exec('ANALYZE');
  }
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}

function flushToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** One autocannon run, unaggregated, so that the latency histograms of several can be merged. */
function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return autocannon({ connections: CONNECTIONS, ...options, skipAggregateResult: true } as autocannon.Options);
}

/** autocannon's merge of unaggregated runs (missing from its type definitions). */
const { aggregateResult } = autocannon as unknown as { aggregateResult: (results: autocannon.Result[], options: { url: string; connections: number }) => autocannon.Result };

/** Completed requests per second of an unaggregated run. */
const perSecond = (result: autocannon.Result): number => (result as unknown as { totalCompletedRequests: number }).totalCompletedRequests / Math.max(0.001, result.duration);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const hundredths = (value: number): number => Math.round(value * 100) / 100;

/** Clock ticks of CPU the process has used so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name, which is in parentheses and may itself contain ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Waits until the process has used at most one clock tick (usually 10 ms) of CPU in 100 ms, for
 * at most 3 s: autocannon stops with requests in flight, and a slow scenario's server would
 * otherwise still be answering them while the bare route is measured next to it.
 */
async function settled(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  const deadline = performance.now() + 3000;
  for (let before = cpuTicks(pid); performance.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = cpuTicks(pid);
    if (now - before <= 1) return;
    before = now;
  }
  log('  (the server was still busy after 3 s; measuring the bare route anyway)');
}

/** Requests each of `paths` once, four at a time. */
async function prime(base: string, paths: readonly string[]): Promise<void> {
  const queue = [...paths];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`priming ${path} answered ${String(res.status)}`);
      }
    }),
  );
}

/** Scenario seconds in each round (the bare route gets a third of it, at least 1 s). */
const roundSeconds = (seconds: number): number => Math.max(1, Math.round(seconds / SLICES));

/**
 * A scenario and the bare route in alternating rounds: after a 1 s warm-up of each, SLICES rounds
 * of the bare route then the scenario. Each round gives a ratio, and the median of them is
 * reported with their range, so that a burst of other load on this shared machine skews one round
 * rather than the figure (the bare route alone swings 2x from one minute to the next here).
 * Latency percentiles are those of the scenario's rounds merged.
 */
async function compare(bareUrl: string, url: string, scenario: Omit<autocannon.Options, 'url'>, pid: number | undefined, seconds: number): Promise<Omit<Row, 'scenario'>> {
  await cannon({ url: bareUrl, duration: 1 });
  await cannon({ url, ...scenario, duration: 1 });
  const slice = roundSeconds(seconds);
  const bareRuns: autocannon.Result[] = [];
  const runs: autocannon.Result[] = [];
  let peak = 0;
  for (let round = 0; round < SLICES; round++) {
    await settled(pid);
    bareRuns.push(await cannon({ url: bareUrl, duration: Math.max(1, Math.round(slice / 3)) }));
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, 500);
    runs.push(await cannon({ url, ...scenario, duration: slice }));
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
  }
  const ratios = runs.map((run, i) => perSecond(run) / perSecond(bareRuns[i] ?? run));
  const merged = aggregateResult(runs, { url, connections: CONNECTIONS });
  const overall = (list: autocannon.Result[]): number => list.reduce((sum, run) => sum + perSecond(run) * run.duration, 0) / list.reduce((sum, run) => sum + run.duration, 0);
  return {
    statusCodes: Object.fromEntries(Object.entries(merged.statusCodeStats ?? {}).map(([code, stats]) => [code, stats?.count ?? 0])),
    rps: Math.round(overall(runs)),
    p50: merged.latency.p50,
    p99: merged.latency.p99,
    // autocannon counts a timeout among the errors too.
    errors: merged.errors,
    non2xx: merged.non2xx,
    rssMb: peak,
    bare: Math.round(overall(bareRuns)),
    ratio: hundredths(median(ratios)),
    rounds: ratios.map(hundredths),
  };
}

/**
 * The same inserts as POST /articles (article, tags, revision, search index; no outbox rows, as
 * the server writes none while no webhook listens), one transaction each with the same PRAGMAs,
 * on the same seeded database (after the server stopped).
 */
function bareInsertLoop(dbPath: string, seconds: number): number {
  const db = openDatabase({ path: dbPath, synchronous: 'full' }).$client;
  const now = new Date().toISOString();
  const tagIds = db.prepare('select id from tags limit 4').pluck().all() as string[];
  const insertArticle = db.prepare(
    'insert into articles (id, slug, title, summary, body, html, status, published_at, created_at, updated_at, version, author, cover_image_url, reading_time_minutes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, null, 2)',
  );
  const insertTag = db.prepare('insert into article_tags (article_id, tag_id, position) values (?, ?, ?)');
  const insertRevision = db.prepare('insert into article_revisions (article_id, version, created_at, actor, snapshot) values (?, 1, ?, ?, ?)');
  const insertKey = db.prepare('insert into article_search_keys (article_id) values (?)');
  const insertFts = db.prepare('insert into articles_fts (rowid, title, summary, body, tags) values (?, ?, ?, ?, ?)');
  const random = rng(7);
  const body = markdownBody(random);
  const html = `<p>${body}</p>`;
  let n = 0;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const id = `art_loop${String(n).padStart(19, '0')}`;
    const title = `${sentence(random, 7)} ${n}`;
    db.transaction(() => {
      insertArticle.run(id, `loop-${n}`, title, 'Summary', body, html, 'published', now, now, now, 'Author');
      tagIds.forEach((tagId, position) => insertTag.run(id, tagId, position));
      insertRevision.run(id, now, 'bench', JSON.stringify({ title, body }));
      const key = insertKey.run(id).lastInsertRowid;
      insertFts.run(key, title, 'Summary', body, 'Tag names');
    }).immediate();
    n++;
  }
  db.close();
  return Math.round(n / seconds);
}

async function main(): Promise<void> {
  const benchStart = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'cms-bench-'));
  const dbPath = join(dir, 'cms.sqlite');
  // Seeding is deterministic: a seed made by the same code and sizes is reused from bench/.cache.
  const cacheKey = createHash('sha256').update(JSON.stringify({ ARTICLES, tags: args.tags, subscribers: args.subscribers })).update(sourceDigest()).digest('hex').slice(0, 16);
  const cached = join(root, 'bench/.cache', `seed-${cacheKey}.sqlite`);
  const seedStart = performance.now();
  let tagSlugs: string[];
  if (existsSync(cached)) {
    log(`reusing the seeded database ${cached}`);
    migrateCached(cached);
    copyFileSync(cached, dbPath);
    // The copy's gigabytes are flushed now, so that the kernel's writeback does not compete with
    // the first scenarios (a deployment does not start on a file it has just written).
    flushToDisk(dbPath);
    const db = new Database(dbPath, { readonly: true });
    tagSlugs = (db.prepare('select slug from tags').pluck().all() as string[]);
    db.close();
  } else {
    log(`seeding ${ARTICLES} articles into ${dbPath} …`);
    ({ tagSlugs } = await seed({
      path: dbPath,
      articles: ARTICLES,
      tags: Number(args.tags),
      subscribers: Number(args.subscribers),
      onProgress: (done) => {
        log(`  ${String(done)} articles (${String(Math.round((performance.now() - seedStart) / 1000))} s)`);
      },
      onStep: (step) => {
        log(`  ${step} (${String(Math.round((performance.now() - seedStart) / 1000))} s)`);
      },
    }));
    mkdirSync(dirname(cached), { recursive: true });
    copyFileSync(dbPath, cached);
    // Gigabytes just written: flushed now, so that the kernel's writeback does not land in the
    // start-up measurement below (~2 s here).
    for (const path of [dbPath, cached]) flushToDisk(path);
    log(`  kept for later runs (${String(Math.round((performance.now() - seedStart) / 1000))} s)`);
  }
  const seedSeconds = Math.round((performance.now() - seedStart) / 1000);
  const dbSizeMb = Math.round(statSync(dbPath).size / 1024 / 1024);
  log(`seeded in ${seedSeconds} s; database ${dbSizeMb} MB`);

  const { server, startupMs } = await startCms(dbPath, {});
  // A second process on the same file with the response cache off, to show the uncached paths.
  const { server: uncached } = await startCms(dbPath, { CMS_RESPONSE_CACHE_MB: '0' });
  const bare = await start(process.execPath, ['bench/bare-server.mjs'], {});
  const api = server.url;
  log(`server ${api} (started in ${startupMs} ms), bare ${bare.url}`);

  const keyRes = await fetch(`${api}/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench editor', role: 'editor' }),
  });
  const editorKey = ((await keyRes.json()) as { key: string }).key;

  const readDb = new Database(dbPath, { readonly: true });
  const visible = readDb.prepare("select slug from articles where status = 'published' order by random() limit 2000").all() as { slug: string }[];
  readDb.close();
  const random = rng(99);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const slugs = visible.map((row) => row.slug);
  const etags = new Map<string, string>();
  for (const slug of slugs.slice(0, 300)) {
    const res = await fetch(`${api}/articles/${encodeURIComponent(slug)}`);
    etags.set(slug, res.headers.get('etag') ?? '');
    await res.arrayBuffer();
  }
  const etagSlugs = [...etags.keys()];
  let counter = 0;
  const postBody = markdownBody(rng(5));

  // The URLs a scenario picks from at random.
  const articlePaths = slugs.map((slug) => `/articles/${encodeURIComponent(slug)}`);
  const suggestionPaths = slugs.map((slug) => `/articles/${encodeURIComponent(slug)}/related/suggestions`);
  const tagPaths = tagSlugs.map((tag) => `/articles?limit=20&tag=${encodeURIComponent(tag)}`);
  const searchPaths = ['storm', 'council', 'energy', 'school', 'market'].flatMap((first) =>
    ['river', 'budget', 'climate', 'health', 'jobs'].map((second) => `/articles?q=${encodeURIComponent(`${first} ${second}`)}`),
  );
  const anyOf = (paths: readonly string[]): autocannon.Request => ({ setupRequest: (req) => ({ ...req, path: pick(paths) }) });
  // `expect`: the status every answer should have (default 200); any other counts as an error.
  // `prime`: URLs requested once before the warm-up, so that a cached row measures a warm cache
  // (the cache-off rows show what building each answer costs).
  const scenarios: { name: string; path?: string; uncached?: boolean; expect?: number; prime?: readonly string[]; options: Omit<autocannon.Options, 'url'> }[] = [
    { name: 'GET /articles/{slug} (cache off)', uncached: true, options: { requests: [anyOf(articlePaths)] } },
    { name: 'GET /articles?limit=20 (cache off)', uncached: true, path: '/articles?limit=20', options: {} },
    { name: 'GET /articles?q=two words (cache off)', uncached: true, options: { requests: [anyOf(searchPaths)] } },
    { name: 'GET /related/suggestions (cache off)', uncached: true, options: { requests: [anyOf(suggestionPaths)] } },
    { name: 'GET /tags?sort=-articleCount (cache off)', uncached: true, path: '/tags?sort=-articleCount', options: {} },
    { name: 'GET /articles/{slug}', prime: articlePaths, options: { requests: [anyOf(articlePaths)] } },
    {
      name: 'GET /articles/{slug} 304',
      expect: 304,
      options: {
        requests: [
          {
            setupRequest: (req) => {
              const slug = pick(etagSlugs);
              return { ...req, path: `/articles/${encodeURIComponent(slug)}`, headers: { ...req.headers, 'if-none-match': etags.get(slug) ?? '' } };
            },
          },
        ],
      },
    },
    { name: 'GET /articles?limit=20', path: '/articles?limit=20', options: {} },
    { name: 'GET /articles?tag=…', prime: tagPaths, options: { requests: [anyOf(tagPaths)] } },
    { name: 'GET /articles?page=200', path: '/articles?limit=20&page=200', options: {} },
    { name: 'GET /articles?q=two words', prime: searchPaths, options: { requests: [anyOf(searchPaths)] } },
    { name: 'GET /related/suggestions', prime: suggestionPaths, options: { requests: [anyOf(suggestionPaths)] } },
    { name: 'GET /tags?sort=-articleCount', path: '/tags?sort=-articleCount', options: {} },
    { name: 'GET /feed.xml', path: '/feed.xml', options: {} },
    {
      name: 'POST /articles',
      path: '/articles',
      expect: 201,
      options: {
        method: 'POST',
        headers: { authorization: `Bearer ${editorKey}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ title: `Bench article ${counter++} ${randomBytes(4).toString('hex')}`, summary: 'Written by the benchmark.', body: postBody, status: 'published', tags: [pick(tagSlugs), pick(tagSlugs), pick(tagSlugs)] }),
            }),
          },
        ],
      },
    },
    {
      name: 'POST /subscribers',
      path: '/subscribers',
      expect: 202,
      options: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `reader${counter++}.${randomBytes(3).toString('hex')}@example.com`, source: 'bench' }) }) }],
      },
    },
  ];

  const rows: Row[] = [];
  for (const scenario of scenarios) {
    if (args.only !== undefined && !scenario.name.includes(args.only)) continue;
    const target = scenario.uncached === true ? uncached : server;
    if (scenario.prime !== undefined) await prime(target.url, scenario.prime);
    // The cache-off rows are there to explain the others: half the time is enough for that.
    const run = await compare(`${bare.url}/constant`, `${target.url}${scenario.path ?? ''}`, scenario.options, target.child.pid, scenario.uncached === true ? Math.max(1, Math.round(DURATION / 2)) : DURATION);
    const unexpected = Object.entries(run.statusCodes).reduce((sum, [code, n]) => (Number(code) === (scenario.expect ?? 200) ? sum : sum + n), 0);
    const row: Row = { scenario: scenario.name, ...run, errors: run.errors + unexpected };
    rows.push(row);
    log(`${row.scenario}: ${row.rps} req/s (bare ${row.bare}), ratio ${row.ratio} (rounds ${row.rounds.join(', ')}), p99 ${row.p99} ms, errors ${row.errors}, statuses ${JSON.stringify(row.statusCodes)}, RSS ${row.rssMb} MB`);
  }

  await Promise.all([server, uncached, bare].map(({ child }) => new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  })));
  log('bare better-sqlite3 insert loop (same inserts, one FULL transaction each, same database) …');
  const loopPerSecond = bareInsertLoop(dbPath, 5);

  const lines = [
    `| scenario | req/s | p50 ms | p99 ms | errors | ratio to bare (rounds) | server RSS MB |`,
    `|---|---:|---:|---:|---:|---:|---:|`,
    ...rows.map((r) => `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.ratio} (${Math.min(...r.rounds)}–${Math.max(...r.rounds)}) | ${r.rssMb} |`),
  ];
  const post = rows.find((r) => r.scenario === 'POST /articles');
  const summary = [
    `articles: ${ARTICLES}, tags: ${args.tags}, connections: ${CONNECTIONS}, ${SLICES} rounds of ${roundSeconds(DURATION)} s per scenario (cache off: ${roundSeconds(Math.max(1, Math.round(DURATION / 2)))} s), each after the bare route, bench run: ${Math.round((performance.now() - benchStart) / 1000)} s`,
    `seeding: ${seedSeconds} s; database file: ${dbSizeMb} MB; server start-up on it: ${startupMs} ms (process spawn to the first answer of /health)`,
    `bare better-sqlite3 insert loop: ${loopPerSecond}/s${post === undefined ? '' : `; POST /articles: ${post.rps}/s (${Math.round((post.rps / loopPerSecond) * 100)} % of the loop)`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n${summary.join('\n')}\n`);
  // A partial run (--only) keeps the last full run's file.
  if (args.only === undefined) {
    writeFileSync(
      join(root, 'bench/results.json'),
      `${JSON.stringify({ date: new Date().toISOString(), benchSeconds: Math.round((performance.now() - benchStart) / 1000), articles: ARTICLES, connections: CONNECTIONS, durationSeconds: DURATION, seedSeconds, dbSizeMb, startupMs, bareInsertLoopPerSecond: loopPerSecond, scenarios: rows }, null, 2)}\n`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();
