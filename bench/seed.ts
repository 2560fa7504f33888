import { copyFileSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { openDatabase } from '../src/db/client.js';
import { LogMailer } from '../src/mail/mailer.js';
import { createContentServices } from '../src/modules/content.js';
import { MailQueue } from '../src/mail/mail-queue.js';
import { SubscribersService } from '../src/modules/subscribers/service.js';

/** A deterministic pseudo-random sequence, so runs seed the same data. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORDS = (
  'storm river harbour council budget election market energy climate school transport health police court minister ' +
  'festival museum football hospital railway airport village city farmers workers union strike price inflation bank ' +
  'housing rent wind solar flood drought forest ocean fishing science research university students teachers doctors ' +
  'nurses parliament vote reform tax pension trade export import factory jobs technology software data privacy phone ' +
  'internet satellite rocket space moon planet weather winter summer autumn spring holiday tourism hotel restaurant ' +
  'chef wine coffee bread theatre music concert film director actor novel poet library history war peace treaty'
).split(' ');

/** A long tail of rarer words, so that search and similarity see a realistic vocabulary. */
const RARE = Array.from({ length: 4000 }, (_, i) => {
  const syllables = ['ka', 'lo', 'ri', 'ven', 'tor', 'mi', 'sa', 'del', 'on', 'ur', 'pes', 'gan', 'bri', 'zo', 'ent', 'ul'];
  let word = '';
  for (let n = i + 17; word.length < 6; n = Math.floor(n / syllables.length) + 3) word += syllables[n % syllables.length] ?? 'a';
  return word;
});

export function sentence(random: () => number, words: number): string {
  const picked = Array.from({ length: words }, () => (random() < 0.5 ? WORDS[Math.floor(random() * WORDS.length)] : RARE[Math.floor(random() ** 2 * RARE.length)]) ?? 'news');
  const text = picked.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A ~3 KB Markdown body: headings, paragraphs, a list and a link. */
export function markdownBody(random: () => number): string {
  const parts: string[] = [];
  while (parts.join('\n\n').length < 3000) {
    parts.push(`## ${sentence(random, 4)}`, `${sentence(random, 40)}. ${sentence(random, 30)}.`, `- ${sentence(random, 5)}\n- ${sentence(random, 6)}`, `Read the [report](https://example.org/${Math.floor(random() * 1e6)}).`);
  }
  return parts.join('\n\n');
}

export interface SeedOptions {
  path: string;
  articles: number;
  tags: number;
  subscribers: number;
  /** Processes' worth of parallelism: shards seeded at once on threads of their own, then merged (default 2). */
  workers?: number;
  /** Called as each further 10,000 articles are in. */
  onProgress?: (done: number) => void;
  /** Called as each step after the articles ends, with its name. */
  onStep?: (step: string) => void;
}

/** What a shard worker is given: it seeds articles `shard`, `shard + shards`, … of `count`. */
export interface ShardJob {
  path: string;
  shard: number;
  shards: number;
  count: number;
  tagNames: string[];
}

/** The tables article creation writes to, in an order their foreign keys accept; a shard's rows of them are appended to the first's. */
const SHARDED_TABLES = ['articles', 'article_tags', 'article_links', 'article_revisions', 'article_slug_history', 'events', 'webhook_deliveries'];

/**
 * Fills a fresh database through the services — the same code paths as the API, so revisions,
 * search index and outbox rows are all there — batching many operations per transaction (each
 * service call nests as a savepoint) with synchronous=OFF, since a seed need not survive a crash.
 *
 * The articles are made by `workers` threads at once, each into a copy of the database holding
 * the tags (interleaved: worker k makes articles k, k + workers, …, so creation order still
 * follows publication dates), then appended to one file. Most of a create runs under SQLite's
 * write lock, so threads writing to one file would have queued; separate files let both cores work.
 */
export async function seed({ path, articles: count, tags: tagCount, subscribers: subscriberCount, workers = 2, onProgress, onStep }: SeedOptions): Promise<{ tagSlugs: string[] }> {
  const log = pino({ level: 'silent' });
  const random = rng(42);
  const tagNames = Array.from({ length: tagCount }, (_, i) => `${sentence(random, 1)} ${sentence(random, 1).toLowerCase()} ${i}`);
  const base = openDatabase({ path, synchronous: 'normal' });
  const { tags } = createContentServices(base, log);
  const tagSlugs = base.transaction(() => tagNames.map((name) => tags.create({ name }).slug));
  base.$client.pragma('wal_checkpoint(TRUNCATE)');
  base.$client.close();

  const shards = Math.max(1, Math.min(workers, count));
  const paths = Array.from({ length: shards }, (_, shard) => (shard === 0 ? path : `${path}.shard${String(shard)}`));
  for (const shardPath of paths.slice(1)) copyFileSync(path, shardPath);
  const made = paths.map(() => 0);
  let reported = 0;
  await Promise.all(
    paths.map(
      (shardPath, shard) =>
        new Promise<void>((resolve, reject) => {
          const job: ShardJob = { path: shardPath, shard, shards, count, tagNames };
          const worker = new Worker(new URL('./seed-worker.mjs', import.meta.url), { workerData: job });
          worker.on('message', (done: number) => {
            made[shard] = done;
            const total = made.reduce((sum, n) => sum + n, 0);
            if (Math.floor(total / 10_000) > Math.floor(reported / 10_000)) onProgress?.(total);
            reported = total;
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code === 0) resolve();
            else reject(new Error(`seed worker ${String(shard)} exited with ${String(code)}`));
          });
        }),
    ),
  );

  // The bulk steps below write gigabytes: straight into the file (no WAL to write and then copy
  // back) with a page cache that holds every index, as a restore would; WAL again at the end.
  const db = openDatabase({ path, synchronous: 'normal' });
  // better-sqlite3 runs SQLite in defensive mode, which ignores journal_mode=OFF (the pragma then
  // answers "wal" and everything below went through a WAL of gigabytes: 160 s instead of 30).
  db.$client.unsafeMode(true);
  const mode: unknown = db.$client.pragma('journal_mode = OFF', { simple: true });
  if (mode !== 'off') throw new Error(`the seed could not turn the journal off (journal_mode is ${String(mode)})`);
  db.$client.pragma('synchronous = OFF');
  db.$client.pragma('cache_size = -262144');
  for (const shardPath of paths.slice(1)) {
    db.$client.prepare('attach database ? as shard').run(shardPath);
    db.$client.transaction(() => {
      for (const table of SHARDED_TABLES) db.$client.exec(`insert into main.${table} select * from shard.${table}`);
    })();
    db.$client.exec('detach database shard');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${shardPath}${suffix}`, { force: true });
  }
  onStep?.('shards merged');
  const { outbox, search } = createContentServices(db, log);
  // Subscribers through the admin CSV import (active, as when moving from another system: no mail).
  const subscribersService = new SubscribersService(db, outbox, new MailQueue(db, new LogMailer(log, 'bench@localhost'), log, { retryDelays: [1000], messageIdDomain: 'localhost' }), {
    publicUrl: 'http://localhost',
    consentKey: Buffer.alloc(32),
    log,
  });
  for (let done = 0; done < subscriberCount; done += 5000) {
    const rows = Array.from({ length: Math.min(5000, subscriberCount - done) }, (_, i) => `reader${done + i}@example.com,Reader ${done + i},bench,active`);
    subscribersService.import(`email,name,source,status\n${rows.join('\n')}\n`);
  }
  onStep?.('subscribers imported');
  // One pass over everything instead of an FTS5 segment (and its merges) per article.
  db.transaction(() => {
    search.rebuild();
  });
  onStep?.('search index built');
  // Planner statistics, as a deployment would have them after its first start.
  db.$client.exec('ANALYZE');
  onStep?.('planner statistics gathered');
  db.$client.pragma('journal_mode = WAL');
  db.$client.unsafeMode(false);
  db.$client.close();
  return { tagSlugs };
}

/** A shard worker's part of `seed`: its articles, in batches of 500 per transaction; reports the count made after each. */
export function seedShard({ path, shard, shards, count, tagNames }: ShardJob, onBatch: (done: number) => void): void {
  const db = openDatabase({ path, synchronous: 'normal' });
  db.$client.pragma('synchronous = OFF');
  const { articles, related, search } = createContentServices(db, pino({ level: 'silent' }));
  search.deferred = true;
  const random = rng(1000 + shard);
  const ids: string[] = [];
  const start = Date.parse('2020-01-01T00:00:00Z');
  const span = Date.now() - 3600_000 - start;
  const mine = Array.from({ length: Math.ceil((count - shard) / shards) }, (_, j) => shard + j * shards);
  const BATCH = 500;
  for (let from = 0; from < mine.length; from += BATCH) {
    db.transaction(() => {
      for (const i of mine.slice(from, from + BATCH)) {
        const picked = new Set<string>();
        const wanted = 3 + Math.floor(random() * 3);
        while (picked.size < wanted) picked.add(tagNames[Math.floor(random() * tagNames.length)] ?? 'News');
        const article = articles.create(
          {
            title: `${sentence(random, 7)} ${i}`,
            summary: `${sentence(random, 18)}.`,
            body: markdownBody(random),
            status: random() < 0.95 ? 'published' : 'draft',
            publishedAt: new Date(start + Math.floor((i / count) * span)).toISOString(),
            author: `${sentence(random, 1)} ${sentence(random, 1)}`,
            tags: [...picked],
          },
          'seed',
        );
        // Three related links to stories among the 1,000 of this shard before it, right away:
        // related stories are usually recent, and their rows are still in the cache (a separate
        // pass over random pairs of 100,000 articles took longer than creating them).
        if (ids.length >= 3) {
          const targets = new Set<string>();
          while (targets.size < 3) {
            const target = ids[Math.max(0, ids.length - 1000) + Math.floor(random() * Math.min(ids.length, 1000))];
            if (target !== undefined) targets.add(target);
          }
          related.replace(article.id, [...targets], 'seed');
        }
        ids.push(article.id);
      }
    });
    onBatch(Math.min(mine.length, from + BATCH));
  }
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}
