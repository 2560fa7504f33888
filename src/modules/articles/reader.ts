import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { ReadCache } from '../../db/read-cache.js';
import { articleLinks, articles, articleSlugHistory, articleTags, tags } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { looksLikeId } from '../../lib/ids.js';
import type { Article, ArticleListItem, RelatedArticle, TagRef } from './schemas.js';
import { isVisible, visibleAt, type Viewer } from './visibility.js';

export type ArticleRow = typeof articles.$inferSelect;

/** A prepared lookup of one row by one named parameter. */
interface ByKey<K extends string, T> {
  get(values: Record<K, string>): T | undefined;
}

/** The columns of a list item (all but tags). */
export const listColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  status: articles.status,
  publishedAt: articles.publishedAt,
  createdAt: articles.createdAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
  author: articles.author,
  coverImageUrl: articles.coverImageUrl,
  readingTimeMinutes: articles.readingTimeMinutes,
};
export type ListRow = Pick<typeof articles.$inferSelect, keyof typeof listColumns>;

/** How many articles there are in all (any status), kept until content changes: a full index count. */
export const countAllArticles = (db: Db, cache: ReadCache): number => cache.get('articles:all', () => db.select({ n: count() }).from(articles).get()?.n ?? 0);

export const articleNotFound = (idOrSlug: string): AppError => new AppError('ARTICLE_NOT_FOUND', `No article has the id or slug "${idOrSlug}".`);

/** Where an old slug now points, for the 301 of a renamed article. */
export interface Moved {
  movedTo: string;
}

/**
 * Reads articles and maps rows to the API's shapes: the one mapper, shared by the services that
 * read or change articles. Hot reads are prepared once: building a query per request costs more
 * than running it.
 */
export class ArticleReader {
  private readonly rowById;
  private readonly rowBySlug;
  private readonly keyById;
  private readonly keyBySlug;
  private readonly slugOwner;
  private readonly tagsOf;
  private readonly relatedOf;
  private readonly visibleRelatedOf;
  private readonly itemsByIds;
  private readonly tagsOfIds;

  constructor(private readonly db: Db) {
    this.rowById = db.select().from(articles).where(eq(articles.id, sql.placeholder('id'))).prepare();
    this.rowBySlug = db.select().from(articles).where(eq(articles.slug, sql.placeholder('slug'))).prepare();
    // What resolving a reference needs (by id, from the visibility index alone): no row, no body.
    const keyColumns = { id: articles.id, status: articles.status, publishedAt: articles.publishedAt };
    this.keyById = db.select(keyColumns).from(articles).where(eq(articles.id, sql.placeholder('id'))).prepare();
    this.keyBySlug = db.select(keyColumns).from(articles).where(eq(articles.slug, sql.placeholder('slug'))).prepare();
    this.slugOwner = db
      .select({ articleId: articleSlugHistory.articleId })
      .from(articleSlugHistory)
      .where(eq(articleSlugHistory.slug, sql.placeholder('slug')))
      .prepare();
    this.tagsOf = db
      .select({ id: tags.id, slug: tags.slug, name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, sql.placeholder('id')))
      .orderBy(asc(articleTags.position))
      .prepare();
    const relatedColumns = {
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      publishedAt: articles.publishedAt,
      status: articles.status,
    };
    this.relatedOf = db
      .select(relatedColumns)
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.targetId))
      .where(eq(articleLinks.sourceId, sql.placeholder('id')))
      .orderBy(asc(articleLinks.position))
      .prepare();
    this.visibleRelatedOf = db
      .select(relatedColumns)
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.targetId))
      .where(and(eq(articleLinks.sourceId, sql.placeholder('id')), visibleAt(sql.placeholder('now'))))
      .orderBy(asc(articleLinks.position))
      .prepare();
    // Any number of ids as one JSON array parameter: one statement prepared once, instead of an
    // `IN (?, ?, …)` built and compiled per call.
    const idsIn = sql`(select value from json_each(${sql.placeholder('ids')}))`;
    this.itemsByIds = db.select(listColumns).from(articles).where(inArray(articles.id, idsIn)).prepare();
    this.tagsOfIds = db
      .select({ articleId: articleTags.articleId, id: tags.id, slug: tags.slug, name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, idsIn))
      .orderBy(asc(articleTags.articleId), asc(articleTags.position))
      .prepare();
  }

  /** The row under an id, a current slug, or (when `followHistory`) a slug it had before. */
  findRow(idOrSlug: string, followHistory = true): ArticleRow | undefined {
    return this.lookup(idOrSlug, this.rowById, this.rowBySlug, followHistory);
  }

  /** The article as `viewer` may see it, or where its old slug moved to; 404 when unknown or invisible. */
  locate(idOrSlug: string, viewer: Viewer): Article | Moved {
    const now = nowIso();
    const row = this.findRow(idOrSlug);
    if (row === undefined || (viewer === 'anonymous' && !isVisible(row, now))) throw articleNotFound(idOrSlug);
    if (!looksLikeId(idOrSlug, 'art') && row.slug !== idOrSlug) return { movedTo: row.slug };
    return this.represent(row, viewer, now);
  }

  /** The article as `viewer` may see it (old slugs followed); 404 when unknown or invisible. */
  get(idOrSlug: string, viewer: Viewer): Article {
    const now = nowIso();
    const row = this.findRow(idOrSlug);
    if (row === undefined || (viewer === 'anonymous' && !isVisible(row, now))) throw articleNotFound(idOrSlug);
    return this.represent(row, viewer, now);
  }

  /** The id of the article `viewer` may see under `idOrSlug`; 404 otherwise. */
  resolveId(idOrSlug: string, viewer: Viewer): string {
    const row = this.lookup(idOrSlug, this.keyById, this.keyBySlug, true);
    if (row === undefined || (viewer === 'anonymous' && !isVisible(row, nowIso()))) throw articleNotFound(idOrSlug);
    return row.id;
  }

  /** A row by id or current slug, else (when `followHistory`) by a slug the article had before. */
  private lookup<T>(idOrSlug: string, byId: ByKey<'id', T>, bySlug: ByKey<'slug', T>, followHistory: boolean): T | undefined {
    if (looksLikeId(idOrSlug, 'art')) return byId.get({ id: idOrSlug });
    const row = bySlug.get({ slug: idOrSlug });
    if (row !== undefined || !followHistory) return row;
    const owner = this.slugOwner.get({ slug: idOrSlug });
    return owner === undefined ? undefined : byId.get({ id: owner.articleId });
  }

  /** The one mapper from a row to the API's article. */
  represent(row: ArticleRow, viewer: Viewer, now: string): Article {
    const related: RelatedArticle[] = viewer === 'editor' ? this.relatedOf.all({ id: row.id }) : this.visibleRelatedOf.all({ id: row.id, now });
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      status: row.status,
      publishedAt: row.publishedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      author: row.author,
      coverImageUrl: row.coverImageUrl,
      readingTimeMinutes: row.readingTimeMinutes,
      tags: this.tagsOf.all({ id: row.id }),
      body: row.body,
      html: row.html,
      related,
    };
  }

  /** List items (with their tags) for the given ids, in the order given; unknown ids are skipped. */
  items(ids: readonly string[]): ArticleListItem[] {
    if (ids.length === 0) return [];
    const byId = new Map(this.itemsByIds.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, row]));
    return this.withTags(ids.flatMap((id) => byId.get(id) ?? []));
  }

  /** List items from rows already read (`listColumns`), with their tags. */
  withTags(rows: readonly ListRow[]): ArticleListItem[] {
    const tagsByArticle = this.tagsOfMany(rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, tags: tagsByArticle.get(row.id) ?? [] }));
  }

  /** Tags of many articles in one query, each list in the editor's order. */
  tagsOfMany(ids: string[]): Map<string, TagRef[]> {
    const byArticle = new Map<string, TagRef[]>();
    if (ids.length === 0) return byArticle;
    const rows = this.tagsOfIds.all({ ids: JSON.stringify(ids) });
    for (const { articleId, ...tag } of rows) {
      const list = byArticle.get(articleId);
      if (list === undefined) byArticle.set(articleId, [tag]);
      else list.push(tag);
    }
    return byArticle;
  }
}
