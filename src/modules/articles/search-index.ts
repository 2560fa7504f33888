import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';

/**
 * Keeps the FTS5 index (`articles_fts`, see migration 0002) in step with articles. Every service
 * that changes what is searchable — an article's title, deck, body or tags, a tag's name — calls
 * `sync` inside its transaction, once per article and change.
 */
export class SearchIndex {
  /** While deferred (a bulk load), `sync` does nothing; `rebuild` indexes everything at the end. */
  deferred = false;
  private readonly db: Db;
  private readonly ensureKey: Statement<[string]>;
  private readonly remove: Statement<[string]>;
  private readonly insert: Statement<[string]>;

  constructor(db: Db) {
    this.db = db;
    const client = db.$client;
    this.ensureKey = client.prepare('insert into article_search_keys (article_id) values (?) on conflict (article_id) do nothing');
    this.remove = client.prepare('delete from articles_fts where rowid = (select rowid from article_search_keys where article_id = ?)');
    this.insert = client.prepare(`
      insert into articles_fts (rowid, title, summary, body, tags)
      select k.rowid, a.title, coalesce(a.summary, ''), a.body,
        coalesce((select group_concat(t.name, ' ') from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '')
      from articles a join article_search_keys k on k.article_id = a.id
      where a.id = ?`);
  }

  /** (Re)indexes an article from its current row and tags. */
  sync(articleId: string): void {
    if (this.deferred) return;
    this.ensureKey.run(articleId);
    this.remove.run(articleId);
    this.insert.run(articleId);
  }

  /**
   * Indexes every article from scratch in one pass (as migration 0002 did; keys in creation order,
   * which search relies on for "newest matches"): after a bulk load
   * with `deferred` set, far cheaper than a segment per article. Run it inside a transaction.
   */
  rebuild(): void {
    const client = this.db.$client;
    // One big in-memory batch and no merging while loading (~40 % faster), then the defaults back.
    // (Literal values: FTS5 wants integers, and a bound JavaScript number arrives as a real.)
    client.exec(`insert into articles_fts (articles_fts, rank) values ('automerge', 0); insert into articles_fts (articles_fts, rank) values ('hashsize', 268435456);`);
    client.exec(`
      delete from articles_fts;
      insert into article_search_keys (article_id) select id from articles order by created_at, id on conflict (article_id) do nothing;
      insert into articles_fts (rowid, title, summary, body, tags)
      select k.rowid, a.title, coalesce(a.summary, ''), a.body,
        coalesce((select group_concat(t.name, ' ') from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '')
      from articles a join article_search_keys k on k.article_id = a.id;`);
    client.exec(`insert into articles_fts (articles_fts, rank) values ('automerge', 4); insert into articles_fts (articles_fts, rank) values ('hashsize', 1048576);`);
    // Then merge what the load wrote into one segment (~5 s at 100,000 articles). Left as it is,
    // the next write's automerge folds its small segment into the big ones: an 8 s stall measured.
    client.exec(`insert into articles_fts (articles_fts) values ('optimize');`);
    this.deferred = false;
  }

  /** Drops an article from the index; call before deleting it (its key row goes by cascade). */
  drop(articleId: string): void {
    this.remove.run(articleId);
  }
}
