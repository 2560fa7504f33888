import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sendWithEtag } from '../../http/etag.js';
import { problemResponses } from '../../http/schemas.js';
import { FeedQuery, SitemapQuery } from './schemas.js';
import type { FeedsService } from './service.js';

const tags = ['Feeds'];
const text = (contentType: string, description: string) => Type.Unsafe<string>({ description, content: { [contentType]: { schema: { type: 'string' } } } });
const notModified = { type: 'null', description: 'Not modified' } as const;
const feedDescription =
  'The newest visible articles (20 by default, `limit` up to 100), newest first, with title, link (from `CMS_ARTICLE_URL`), summary, content, publish date and tags as categories; `tag` filters. Sends an `ETag`; `If-None-Match` answers 304.';

export const feedRoutes: FastifyPluginAsyncTypebox<{ feeds: FeedsService }> = async (app, { feeds }) => {
  const formats = [
    { url: '/feed.xml', format: 'rss', contentType: 'application/rss+xml; charset=utf-8', operationId: 'rssFeed', summary: 'RSS 2.0 feed' },
    { url: '/feed.atom', format: 'atom', contentType: 'application/atom+xml; charset=utf-8', operationId: 'atomFeed', summary: 'Atom 1.0 feed' },
    { url: '/feed.json', format: 'json', contentType: 'application/feed+json; charset=utf-8', operationId: 'jsonFeed', summary: 'JSON Feed 1.1' },
  ] as const;
  for (const { url, format, contentType, operationId, summary } of formats) {
    app.get(url, {
      config: { publicCache: true },
      schema: {
        operationId,
        tags,
        summary,
        description: feedDescription,
        querystring: FeedQuery,
        response: { 200: text(contentType.split(';')[0] ?? contentType, summary), 304: notModified, ...problemResponses(400) },
      },
      handler: async (request, reply) => sendWithEtag(request, reply, feeds.feed(format, request.query), contentType),
    });
  }

  app.get('/sitemap.xml', {
    config: { publicCache: true },
    schema: {
      operationId: 'sitemap',
      tags,
      summary: 'Sitemap of every visible article',
      description: 'With `lastmod`. Over 50,000 articles it is a sitemap index whose parts are `/sitemap.xml?page=N`.',
      querystring: SitemapQuery,
      response: { 200: text('application/xml', 'Sitemap or sitemap index'), 304: notModified, ...problemResponses(400, 404) },
    },
    handler: async (request, reply) => sendWithEtag(request, reply, feeds.sitemap(request.query.page), 'application/xml; charset=utf-8'),
  });

  app.get('/sitemap-news.xml', {
    config: { publicCache: true },
    schema: {
      operationId: 'newsSitemap',
      tags,
      summary: 'Google News sitemap',
      description: 'Visible articles published in the last two days (at most 1,000), with publication name, language, date and title.',
      querystring: Type.Object({}, { additionalProperties: false }),
      response: { 200: text('application/xml', 'News sitemap'), 304: notModified, ...problemResponses(400) },
    },
    handler: async (request, reply) => sendWithEtag(request, reply, feeds.newsSitemap(), 'application/xml; charset=utf-8'),
  });
};
