import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { articles, articleTags, tags } from '../../db/schema.js';
import type { ReadCache } from '../../db/read-cache.js';
import { freeSlug } from '../../db/slugs.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { looksLikeId, newId } from '../../lib/ids.js';
import { slugFrom } from '../../lib/slug.js';
import type { ArticleChanges } from '../articles/changes.js';
import type { ArticleReader } from '../articles/reader.js';
import { visibleAt, type Viewer } from '../articles/visibility.js';
import type { Outbox } from '../events/outbox.js';
import type { CreateTagBody, Tag, TagListQuery, UpdateTagBody } from './schemas.js';

/** Case-folds a tag name for matching and uniqueness ("Climate", "climate ", "CLIMATE" are one tag). */
export function tagNameKey(name: string): string {
  return cleanTagName(name).normalize('NFKC').toLowerCase();
}

export function cleanTagName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

type TagRow = typeof tags.$inferSelect;

const notFound = (idOrSlug: string): AppError => new AppError('TAG_NOT_FOUND', `No tag has the id or slug "${idOrSlug}".`);

export class TagsService {
  private readonly bySlug;
  private readonly byNameKey;
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly changes: ArticleChanges,
    private readonly outbox: Outbox,
    private readonly cache: ReadCache,
  ) {
    this.bySlug = db.select().from(tags).where(eq(tags.slug, sql.placeholder('slug'))).prepare();
    this.byNameKey = db.select().from(tags).where(eq(tags.nameKey, sql.placeholder('key'))).prepare();
    this.byId = db.select().from(tags).where(eq(tags.id, sql.placeholder('id'))).prepare();
  }

  get(idOrSlug: string, viewer: Viewer): Tag {
    const row = this.findRow(idOrSlug);
    if (row === undefined) throw notFound(idOrSlug);
    return this.represent(row, this.articleCounts(viewer).get(row.id) ?? 0);
  }

  list(query: TagListQuery, viewer: Viewer): { items: Tag[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const total = this.db.select({ n: count() }).from(tags).get()?.n ?? 0;
    const counts = this.articleCounts(viewer);
    if (query.sort === '-articleCount') {
      // Ordered by the cached counts; ties fall back to the name.
      const ranked = this.cache.get(`tags-by-count:${viewer}`, () =>
        this.db
          .select({ id: tags.id, nameKey: tags.nameKey })
          .from(tags)
          .all()
          .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.nameKey.localeCompare(b.nameKey) || a.id.localeCompare(b.id))
          .map((row) => row.id),
      );
      const ids = ranked.slice((page - 1) * limit, page * limit);
      const rows = ids.length === 0 ? [] : this.db.select().from(tags).where(inArray(tags.id, ids)).all();
      const byId = new Map(rows.map((row) => [row.id, row]));
      const items = ids.flatMap((id) => {
        const row = byId.get(id);
        return row === undefined ? [] : [this.represent(row, counts.get(id) ?? 0)];
      });
      return { items, total, page, limit };
    }
    const rows = this.db.select().from(tags).orderBy(asc(tags.nameKey), asc(tags.id)).limit(limit).offset((page - 1) * limit).all();
    return { items: rows.map((row) => this.represent(row, counts.get(row.id) ?? 0)), total, page, limit };
  }

  create(input: CreateTagBody): Tag {
    const name = cleanTagName(input.name);
    const key = tagNameKey(name);
    const now = nowIso();
    return inTransaction(this.db, () => {
      this.assertNameFree(key, name, undefined);
      const slug = input.slug === undefined ? freeSlug(this.db, tags, tags.slug, slugFrom(name) || 'tag') : this.assertSlugFree(input.slug, undefined);
      const row: TagRow = { id: newId('tag'), slug, name, nameKey: key, description: input.description ?? null, createdAt: now, updatedAt: now };
      this.db.insert(tags).values(row).run();
      const tag = this.represent(row, 0);
      this.outbox.emit('tag.created', tag, { subjectId: tag.id });
      return tag;
    });
  }

  update(idOrSlug: string, patch: UpdateTagBody, viewer: Viewer): Tag {
    return inTransaction(this.db, () => {
      const row = this.findRow(idOrSlug);
      if (row === undefined) throw notFound(idOrSlug);
      const changes: Partial<TagRow> = {};
      if (patch.name !== undefined && cleanTagName(patch.name) !== row.name) {
        changes.name = cleanTagName(patch.name);
        changes.nameKey = tagNameKey(changes.name);
        this.assertNameFree(changes.nameKey, changes.name, row.id);
      }
      if (patch.slug !== undefined && patch.slug !== row.slug) changes.slug = this.assertSlugFree(patch.slug, row.id);
      if (patch.description !== undefined && patch.description !== row.description) changes.description = patch.description;
      if (Object.keys(changes).length === 0) return this.get(row.id, viewer);
      this.db.update(tags).set({ ...changes, updatedAt: nowIso() }).where(eq(tags.id, row.id)).run();
      if (changes.name !== undefined) {
        // Tag names are searchable as part of each article.
        for (const { id } of this.db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, row.id)).all()) this.changes.reindex(id);
      }
      const tag = this.get(row.id, 'editor');
      const previous = Object.fromEntries(Object.keys(changes).filter((key) => key !== 'nameKey').map((key) => [key, row[key as keyof TagRow]]));
      this.outbox.emit('tag.updated', tag, { previous, subjectId: tag.id });
      return viewer === 'editor' ? tag : this.get(row.id, viewer);
    });
  }

  /**
   * Deletes the tag. Its articles lose it; since their content changed, each gets a new version
   * (with its revision and `article.updated`) like any other change.
   */
  delete(idOrSlug: string, actor: string): { id: string; slug: string } {
    return inTransaction(this.db, () => {
      const row = this.findRow(idOrSlug);
      if (row === undefined) throw notFound(idOrSlug);
      const now = nowIso();
      const tagged = this.db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, row.id)).all();
      const before = tagged.map(({ id }) => this.reader.get(id, 'editor'));
      this.db.delete(tags).where(eq(tags.id, row.id)).run();
      for (const article of before) {
        this.changes.bump(article.id, now);
        this.changes.updated(article, actor, now);
      }
      this.outbox.emit('tag.deleted', { id: row.id, slug: row.slug }, { subjectId: row.id });
      return { id: row.id, slug: row.slug };
    });
  }

  /**
   * Turns the tag strings an editor wrote on an article into tag ids, in order and without
   * duplicates: each is matched by slug, then by name (case-insensitively); unknown ones are
   * created. Call inside the article's transaction.
   */
  resolveForArticle(names: readonly string[], now: string): string[] {
    const ids: string[] = [];
    for (const raw of names) {
      const name = cleanTagName(raw);
      const key = tagNameKey(name);
      const found = this.bySlug.get({ slug: name.toLowerCase() }) ?? this.byNameKey.get({ key });
      const id = found?.id ?? this.insert(name, key, now);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private insert(name: string, key: string, now: string): string {
    const row: TagRow = { id: newId('tag'), slug: freeSlug(this.db, tags, tags.slug, slugFrom(name) || 'tag'), name, nameKey: key, description: null, createdAt: now, updatedAt: now };
    this.db.insert(tags).values(row).run();
    this.outbox.emit('tag.created', this.represent(row, 0), { subjectId: row.id });
    return row.id;
  }

  private findRow(idOrSlug: string): TagRow | undefined {
    return looksLikeId(idOrSlug, 'tag') ? this.byId.get({ id: idOrSlug }) : this.bySlug.get({ slug: idOrSlug });
  }

  private represent(row: TagRow, articleCount: number): Tag {
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      articleCount,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  /**
   * Articles per tag that `viewer` may see, for every tag: one grouped query over the whole archive,
   * kept until the content changes.
   */
  private articleCounts(viewer: Viewer): Map<string, number> {
    return this.cache.get(`tag-counts:${viewer}`, () => {
      const rows = this.db
        .select({ tagId: articleTags.tagId, n: count() })
        .from(articleTags)
        .innerJoin(articles, eq(articles.id, articleTags.articleId))
        .where(viewer === 'anonymous' ? visibleAt(nowIso()) : undefined)
        .groupBy(articleTags.tagId)
        .all();
      return new Map(rows.map((row) => [row.tagId, row.n]));
    });
  }

  private assertNameFree(key: string, name: string, ownId: string | undefined): void {
    const holder = this.byNameKey.get({ key });
    if (holder !== undefined && holder.id !== ownId) {
      throw new AppError('NAME_TAKEN', `A tag named "${holder.name}" already exists (names are unique regardless of case): "${name}".`, {
        errors: [{ path: '/name', message: 'is already taken', in: 'body' }],
      });
    }
  }

  private assertSlugFree(slug: string, ownId: string | undefined): string {
    const holder = this.db.select({ id: tags.id }).from(tags).where(and(eq(tags.slug, slug), ownId === undefined ? undefined : ne(tags.id, ownId))).get();
    if (holder !== undefined) {
      throw new AppError('SLUG_TAKEN', `The slug "${slug}" is already used by another tag.`, { errors: [{ path: '/slug', message: 'is already taken', in: 'body' }] });
    }
    return slug;
  }
}
