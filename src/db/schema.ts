import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The one description of storage; `npm run db:generate` turns changes into a migration.
 * Timestamps are ISO 8601 UTC strings with milliseconds: they sort correctly as text and are
 * exactly what the API shows, so reads need no conversion.
 */

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'editor'] }).notNull(),
    /** SHA-256 of the key, hex. Keys are 256-bit random values, so a fast hash is enough. */
    keyHash: text('key_hash').notNull(),
    /** First characters of the key, to tell keys apart in lists without revealing them. */
    keyPrefix: text('key_prefix').notNull(),
    /** `env` for the key bootstrapped from CMS_ADMIN_KEY, `api` for keys made through the API. */
    source: text('source', { enum: ['api', 'env'] }).notNull().default('api'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_unique').on(t.keyHash),
    check('api_keys_role_check', sql`${t.role} in ('admin', 'editor')`),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary'),
    body: text('body').notNull().default(''),
    /** `body` rendered and sanitized at write time, so reads never render Markdown. */
    html: text('html').notNull().default(''),
    status: text('status', { enum: ['draft', 'scheduled', 'published', 'archived'] }).notNull(),
    publishedAt: text('published_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
    author: text('author'),
    coverImageUrl: text('cover_image_url'),
    readingTimeMinutes: integer('reading_time_minutes').notNull().default(0),
  },
  (t) => [
    uniqueIndex('articles_slug_unique').on(t.slug),
    index('articles_status_published_at_idx').on(t.status, t.publishedAt, t.id),
    index('articles_published_at_idx').on(t.publishedAt, t.id),
    index('articles_updated_at_idx').on(t.updatedAt, t.id),
    index('articles_title_idx').on(t.title, t.id),
    check('articles_status_check', sql`${t.status} in ('draft', 'scheduled', 'published', 'archived')`),
  ],
);

export const tags = sqliteTable(
  'tags',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** `name` case-folded (Unicode-aware, which SQLite's lower() is not), for uniqueness and matching. */
    nameKey: text('name_key').notNull(),
    description: text('description'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('tags_slug_unique').on(t.slug), uniqueIndex('tags_name_key_unique').on(t.nameKey)],
);

export const articleTags = sqliteTable(
  'article_tags',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    tagId: text('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    /** Tags keep the order an editor wrote them in. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index('article_tags_tag_id_idx').on(t.tagId, t.articleId)],
);

export const articleLinks = sqliteTable(
  'article_links',
  {
    sourceId: text('source_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    targetId: text('target_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.targetId] }),
    index('article_links_target_id_idx').on(t.targetId),
    check('article_links_no_self_link', sql`${t.sourceId} <> ${t.targetId}`),
  ],
);
