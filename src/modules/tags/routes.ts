import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, isEditor } from '../../http/auth.js';
import { setInvalidation, tagPaths } from '../../http/cache.js';
import { sendJsonWithEtag } from '../../http/etag.js';
import { IdOrSlugParams, pageMeta, problemResponses } from '../../http/schemas.js';
import { CreateTagBody, Tag, TagList, TagListQuery, UpdateTagBody } from './schemas.js';
import type { TagsService } from './service.js';

const tags = ['Tags'];

export const tagRoutes: FastifyPluginAsyncTypebox<{ tags: TagsService; publicUrl: string }> = async (app, { tags: service, publicUrl }) => {
  app.get('/tags', {
    config: { publicCache: true },
    schema: {
      operationId: 'listTags',
      tags,
      summary: 'List tags',
      description: '`articleCount` counts the articles the caller may see. Sorted by name, or by `-articleCount` (most used first).',
      querystring: TagListQuery,
      response: { 200: TagList, ...problemResponses(400) },
    },
    handler: async (request, reply) => {
      const { items, total, page, limit } = service.list(request.query, isEditor(request) ? 'editor' : 'anonymous');
      return sendJsonWithEtag(request, reply, { data: items, meta: pageMeta(page, limit, total) });
    },
  });

  app.post('/tags', {
    config: { role: 'editor' },
    schema: {
      operationId: 'createTag',
      tags,
      summary: 'Create a tag',
      description: 'Without `slug`, one is made from the name. Names are unique regardless of case.',
      body: CreateTagBody,
      response: { 201: Tag, ...problemResponses(400, 409, 413, 415) },
    },
    handler: async (request, reply) => {
      const tag = service.create(request.body);
      reply.header('location', `${publicUrl}/tags/${tag.id}`);
      setInvalidation(reply, tagPaths(tag));
      return sendJsonWithEtag(request, reply, tag, 201);
    },
  });

  app.get('/tags/:idOrSlug', {
    config: { publicCache: true },
    schema: {
      operationId: 'getTag',
      tags,
      summary: 'Get a tag by id or slug',
      params: IdOrSlugParams,
      response: { 200: Tag, 304: { type: 'null', description: 'Not modified' }, ...problemResponses(404) },
    },
    handler: async (request, reply) => sendJsonWithEtag(request, reply, service.get(request.params.idOrSlug, isEditor(request) ? 'editor' : 'anonymous')),
  });

  app.patch('/tags/:idOrSlug', {
    config: { role: 'editor' },
    schema: {
      operationId: 'updateTag',
      tags,
      summary: 'Update a tag',
      description: 'Renaming a tag changes the representation (and `ETag`) of every article that carries it.',
      params: IdOrSlugParams,
      body: UpdateTagBody,
      response: { 200: Tag, ...problemResponses(400, 404, 409, 413, 415) },
    },
    handler: async (request, reply) => {
      const tag = service.update(request.params.idOrSlug, request.body, 'editor');
      setInvalidation(reply, tagPaths(tag, request.params.idOrSlug));
      return sendJsonWithEtag(request, reply, tag);
    },
  });

  app.delete('/tags/:idOrSlug', {
    config: { role: 'editor' },
    schema: {
      operationId: 'deleteTag',
      tags,
      summary: 'Delete a tag',
      description: 'Articles lose the tag (their `version` bumps); nothing else is touched.',
      params: IdOrSlugParams,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(404) },
    },
    handler: async (request, reply) => {
      const deleted = service.delete(request.params.idOrSlug, actorOf(request));
      setInvalidation(reply, tagPaths(deleted, request.params.idOrSlug));
      return reply.code(204).send(null);
    },
  });
};
