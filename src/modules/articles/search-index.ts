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
    client.exec(`
      delete from articles_fts;
      insert into article_search_keys (article_id) select id from articles order by created_at, id on conflict (article_id) do nothing;
      insert into articles_fts (rowid, title, summary, body, tags)
      select k.rowid, a.title, coalesce(a.summary, ''), a.body,
        coalesce((select group_concat(t.name, ' ') from article_tags at join tags t on t.id = at.tag_id where at.article_id = a.id), '')
      from articles a join article_search_keys k on k.article_id = a.id;`);
    // FTS5's default settings on purpose: loading in one big batch without merging was 40 % faster,
    // but left a structure whose next automerge folded new writes into the huge segments (stalls
    // of 1-8 s per write at 100,000 articles); merged as it loads, later writes stay ~2 ms.
    this.deferred = false;
  }

  /** Drops an article from the index; call before deleting it (its key row goes by cascade). */
  drop(articleId: string): void {
    this.remove.run(articleId);
  }
}
