import { Type, type Static } from 'typebox';

export const FeedQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Newest articles to include' })),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Tag slug; comma-separated for any of several' })),
  },
  { additionalProperties: false },
);
export type FeedQuery = Static<typeof FeedQuery>;

export const SitemapQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'A part of a split sitemap (see the sitemap index)' })) },
  { additionalProperties: false },
);
