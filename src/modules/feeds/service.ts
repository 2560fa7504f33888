import { and, count, desc, gte } from 'drizzle-orm';
import { Feed } from 'feed';
import { js2xml, type ElementCompact } from 'xml-js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { articles } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { nowIso } from '../../lib/clock.js';
import type { ArticleReader } from '../articles/reader.js';
import { taggedWithAny, tagSlugsOf, visibleAt } from '../articles/visibility.js';
import type { FeedQuery } from './schemas.js';

/** The sitemap protocol's limit per file; beyond it the sitemap becomes an index of parts. */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News sitemaps list articles from the last two days, at most 1,000. */
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
const NEWS_MAX = 1000;

export type FeedFormat = 'rss' | 'atom' | 'json';

// Characters XML 1.0 cannot carry at all (C0 controls other than tab, newline, return).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const xml = (root: ElementCompact): string =>
  js2xml(
    { _declaration: { _attributes: { version: '1.0', encoding: 'UTF-8' } }, ...root },
    { compact: true, spaces: 0, textFn: (value: string) => value.replace(XML_INVALID, '') },
  );

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest visible articles, and the sitemaps. */
export class FeedsService {
  constructor(
    private readonly db: Db,
    private readonly reader: ArticleReader,
    private readonly config: Pick<Config, 'articleUrl' | 'publicUrl' | 'siteTitle' | 'siteLanguage'>,
    /** URLs per sitemap file; the protocol's limit unless a test wants to see the split. */
    private readonly sitemapMaxUrls = SITEMAP_MAX_URLS,
  ) {}

  /** The public page of an article, from CMS_ARTICLE_URL. */
  articleUrl(article: { id: string; slug: string }): string {
    return this.config.articleUrl.replaceAll('{slug}', encodeURIComponent(article.slug)).replaceAll('{id}', article.id);
  }

  feed(format: FeedFormat, query: FeedQuery): string {
    const now = nowIso();
    const tagSlugs = tagSlugsOf(query.tag);
    const rows = this.db
      .select({
        id: articles.id,
        slug: articles.slug,
        title: articles.title,
        summary: articles.summary,
        html: articles.html,
        author: articles.author,
        publishedAt: articles.publishedAt,
        updatedAt: articles.updatedAt,
        coverImageUrl: articles.coverImageUrl,
      })
      .from(articles)
      .where(
        and(
          visibleAt(now),
          tagSlugs.length === 0 ? undefined : taggedWithAny(this.db, tagSlugs),
        ),
      )
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(query.limit ?? 20)
      .all();
    const tagsByArticle = this.reader.tagsOfMany(rows.map((row) => row.id));
    const base = this.config.publicUrl;
    const suffix = query.tag === undefined ? '' : `?tag=${encodeURIComponent(query.tag)}`;
    const feed = new Feed({
      title: tagSlugs.length === 0 ? this.config.siteTitle : `${this.config.siteTitle}: ${tagSlugs.join(', ')}`,
      id: `${base}/`,
      link: `${base}/`,
      language: this.config.siteLanguage,
      updated: new Date(rows[0]?.updatedAt ?? now),
      generator: 'Newsroom CMS',
      copyright: `© ${this.config.siteTitle}`,
      feedLinks: { rss: `${base}/feed.xml${suffix}`, atom: `${base}/feed.atom${suffix}`, json: `${base}/feed.json${suffix}` },
    });
    for (const row of rows) {
      const link = this.articleUrl(row);
      feed.addItem({
        title: row.title,
        id: link,
        link,
        date: new Date(row.updatedAt),
        published: new Date(row.publishedAt ?? row.updatedAt),
        ...(row.summary === null ? {} : { description: row.summary }),
        ...(row.html === '' ? {} : { content: row.html }),
        ...(row.author === null ? {} : { author: [{ name: row.author }] }),
        ...(row.coverImageUrl === null ? {} : { image: row.coverImageUrl }),
        category: (tagsByArticle.get(row.id) ?? []).map((tag) => ({ name: tag.name, term: tag.slug, domain: `${base}/tags/${tag.slug}` })),
      });
    }
    if (format === 'rss') return feed.rss2();
    if (format === 'atom') return feed.atom1();
    const summaries = new Map(rows.map((row) => [this.articleUrl(row), row.summary]));
    return toJsonFeed11(feed.json1(), this.config.siteLanguage, summaries);
  }

  /** The sitemap, or (over 50,000 articles) the index of its parts, or one part. */
  sitemap(page: number | undefined): string {
    const now = nowIso();
    const total = this.db.select({ n: count() }).from(articles).where(visibleAt(now)).get()?.n ?? 0;
    const parts = Math.max(1, Math.ceil(total / this.sitemapMaxUrls));
    const base = this.config.publicUrl;
    if (page === undefined && parts > 1) {
      return xml({
        sitemapindex: {
          _attributes: { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
          sitemap: Array.from({ length: parts }, (_, i) => ({ loc: { _text: `${base}/sitemap.xml?page=${i + 1}` } })),
        },
      });
    }
    if (page !== undefined && page > parts) throw new AppError('NOT_FOUND', `The sitemap has ${parts} part${parts === 1 ? '' : 's'}; there is no part ${page}.`);
    const rows = this.db
      .select({ id: articles.id, slug: articles.slug, updatedAt: articles.updatedAt })
      .from(articles)
      .where(visibleAt(now))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(this.sitemapMaxUrls)
      .offset(((page ?? 1) - 1) * this.sitemapMaxUrls)
      .all();
    return xml({
      urlset: {
        _attributes: { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' },
        url: rows.map((row) => ({ loc: { _text: this.articleUrl(row) }, lastmod: { _text: row.updatedAt } })),
      },
    });
  }

  /** The Google News sitemap: visible articles published in the last two days. */
  newsSitemap(): string {
    const now = nowIso();
    const since = new Date(Date.now() - NEWS_WINDOW_MS).toISOString();
    const rows = this.db
      .select({ id: articles.id, slug: articles.slug, title: articles.title, publishedAt: articles.publishedAt })
      .from(articles)
      .where(and(visibleAt(now), gte(articles.publishedAt, since)))
      .orderBy(desc(articles.publishedAt), desc(articles.id))
      .limit(NEWS_MAX)
      .all();
    return xml({
      urlset: {
        _attributes: { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9', 'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9' },
        url: rows.map((row) => ({
          loc: { _text: this.articleUrl(row) },
          'news:news': {
            'news:publication': { 'news:name': { _text: this.config.siteTitle }, 'news:language': { _text: this.config.siteLanguage } },
            'news:publication_date': { _text: row.publishedAt ?? now },
            'news:title': { _text: row.title },
          },
        })),
      },
    });
  }
}

/**
 * The feed library writes JSON Feed 1.0; 1.1 renames the version, adds `language` and replaces
 * `author` with `authors`. The library also drops `summary` from items without content.
 */
function toJsonFeed11(json: string, language: string, summaries: Map<string, string | null>): string {
  const feed = JSON.parse(json) as Record<string, unknown> & { items?: Record<string, unknown>[] };
  feed['version'] = 'https://jsonfeed.org/version/1.1';
  feed['language'] = language;
  for (const item of feed.items ?? []) {
    const summary = summaries.get(String(item['url']));
    if (summary != null) item['summary'] = summary;
    if (item['author'] !== undefined) {
      item['authors'] = [item['author']];
      delete item['author'];
    }
  }
  return JSON.stringify(feed);
}
