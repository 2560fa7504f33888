import { eq, like, or } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { firstFreeSlug } from '../lib/slug.js';
import type { Db } from './client.js';

/** `base`, or `base-2`, `base-3`, … whichever is free first in `column` (one indexed query). */
export function freeSlug(db: Db, table: SQLiteTable, column: SQLiteColumn, base: string): string {
  // Slugs never contain `%`, `_` or `\`, so `base` needs no LIKE escaping.
  const taken = db
    .select({ slug: column })
    .from(table)
    .where(or(eq(column, base), like(column, `${base}-%`)))
    .all();
  return firstFreeSlug(base, new Set(taken.map((row) => String(row.slug))));
}
