import { Type, type Static } from 'typebox';
import { Nullable, PageQueryProperties, Paged, Timestamp } from '../../http/schemas.js';
import { Slug } from '../articles/schemas.js';

export const Tag = Type.Object({
  id: Type.String({ examples: ['tag_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  slug: Type.String({ examples: ['climate'] }),
  name: Type.String({ examples: ['Climate'] }),
  description: Nullable(Type.String()),
  articleCount: Type.Integer({ minimum: 0, description: 'Articles with this tag that the caller may see' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Tag = Static<typeof Tag>;

const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Unique, case-insensitively' });
const Description = Nullable(Type.String({ maxLength: 2000 }));

export const CreateTagBody = Type.Object(
  { name: Name, slug: Type.Optional(Slug), description: Type.Optional(Description) },
  { additionalProperties: false, examples: [{ name: 'Climate', description: 'Climate change, weather extremes and the energy transition' }] },
);
export type CreateTagBody = Static<typeof CreateTagBody>;

export const UpdateTagBody = Type.Object(
  { name: Type.Optional(Name), slug: Type.Optional(Slug), description: Type.Optional(Description) },
  { additionalProperties: false, examples: [{ name: 'Climate & Energy' }] },
);
export type UpdateTagBody = Static<typeof UpdateTagBody>;

export const TagListQuery = Type.Object(
  {
    ...PageQueryProperties,
    sort: Type.Optional(Type.Enum(['name', '-articleCount'], { default: 'name', description: '`-articleCount`: most used first' })),
  },
  { additionalProperties: false },
);
export type TagListQuery = Static<typeof TagListQuery>;

export const TagList = Paged(Tag);
