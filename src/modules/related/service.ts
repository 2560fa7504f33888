import { and, asc, count, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';
import type { ReadCache } from '../../db/read-cache.js';
import { articleLinks, articles, articleTags } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import { jaccard, terms } from '../../lib/text.js';
import type { ArticleListItem } from '../articles/schemas.js';
import type { ArticleChanges } from '../articles/changes.js';
import { countAllArticles, type ArticleReader } from '../articles/reader.js';
import type { Precondition } from '../articles/service.js';
import { isVisible, visibleAt, type Viewer } from '../articles/visibility.js';
import { MAX_RELATED, type Suggestion } from './schemas.js';

/** How much of the suggestion score comes from shared tags; the rest is title/summary similarity. */
const TAG_WEIGHT = 0.7;
/** Candidates considered per suggestion request: the best by shared tags, plus the newest. */
const TAG_CANDIDATES = 150;
const RECENT_CANDIDATES = 60;

const invalid = (detail: string, path: string): AppError => new AppError('INVALID_LINK', detail, { errors: [{ path, message: detail, in: 'body' }] });

/** Ordered, one-directional links from an article to related articles. */
export class RelatedService {
  private readonly targetsOf;
  private readonly sharedTagStatements: Map<number, Statement<unknown[], [string, number]>>;
  // Any number of ids as one JSON array parameter, so that these are prepared once.
  private readonly visibilityOf;
  private readonly textsOf;
  private readonly recentFor;

  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly changes: ArticleChanges,
    private readonly cache: ReadCache,
  ) {
    this.sharedTagStatements = new Map();
    const idsIn = (name: string) => sql`(select value from json_each(${sql.placeholder(name)}))`;
    this.visibilityOf = db.select({ id: articles.id, status: articles.status, publishedAt: articles.publishedAt }).from(articles).where(inArray(articles.id, idsIn('ids'))).prepare();
    this.textsOf = db
      .select({ id: articles.id, title: articles.title, summary: articles.summary, publishedAt: articles.publishedAt })
      .from(articles)
      .where(inArray(articles.id, idsIn('ids')))
      .prepare();
    const recent = (visible: SQL | undefined) =>
      db
        .select({ id: articles.id })
        .from(articles)
        .where(and(notInArray(articles.id, idsIn('excluded')), visible))
        .orderBy(desc(articles.publishedAt), desc(articles.id))
        .limit(RECENT_CANDIDATES)
        .prepare();
    this.recentFor = { anonymous: recent(visibleAt(sql.placeholder('now'))), editor: recent(undefined) };
    this.targetsOf = db
      .select({ id: articleLinks.targetId })
      .from(articleLinks)
      .where(eq(articleLinks.sourceId, sql.placeholder('id')))
      .orderBy(asc(articleLinks.position))
      .prepare();
  }

  list(idOrSlug: string, viewer: Viewer): ArticleListItem[] {
    const sourceId = this.reader.resolveId(idOrSlug, viewer);
    return this.listOf(sourceId, viewer);
  }

  /** Replaces the whole list atomically: any unknown target fails the request and changes nothing. */
  replace(idOrSlug: string, refs: readonly string[], actor: string, precondition?: Precondition): ArticleListItem[] {
    return this.write(idOrSlug, actor, precondition, (sourceId, current) => {
      const ids = refs.map((ref) => this.reader.resolveId(ref, 'editor'));
      ids.forEach((id, i) => {
        if (id === sourceId) throw invalid(`An article cannot be related to itself ("${refs[i] ?? id}").`, `/ids/${i}`);
        const first = ids.indexOf(id);
        if (first !== i) throw invalid(`"${refs[i] ?? id}" appears twice in the list (also at position ${first}).`, `/ids/${i}`);
      });
      return sameOrder(ids, current) ? undefined : ids;
    });
  }

  /** Links one more article at `position` (0-based, default last). */
  add(idOrSlug: string, ref: string, position: number | undefined, actor: string, precondition?: Precondition): ArticleListItem[] {
    return this.write(idOrSlug, actor, precondition, (sourceId, current) => {
      const targetId = this.reader.resolveId(ref, 'editor');
      if (targetId === sourceId) throw invalid('An article cannot be related to itself.', '/id');
      if (current.includes(targetId)) throw new AppError('LINK_EXISTS', `"${ref}" is already in this article's related list.`);
      if (current.length >= MAX_RELATED) throw invalid(`An article has at most ${MAX_RELATED} related articles.`, '/id');
      const next = [...current];
      next.splice(Math.min(position ?? next.length, next.length), 0, targetId);
      return next;
    });
  }

  remove(idOrSlug: string, ref: string, actor: string, precondition?: Precondition): void {
    this.write(idOrSlug, actor, precondition, (_sourceId, current) => {
      const targetId = this.reader.resolveId(ref, 'editor');
      if (!current.includes(targetId)) throw new AppError('LINK_NOT_FOUND', `"${ref}" is not in this article's related list.`);
      return current.filter((id) => id !== targetId);
    });
  }

  /** Articles sharing any of `n` tags with their summed tag weights, best first (one statement per tag count). */
  private sharedTagSums(n: number): Statement<unknown[], [string, number]> {
    let statement = this.sharedTagStatements.get(n);
    if (statement === undefined) {
      const cases = Array.from({ length: n }, () => 'when ? then ?').join(' ');
      const list = Array.from({ length: n }, () => '?').join(', ');
      statement = this.db.$client
        .prepare<unknown[], [string, number]>(
          `select article_id, sum(case tag_id ${cases} else 0 end) as weight from article_tags
           where tag_id in (${list}) group by article_id order by weight desc, article_id desc limit ?`,
        )
        .raw();
      this.sharedTagStatements.set(n, statement);
    }
    return statement;
  }

  /**
   * Related-article candidates not yet linked, best first. Documented score, in [0, 1]:
   * `0.7 × tags + 0.3 × text`, where `tags` is the idf-weighted share of this article's tags the
   * candidate also has (weight of a tag = ln(1 + N / articles with it), so rare tags count more) and
   * `text` is the Jaccard similarity of the distinctive terms of title and summary.
   */
  suggestions(idOrSlug: string, viewer: Viewer, limit: number): Suggestion[] {
    const sourceId = this.reader.resolveId(idOrSlug, viewer);
    const now = nowIso();
    const linked = this.targetsOf.all({ id: sourceId }).map((row) => row.id);
    const excluded = [sourceId, ...linked];

    const ownTags = this.db.select({ tagId: articleTags.tagId }).from(articleTags).where(eq(articleTags.articleId, sourceId)).all().map((row) => row.tagId);
    const weights = new Map<string, number>();
    if (ownTags.length > 0) {
      // Both are counts over the whole archive (~5 ms at 100,000 articles), kept until content changes.
      const total = Math.max(1, countAllArticles(this.db, this.cache));
      for (const tagId of ownTags) {
        const n = this.cache.get(`related:tag:${tagId}`, () => this.db.select({ n: count() }).from(articleTags).where(eq(articleTags.tagId, tagId)).get()?.n ?? 0);
        if (n > 0) weights.set(tagId, Math.log(1 + total / n));
      }
    }
    const weightSum = [...weights.values()].reduce((sum, w) => sum + w, 0);

    // Candidates sharing a tag, scored by the summed weights of the shared tags. Read from the
    // tag index (a few thousand rows at most) and summed here: joined in SQL, SQLite would walk
    // every visible article to probe its tags.
    const tagScores = new Map<string, number>();
    if (weightSum > 0) {
      const excludedSet = new Set(excluded);
      const tagIds = [...weights.keys()];
      // Summed and ranked in SQL from the (tag_id, article_id) index: ~3,000 index entries at
      // 100,000 articles, of which only the best few hundred rows come back to JavaScript.
      const best = this.sharedTagSums(tagIds.length)
        .all(...tagIds.flatMap((tagId) => [tagId, weights.get(tagId) ?? 0]), ...tagIds, TAG_CANDIDATES * 2 + excluded.length)
        .filter(([id]) => !excludedSet.has(id));
      // Visibility checked here on rows read by primary key: with the visibility terms in SQL,
      // the planner preferred walking the status index over all published articles.
      const allowed =
        viewer === 'anonymous'
          ? new Set(
              this.visibilityOf
                .all({ ids: JSON.stringify(best.map(([id]) => id)) })
                .filter((row) => isVisible(row, now))
                .map((row) => row.id),
            )
          : undefined;
      for (const [id, w] of best) {
        if (tagScores.size >= TAG_CANDIDATES) break;
        if (allowed === undefined || allowed.has(id)) tagScores.set(id, w / weightSum);
      }
    }
    // The newest articles too, so that text similarity can surface untagged or differently tagged stories.
    const recent = this.recentFor[viewer].all({ excluded: JSON.stringify(excluded), now });
    const candidateIds = [...new Set([...tagScores.keys(), ...recent.map((row) => row.id)])];
    if (candidateIds.length === 0) return [];

    const texts = this.textsOf.all({ ids: JSON.stringify([...candidateIds, sourceId]) });
    const source = texts.find((row) => row.id === sourceId);
    const sourceTerms = terms(`${source?.title ?? ''} ${source?.summary ?? ''}`);
    const ranked = texts
      .filter((row) => row.id !== sourceId)
      .map((row) => {
        const text = jaccard(sourceTerms, terms(`${row.title} ${row.summary ?? ''}`));
        const score = Math.round((TAG_WEIGHT * (tagScores.get(row.id) ?? 0) + (1 - TAG_WEIGHT) * text) * 10_000) / 10_000;
        return { id: row.id, score, publishedAt: row.publishedAt ?? '' };
      })
      .filter((row) => row.score > 0)
      .sort((a, b) => b.score - a.score || b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id))
      .slice(0, limit);
    const scores = new Map(ranked.map((row) => [row.id, row.score]));
    return this.reader.items(ranked.map((row) => row.id)).map((item) => ({ ...item, score: scores.get(item.id) ?? 0 }));
  }

  /**
   * One link write: `change` gets the current target ids and returns the new list (or undefined
   * for no change); the list is rewritten and the source's version bumped in one transaction.
   */
  private write(
    idOrSlug: string,
    actor: string,
    precondition: Precondition | undefined,
    change: (sourceId: string, current: string[]) => string[] | undefined,
  ): ArticleListItem[] {
    return inTransaction(this.db, () => {
      const sourceId = this.reader.resolveId(idOrSlug, 'editor');
      const before = this.reader.get(sourceId, 'editor');
      precondition?.(before);
      const current = this.targetsOf.all({ id: sourceId }).map((row) => row.id);
      const next = change(sourceId, current);
      if (next !== undefined && !sameOrder(next, current)) {
        const now = nowIso();
        this.db.delete(articleLinks).where(eq(articleLinks.sourceId, sourceId)).run();
        if (next.length > 0) this.db.insert(articleLinks).values(next.map((targetId, position) => ({ sourceId, targetId, position }))).run();
        this.changes.bump(sourceId, now);
        this.changes.updated(before, actor, now);
      }
      return this.listOf(sourceId, 'editor');
    });
  }

  private listOf(sourceId: string, viewer: Viewer): ArticleListItem[] {
    const rows = this.db
      .select({ id: articleLinks.targetId })
      .from(articleLinks)
      .innerJoin(articles, eq(articles.id, articleLinks.targetId))
      .where(and(eq(articleLinks.sourceId, sourceId), viewer === 'anonymous' ? visibleAt(nowIso()) : undefined))
      .orderBy(asc(articleLinks.position))
      .all();
    return this.reader.items(rows.map((row) => row.id));
  }
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
