import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { articleRevisions, articles } from '../../db/schema.js';
import type { Outbox } from '../events/outbox.js';
import type { ArticleReader } from './reader.js';
import type { SearchIndex } from './search-index.js';
import type { Article, ArticleSnapshot } from './schemas.js';
import { isVisible } from './visibility.js';

const CONTENT_FIELDS = ['title', 'slug', 'summary', 'body', 'status', 'publishedAt', 'author', 'coverImageUrl', 'tags'] as const;
const SEARCHED_FIELDS = ['title', 'summary', 'body', 'tags'] as const;

export function snapshotOf(article: Article): ArticleSnapshot {
  return {
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    body: article.body,
    status: article.status,
    publishedAt: article.publishedAt,
    author: article.author,
    coverImageUrl: article.coverImageUrl,
    tags: article.tags,
  };
}

/** The previous values of the fields that differ (content fields, and the related list). */
function changedFields(before: Article, after: Article): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const field of [...CONTENT_FIELDS, 'related'] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) previous[field] = before[field];
  }
  return previous;
}

/**
 * The bookkeeping every article change shares, inside the change's transaction: a revision per
 * version, and the events (`article.updated` with the previous values, `article.published` when it
 * becomes visible, `article.unpublished` when it stops being visible). Services that change an
 * article in any way — its own fields, its tags, its links, the scheduler — go through here, so
 * every path has the same effects.
 */
export class ArticleChanges {
  private readonly insertRevision;
  private readonly bumpVersion;

  constructor(
    db: Db,
    private readonly reader: ArticleReader,
    private readonly outbox: Outbox,
    private readonly search: SearchIndex,
  ) {
    this.insertRevision = db
      .insert(articleRevisions)
      .values({ articleId: sql.placeholder('articleId'), version: sql.placeholder('version'), createdAt: sql.placeholder('createdAt'), actor: sql.placeholder('actor'), snapshot: sql.placeholder('snapshot') })
      .prepare();
    this.bumpVersion = db
      .update(articles)
      .set({ updatedAt: sql`${sql.placeholder('now')}`, version: sql`${articles.version} + 1` })
      .where(eq(articles.id, sql.placeholder('id')))
      .prepare();
  }

  /** After inserting an article: revision 1, its search entry, `article.created` (and `article.published` if visible). */
  created(id: string, actor: string, now: string): Article {
    const article = this.reader.get(id, 'editor');
    this.search.sync(id);
    this.writeRevision(article, actor, now);
    this.outbox.emit('article.created', article, { subjectId: id });
    if (isVisible(article, now)) this.outbox.emit('article.published', article, { subjectId: id });
    return article;
  }

  /** Bumps `version` for a change made outside the article's row (its tags, its links). */
  bump(id: string, now: string): void {
    this.bumpVersion.run({ id, now });
  }

  /** After a write that may have changed the article: nothing when its version did not move. */
  updated(before: Article, actor: string, now: string): Article {
    const after = this.reader.get(before.id, 'editor');
    if (after.version === before.version) return after;
    this.writeRevision(after, actor, now);
    const previous = changedFields(before, after);
    if (SEARCHED_FIELDS.some((field) => field in previous)) this.search.sync(after.id);
    this.outbox.emit('article.updated', after, { previous, subjectId: after.id });
    const wasVisible = isVisible(before, now);
    const visible = isVisible(after, now);
    if (!wasVisible && visible) this.outbox.emit('article.published', after, { subjectId: after.id });
    if (wasVisible && !visible) this.outbox.emit('article.unpublished', after, { subjectId: after.id });
    return after;
  }

  /** Before deleting an article: out of the search index, `article.deleted`. */
  deleting(before: Article): void {
    this.search.drop(before.id);
    this.outbox.emit('article.deleted', { id: before.id, slug: before.slug }, { subjectId: before.id });
  }

  /** After a change that alters what is searchable without a new version (a tag renamed). */
  reindex(id: string): void {
    this.search.sync(id);
  }

  private writeRevision(article: Article, actor: string, now: string): void {
    this.insertRevision.run({ articleId: article.id, version: article.version, createdAt: now, actor, snapshot: JSON.stringify(snapshotOf(article)) });
  }
}
