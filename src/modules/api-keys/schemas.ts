import { Type, type Static } from 'typebox';
import { Paged, PageQueryProperties, Timestamp } from '../../http/schemas.js';

export const Role = Type.Enum(['admin', 'editor'], { description: 'admin: everything; editor: articles, tags, related links, drafts' });
export type Role = Static<typeof Role>;

export const ApiKey = Type.Object({
  id: Type.String({ examples: ['key_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  name: Type.String(),
  role: Role,
  keyPrefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  createdAt: Timestamp,
});
export type ApiKey = Static<typeof ApiKey>;

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'The secret. Shown only in this response: store it now.' }),
});
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Who or what uses the key' }),
    role: Role,
  },
  { additionalProperties: false, examples: [{ name: 'Night desk editor', role: 'editor' }] },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const ApiKeyListQuery = Type.Object(PageQueryProperties, { additionalProperties: false });
export const ApiKeyList = Paged(ApiKey);
export const ApiKeyParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
