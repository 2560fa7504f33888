import { and, asc, count, desc, eq, exists, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { articleLinks, articles, articleTags, tags } from '../../db/schema.js';
import { freeSlug } from '../../db/slugs.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { looksLikeId, newId } from '../../lib/ids.js';
import { readingTimeMinutes, renderMarkdown } from '../../lib/markdown.js';
import { slugFrom } from '../../lib/slug.js';
import type { TagsService } from '../tags/service.js';
import { isVisible, visibleAt, type Viewer } from './visibility.js';
import type {
  Article,
  ArticleListItem,
  ArticleListQuery,
  ArticleStatus,
  CreateArticleBody,
  RelatedArticle,
  TagRef,
  UpdateArticleBody,
} from './schemas.js';

/** Called with the current representation inside the write's transaction; throws to abort (e.g. 412). */
export type Precondition = (current: Article) => void;

type ArticleRow = typeof articles.$inferSelect;

const listColumns = {
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

function toIso(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError('VALIDATION_FAILED', `"${value}" is not a valid date-time.`, { errors: [{ path: '/publishedAt', message: 'is not a valid date-time', in: 'body' }] });
  }
  return date.toISOString();
}

/**
 * The publishing rules of the contract: `published` without a date publishes now, with a future
 * date it waits as `scheduled`; `scheduled` needs a future date.
 */
function schedule(status: ArticleStatus, publishedAt: string | null, now: string): { status: ArticleStatus; publishedAt: string | null } {
  if (status === 'published') {
    if (publishedAt === null) return { status, publishedAt: now };
    if (publishedAt > now) return { status: 'scheduled', publishedAt };
  }
  if (status === 'scheduled' && (publishedAt === null || publishedAt <= now)) {
    throw new AppError('INVALID_SCHEDULE', 'A scheduled article needs a publishedAt in the future.', {
      errors: [{ path: '/publishedAt', message: 'must be a future date-time when status is scheduled', in: 'body' }],
    });
  }
  return { status, publishedAt };
}

const notFound = (idOrSlug: string): AppError => new AppError('ARTICLE_NOT_FOUND', `No article has the id or slug "${idOrSlug}".`);

export class ArticlesService {
  private readonly rowById;
  private readonly rowBySlug;
  private readonly tagsOf;
  private readonly relatedOf;
  private readonly visibleRelatedOf;

  constructor(
    private readonly db: Db,
    private readonly tagsService: TagsService,
  ) {
    // Hot reads are prepared once: building a query per request costs more than running it.
    this.rowById = db.select().from(articles).where(eq(articles.id, sql.placeholder('id'))).prepare();
    this.rowBySlug = db.select().from(articles).where(eq(articles.slug, sql.placeholder('slug'))).prepare();
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
  }

  /** The article as `viewer` may see it; 404 when unknown or not visible to them. */
  get(idOrSlug: string, viewer: Viewer): Article {
    const now = nowIso();
    const row = this.findRow(idOrSlug);
    if (row === undefined || (viewer === 'anonymous' && !isVisible(row, now))) throw notFound(idOrSlug);
    return this.represent(row, viewer, now);
  }

  list(query: ArticleListQuery, viewer: Viewer): { items: ArticleListItem[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const now = nowIso();
    const conditions: SQL[] = [];
    if (viewer === 'anonymous') {
      if (query.status !== undefined && query.status !== 'published') {
        throw new AppError('UNAUTHORIZED', `Listing ${query.status} articles needs an editor's API key.`, {
          headers: { 'www-authenticate': 'Bearer realm="cms"' },
        });
      }
      conditions.push(visibleAt(now));
    } else if (query.status !== undefined) {
      conditions.push(eq(articles.status, query.status));
    }
    if (query.publishedAfter !== undefined) conditions.push(gte(articles.publishedAt, toIso(query.publishedAfter)));
    if (query.publishedBefore !== undefined) conditions.push(lte(articles.publishedAt, toIso(query.publishedBefore)));
    if (query.tag !== undefined) {
      const slugs = [...new Set(query.tag.split(',').map((slug) => slug.trim().toLowerCase()).filter(Boolean))];
      if (slugs.length > 0) {
        conditions.push(
          exists(
            this.db
              .select({ one: sql`1` })
              .from(articleTags)
              .innerJoin(tags, eq(tags.id, articleTags.tagId))
              .where(and(eq(articleTags.articleId, articles.id), inArray(tags.slug, slugs))),
          ),
        );
      }
    }
    const where = conditions.length > 0 ? and(...conditions) : undefined;
    const order = {
      '-publishedAt': [desc(articles.publishedAt), desc(articles.id)],
      // NULL sorts first in SQLite's ascending order; undated drafts belong at the end.
      publishedAt: [sql`${articles.publishedAt} is null`, asc(articles.publishedAt), asc(articles.id)],
      '-updatedAt': [desc(articles.updatedAt), desc(articles.id)],
      title: [asc(articles.title), asc(articles.id)],
    }[query.sort ?? '-publishedAt'];

    const rows = this.db
      .select(listColumns)
      .from(articles)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset((page - 1) * limit)
      .all();
    const total = this.db.select({ n: count() }).from(articles).where(where).get()?.n ?? 0;
    const tagsByArticle = this.tagsOfMany(rows.map((row) => row.id));
    const items = rows.map((row) => ({ ...row, tags: tagsByArticle.get(row.id) ?? [] }));
    return { items, total, page, limit };
  }

  create(input: CreateArticleBody): Article {
    const now = nowIso();
    const body = input.body ?? '';
    const html = renderMarkdown(body);
    const { status, publishedAt } = schedule(input.status ?? 'draft', input.publishedAt == null ? null : toIso(input.publishedAt), now);
    const title = input.title.trim();
    return inTransaction(this.db, () => {
      const slug = input.slug === undefined ? freeSlug(this.db, articles, articles.slug, slugFrom(title) || 'article') : this.assertSlugFree(input.slug, undefined);
      const id = newId('art');
      this.db
        .insert(articles)
        .values({
          id,
          slug,
          title,
          summary: input.summary ?? null,
          body,
          html,
          status,
          publishedAt,
          createdAt: now,
          updatedAt: now,
          version: 1,
          author: input.author ?? null,
          coverImageUrl: input.coverImageUrl ?? null,
          readingTimeMinutes: readingTimeMinutes(html),
        })
        .run();
      this.replaceTags(id, this.tagsService.resolveForArticle(input.tags ?? [], now));
      return this.get(id, 'editor');
    });
  }

  /** Applies a partial update; a patch that changes nothing leaves `version` and `updatedAt` alone. */
  update(idOrSlug: string, patch: UpdateArticleBody, precondition?: Precondition): Article {
    const now = nowIso();
    const rendered = patch.body === undefined ? undefined : renderMarkdown(patch.body);
    return inTransaction(this.db, () => {
      const row = this.findRow(idOrSlug);
      if (row === undefined) throw notFound(idOrSlug);
      const current = this.represent(row, 'editor', now);
      precondition?.(current);

      const changes: Partial<ArticleRow> = {};
      if (patch.title !== undefined && patch.title.trim() !== row.title) changes.title = patch.title.trim();
      if (patch.slug !== undefined && patch.slug !== row.slug) changes.slug = this.assertSlugFree(patch.slug, row.id);
      if (patch.summary !== undefined && patch.summary !== row.summary) changes.summary = patch.summary;
      if (patch.author !== undefined && patch.author !== row.author) changes.author = patch.author;
      if (patch.coverImageUrl !== undefined && patch.coverImageUrl !== row.coverImageUrl) changes.coverImageUrl = patch.coverImageUrl;
      if (patch.body !== undefined && rendered !== undefined && patch.body !== row.body) {
        changes.body = patch.body;
        changes.html = rendered;
        changes.readingTimeMinutes = readingTimeMinutes(rendered);
      }
      if (patch.status !== undefined || patch.publishedAt !== undefined) {
        const wanted = schedule(
          patch.status ?? row.status,
          patch.publishedAt === undefined ? row.publishedAt : patch.publishedAt === null ? null : toIso(patch.publishedAt),
          now,
        );
        if (wanted.status !== row.status) changes.status = wanted.status;
        if (wanted.publishedAt !== row.publishedAt) changes.publishedAt = wanted.publishedAt;
      }
      let tagsChanged = false;
      if (patch.tags !== undefined) {
        const tagIds = this.tagsService.resolveForArticle(patch.tags, now);
        const currentIds = current.tags.map((tag) => tag.id);
        if (tagIds.length !== currentIds.length || tagIds.some((id, i) => id !== currentIds[i])) {
          this.replaceTags(row.id, tagIds);
          tagsChanged = true;
        }
      }
      if (Object.keys(changes).length === 0 && !tagsChanged) return current;
      this.db
        .update(articles)
        .set({ ...changes, updatedAt: now, version: sql`${articles.version} + 1` })
        .where(eq(articles.id, row.id))
        .run();
      return this.get(row.id, 'editor');
    });
  }

  delete(idOrSlug: string, precondition?: Precondition): void {
    inTransaction(this.db, () => {
      const row = this.findRow(idOrSlug);
      if (row === undefined) throw notFound(idOrSlug);
      precondition?.(this.represent(row, 'editor', nowIso()));
      // Links to and from it, and its tag assignments, go by ON DELETE CASCADE.
      this.db.delete(articles).where(eq(articles.id, row.id)).run();
    });
  }

  /** The id of the article `viewer` may see under `idOrSlug`; 404 otherwise. */
  resolveId(idOrSlug: string, viewer: Viewer): string {
    const row = this.findRow(idOrSlug);
    if (row === undefined || (viewer === 'anonymous' && !isVisible(row, nowIso()))) throw notFound(idOrSlug);
    return row.id;
  }

  /** List items (with their tags) for the given ids, in the order given; unknown ids are skipped. */
  items(ids: readonly string[]): ArticleListItem[] {
    if (ids.length === 0) return [];
    const rows = this.db.select(listColumns).from(articles).where(inArray(articles.id, [...ids])).all();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const tagsByArticle = this.tagsOfMany([...byId.keys()]);
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row === undefined ? [] : [{ ...row, tags: tagsByArticle.get(id) ?? [] }];
    });
  }

  /** Records a change to an article made outside its own row (links, tags): `version` +1. */
  touch(id: string): void {
    this.db
      .update(articles)
      .set({ updatedAt: nowIso(), version: sql`${articles.version} + 1` })
      .where(eq(articles.id, id))
      .run();
  }

  private findRow(idOrSlug: string): ArticleRow | undefined {
    return looksLikeId(idOrSlug, 'art') ? this.rowById.get({ id: idOrSlug }) : this.rowBySlug.get({ slug: idOrSlug });
  }

  /** The one mapper from a row to the API's article. */
  private represent(row: ArticleRow, viewer: Viewer, now: string): Article {
    const related: RelatedArticle[] =
      viewer === 'editor' ? this.relatedOf.all({ id: row.id }) : this.visibleRelatedOf.all({ id: row.id, now });
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

  private tagsOfMany(ids: string[]): Map<string, TagRef[]> {
    const byArticle = new Map<string, TagRef[]>();
    if (ids.length === 0) return byArticle;
    const rows = this.db
      .select({ articleId: articleTags.articleId, id: tags.id, slug: tags.slug, name: tags.name })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, ids))
      .orderBy(asc(articleTags.articleId), asc(articleTags.position))
      .all();
    for (const { articleId, ...tag } of rows) {
      const list = byArticle.get(articleId);
      if (list === undefined) byArticle.set(articleId, [tag]);
      else list.push(tag);
    }
    return byArticle;
  }

  private replaceTags(articleId: string, tagIds: string[]): void {
    this.db.delete(articleTags).where(eq(articleTags.articleId, articleId)).run();
    if (tagIds.length > 0) {
      this.db
        .insert(articleTags)
        .values(tagIds.map((tagId, position) => ({ articleId, tagId, position })))
        .run();
    }
  }

  private assertSlugFree(slug: string, ownId: string | undefined): string {
    const holder = this.rowBySlug.get({ slug });
    if (holder !== undefined && holder.id !== ownId) {
      throw new AppError('SLUG_TAKEN', `The slug "${slug}" is already used by another article.`, {
        errors: [{ path: '/slug', message: 'is already taken', in: 'body' }],
      });
    }
    return slug;
  }
}
