import { and, eq, lte, type Placeholder, type SQL } from 'drizzle-orm';
import { articles } from '../../db/schema.js';

/** Who is reading: anonymous readers see only visible articles, editors see every status. */
export type Viewer = 'anonymous' | 'editor';

/** The contract's visibility rule for anonymous readers, in SQL: published and due. */
export const visibleAt = (now: string | Placeholder): SQL => and(eq(articles.status, 'published'), lte(articles.publishedAt, now)) as SQL;

/** The same rule for a row already read. */
export const isVisible = (row: { status: string; publishedAt: string | null }, now: string): boolean =>
  row.status === 'published' && row.publishedAt !== null && row.publishedAt <= now;
