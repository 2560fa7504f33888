import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
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
import { countAllArticles, listColumns, type ArticleReader, type ListRow } from '../articles/reader.js';
import type { Precondition } from '../articles/service.js';
import { isVisible, visibleAt, type Viewer } from '../articles/visibility.js';
import { MAX_RELATED, type Suggestion } from './schemas.js';

/** How much of the suggestion score comes from shared tags; the rest is title/summary similarity. */
const TAG_WEIGHT = 0.7;
/**
 * Candidates per suggestion request: of the newest TAG_POSTINGS articles of each of the article's
 * tags, the TAG_CANDIDATES best by shared tags; plus the RECENT_CANDIDATES newest articles.
 */
const TAG_POSTINGS = 200;
const TAG_CANDIDATES = 60;
const RECENT_CANDIDATES = 20;

const invalid = (detail: string, path: string): AppError => new AppError('INVALID_LINK', detail, { errors: [{ path, message: detail, in: 'body' }] });

/** Ordered, one-directional links from an article to related articles. */
export class RelatedService {
  private readonly targetsOf;
  private readonly tagsOf: Statement<[string], string>;
  private readonly newestWithTag: Statement<[string, number], string>;
  // Any number of ids as one JSON array parameter, so that these are prepared once.
  private readonly candidatesOf;
  private readonly recentFor;

  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly changes: ArticleChanges,
    private readonly cache: ReadCache,
  ) {
    const idsIn = (name: string) => sql`(select value from json_each(${sql.placeholder(name)}))`;
        this.tagsOf = db.$client.prepare<[string], string>('select tag_id from article_tags where article_id = ?').pluck();
    this.newestWithTag = db.$client.prepare<[string, number], string>('select article_id from article_tags where tag_id = ? order by article_id desc limit ?').pluck();
    this.candidatesOf = db.select(listColumns).from(articles).where(inArray(articles.id, idsIn('ids'))).prepare();
    // The newest, enough of them that RECENT_CANDIDATES remain after leaving out any source and
    // its links; the same for every request, so kept (with their terms) until content changes.
    const recent = (visible: SQL | undefined) =>
      db
        .select(listColumns)
        .from(articles)
        .where(visible)
        .orderBy(desc(articles.publishedAt), desc(articles.id))
        .limit(RECENT_CANDIDATES + MAX_RELATED + 1)
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

  /**
   * Related-article candidates not yet linked, best first. Documented score, in [0, 1]:
   * `0.7 × tags + 0.3 × text`, where `tags` is the idf-weighted share of this article's tags the
   * candidate also has (weight of a tag = ln(1 + N / articles with it), so rare tags count more) and
   * `text` is the Jaccard similarity of the distinctive terms of title and summary.
   *
   * Candidates: the newest TAG_POSTINGS articles of each of its tags, of which the TAG_CANDIDATES
   * best by shared tags are scored, plus the RECENT_CANDIDATES newest articles. Bounded work
   * however large the archive or common the tag (~2 ms at 100,000 articles, most of it reading
   * the tag candidates' rows; the rest is kept until content changes).
   */
  suggestions(idOrSlug: string, viewer: Viewer, limit: number): Suggestion[] {
    const sourceId = this.reader.resolveId(idOrSlug, viewer);
    const now = nowIso();
    const excluded = new Set([sourceId, ...this.targetsOf.all({ id: sourceId }).map((row) => row.id)]);

    const weights = new Map<string, number>();
    const postings = new Map<string, string[]>();
    const ownTags = this.tagsOf.all(sourceId);
    if (ownTags.length > 0) {
      // Counts over the whole archive and each tag's newest postings, kept until content changes.
      const total = Math.max(1, countAllArticles(this.db, this.cache));
      for (const tagId of ownTags) {
        const tag = this.cache.get(`related:tag:${tagId}`, () => ({
          n: this.db.select({ n: count() }).from(articleTags).where(eq(articleTags.tagId, tagId)).get()?.n ?? 0,
          newest: this.newestWithTag.all(tagId, TAG_POSTINGS),
        }));
        if (tag.n === 0) continue;
        weights.set(tagId, Math.log(1 + total / tag.n));
        postings.set(tagId, tag.newest);
      }
    }
    const weightSum = [...weights.values()].reduce((sum, w) => sum + w, 0);

    // Summed here from each tag's newest postings in the (tag_id, article_id) index: grouping
    // thousands of text keys in SQL cost several times more. The postings are kept until content
    // changes, like the counts.
    const shared = new Map<string, number>();
    for (const [tagId, weight] of weights) {
      for (const id of postings.get(tagId) ?? []) if (!excluded.has(id)) shared.set(id, (shared.get(id) ?? 0) + weight);
    }
    const byTags = bestFirst(shared);

    // Rows (text and visibility) for the best by tags, read in chunks until enough are visible.
    const candidates: Candidate[] = [];
    const tagScores = new Map<string, number>();
    for (let from = 0; from < byTags.length && tagScores.size < TAG_CANDIDATES; ) {
      const chunk = byTags.slice(from, from + Math.ceil((TAG_CANDIDATES - tagScores.size) * 1.1) + 4);
      from += chunk.length;
      const found = new Map(this.candidatesOf.all({ ids: JSON.stringify(chunk) }).map((row) => [row.id, row]));
      for (const id of chunk) {
        if (tagScores.size >= TAG_CANDIDATES) break;
        const row = found.get(id);
        if (row === undefined || (viewer === 'anonymous' && !isVisible(row, now))) continue;
        tagScores.set(id, (shared.get(id) ?? 0) / weightSum);
        candidates.push(candidate(row));
      }
    }
    // The newest too, so that text similarity can surface untagged or differently tagged stories.
    const recent = this.cache.get(`related:recent:${viewer}`, () => this.recentFor[viewer].all({ now }).map(candidate));
    let added = 0;
    for (const entry of recent) {
      if (added >= RECENT_CANDIDATES) break;
      if (excluded.has(entry.row.id)) continue;
      added++;
      if (!tagScores.has(entry.row.id)) candidates.push(entry);
    }
    if (candidates.length === 0) return [];

    const source = this.candidatesOf.all({ ids: JSON.stringify([sourceId]) })[0];
    const sourceTerms = source === undefined ? new Set<string>() : candidate(source).terms;
    const ranked = candidates
      .map(({ row, terms: rowTerms }) => {
        const text = jaccard(sourceTerms, rowTerms);
        const score = Math.round((TAG_WEIGHT * (tagScores.get(row.id) ?? 0) + (1 - TAG_WEIGHT) * text) * 10_000) / 10_000;
        return { row, score };
      })
      .filter(({ score }) => score > 0)
      .sort((a, b) => b.score - a.score || (b.row.publishedAt ?? '').localeCompare(a.row.publishedAt ?? '') || a.row.id.localeCompare(b.row.id))
      .slice(0, limit);
    // withTags keeps the order it is given.
    return this.reader.withTags(ranked.map(({ row }) => row)).map((item, i) => ({ ...item, score: ranked[i]?.score ?? 0 }));
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

/** Ids by summed weight, highest first, ties newest (highest id) first; sorted per distinct weight, of which there are few. */
function bestFirst(weights: ReadonlyMap<string, number>): string[] {
  const groups = new Map<number, string[]>();
  for (const [id, weight] of weights) {
    const group = groups.get(weight);
    if (group === undefined) groups.set(weight, [id]);
    else group.push(id);
  }
  // Ids are ASCII, so the default sort (UTF-16 code units) is SQLite's binary order.
  return [...groups.keys()].sort((a, b) => b - a).flatMap((weight) => (groups.get(weight) ?? []).sort().reverse());
}

/** A candidate article and the distinctive terms of its title and summary. */
interface Candidate {
  row: ListRow;
  terms: Set<string>;
}

const candidate = (row: ListRow): Candidate => ({ row, terms: terms(`${row.title} ${row.summary ?? ''}`) });

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
