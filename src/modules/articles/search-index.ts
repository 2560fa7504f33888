import type { Statement } from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { BUSY_TIMEOUT_MS, type Db } from '../../db/client.js';
import { beforeCommit, inTransactionKeepingContent } from '../../db/transaction.js';

/** An article's row in the index. */
interface SearchEntry {
  rowid: number;
  title: string;
  summary: string;
  body: string;
  tags: string;
}

/** How long the index waits after its last write before it merges what the writes left. */
const IDLE_MS = 1000;
/** Pages of merge work per step; steps follow each other STEP_GAP_MS apart, so requests interleave. */
const MERGE_PAGES = 64;
const STEP_GAP_MS = 20;

/**
 * Keeps the FTS5 index (`articles_fts`, see migration 0002) in step with articles. Every service
 * that changes what is searchable — an article's title, deck, body or tags, a tag's name — calls
 * `sync` inside its transaction, once per article and change. The articles are indexed together
 * just before the transaction commits (`beforeCommit`): FTS5 writes a segment per savepoint, and
 * a group of writes (GroupCommit) would otherwise leave one per article.
 */
export class SearchIndex {
  /** While deferred (a bulk load), `sync` does nothing; `rebuild` indexes everything at the end. */
  deferred = false;
  private readonly db: Db;
  private readonly ensureKey: Statement<[string]>;
  private readonly entry: Statement<[string], SearchEntry>;
  private readonly keyOf: Statement<[string], number>;
  private readonly removeEntry: Statement<[number]>;
  private readonly insert: Statement<[SearchEntry]>;
  private readonly merge: Statement<[]>;
  private mergeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Articles to index before the current transaction commits. */
  private readonly pending = new Set<string>();

  constructor(
    db: Db,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.db = db;
    const client = db.$client;
    // FTS5's own command: up to MERGE_PAGES pages of merging, on the level with the most segments
    // (at least 4, its `usermerge`); a literal, since a bound number would be a REAL.
    this.merge = client.prepare(`insert into articles_fts (articles_fts, rank) values ('merge', ${String(MERGE_PAGES)})`);
    // Only for an article still there: a later write in the transaction may have deleted it.
    this.ensureKey = client.prepare('insert into article_search_keys (article_id) select id from articles where id = ? on conflict (article_id) do nothing');
    this.entry = client.prepare(`
      select k.rowid as rowid, a.title as title, coalesce(a.summary, '') as summary, a.body as body,
        coalesce((select group_concat(t.name, ' ') from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '') as tags
      from articles a join article_search_keys k on k.article_id = a.id
      where a.id = ?`);
    this.keyOf = client.prepare<[string], number>('select rowid from article_search_keys where article_id = ?').pluck();
    this.removeEntry = client.prepare('delete from articles_fts where rowid = ?');
    this.insert = client.prepare('insert into articles_fts (rowid, title, summary, body, tags) values (@rowid, @title, @summary, @body, @tags)');
  }

  /** (Re)indexes an article from its row and tags as they are when the transaction commits. */
  sync(articleId: string): void {
    if (this.deferred) return;
    this.pending.add(articleId);
    beforeCommit(
      this.db,
      this,
      () => {
        this.indexPending();
      },
      () => {
        this.pending.clear();
      },
    );
  }

  /**
   * Indexes the pending articles so that they make one FTS5 segment: FTS5 writes out what it
   * holds as a segment whenever a statement opens a statement journal (an INSERT ... SELECT, as
   * `ensureKey`) and whenever a rowid comes lower than the one before, so the keys are made first
   * and the entries written in rowid order, each deleted and inserted with one-row statements.
   */
  private indexPending(): void {
    const articleIds = [...this.pending];
    // Cleared first: if a statement fails, the transaction rolls back with these entries anyway.
    this.pending.clear();
    for (const articleId of articleIds) this.ensureKey.run(articleId);
    // Keys only, sorted; each body is read when it is written (a renamed tag may re-index thousands).
    const keys = articleIds.flatMap((articleId) => this.keyOf.all(articleId).map((rowid) => ({ rowid, articleId }))).sort((a, b) => a.rowid - b.rowid);
    for (const { rowid, articleId } of keys) {
      this.removeEntry.run(rowid);
      const entry = this.entry.get(articleId);
      if (entry !== undefined) this.insert.run(entry);
    }
    this.mergeWhenIdle(IDLE_MS);
  }

  /**
   * The writer merges segments only once a level holds 8 (migration 0006), so writes stay cheap;
   * what they leave is merged here, a step at a time, once writes pause for IDLE_MS. Searches
   * then read fewer segments. The merges change no answer, so they do not count as a content
   * change (`inTransactionKeepingContent`): this process's caches stay. (Other processes on the file see a
   * commit, and empty theirs, as after the writes just before.)
   */
  private mergeWhenIdle(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.mergeTimer);
    this.mergeTimer = setTimeout(() => {
      this.mergeTimer = undefined;
      if (this.stopped || !this.db.$client.open) return;
      try {
        // FTS5's documented test: fewer than 2 changes means there was nothing left to merge.
        if (this.mergeStep() >= 2) this.mergeWhenIdle(STEP_GAP_MS);
      } catch (error) {
        // Only an optimization: the next write tries again (a busy database is no news at all).
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') this.log?.warn({ err: error }, 'merging search index segments failed');
      }
    }, delayMs);
    this.mergeTimer.unref();
  }

  /**
   * One merge step; the rows it changed. Never waits for another process's write lock (which
   * would block the event loop): a busy database fails the step, and the next write schedules another.
   */
  private mergeStep(): number {
    const client = this.db.$client;
    client.pragma('busy_timeout = 0');
    try {
      return inTransactionKeepingContent(this.db, () => this.merge.run());
    } finally {
      client.pragma(`busy_timeout = ${String(BUSY_TIMEOUT_MS)}`);
    }
  }

  /** No more merges (before the database closes). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.mergeTimer);
    this.mergeTimer = undefined;
  }

  /**
   * Indexes every article from scratch in one pass (as migration 0002 did; keys in creation order,
   * which search relies on for "newest matches"): after a bulk load
   * with `deferred` set, far cheaper than a segment per article. Run it inside a transaction.
   */
  rebuild(): void {
    const client = this.db.$client;
    // Merged as it loads, at FTS5's default of 4 segments a level (the writer's 8, migration 0006,
    // restored after): loading without merging was 40 % faster but left a structure whose next
    // merge folded new writes into the huge segments (stalls of 1-8 s per write at 100,000
    // articles), and 8 a level left so many large segments that creates ran at 60 %.
    const automerge = client.prepare("select v from articles_fts_config where k = 'automerge'").pluck().get() as number | undefined;
    client.exec(`
      insert into articles_fts (articles_fts, rank) values ('automerge', 4);
      delete from articles_fts;
      insert into article_search_keys (article_id) select id from articles order by created_at, id on conflict (article_id) do nothing;
      insert into articles_fts (rowid, title, summary, body, tags)
      select k.rowid, a.title, coalesce(a.summary, ''), a.body,
        coalesce((select group_concat(t.name, ' ') from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '')
      from articles a join article_search_keys k on k.article_id = a.id;
      insert into articles_fts (articles_fts, rank) values ('automerge', ${String(Math.trunc(automerge ?? 4))});`);
    this.deferred = false;
  }

  /** Drops an article from the index; call before deleting it (its key row goes by cascade). */
  drop(articleId: string): void {
    for (const rowid of this.keyOf.all(articleId)) this.removeEntry.run(rowid);
  }
}
