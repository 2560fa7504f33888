import { and, asc, count, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import { articleLinks, articleRevisions, articles, articleSlugHistory, articleTags, tags } from '../../db/schema.js';
import type { ReadCache } from '../../db/read-cache.js';
import { articleSearchKeys } from '../../db/search.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { renderBody, type Rendered } from '../../lib/markdown.js';
import { parseSearch, snippetOf } from '../../lib/search-query.js';
import { firstFreeSlug, slugFrom } from '../../lib/slug.js';
import type { TagsService } from '../tags/service.js';
import type { ArticleChanges } from './changes.js';
import { articleNotFound, countAllArticles, listColumns, type ArticleReader, type ArticleRow, type Moved } from './reader.js';
import type { Article, ArticleListItem, ArticleListQuery, ArticleSnapshot, ArticleStatus, CreateArticleBody, Revision, UpdateArticleBody } from './schemas.js';
import { taggedWithAny, tagSlugsOf, visibleAt, type Viewer } from './visibility.js';

/** How many of the newest matches a search ranks (see `list`). */
export const SEARCH_WINDOW = 1000;
/** Search relevance: a phrase in these columns counts this many times its weight (see `relevance`). */
const RELEVANCE_COLUMNS = [
  ['title', 10],
  ['tags', 6],
  ['summary', 4],
] as const;
const FREQUENCY_TTL_MS = 10 * 60_000;

/** Called with the current representation inside the write's transaction; throws to abort (e.g. 412). */
export type Precondition = (current: Article) => void;

function toIso(value: string, path: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError('VALIDATION_FAILED', `"${value}" is not a valid date-time.`, { errors: [{ path, message: 'is not a valid date-time', in: 'body' }] });
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

type Params = Record<string, unknown>;
interface SearchCandidates {
  all: (params: Params) => { rowid: number; id: string; publishedAt: string | null; updatedAt: string; title: string }[];
}
interface ListStatements {
  page: { all: (params: Params) => Omit<ArticleListItem, 'tags' | 'snippet'>[] };
  count: { get: (params: Params) => { n: number } | undefined };
}

export class ArticlesService {
  // The write path's statements are prepared once, like the hot reads: building a Drizzle query
  // costs more than running it.
  private readonly insertArticle;
  private readonly deleteTagsOf;
  private readonly insertTag;
  private readonly slugsFrom;
  private readonly formerSlugsFrom;
  private readonly searchMatches: Statement<[string, number], number>;
  private readonly columnMatches: Statement<[string, bigint], number>;
  private readonly matchCount: Statement<[string], number>;
  /** Articles matching each search phrase, for its weight (see `relevance`), kept for a while. */
  private readonly frequencies = new Map<string, { n: number; at: number }>();
  private readonly searchStatements = new Map<string, SearchCandidates>();
  /** Prepared list statements by shape (filters given, sort, plan): a few dozen at most. */
  private readonly listStatements = new Map<string, ListStatements>();

  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly changes: ArticleChanges,
    private readonly tagsService: TagsService,
    private readonly cache: ReadCache,
  ) {
    const p = (name: string) => sql.placeholder(name);
    this.insertArticle = db
      .insert(articles)
      .values({
        id: p('id'),
        slug: p('slug'),
        title: p('title'),
        summary: p('summary'),
        body: p('body'),
        html: p('html'),
        status: p('status'),
        publishedAt: p('publishedAt'),
        createdAt: p('now'),
        updatedAt: p('now'),
        version: 1,
        author: p('author'),
        coverImageUrl: p('coverImageUrl'),
        readingTimeMinutes: p('readingTimeMinutes'),
      })
      .prepare();
    const fts = db.$client;
    this.searchMatches = fts.prepare<[string, number], number>('select rowid from articles_fts where articles_fts match ? order by rowid desc limit ?').pluck();
    this.columnMatches = fts.prepare<[string, bigint], number>('select rowid from articles_fts where articles_fts match ? and rowid >= ?').pluck();
    this.matchCount = fts.prepare<[string], number>('select count(*) from articles_fts where articles_fts match ?').pluck();
    this.deleteTagsOf = db.delete(articleTags).where(eq(articleTags.articleId, p('articleId'))).prepare();
    this.insertTag = db.insert(articleTags).values({ articleId: p('articleId'), tagId: p('tagId'), position: p('position') }).prepare();
    // [base-, base.) is the range of strings starting with "base-" (see slugFamily).
    this.slugsFrom = db
      .select({ slug: articles.slug })
      .from(articles)
      .where(or(eq(articles.slug, p('base')), and(gte(articles.slug, p('from')), lt(articles.slug, p('to')))))
      .prepare();
    this.formerSlugsFrom = db
      .select({ slug: articleSlugHistory.slug })
      .from(articleSlugHistory)
      .where(or(eq(articleSlugHistory.slug, p('base')), and(gte(articleSlugHistory.slug, p('from')), lt(articleSlugHistory.slug, p('to')))))
      .prepare();
  }

  /** The article as `viewer` may see it, or where its old slug moved to. */
  locate(idOrSlug: string, viewer: Viewer): Article | Moved {
    return this.reader.locate(idOrSlug, viewer);
  }

  list(query: ArticleListQuery, viewer: Viewer): { items: ArticleListItem[]; total: number; page: number; limit: number } {
    const page = query.page ?? 1;
    const limit = query.limit ?? 20;
    const now = nowIso();
    // Values go in as placeholders, so that the list statements (one per combination of filters,
    // sort and plan) are prepared once; a query built and compiled per request cost more than running it.
    const params: Record<string, unknown> = { now, limit, offset: (page - 1) * limit };
    const shape: string[] = [viewer, query.sort ?? '-publishedAt'];
    const conditions: SQL[] = [];
    if (viewer === 'anonymous') {
      if (query.status !== undefined && query.status !== 'published') {
        throw new AppError('UNAUTHORIZED', `Listing ${query.status} articles needs an editor's API key.`, {
          headers: { 'www-authenticate': 'Bearer realm="cms"' },
        });
      }
      conditions.push(visibleAt(sql.placeholder('now')));
    } else if (query.status !== undefined) {
      conditions.push(eq(articles.status, sql.placeholder('status')));
      params['status'] = query.status;
      shape.push('status');
    }
    if (query.publishedAfter !== undefined) {
      conditions.push(gte(articles.publishedAt, sql.placeholder('after')));
      params['after'] = toIso(query.publishedAfter, '/publishedAfter');
      shape.push('after');
    }
    if (query.publishedBefore !== undefined) {
      conditions.push(lte(articles.publishedAt, sql.placeholder('before')));
      params['before'] = toIso(query.publishedBefore, '/publishedBefore');
      shape.push('before');
    }
    const slugs = tagSlugsOf(query.tag);
    // The page may be found by another plan than the count (see below); by default the same.
    let pageConditions: SQL[] | undefined;
    if (slugs.length > 0) {
      const tagSet = sql`(select value from json_each(${sql.placeholder('tags')}))`;
      params['tags'] = JSON.stringify(slugs);
      shape.push('tags');
      // Walking the newest-first index pays off when at least 1 in 200 articles carries the tags
      // (a page of 20 is then found within ~4,000 index entries); rarer tags start from their articles.
      const byDate = query.q === undefined && (query.sort === undefined || query.sort === '-publishedAt' || query.sort === 'publishedAt');
      const walk = byDate && this.taggedCount(slugs) * 200 >= countAllArticles(this.db, this.cache);
      conditions.push(taggedWithAny(this.db, tagSet));
      if (walk) {
        pageConditions = [...conditions.slice(0, -1), taggedWithAny(this.db, tagSet, true)];
        shape.push('walk');
      }
    }
    const order = {
      '-publishedAt': [desc(articles.publishedAt), desc(articles.id)],
      // NULL sorts first in SQLite's ascending order; undated drafts belong at the end.
      publishedAt: [sql`${articles.publishedAt} is null`, asc(articles.publishedAt), asc(articles.id)],
      '-updatedAt': [desc(articles.updatedAt), desc(articles.id)],
      title: [asc(articles.title), asc(articles.id)],
    };
    const offset = (page - 1) * limit;

    if (query.q !== undefined) {
      const search = parseSearch(query.q);
      const by = query.sort ?? 'relevance';
      // Ranking every match of a common word costs time in proportion to the archive; a newsroom
      // wants the best of the recent ones. The newest SEARCH_WINDOW matches (FTS5 walks its doclists
      // in rowid order and stops) are scored (see `relevance`), then filtered, ordered and paged
      // here: joined in one SQL statement, SQLite would rather walk every visible article and probe
      // the matches.
      const window = this.searchMatches.all(search.fts, SEARCH_WINDOW);
      const scores = by === 'relevance' ? this.relevance(search.fts, search.phrases, window) : undefined;
      const candidates =
        window.length === 0
          ? []
          : this.searchCandidates(`${shape.join('|')}|${by}`, conditions, by === 'title' || by === '-updatedAt').all({ ...params, rowids: JSON.stringify(window) });
      const desc_ = (a: string | null, b: string | null): number => (b ?? '').localeCompare(a ?? '');
      candidates.sort((a, b) => {
        switch (by) {
          case 'relevance':
            return (scores?.get(b.rowid) ?? 0) - (scores?.get(a.rowid) ?? 0) || b.rowid - a.rowid;
          case '-publishedAt':
            return desc_(a.publishedAt, b.publishedAt) || desc_(a.id, b.id);
          case 'publishedAt':
            return (a.publishedAt === null ? 1 : 0) - (b.publishedAt === null ? 1 : 0) || -desc_(a.publishedAt, b.publishedAt) || -desc_(a.id, b.id);
          case '-updatedAt':
            return desc_(a.updatedAt, b.updatedAt) || desc_(a.id, b.id);
          case 'title':
            return (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || -desc_(a.id, b.id);
        }
      });
      const pageRows = candidates.slice(offset, offset + limit);
      // Snippets only for the page shown: making one means reading the article's text.
      const texts = new Map(
        pageRows.length === 0
          ? []
          : this.db
              .select({ id: articles.id, title: articles.title, summary: articles.summary, body: articles.body })
              .from(articles)
              .where(inArray(articles.id, pageRows.map((row) => row.id)))
              .all()
              .map((row) => [row.id, row]),
      );
      const items = this.reader.items(pageRows.map((row) => row.id)).map((item) => {
        const text = texts.get(item.id);
        return { ...item, snippet: text === undefined ? '' : snippetOf([text.body, text.summary, text.title], search.terms) };
      });
      return { items, total: candidates.length, page, limit };
    }

    const key = shape.join('|');
    let statements = this.listStatements.get(key);
    if (statements === undefined) {
      const where = conditions.length > 0 ? and(...conditions) : undefined;
      statements = {
        page: this.db
          .select(listColumns)
          .from(articles)
          .where(pageConditions === undefined ? where : and(...pageConditions))
          .orderBy(...order[query.sort ?? '-publishedAt'])
          .limit(sql.placeholder('limit'))
          .offset(sql.placeholder('offset'))
          .prepare(),
        count: this.db.select({ n: count() }).from(articles).where(where).prepare(),
      };
      this.listStatements.set(key, statements);
    }
    const rows = statements.page.all(params);
    // Counting every match costs in proportion to the archive; the count is kept until content changes.
    const totalKey = `articles:${viewer}:${query.status ?? ''}:${query.tag ?? ''}:${query.publishedAfter ?? ''}:${query.publishedBefore ?? ''}`;
    const total = this.cache.get(totalKey, () => statements.count.get(params)?.n ?? 0);
    const tagsByArticle = this.reader.tagsOfMany(rows.map((row) => row.id));
    const items = rows.map((row) => ({ ...row, tags: tagsByArticle.get(row.id) ?? [] }));
    return { items, total, page, limit };
  }

  /** The window's matches that pass the list's filters, with what ordering needs; prepared once per filter shape and sort. */
  private searchCandidates(key: string, conditions: SQL[], withRows: boolean): SearchCandidates {
    let statement = this.searchStatements.get(key);
    if (statement === undefined) {
      // Without title and updatedAt (other sorts), the (id, status, published_at) index answers
      // alone: 1,000 index probes instead of 1,000 row reads scattered over the file.
      const rowColumns = withRows ? { updatedAt: articles.updatedAt, title: articles.title } : { updatedAt: sql<string>`''`, title: sql<string>`''` };
      statement = this.db
        .select({ rowid: articleSearchKeys.rowid, id: articles.id, publishedAt: articles.publishedAt, ...rowColumns })
        .from(articleSearchKeys)
        .innerJoin(articles, eq(articles.id, articleSearchKeys.articleId))
        .where(and(inArray(articleSearchKeys.rowid, sql`(select value from json_each(${sql.placeholder('rowids')}))`), ...conditions))
        .prepare();
      this.searchStatements.set(key, statement);
    }
    return statement;
  }

  /**
   * Relevance of each match in the window (rowids, newest first), higher first: for every search
   * phrase, its weight (`ln(1 + N / articles matching it)`: rare words count more) times 10 when
   * it is in the title, 6 in a tag name, 4 in the deck (matching the body only adds nothing: every
   * match has it somewhere); ties go to the newest. Each phrase's column matches are read within
   * the window only. bm25 was measured at ~15 ms per query at 100,000 articles, nearly all of it
   * counting every article with each common word; those counts are kept here for ten minutes
   * (they only weigh words against each other).
   */
  private relevance(query: string, phrases: readonly string[], window: readonly number[]): Map<number, number> {
    const scores = new Map(window.map((rowid) => [rowid, 0]));
    const oldest = window.at(-1);
    if (oldest === undefined) return scores;
    const total = Math.max(1, countAllArticles(this.db, this.cache));
    // As an integer: a JavaScript number binds as a REAL, and FTS5 then filters every row of the
    // phrase's doclist instead of seeking to it (~6 ms instead of ~0.3 ms per column at 100,000).
    const from = BigInt(oldest);
    for (const phrase of phrases) {
      const weight = Math.log(1 + total / Math.max(1, this.frequency(phrase)));
      for (const [column, columnWeight] of RELEVANCE_COLUMNS) {
        // Within the whole query's matches: a rare word's window reaches far back, where a common
        // word alone would match most of the archive.
        for (const rowid of this.columnMatches.all(`({${column}} : ${phrase}) AND (${query})`, from)) {
          const score = scores.get(rowid);
          if (score !== undefined) scores.set(rowid, score + columnWeight * weight);
        }
      }
    }
    return scores;
  }

  private frequency(phrase: string): number {
    const now = Date.now();
    const known = this.frequencies.get(phrase);
    if (known !== undefined && now - known.at < FREQUENCY_TTL_MS) return known.n;
    const n = this.matchCount.get(phrase) ?? 0;
    if (this.frequencies.size >= 10_000) this.frequencies.clear();
    this.frequencies.set(phrase, { n, at: now });
    return n;
  }

  /** How many taggings the tags have (an article with two of them counts twice), kept until content changes. */
  private taggedCount(slugs: string[]): number {
    return this.cache.get(`tagged:${slugs.join(',')}`, () =>
      this.db.select({ n: count() }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(inArray(tags.slug, slugs)).get()?.n ?? 0,
    );
  }

  /** `renderedAhead`: the body as the caller rendered it ahead (used only if it is this body). */
  create(input: CreateArticleBody, actor: string, renderedAhead?: Rendered): Article {
    const now = nowIso();
    const body = input.body ?? '';
    const { html, readingTimeMinutes } = renderedAhead?.body === body ? renderedAhead : renderBody(body);
    const { status, publishedAt } = schedule(input.status ?? 'draft', input.publishedAt == null ? null : toIso(input.publishedAt, '/publishedAt'), now);
    const title = input.title.trim();
    return inTransaction(this.db, () => {
      const slug = input.slug === undefined ? this.freeSlug(slugFrom(title) || 'article') : this.claimSlug(input.slug, undefined);
      const id = newId('art');
      this.insertArticle.run({
        id,
        slug,
        title,
        summary: input.summary ?? null,
        body,
        html,
        status,
        publishedAt,
        now,
        author: input.author ?? null,
        coverImageUrl: input.coverImageUrl ?? null,
        readingTimeMinutes,
      });
      this.replaceTags(id, this.tagsService.resolveForArticle(input.tags ?? [], now));
      return this.changes.created(id, actor, now);
    });
  }

  /** Applies a partial update; a patch that changes nothing leaves `version` and `updatedAt` alone. */
  update(idOrSlug: string, patch: UpdateArticleBody, actor: string, precondition?: Precondition, renderedAhead?: Rendered): Article {
    const now = nowIso();
    const rendered = patch.body === undefined ? undefined : renderedAhead?.body === patch.body ? renderedAhead : renderBody(patch.body);
    return inTransaction(this.db, () => {
      const row = this.reader.findRow(idOrSlug);
      if (row === undefined) throw articleNotFound(idOrSlug);
      const before = this.reader.represent(row, 'editor', now);
      precondition?.(before);

      const changes: Partial<ArticleRow> = {};
      if (patch.title !== undefined && patch.title.trim() !== row.title) changes.title = patch.title.trim();
      if (patch.slug !== undefined && patch.slug !== row.slug) changes.slug = this.claimSlug(patch.slug, row);
      if (patch.summary !== undefined && patch.summary !== row.summary) changes.summary = patch.summary;
      if (patch.author !== undefined && patch.author !== row.author) changes.author = patch.author;
      if (patch.coverImageUrl !== undefined && patch.coverImageUrl !== row.coverImageUrl) changes.coverImageUrl = patch.coverImageUrl;
      if (patch.body !== undefined && rendered !== undefined && patch.body !== row.body) {
        changes.body = patch.body;
        changes.html = rendered.html;
        changes.readingTimeMinutes = rendered.readingTimeMinutes;
      }
      if (patch.status !== undefined || patch.publishedAt !== undefined) {
        const wanted = schedule(
          patch.status ?? row.status,
          patch.publishedAt === undefined ? row.publishedAt : patch.publishedAt === null ? null : toIso(patch.publishedAt, '/publishedAt'),
          now,
        );
        if (wanted.status !== row.status) changes.status = wanted.status;
        if (wanted.publishedAt !== row.publishedAt) changes.publishedAt = wanted.publishedAt;
      }
      let tagsChanged = false;
      if (patch.tags !== undefined) {
        const tagIds = this.tagsService.resolveForArticle(patch.tags, now);
        const currentIds = before.tags.map((tag) => tag.id);
        if (tagIds.length !== currentIds.length || tagIds.some((id, i) => id !== currentIds[i])) {
          this.replaceTags(row.id, tagIds);
          tagsChanged = true;
        }
      }
      if (Object.keys(changes).length === 0 && !tagsChanged) return before;
      this.db
        .update(articles)
        .set({ ...changes, updatedAt: now, version: sql`${articles.version} + 1` })
        .where(eq(articles.id, row.id))
        .run();
      return this.changes.updated(before, actor, now);
    });
  }

  /**
   * Deletes the article; returns it as it was, and the articles that linked to it. Those lose the
   * link, so their content changed: each gets a new version (with its revision and
   * `article.updated`), as when one of their tags is deleted.
   */
  delete(idOrSlug: string, actor: string, precondition?: Precondition): { deleted: Article; unlinked: Article[] } {
    return inTransaction(this.db, () => {
      const row = this.reader.findRow(idOrSlug);
      if (row === undefined) throw articleNotFound(idOrSlug);
      const now = nowIso();
      const before = this.reader.represent(row, 'editor', now);
      precondition?.(before);
      const linking = this.db
        .selectDistinct({ id: articleLinks.sourceId })
        .from(articleLinks)
        .where(and(eq(articleLinks.targetId, row.id), ne(articleLinks.sourceId, row.id)))
        .all()
        .map(({ id }) => this.reader.get(id, 'editor'));
      this.changes.deleting(before);
      // Links to and from it, its tags, revisions and old slugs go by ON DELETE CASCADE.
      this.db.delete(articles).where(eq(articles.id, row.id)).run();
      const unlinked = linking.map((source) => {
        this.changes.bump(source.id, now);
        return this.changes.updated(source, actor, now);
      });
      return { deleted: before, unlinked };
    });
  }

  /** Versions of the article, newest first, one per version including the current one. */
  revisions(idOrSlug: string, page: number, limit: number): { items: Revision[]; total: number } {
    const id = this.reader.resolveId(idOrSlug, 'editor');
    const rows = this.db
      .select()
      .from(articleRevisions)
      .where(eq(articleRevisions.articleId, id))
      .orderBy(desc(articleRevisions.version))
      .limit(limit)
      .offset((page - 1) * limit)
      .all();
    const total = this.db.select({ n: count() }).from(articleRevisions).where(eq(articleRevisions.articleId, id)).get()?.n ?? 0;
    return { items: rows.map(toRevision), total };
  }

  revision(idOrSlug: string, version: number): Revision {
    const id = this.reader.resolveId(idOrSlug, 'editor');
    const row = this.db
      .select()
      .from(articleRevisions)
      .where(and(eq(articleRevisions.articleId, id), eq(articleRevisions.version, version)))
      .get();
    if (row === undefined) throw new AppError('REVISION_NOT_FOUND', `Article "${idOrSlug}" has no version ${version}.`);
    return toRevision(row);
  }

  /**
   * Makes the content of an old version current again, as a new version. A scheduled time that
   * has passed since then publishes; tags deleted since are made again from their names.
   */
  restore(idOrSlug: string, version: number, actor: string, precondition?: Precondition): Article {
    const { title, slug, summary, body, status, publishedAt, author, coverImageUrl, tags: oldTags } = this.revision(idOrSlug, version);
    const due = status === 'scheduled' && publishedAt !== null && publishedAt <= nowIso();
    return this.update(
      idOrSlug,
      { title, slug, summary, body, status: due ? 'published' : status, publishedAt, author, coverImageUrl, tags: oldTags.map((tag) => tag.name) },
      actor,
      precondition,
    );
  }

  private replaceTags(articleId: string, tagIds: string[]): void {
    this.deleteTagsOf.run({ articleId });
    tagIds.forEach((tagId, position) => this.insertTag.run({ articleId, tagId, position }));
  }

  /**
   * Takes `slug` for the article (`own`, or a new one). A slug another article has, or once had, is
   * taken: news links live forever. When an article changes its slug, the old one is kept as a
   * redirect; taking back one of its own old slugs removes that redirect.
   */
  private claimSlug(slug: string, own: ArticleRow | undefined): string {
    const holder = this.reader.findRow(slug);
    if (holder !== undefined && holder.id !== own?.id) {
      throw new AppError('SLUG_TAKEN', `The slug "${slug}" is already used by another article${holder.slug === slug ? '' : ' (as a former slug)'}.`, {
        errors: [{ path: '/slug', message: 'is already taken', in: 'body' }],
      });
    }
    if (own !== undefined) {
      const now = nowIso();
      this.db.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, slug)).run();
      this.db.insert(articleSlugHistory).values({ slug: own.slug, articleId: own.id, createdAt: now }).onConflictDoNothing().run();
    }
    return slug;
  }

  /** `base`, or `base-2`, `base-3`, … whichever neither a current nor a former slug uses. */
  private freeSlug(base: string): string {
    const range = { base, from: `${base}-`, to: `${base}.` };
    const current = this.slugsFrom.all(range);
    const former = this.formerSlugsFrom.all(range);
    return firstFreeSlug(base, new Set([...current, ...former].map((row) => row.slug)));
  }
}

function toRevision(row: typeof articleRevisions.$inferSelect): Revision {
  const snapshot = JSON.parse(row.snapshot) as ArticleSnapshot;
  return { version: row.version, createdAt: row.createdAt, actor: row.actor, ...snapshot };
}
