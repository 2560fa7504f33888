import { and, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { firstFreeSlug } from '../lib/slug.js';
import type { Db } from './client.js';

/**
 * `column` is `base` or starts with `base-`, as a range over its unique index: SQLite's LIKE is
 * case-insensitive and cannot use that index, so `LIKE 'base-%'` would scan the whole table.
 */
export function slugFamily(column: SQLiteColumn, base: string): SQL {
  // '.' is the character after '-', so [base-, base.) holds exactly the strings starting with "base-".
  return or(eq(column, base), and(gte(column, `${base}-`), lt(column, `${base}.`))) as SQL;
}

/** `base`, or `base-2`, `base-3`, … whichever is free first in `column` (one indexed query). */
export function freeSlug(db: Db, table: SQLiteTable, column: SQLiteColumn, base: string): string {
  const taken = db.select({ slug: column }).from(table).where(slugFamily(column, base)).all();
  return firstFreeSlug(base, new Set(taken.map((row) => String(row.slug))));
}
