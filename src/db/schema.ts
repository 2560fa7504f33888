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
    status: text('status', { enum: ['draft', 'scheduled', 'published', 'archived'] }).notNull(),
    publishedAt: text('published_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    version: integer('version').notNull().default(1),
    author: text('author'),
    coverImageUrl: text('cover_image_url'),
    readingTimeMinutes: integer('reading_time_minutes').notNull().default(0),
    // The large columns go last (migration 0004): SQLite stores what does not fit in a row's page
    // in overflow pages, and reading any column after them walks those pages; lists, visibility
    // checks and related items read only the small columns in front.
    body: text('body').notNull().default(''),
    /** `body` rendered and sanitized at write time, so reads never render Markdown. */
    html: text('html').notNull().default(''),
  },
  (t) => [
    uniqueIndex('articles_slug_unique').on(t.slug),
    index('articles_status_published_at_idx').on(t.status, t.publishedAt, t.id),
    index('articles_published_at_idx').on(t.publishedAt, t.id),
    index('articles_updated_at_idx').on(t.updatedAt, t.id),
    index('articles_title_idx').on(t.title, t.id),
    // Visibility by id from the index alone: counts of a tag's visible articles and the visibility
    // checks of suggestion candidates read it instead of each article's row.
    index('articles_id_visibility_idx').on(t.id, t.status, t.publishedAt),
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

/** Every stored version of an article's content, written in the same transaction as the change. */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    /** Name of the API key that made the change (`system` for the scheduler). */
    actor: text('actor').notNull(),
    /** The content fields as JSON: title, slug, summary, body, status, publishedAt, author, coverImageUrl, tags. */
    snapshot: text('snapshot').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

/** Slugs an article had before: they redirect to it forever and cannot be taken by another article. */
export const articleSlugHistory = sqliteTable(
  'article_slug_history',
  {
    slug: text('slug').primaryKey(),
    articleId: text('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('article_slug_history_article_id_idx').on(t.articleId)],
);

/**
 * The outbox: one row per domain event, written in the same transaction as the change that caused
 * it. `subjectId` lets an erasure find every event about a person.
 */
export const events = sqliteTable(
  'events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** The Standard Webhooks body: `{ type, timestamp, data, previous? }` as JSON. */
    payload: text('payload').notNull(),
    subjectId: text('subject_id'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('events_subject_id_idx').on(t.subjectId), index('events_created_at_idx').on(t.createdAt)],
);

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** JSON array of event names, or `["*"]`. */
  events: text('events').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  description: text('description'),
  /** `whsec_` + base64 of 32 random bytes. */
  secret: text('secret').notNull(),
  /** After a rotation the old secret keeps signing alongside the new one until it expires. */
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: text('previous_secret_expires_at'),
  /** When the current run of failures began; cleared by a success. */
  failingSince: text('failing_since'),
  /** Why the endpoint was disabled automatically (410 Gone, failing too long), if it was. */
  disabledReason: text('disabled_reason'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** One event to one endpoint; its id is the `webhook-id` header, the same on every attempt. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    /** A dispatcher's claim on the next attempt: several processes never send the same attempt twice. */
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    /**
     * The attempt count after which a failure is final; null means one attempt per retry delay. A
     * redelivery of a finished delivery sets it to one more than it has had.
     */
    attemptLimit: integer('attempt_limit'),
    createdAt: text('created_at').notNull(),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.eventId),
    // Live leases per endpoint (the concurrency cap across processes) and the retention sweep.
    index('webhook_deliveries_lease_idx').on(t.leaseExpiresAt),
    index('webhook_deliveries_completed_idx').on(t.completedAt),
  ],
);

/** The delivery log: every attempt with its outcome. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: text('attempted_at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    /** The first few KiB of the response body. */
    responseBody: text('response_body'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId)],
);

export const subscribers = sqliteTable(
  'subscribers',
  {
    id: text('id').primaryKey(),
    /** Trimmed and lower-cased: unique case-insensitively. */
    email: text('email').notNull(),
    name: text('name'),
    status: text('status', { enum: ['pending', 'active', 'unsubscribed'] }).notNull(),
    source: text('source'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    confirmedAt: text('confirmed_at'),
    unsubscribedAt: text('unsubscribed_at'),
    /** Consent record: when and from where the person signed up and confirmed (addresses hashed). */
    signupIpHash: text('signup_ip_hash'),
    signupUserAgent: text('signup_user_agent'),
    confirmIpHash: text('confirm_ip_hash'),
    confirmUserAgent: text('confirm_user_agent'),
    /** For limiting re-sent confirmation mails. */
    lastConfirmationSentAt: text('last_confirmation_sent_at'),
  },
  (t) => [uniqueIndex('subscribers_email_unique').on(t.email), index('subscribers_status_idx').on(t.status, t.createdAt)],
);

/** Confirmation and unsubscribe tokens, stored as SHA-256 hashes only. */
export const subscriberTokens = sqliteTable(
  'subscriber_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    subscriberId: text('subscriber_id')
      .notNull()
      .references(() => subscribers.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['confirm', 'unsubscribe'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** Null for tokens that never expire (unsubscribe). */
    expiresAt: text('expires_at'),
    usedAt: text('used_at'),
  },
  (t) => [index('subscriber_tokens_subscriber_idx').on(t.subscriberId)],
);

/** The durable mail queue: written in the sign-up's transaction, sent after commit, retried. */
export const mailQueue = sqliteTable(
  'mail_queue',
  {
    id: text('id').primaryKey(),
    subscriberId: text('subscriber_id').references(() => subscribers.id, { onDelete: 'cascade' }),
    /** The whole message as JSON: to, subject, text, html, headers. */
    message: text('message').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [index('mail_queue_due_idx').on(t.status, t.nextAttemptAt), index('mail_queue_subscriber_idx').on(t.subscriberId)],
);
