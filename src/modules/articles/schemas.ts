import { Type, type Static } from 'typebox';
import { Nullable, PageQueryProperties, Paged, Timestamp } from '../../http/schemas.js';
import { SLUG_PATTERN } from '../../lib/slug.js';

export const ArticleStatus = Type.Enum(['draft', 'scheduled', 'published', 'archived'], {
  description: 'Only `published` articles whose `publishedAt` has passed are visible to anonymous readers.',
});
export type ArticleStatus = Static<typeof ArticleStatus>;

export const Slug = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: SLUG_PATTERN,
  description: 'Lower-case letters and digits (any script) joined by single hyphens',
  examples: ['storm-floods-coastal-towns'],
});

export const TagRef = Type.Object({
  id: Type.String({ examples: ['tag_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  slug: Type.String({ examples: ['climate'] }),
  name: Type.String({ examples: ['Climate'] }),
});
export type TagRef = Static<typeof TagRef>;

export const RelatedArticle = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  summary: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
  status: ArticleStatus,
});
export type RelatedArticle = Static<typeof RelatedArticle>;

const articleFields = {
  id: Type.String({ examples: ['art_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  slug: Type.String({ examples: ['storm-floods-coastal-towns'] }),
  title: Type.String({ examples: ['Storm floods coastal towns as rivers burst their banks'] }),
  summary: Nullable(Type.String({ description: 'The deck: one or two sentences under the headline' })),
  status: ArticleStatus,
  publishedAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer({ minimum: 1, description: '1 on create, +1 on every change' }),
  author: Nullable(Type.String()),
  coverImageUrl: Nullable(Type.String({ format: 'uri' })),
  readingTimeMinutes: Type.Integer({ minimum: 0 }),
  tags: Type.Array(TagRef, { description: 'In the order the editor gave them' }),
};

export const ArticleListItem = Type.Object(
  {
    ...articleFields,
    snippet: Type.Optional(Type.String({ description: 'With `q`: a short excerpt around the match, HTML-escaped, matches in `<mark>`' })),
  },
  { description: 'An article without `body` and `html`' },
);
export type ArticleListItem = Static<typeof ArticleListItem>;

export const Article = Type.Object({
  ...articleFields,
  body: Type.String({ description: 'Markdown' }),
  html: Type.String({ description: '`body` rendered to HTML and sanitized (no scripts, event handlers or javascript: links)' }),
  related: Type.Array(RelatedArticle, { description: 'Related articles the caller may see, in order' }),
});
export type Article = Static<typeof Article>;

export const ArticleSnapshot = Type.Object(
  {
    title: articleFields.title,
    slug: articleFields.slug,
    summary: articleFields.summary,
    body: Type.String(),
    status: ArticleStatus,
    publishedAt: articleFields.publishedAt,
    author: articleFields.author,
    coverImageUrl: articleFields.coverImageUrl,
    tags: articleFields.tags,
  },
  { description: 'The content of an article at one version' },
);
export type ArticleSnapshot = Static<typeof ArticleSnapshot>;

export const Revision = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  createdAt: Timestamp,
  actor: Type.String({ description: 'Name of the API key that made the change; `scheduler` for scheduled publishing' }),
  ...ArticleSnapshot.properties,
});
export type Revision = Static<typeof Revision>;

export const RevisionList = Paged(Revision);
export const RevisionListQuery = Type.Object(PageQueryProperties, { additionalProperties: false });
export const RevisionParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: 300 }),
  version: Type.Integer({ minimum: 1 }),
});

const writable = {
  slug: Slug,
  summary: Nullable(Type.String({ maxLength: 2000 })),
  body: Type.String({ maxLength: 1_000_000, description: 'Markdown; raw HTML is not rendered' }),
  status: ArticleStatus,
  publishedAt: Nullable(Type.String({ format: 'date-time', description: 'ISO 8601 with a time zone' })),
  author: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  coverImageUrl: Nullable(Type.String({ maxLength: 2048, format: 'uri', pattern: '^https?://', description: 'An http(s) URL' })),
  tags: Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), {
    maxItems: 50,
    description: 'Tag slugs or names; matched by slug, then by name (case-insensitively); unknown ones are created',
  }),
};
const Title = Type.String({ minLength: 1, maxLength: 300, pattern: '\\S', description: 'The headline' });

const example = {
  title: 'Storm floods coastal towns as rivers burst their banks',
  summary: 'Thousands evacuated overnight; forecasters expect more rain before the weekend.',
  body: '## What happened\n\nHeavy rain pushed **three rivers** over their banks late on Sunday.\n\n> "We have never seen water this high," said the harbour master.\n\nRead the [forecast](https://example.org/forecast).',
  status: 'published',
  author: 'Maria Jensen',
  tags: ['Climate', 'Weather'],
};

export const CreateArticleBody = Type.Object(
  {
    title: Title,
    slug: Type.Optional(writable.slug),
    summary: Type.Optional(writable.summary),
    body: Type.Optional(writable.body),
    status: Type.Optional(writable.status),
    publishedAt: Type.Optional(writable.publishedAt),
    author: Type.Optional(writable.author),
    coverImageUrl: Type.Optional(writable.coverImageUrl),
    tags: Type.Optional(writable.tags),
  },
  { additionalProperties: false, examples: [example] },
);
export type CreateArticleBody = Static<typeof CreateArticleBody>;

export const UpdateArticleBody = Type.Partial(CreateArticleBody, {
  additionalProperties: false,
  description: 'Only the fields given change; `null` clears a nullable field; `tags` replaces the list.',
  examples: [{ summary: 'Thousands evacuated; the river is expected to peak on Tuesday.', tags: ['Climate', 'Weather', 'Emergency'] }],
});
export type UpdateArticleBody = Static<typeof UpdateArticleBody>;

export const ArticleSort = Type.Enum(['-publishedAt', 'publishedAt', '-updatedAt', 'title'], {
  description: 'Default `-publishedAt`, or relevance when searching with `q`',
});
export type ArticleSort = Static<typeof ArticleSort>;

export const ArticleListQuery = Type.Object(
  {
    ...PageQueryProperties,
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Tag slug; comma-separated for any of several' })),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Full-text search over title, summary, body and tag names; best match first unless `sort` is given (a word in the title counts most, then in a tag name, then in the deck; rare words more than common ones; ties newest first). Words match whole words (case and accents ignored); a `*` right after the last word makes it a prefix (`harb*`). The 1,000 newest matching articles are ranked (and counted in `meta.total`).',
      }),
    ),
    status: Type.Optional(Type.Enum(['draft', 'scheduled', 'published', 'archived'], { description: 'Editors only, except `published`' })),
    sort: Type.Optional(ArticleSort),
    publishedAfter: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive' })),
    publishedBefore: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive' })),
  },
  { additionalProperties: false },
);
export type ArticleListQuery = Static<typeof ArticleListQuery>;

export const ArticleList = Paged(ArticleListItem);
export type ArticleList = Static<typeof ArticleList>;

export const PreconditionHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag you read; a stale one gives 412 and changes nothing' })),
});
