import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, isEditor } from '../../http/auth.js';
import { ifMatchPrecondition, sendJsonWithEtag } from '../../http/etag.js';
import { IdOrSlugParams, problemResponses } from '../../http/schemas.js';
import { PreconditionHeaders } from '../articles/schemas.js';
import { AddRelatedBody, RelatedList, RelatedParams, ReplaceRelatedBody, SuggestionList, SuggestionQuery } from './schemas.js';
import type { RelatedService } from './service.js';

const tags = ['Related'];

export const relatedRoutes: FastifyPluginAsyncTypebox<{ related: RelatedService; publicUrl: string }> = async (app, { related, publicUrl }) => {
  app.get('/articles/:idOrSlug/related', {
    config: { publicCache: true },
    schema: {
      operationId: 'listRelated',
      tags,
      summary: 'List an article\'s related articles',
      description: 'In order. Anonymous callers see only visible articles; editors see drafts too, with their `status`.',
      params: IdOrSlugParams,
      response: { 200: RelatedList, ...problemResponses(404) },
    },
    handler: async (request, reply) =>
      sendJsonWithEtag(request, reply, { data: related.list(request.params.idOrSlug, isEditor(request) ? 'editor' : 'anonymous') }),
  });

  app.put('/articles/:idOrSlug/related', {
    config: { role: 'editor' },
    schema: {
      operationId: 'replaceRelated',
      tags,
      summary: 'Replace the related list',
      description: 'Atomically: a self-link or a duplicate is 400, an unknown article 404, and then nothing changes. Bumps the article\'s `version` when the list changes. Honours `If-Match` (the article\'s ETag).',
      params: IdOrSlugParams,
      headers: PreconditionHeaders,
      body: ReplaceRelatedBody,
      response: { 200: RelatedList, ...problemResponses(400, 404, 412, 413, 415) },
    },
    handler: async (request, reply) => {
      const data = related.replace(request.params.idOrSlug, request.body.ids, actorOf(request), ifMatchPrecondition(request.headers['if-match']));
      return sendJsonWithEtag(request, reply, { data });
    },
  });

  app.post('/articles/:idOrSlug/related', {
    config: { role: 'editor' },
    schema: {
      operationId: 'addRelated',
      tags,
      summary: 'Add a related article',
      description: 'At `position` (0-based; default last). Answers with the updated list. Already linked → 409, itself → 400, unknown → 404.',
      params: IdOrSlugParams,
      headers: PreconditionHeaders,
      body: AddRelatedBody,
      response: { 201: RelatedList, ...problemResponses(400, 404, 409, 412, 413, 415) },
    },
    handler: async (request, reply) => {
      const data = related.add(request.params.idOrSlug, request.body.id, request.body.position, actorOf(request), ifMatchPrecondition(request.headers['if-match']));
      reply.header('location', `${publicUrl}/articles/${encodeURIComponent(request.params.idOrSlug)}/related`);
      return sendJsonWithEtag(request, reply, { data }, 201);
    },
  });

  app.delete('/articles/:idOrSlug/related/:relatedIdOrSlug', {
    config: { role: 'editor' },
    schema: {
      operationId: 'removeRelated',
      tags,
      summary: 'Remove a related article',
      params: RelatedParams,
      headers: PreconditionHeaders,
      response: { 204: { type: 'null', description: 'Removed' }, ...problemResponses(404, 412) },
    },
    handler: async (request, reply) => {
      related.remove(request.params.idOrSlug, request.params.relatedIdOrSlug, actorOf(request), ifMatchPrecondition(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  });

  app.get('/articles/:idOrSlug/related/suggestions', {
    config: { publicCache: true },
    schema: {
      operationId: 'suggestRelated',
      tags,
      summary: 'Suggest related articles',
      description:
        'Candidates not yet linked, best first, each with a `score` in [0, 1]: `0.7 × tags + 0.3 × text`. `tags` is the share of this article\'s tags the candidate also has, each tag weighted by its rarity (ln(1 + articles / articles with the tag)); `text` is the Jaccard similarity of the distinctive words of title and summary. Anonymous callers get only visible articles.',
      params: IdOrSlugParams,
      querystring: SuggestionQuery,
      response: { 200: SuggestionList, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const data = related.suggestions(request.params.idOrSlug, isEditor(request) ? 'editor' : 'anonymous', request.query.limit ?? 5);
      return sendJsonWithEtag(request, reply, { data });
    },
  });
};
