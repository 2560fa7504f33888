import type { FastifyBaseLogger } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { CreateArticleBody } from '../modules/articles/schemas.js';
import { createContentServices } from '../modules/content.js';
import { CreateTagBody } from '../modules/tags/schemas.js';
import { demoArticles, demoTags } from './content.js';

export interface DemoSeedResult {
  published: number;
  drafts: number;
  tags: number;
  relatedLinks: number;
}

export class NotEmptyError extends Error {
  override name = 'NotEmptyError';
}

const ACTOR = 'seed:demo';

/**
 * Writes the demo newsroom (src/demo/content.ts) through the same services as the API — revisions,
 * search index and events included — in one transaction: all of it or, on any error, nothing.
 * Refuses a database that already has articles, so it can never mix with real content.
 */
export function seedDemo(db: Db, log: FastifyBaseLogger, now = Date.now()): DemoSeedResult {
  const { tags, articles, related } = createContentServices(db, log);
  return inTransaction(db, () => {
    const existing = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM articles`).n;
    if (existing > 0) throw new NotEmptyError(`the database already has ${existing} article(s); seed:demo only fills an empty one`);

    for (const tag of demoTags) {
      const input: CreateTagBody = { name: tag.name, description: tag.description };
      assertValid(CreateTagBody, input, `tag "${tag.name}"`);
      tags.create(input);
    }
    for (const article of demoArticles) {
      const input: CreateArticleBody = {
        title: article.title,
        slug: article.slug,
        summary: article.summary,
        body: article.body,
        author: article.author,
        tags: [...article.tags],
        ...(article.draft === true ? { status: 'draft' } : { status: 'published', publishedAt: new Date(now - article.hoursAgo * 3_600_000).toISOString() }),
      };
      assertValid(CreateArticleBody, input, `article "${article.slug}"`);
      articles.create(input, ACTOR);
    }
    let relatedLinks = 0;
    for (const article of demoArticles) {
      related.replace(article.slug, article.related, ACTOR);
      relatedLinks += article.related.length;
    }
    const drafts = demoArticles.filter((article) => article.draft === true).length;
    return { published: demoArticles.length - drafts, drafts, tags: demoTags.length, relatedLinks };
  });
}

function assertValid(schema: TSchema, value: unknown, what: string): void {
  const [first] = Value.Errors(schema, value);
  if (first !== undefined) throw new Error(`demo content: ${what}: ${first.instancePath || '/'} ${first.message}`);
}
