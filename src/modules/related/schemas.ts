import { Type, type Static } from 'typebox';
import { ArticleListItem } from '../articles/schemas.js';

const ArticleRef = Type.String({ minLength: 1, maxLength: 300, description: 'An article id or slug' });

export const RelatedList = Type.Object({
  data: Type.Array(ArticleListItem, { description: 'In order; anonymous callers see only visible articles' }),
});
export type RelatedList = Static<typeof RelatedList>;

export const ReplaceRelatedBody = Type.Object(
  { ids: Type.Array(ArticleRef, { maxItems: 50, description: 'The whole new list, in order' }) },
  { additionalProperties: false, examples: [{ ids: ['art_01jfz3c8m2q5r7t9v1w3x5y7z9', 'river-levels-explained'] }] },
);
export type ReplaceRelatedBody = Static<typeof ReplaceRelatedBody>;

export const AddRelatedBody = Type.Object(
  {
    id: ArticleRef,
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 49, description: '0-based; default last; past the end means last' })),
  },
  { additionalProperties: false, examples: [{ id: 'river-levels-explained', position: 0 }] },
);
export type AddRelatedBody = Static<typeof AddRelatedBody>;

export const RelatedParams = Type.Object({
  idOrSlug: ArticleRef,
  relatedIdOrSlug: ArticleRef,
});

export const Suggestion = Type.Object({
  ...ArticleListItem.properties,
  score: Type.Number({ minimum: 0, maximum: 1, description: '0.7 × weighted shared tags + 0.3 × title/summary similarity' }),
});
export type Suggestion = Static<typeof Suggestion>;

export const SuggestionList = Type.Object({ data: Type.Array(Suggestion) });

export const SuggestionQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 5 })) },
  { additionalProperties: false },
);

export const MAX_RELATED = 50;
