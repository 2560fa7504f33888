import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, isEditor } from '../../http/auth.js';
import { articlePaths, setInvalidation } from '../../http/cache.js';
import { ifMatchPrecondition, sendJsonWithEtag } from '../../http/etag.js';
import { IdOrSlugParams, pageMeta, problemResponses } from '../../http/schemas.js';
import {
  Article,
  ArticleList,
  ArticleListQuery,
  CreateArticleBody,
  PreconditionHeaders,
  Revision,
  RevisionList,
  RevisionListQuery,
  RevisionParams,
  UpdateArticleBody,
} from './schemas.js';
import type { Rendered } from '../../lib/markdown.js';
import { renderOffThread } from '../../lib/render-thread.js';
import type { ArticlesService } from './service.js';

const tags = ['Articles'];
/** At most this many other articles are named one by one in an X-Cache-Invalidate header. */
const MAX_NAMED_ARTICLES = 10;

/**
 * Bodies rendered on the render thread by a write's preHandler, ahead of its group's transaction
 * (see GroupCommit: a handler in a group must not await), which then only stores the HTML; the
 * event loop serves other requests meanwhile.
 */
const renderedBodies = new WeakMap<FastifyRequest, Rendered>();
const renderAhead = async (request: FastifyRequest, body: string | undefined): Promise<void> => {
  if (body !== undefined) renderedBodies.set(request, await renderOffThread(body));
};

export const articleRoutes: FastifyPluginAsyncTypebox<{ articles: ArticlesService; publicUrl: string }> = async (app, { articles, publicUrl }) => {
  app.get('/articles', {
    config: { publicCache: true },
    schema: {
      operationId: 'listArticles',
      tags,
      summary: 'List articles',
      description: 'Newest first by default. Anonymous callers see published articles whose `publishedAt` has passed; editors see every status. Items leave out `body` and `html`.',
      querystring: ArticleListQuery,
      response: { 200: ArticleList, ...problemResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const { items, total, page, limit } = articles.list(request.query, isEditor(request) ? 'editor' : 'anonymous');
      return sendJsonWithEtag(request, reply, { data: items, meta: pageMeta(page, limit, total) });
    },
  });

  app.post('/articles', {
    config: { role: 'editor' },
    schema: {
      operationId: 'createArticle',
      tags,
      summary: 'Create an article',
      description: 'Without `slug`, one is made from the title and made unique. `status: "published"` without `publishedAt` publishes now; with a future `publishedAt` the article is stored as `scheduled`.',
      body: CreateArticleBody,
      response: { 201: Article, ...problemResponses(400, 409, 413, 415) },
    },
    preHandler: async (request) => {
      await renderAhead(request, request.body.body);
    },
    handler: async (request, reply) => {
      const article = articles.create(request.body, actorOf(request), renderedBodies.get(request));
      reply.header('location', `${publicUrl}/articles/${article.id}`);
      setInvalidation(reply, articlePaths(article));
      return sendJsonWithEtag(request, reply, article, 201);
    },
  });

  app.get('/articles/:idOrSlug', {
    config: { publicCache: true },
    schema: {
      operationId: 'getArticle',
      tags,
      summary: 'Get an article by id or slug',
      description:
        'Includes `related`: the related articles the caller may see, in order. Sends a strong `ETag`; `If-None-Match` with it answers 304. A slug the article had before answers 301 with `Location` to its current slug.',
      params: IdOrSlugParams,
      response: {
        200: Article,
        301: { type: 'null', description: 'Moved: the slug was changed; `Location` has the current one' },
        304: { type: 'null', description: 'Not modified' },
        ...problemResponses(404),
      },
    },
    handler: async (request, reply) => {
      const found = articles.locate(request.params.idOrSlug, isEditor(request) ? 'editor' : 'anonymous');
      if ('movedTo' in found) return reply.code(301).header('location', `${publicUrl}/articles/${encodeURIComponent(found.movedTo)}`).send(null);
      return sendJsonWithEtag(request, reply, found);
    },
  });

  app.patch('/articles/:idOrSlug', {
    config: { role: 'editor' },
    schema: {
      operationId: 'updateArticle',
      tags,
      summary: 'Update an article',
      description: 'Partial update: only the fields given change, `null` clears a nullable field, `tags` replaces the list. Send the `ETag` you read as `If-Match` to avoid overwriting someone else\'s change (412 if stale).',
      params: IdOrSlugParams,
      headers: PreconditionHeaders,
      body: UpdateArticleBody,
      response: { 200: Article, ...problemResponses(400, 404, 409, 412, 413, 415) },
    },
    preHandler: async (request) => {
      await renderAhead(request, request.body.body);
    },
    handler: async (request, reply) => {
      const article = articles.update(request.params.idOrSlug, request.body, actorOf(request), ifMatchPrecondition(request.headers['if-match']), renderedBodies.get(request));
      setInvalidation(reply, articlePaths(article, request.params.idOrSlug));
      return sendJsonWithEtag(request, reply, article);
    },
  });

  app.delete('/articles/:idOrSlug', {
    config: { role: 'editor' },
    schema: {
      operationId: 'deleteArticle',
      tags,
      summary: 'Delete an article',
      description:
        'Links to and from the article are removed with it; each article that linked to it gets a new `version` (and revision, and `article.updated`). Honours `If-Match`.',
      params: IdOrSlugParams,
      headers: PreconditionHeaders,
      response: { 204: { type: 'null', description: 'Deleted' }, ...problemResponses(404, 412) },
    },
    handler: async (request, reply) => {
      const { deleted, unlinked } = articles.delete(request.params.idOrSlug, actorOf(request), ifMatchPrecondition(request.headers['if-match']));
      // Past a few linking articles, every article URL: the header must stay small for proxies (nginx and Varnish refuse one over 4-8 KB).
      const linking = unlinked.length > MAX_NAMED_ARTICLES ? ['/articles*'] : unlinked.flatMap((article) => articlePaths(article));
      setInvalidation(reply, [...articlePaths(deleted, request.params.idOrSlug), ...linking]);
      return reply.code(204).send(null);
    },
  });

  app.get('/articles/:idOrSlug/revisions', {
    config: { role: 'editor' },
    schema: {
      operationId: 'listRevisions',
      tags: ['Revisions'],
      summary: 'List an article\'s revisions',
      description: 'Newest first, one per version including the current one, each with the full content and who made it.',
      params: IdOrSlugParams,
      querystring: RevisionListQuery,
      response: { 200: RevisionList, ...problemResponses(400, 404) },
    },
    handler: async (request) => {
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 20;
      const { items, total } = articles.revisions(request.params.idOrSlug, page, limit);
      return { data: items, meta: pageMeta(page, limit, total) };
    },
  });

  app.get('/articles/:idOrSlug/revisions/:version', {
    config: { role: 'editor' },
    schema: {
      operationId: 'getRevision',
      tags: ['Revisions'],
      summary: 'Get one revision of an article',
      params: RevisionParams,
      response: { 200: Revision, ...problemResponses(400, 404) },
    },
    handler: async (request) => articles.revision(request.params.idOrSlug, request.params.version),
  });

  app.post('/articles/:idOrSlug/revisions/:version/restore', {
    config: { role: 'editor' },
    schema: {
      operationId: 'restoreRevision',
      tags: ['Revisions'],
      summary: 'Restore an old revision',
      description: 'Makes the content of that version current again, as a new version. Honours `If-Match`.',
      params: RevisionParams,
      headers: PreconditionHeaders,
      response: { 200: Article, ...problemResponses(400, 404, 409, 412) },
    },
    handler: async (request, reply) => {
      const { idOrSlug, version } = request.params;
      const article = articles.restore(idOrSlug, version, actorOf(request), ifMatchPrecondition(request.headers['if-match']));
      setInvalidation(reply, articlePaths(article, idOrSlug));
      return sendJsonWithEtag(request, reply, article);
    },
  });
};
