import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Query-side declarations of the search tables. They are created by the hand-written migration
 * `0002_article_search.sql` (an FTS5 virtual table and its triggers, which drizzle-kit cannot
 * express), so they live outside `schema.ts`, where drizzle-kit would try to create them again.
 */
export const articlesFts = sqliteTable('articles_fts', {
  rowid: integer('rowid').notNull(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  body: text('body').notNull(),
  tags: text('tags').notNull(),
});

export const articleSearchKeys = sqliteTable('article_search_keys', {
  rowid: integer('rowid').primaryKey(),
  articleId: text('article_id').notNull(),
});
