import { and, eq, inArray, lte, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { articles, articleTags, tags } from '../../db/schema.js';

/** Who is reading: anonymous readers see only visible articles, editors see every status. */
export type Viewer = 'anonymous' | 'editor';

/** The contract's visibility rule for anonymous readers, in SQL: published and due. */
export const visibleAt = (now: string | Placeholder): SQL => and(eq(articles.status, 'published'), lte(articles.publishedAt, now)) as SQL;

/** The same rule for a row already read. */
export const isVisible = (row: { status: string; publishedAt: string | null }, now: string): boolean =>
  row.status === 'published' && row.publishedAt !== null && row.publishedAt <= now;

/** The tag slugs of a `tag=a,b` query parameter: trimmed, lower-cased, without repeats. */
export const tagSlugsOf = (value: string | undefined): string[] =>
  value === undefined ? [] : [...new Set(value.split(',').map((slug) => slug.trim().toLowerCase()).filter(Boolean))];

/**
 * Articles carrying any of the tags. Written as `id IN (…)` so that SQLite starts from the tags'
 * few hundred articles; a correlated EXISTS made it walk every visible article instead.
 */
export const taggedWithAny = (db: Db, slugs: string[]): SQL =>
  inArray(
    articles.id,
    db
      .select({ id: articleTags.articleId })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(tags.slug, slugs)),
  );
