import { Type, type Static, type TSchema } from 'typebox';
import { ERRORS, type ErrorCode } from './errors.js';

/** RFC 9457 problem document, as every 4xx/5xx answer carries it. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI identifying the problem type' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String({ description: 'What exactly is wrong with this request' }),
    code: Type.String({ description: 'Machine-readable error code, e.g. SLUG_TAKEN' }),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String({ description: 'JSON Pointer into the request part named by `in`' }),
          message: Type.String(),
          in: Type.Optional(Type.Enum(['body', 'querystring', 'params', 'headers'])),
        }),
      ),
    ),
  },
  { description: 'An RFC 9457 problem document (`application/problem+json`)' },
);
export type Problem = Static<typeof Problem>;

const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: malformed JSON, a schema violation or an unknown query value',
  401: 'No API key, or an invalid one (`WWW-Authenticate: Bearer`)',
  403: 'The API key lacks the role this operation needs',
  404: 'Unknown, or not visible to the caller',
  409: 'Conflict with the current state, e.g. a slug already taken',
  410: 'The token has expired',
  412: '`If-Match` does not match the current `ETag`; nothing was changed',
  413: 'Request body larger than 2 MiB',
  415: 'Request body is not `application/json`',
  429: 'Rate limited; see `Retry-After`',
  503: 'Temporarily unavailable',
};

/** Registered once with `app.addSchema`, so the OpenAPI document has one `Problem` component. */
export const ProblemSchema = { $id: 'Problem', ...Problem };

/**
 * Documents problem responses for the given statuses. They are never serialized by Fastify (the
 * problem handler sends them), so they only need to describe the `application/problem+json` body.
 */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const responses: Record<number, TSchema> = {};
  for (const status of statuses) {
    responses[status] = Type.Unsafe<Problem>({
      description: STATUS_DESCRIPTIONS[status] ?? 'Problem',
      content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
    });
  }
  return responses;
}

export const errorStatus = (code: ErrorCode): number => ERRORS[code].status;

export const PageQueryProperties = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: '1-based page number' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'Items per page (1..100)' })),
};

export const PageMeta = Type.Object({
  page: Type.Integer({ minimum: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100 }),
  total: Type.Integer({ minimum: 0 }),
  pages: Type.Integer({ minimum: 0 }),
});
export type PageMeta = Static<typeof PageMeta>;

export function pageMeta(page: number, limit: number, total: number): PageMeta {
  return { page, limit, total, pages: Math.ceil(total / limit) };
}

export const Paged = <T extends TSchema>(item: T) => Type.Object({ data: Type.Array(item), meta: PageMeta });

export const IdOrSlugParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: 300, description: 'The resource id or its slug' }),
});

export const Timestamp = Type.String({ format: 'date-time', examples: ['2024-12-29T08:00:00.000Z'] });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
